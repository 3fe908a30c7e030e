"""The Chinese interface: every message of the .ts is translated, and the real window shows no English left over.

The .qm is built from the committed .ts into a tmp folder (pyside6-lrelease), so this checks the sources as they are,
whether or not `make translations` ran. A string added to the code without a translation fails here twice: lupdate
(scripts/update_translations.py) adds it to the .ts as "unfinished", and the window shows it in English.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME
from tests.conftest import write_settings

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "desktop_app_zh_CN.ts"

# Words that stay as they are in the Chinese interface: names of products, formats, units and keys.
ALLOWED_WORDS = {
    w.lower()
    for w in """
    GGUF llama cpp PyTorch Transformers BLIP CSV TSV TXT XLSX JSONL JSON Lines LoRA Hugging Face Hub SmolLM2 SmolLM
    Qwen Qwen2 Coder Instruct CPU GPU CUDA RAM VRAM URL API NVIDIA Apple MPS OpenAI vLLM Ollama Studio Markdown PNG
    JPEG WebP GIF BMP TIFF HEIC AVIF PDF txt html htm pdf jpg jpeg png gif webp bmp tif tiff heic heif avif gguf
    csv tsv xlsx jsonl markdown ViT GPT2 SmolVLM LLaVA mmproj BART Pegasus NLLB opus M2M100 DistilBERT RoBERTa BERT
    kohya OneTrainer taggui Top Min Noto Sans CJK sudo apt install fonts noto cjk dnf google Debian Ubuntu Fedora
    Python PySide6 Apache Salesforce blip image captioning base HuggingFaceTB SmolVLM safetensors config fp32 fp16
    bf16 auto Ctrl Shift Alt Enter Esc Del Delete Return Tab Space Backspace Meta Cmd English MiniLM all int8
    photo sks person high quality qwen2 Linux Windows macOS Parquet Excel peft alpaca sharegpt messages instruction
    output question answer alpha dropout Open WebUI ChatGPT ShareGPT MCP HTTP Claude Desktop mcp
    """.split()
}
# English grammar passed to format() that a language without it may leave out ("is"/"are", "it"/"they").
GRAMMAR_ONLY = {"{verb}", "{pronoun}"}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")  # a token with a digit in it is a name (SmolLM2, M2M100, PySide6)


def _lrelease(ts: Path, out: Path) -> Path:
    exe = Path(sys.executable).parent / "pyside6-lrelease"
    tool = str(exe) if exe.exists() else shutil.which("pyside6-lrelease")
    assert tool, "pyside6-lrelease is missing (it comes with PySide6)"
    qm = out / ts.with_suffix(".qm").name
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (ctx.findtext("name", ""), msg.findtext("source", ""), msg.find("translation"))
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def _text(translation: ET.Element | None) -> str:
    """A message's translation; a plural message's forms (Qt's numerusform), each checked, one per line."""
    if translation is None:
        return ""
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return "\n".join(forms) if forms else (translation.text or "")


def test_every_message_is_translated():
    assert TS.exists(), "run scripts/update_translations.py"
    problems = []
    for context, source, translation in _messages():
        kind = translation.get("type") if translation is not None else "missing"
        text = _text(translation)
        if kind in ("unfinished", "obsolete", "vanished", "missing") or not text.strip():
            problems.append(f"[{context}] {source!r}: {kind or 'empty'}")
    assert not problems, (
        f"{len(problems)} messages have no translation (scripts/update_translations.py lists them; add them to "
        "scripts/translations_zh_CN.py):\n" + "\n".join(problems)
    )


def test_translations_keep_placeholders_and_markup():
    problems = []
    for context, source, translation in _messages():
        text = _text(translation)
        if not text:
            continue  # test_every_message_is_translated reports it
        fields, used = set(re.findall(r"\{[^{}]*\}", source)), set(re.findall(r"\{[^{}]*\}", text))
        if used - fields or fields - used - GRAMMAR_ONLY:  # an unknown field would raise KeyError in format()
            problems.append(f"[{context}] {source!r} → {text!r}: placeholders {sorted(fields ^ used)}")
        for pattern in (r"%\d", r"</?\w+[^>]*>", r"\*\.\w+"):
            if sorted(re.findall(pattern, source)) != sorted(re.findall(pattern, text)):
                problems.append(f"[{context}] {source!r} → {text!r}: {pattern}")
        accel = re.search(r"&(\w)", source)
        if accel and f"&{accel.group(1).upper()}" not in text.upper():
            problems.append(f"[{context}] {source!r} → {text!r}: accelerator &{accel.group(1)}")
    assert not problems, "\n".join(problems)


def _strip(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    text = re.sub(r"\([^()]*\*\.[^()]*\)", " ", text)  # file-dialog patterns
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths, URLs, repo ids
    text = re.sub(r"\S+\.\w+\b", " ", text)  # file names
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\S*_\S*", " ", text)  # identifiers (q_proj)
    return text


def english_words(text: str) -> list[str]:
    text = _strip(text.replace(APP_DISPLAY_NAME, " "))
    return [
        w for w in WORD.findall(text)
        if len(w) >= 3 and not any(c.isdigit() for c in w) and w.lower() not in ALLOWED_WORDS
    ]


def visible_texts(root: QWidget, data: set[str]) -> list[tuple[str, str]]:
    """(where, text) of what the user reads in `root` and its children: not their data (model names, files...)."""
    out: list[tuple[str, str]] = []

    def add(where: QWidget | QAction, text: str) -> None:
        if text and text.strip() and text not in data:
            out.append((f"{type(where).__name__}:{where.objectName()}", text))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w.isWindow():
            add(w, w.windowTitle())
        add(w, w.toolTip())
        add(w, w.accessibleName())
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
                add(w, w.tabToolTip(i))
        elif isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            add(w, w.placeholderText())
        elif isinstance(w, QComboBox) and not w.isEditable():  # an editable combo holds the user's prompts
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount(QModelIndex())):
                add(w, str(model.headerData(c, Qt.Horizontal) or ""))
        elif isinstance(w, QMenu):
            for a in w.actions():
                add(a, a.text())
    for a in root.findChildren(QAction):
        add(a, a.text())
        if a.toolTip() != a.text().replace("&", ""):
            add(a, a.toolTip())
    return out


@pytest.fixture
def chinese(qapp, tmp_path, monkeypatch, app_home, smollm2):
    """The app as a Chinese user starts it: settings say zh_CN; the .qm comes from the .ts of this checkout."""
    from desktop_app.ui import i18n

    _lrelease(TS, tmp_path)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    write_settings(app_home, language="zh_CN", chat_model_path=str(smollm2), chat_defaults={"n_ctx": 2048})
    yield
    i18n.install_translator("en")  # later tests run in English again
    QLocale.setDefault(QLocale.system())


def _data(window) -> set[str]:
    """Texts that are the user's data, not the interface: model names and paths, file names, conversation titles."""
    from desktop_app.core.models.catalog import load_catalog

    data = {e.name for e in load_catalog()}  # the catalogue's model names (the recommendation shows one)
    for tab in (window.chat_tab,):
        if tab.model is not None:
            data.add(tab.model.spec.name)
    return data


def test_chinese_window_has_no_english_left(qtbot, chinese):
    from tests.gui.helpers import open_window

    window = open_window(qtbot, wait_for_model=False)
    assert window.tabs.tabText(0) == "聊天"
    # the Describe tab's default prompt is a Chinese one, so a vision model answers in Chinese
    assert window.describe_tab.editor.settings_panel.prompt.currentText() == "请详细描述这张图片。"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消", "Qt's own strings (qtbase_zh_CN.qm)"
    roots: list[QWidget] = [window]
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)  # the Models tab scans on its first visit
        qtbot.wait(0)
    roots.append(window.open_settings())
    roots.append(window.show_shortcuts())
    roots.append(window.show_logs())
    roots.append(window.models_tab.open_downloads())
    from desktop_app.ui.dialogs.server_dialog import show_server_dialog

    roots.append(show_server_dialog(window))
    roots.append(window.chat_tab.tools.open_page())
    found = []
    data = _data(window)
    for root in roots:
        for where, text in visible_texts(root, data):
            words = english_words(text)
            if words:
                found.append(f"{where}: {text!r} ({', '.join(words)})")
    for dialog in roots[1:]:
        dialog.close()
    assert not found, f"{len(found)} texts are still in English:\n" + "\n".join(sorted(set(found)))


def test_about_box_is_chinese(qtbot, chinese, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.dialogs.about_dialog import show_about
    from tests.gui.helpers import open_window

    window = open_window(qtbot, wait_for_model=False)
    shown = {}
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: shown.update(title=title, text=text))
    show_about(window)
    assert "关于" in shown["title"]
    assert "在你自己的电脑上运行" in shown["text"]
    assert not english_words(shown["text"]), shown["text"]


def test_system_choice_follows_the_computer_language(monkeypatch):
    from desktop_app.ui import i18n

    for system, expected in (("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("en_US", "en"), ("de_DE", "en")):
        monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda s=system: QLocale(s)))
        assert i18n.resolve_language("system") == expected, system
    assert i18n.resolve_language("en") == "en"
    assert i18n.resolve_language("zh_CN") == "zh_CN"


def test_plural_forms_in_both_languages(qtbot, tmp_path):
    """Issue 15, item 12: "1 rounds", "1 paragraphs", "Checkpoints at steps 10". Qt's plural forms, from the English
    file (only plurals) and the Chinese one, as the app installs them."""
    from desktop_app.ui import i18n

    def say(context: str, source: str, n: int) -> str:
        return QCoreApplication.translate(context, source, None, n)

    try:
        assert i18n.install_translator("en") == "en"
        assert [say("TranslateTab", "%n paragraph(s)", n) for n in (1, 2)] == ["1 paragraph", "2 paragraphs"]
        assert [say("SummarizeTab", "%n round(s)", n) for n in (1, 3)] == ["1 round", "3 rounds"]
        assert say("SummarizeTab", "%n chunk(s)", 3) == "3 chunks"
        for context in ("ChatPane", "MainWindow", "TrainPage"):  # a reply's, the status bar's, a training step's
            assert [say(context, "%n thread(s)", n) for n in (1, 2)] == ["1 thread", "2 threads"]
        assert say("RunsPanel", "Checkpoint(s) at step(s) {steps}", 1).format(steps=10) == "Checkpoint at step 10"
        assert QCoreApplication.translate("MainWindow", "&Quit") == "&Quit"  # English text stays the source
        i18n.install_translator("zh_CN")
        assert say("SummarizeTab", "%n round(s)", 1) == "1 轮" and say("TranslateTab", "%n paragraph(s)", 2) == "2 个段落"
        assert say("ChatPane", "%n thread(s)", 1) == "1 个线程"
    finally:
        i18n.install_translator("en")


def english_runs(text: str) -> list[str]:
    """Runs of 3 or more English words in a row (names, file names, paths and numbers aside): a sentence or part of
    one left in English. A Chinese sentence with a model name or "HTTP 404" in it has none."""
    runs = []
    for segment in re.split(r"[^A-Za-z' -]+", _strip(text.replace(APP_DISPLAY_NAME, " "))):
        words = [w for w in segment.split() if w.strip("'-") and w.lower().strip("'-") not in ALLOWED_WORDS]
        if len(words) >= 3:
            runs.append(" ".join(words))
    return runs


@pytest.fixture
def chinese_only(qapp, tmp_path, monkeypatch):
    """The Chinese translator installed as the app installs it, without a window (for widgets tested alone)."""
    from desktop_app.ui import i18n

    _lrelease(TS, tmp_path)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    assert i18n.install_translator("zh_CN") == "zh_CN"
    yield
    i18n.install_translator("en")
    QLocale.setDefault(QLocale.system())


def test_core_sentences_render_in_chinese_with_their_fields(chinese_only):
    """ui/core_text.py: core's English is matched to its template, translated, and its fields put back (themselves
    translated when they are core phrases); text that is no core sentence passes unchanged."""
    from desktop_app.core.engine.process import EngineProcess
    from desktop_app.core.finetune.config import RunConfig
    from desktop_app.core.finetune.datasets import RowIssue, ValidationReport
    from desktop_app.core.finetune.estimate import memory_warnings
    from desktop_app.core.messages import phrase
    from desktop_app.core.tasks.caption_files import WriteReport
    from desktop_app.core.tasks.describe import CaptionResult, failures_summary
    from desktop_app.ui.core_text import core_text

    assert core_text("Cannot connect to http://127.0.0.1:9: check your internet connection.") == \
        "无法连接到 http://127.0.0.1:9：请检查网络连接。"
    engine = EngineProcess("SmolLM2")
    engine._log.append("GGML_ASSERT(eps >= 0.0f) failed")
    crash = str(engine.crash_error("writing a reply"))  # nested: the crash, what it was doing, the log sentence
    assert core_text(crash) == "SmolLM2 引擎在生成回复时意外停止。引擎日志的最后几行：GGML_ASSERT(eps >= 0.0f) failed"
    report = ValidationReport("d.jsonl", "alpaca", 4, 2, [RowIssue(2, "label missing"), RowIssue(3, "empty answer")])
    assert core_text(report.summary()) == "4 行中有 2 行可用（alpaca 格式）；问题：第 2 行：缺少标签; 第 3 行：回答为空。"
    failed = [CaptionResult(Path(f"{n}.jpg"), None, f"{n}.jpg is not an image, or in a format this app cannot read.")
              for n in ("a", "b")]
    summary = failures_summary([*failed, CaptionResult(Path("c.jpg"), "a cat")])  # items lose their full stop
    assert core_text(summary) == ("3 张图片中有 2 张失败：a.jpg 不是图片，或者是本应用无法读取的格式; "
                                  "b.jpg 不是图片，或者是本应用无法读取的格式。")
    written = WriteReport([Path("a.txt")], [(Path("b.txt"), phrase("a caption file is already there"))])
    assert core_text(written.summary()) == "已写入 1 个描述文件。 有 1 个未改动：b.txt: 那里已经有描述文件。"
    problems = [core_text(p) for p in RunConfig(batch_size=0).problems(check_paths=False)]
    assert problems == ["批次大小 至少为 1（当前为 0）。", "请选择基础模型。", "请选择数据集文件。"]  # a label of core's table
    warning = core_text(memory_warnings(RunConfig(batch_size=2), 8 * 2**30, 4 * 2**30, "cpu")[0])
    assert warning == ("这次运行大约需要 8.0 GiB 内存，但只有 4.0 GiB 可用；以下任一做法都有帮助：减小批大小（当前为 2）并增大梯度累积; "
                       "打开梯度检查点; 减小最大长度（当前为 512）。")
    assert core_text("The model server at http://127.0.0.1:9 answered HTTP 500.") == \
        "位于 http://127.0.0.1:9 的模型服务器回应了 HTTP 500。"  # a field that is a phrase, at the start
    for data in ("Hello, how are you?", "你好", "", "The cat sat on the mat.", "It works. Really."):
        assert core_text(data) == data


def test_failures_at_run_time_are_shown_in_chinese(qtbot, chinese, monkeypatch, tmp_path):
    """Issue 15, item 8: errors that core writes in English while the app runs (a download that cannot connect, a
    text-only model asked to describe, a denied and a failed tool call, a bad dataset) reach the Chinese interface
    in Chinese. Each one's English is checked to be caught by the check, so the check is not empty."""
    import huggingface_hub.constants

    from desktop_app.core.backends.base import BackendBase, Capability, ModelInfo
    from desktop_app.core.engine import wire
    from desktop_app.core.tools.builtin import BUILTIN_SERVER
    from desktop_app.core.tools.calls import ToolCall
    from desktop_app.core.tools.loop import DENY, ToolRecord, summarize_records
    from desktop_app.core.tools.mcp_client import ToolOutcome
    from desktop_app.core.tools.registry import DENIED_RESULT, ToolRegistry
    from desktop_app.ui.widgets.tool_call_blocks import call_lines
    from desktop_app.ui.widgets.tool_call_card import ToolCallCard
    from tests.gui.helpers import open_window, wait_job

    shown: dict[str, tuple[str, str]] = {}  # case → (core's English, what the user reads)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # a closed port: the test never leaves this machine
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # online, as a user is (other modules turn offline mode on)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    window = open_window(qtbot, wait_for_model=False)

    downloads = window.models_tab.open_downloads()  # a search, then a repository's files, against the closed port
    downloads.query.setText("qwen")
    downloads.search()
    wait_job(qtbot, downloads.job)
    shown["search"] = (str(downloads.job.error), downloads.notice.text())
    downloads.show_files("Qwen/Qwen2.5-0.5B-Instruct-GGUF")
    wait_job(qtbot, downloads.job)
    shown["files"] = (str(downloads.job.error), downloads.notice.text())
    downloads.close()

    class TextOnly(BackendBase):  # a text model asked to describe an image; its error crosses the engine's pipe
        capabilities = frozenset({Capability.CHAT})
        info = ModelInfo(name="SmolLM2-135M-Instruct", architecture="llama", n_ctx=2048)

    try:
        TextOnly().describe([], "", None)
    except Exception as exc:  # noqa: BLE001 (the error the engine reports)
        error = wire.rebuild(wire.report(exc))
    window.describe_tab.show_failure(error)
    shown["describe"] = (str(error), window.describe_tab.notice.text())

    denied = ToolRecord(ToolCall("read_file", {"path": "notes.txt"}), "files", DENY)
    denied.outcome = ToolOutcome(DENIED_RESULT, True)  # what the loop records for a denial (core/tools/loop.py)
    shown["denied"] = (DENIED_RESULT, call_lines(summarize_records([denied])[0])[2])
    division = ToolCall("calculator", {"expression": "1/0"})
    outcome = ToolRegistry().run(division)  # the built-in calculator's own error
    card = ToolCallCard(division, BUILTIN_SERVER, needs_approval=False)
    qtbot.addWidget(card)
    card.set_outcome(outcome)
    shown["tool error"] = (outcome.text, card.result.toPlainText())

    bad = tmp_path / "bad.jsonl"  # one row without an answer, one that is no JSON, one of no known format
    bad.write_text('{"instruction": "Say hi", "output": ""}\n{not json\n{"question": 1}\n', encoding="utf-8")
    page = window.finetune_tab.data_page
    page.set_path(str(bad))
    wait_job(qtbot, page.job)
    reasons = "\n".join(page.issues_model.rows[i][1] for i in range(len(page.issues_model.rows)))
    shown["dataset"] = (page.result.error, page.message.text())
    shown["dataset rows"] = ("\n".join(i.reason for i in page.result.report.issues), reasons)

    problems = []
    for case, (english, text) in shown.items():
        assert english_runs(english), f"{case}: the check would not catch {english!r}"
        if not text or english_runs(text):
            problems.append(f"{case}: {text!r} ({english_runs(text)})")
    window.close()
    assert not problems, "English left at run time:\n" + "\n".join(problems)
