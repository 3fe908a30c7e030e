"""summarize / translate / sentiment from the command line: the same core as the tabs, through a real subprocess.

A long Chinese document summarized or translated from the CLI gives exactly what the tab gives (same model
resolution, same load options, same deterministic defaults)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import write_settings
from tests.gui.helpers import open_window
from tests.integration.test_cli import run

CHINESE_DOC = "\n\n".join(
    f"{2000 + i}年，河口镇修建了第{i + 1}座桥。这座桥长{100 + i * 10}米，花费了{i + 3}百万元。"
    "桥建成后，两岸居民往来更加方便，小镇的集市也越来越热闹，许多外地商人也来这里做生意。"
    for i in range(16)
)


def test_summarize_stdin_and_file_with_progress(app_home, smollm2, tmp_path):
    text = "\n\n".join(f"Paragraph {i}: the council repaired road number {i} and planted {i * 3} trees."
                       for i in range(30))
    doc = tmp_path / "roads.md"
    doc.write_text(text, encoding="utf-8")
    write_settings(app_home, chat_defaults={"n_ctx": 640})  # small context: the document needs several chunks
    r = run(["summarize", str(doc), "--model", str(smollm2), "--length", "short", "-v"], app_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()
    assert "chunk 1 of" in r.stderr and "rounds]" in r.stderr

    r = run(["summarize", "-", "--model", str(smollm2)], app_home)
    assert r.returncode != 0 and "no text" in r.stderr and "Traceback" not in r.stderr


def test_task_commands_report_bad_input_in_one_line(app_home, smollm2, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    r = run(["summarize", str(binary), "--model", str(smollm2)], app_home)
    assert r.returncode == 1 and "binary" in r.stderr and "Traceback" not in r.stderr
    r = run(["translate", "-", "--to", "klingon"], app_home)
    assert r.returncode == 2 and "unknown language" in r.stderr
    reviews = tmp_path / "r.csv"
    reviews.write_text("review\nGood\n", encoding="utf-8")
    r = run(["sentiment", "--csv", str(reviews), "--column", "text", "--model", str(smollm2)], app_home)
    assert r.returncode == 1 and "no column named 'text'" in r.stderr and "review" in r.stderr
    r = run(["sentiment", "ok", "--labels", "joy", "--model", str(smollm2)], app_home)
    assert r.returncode == 1 and "at least two" in r.stderr


def test_sentiment_text_and_batches(app_home, smollm2, tmp_path):
    r = run(["sentiment", "I love this phone, it is wonderful!", "--model", str(smollm2)], app_home)
    assert r.returncode == 0, r.stderr
    label, score = r.stdout.strip().split("\t")
    assert label == "positive" and 0.5 < float(score) <= 1.0

    reviews = tmp_path / "reviews.csv"
    with open(reviews, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "review"])
        w.writerows([[1, "Wonderful, I love it!"], [2, "Great quality, very happy."], [3, ""]])
    r = run(["sentiment", "--csv", str(reviews), "--column", "review", "--model", str(smollm2)], app_home)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["text"] for row in rows] == ["Wonderful, I love it!", "Great quality, very happy.", ""]
    assert rows[0]["label"] == "positive"
    assert abs(float(rows[0]["positive"]) + float(rows[0]["negative"]) - 1) < 1e-4
    assert rows[2]["error"]  # the empty row says why it has no label

    r = run(["sentiment", "--csv", str(reviews), "--column", "review", "--format", "jsonl",
             "--labels", "joy, anger, sadness", "--model", str(smollm2)], app_home)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 3 and set(lines[0]["scores"]) == {"joy", "anger", "sadness"}


@pytest.fixture
def qwen_cli_home(app_home, qwen_installed):
    # The built-in model is Qwen here; a smaller context makes the document need several chunks.
    write_settings(app_home, chat_defaults={"n_ctx": 1024})
    return app_home


@pytest.mark.timeout(900)
def test_long_chinese_document_cli_equals_tab(qtbot, qwen_cli_home, tmp_path):
    doc = tmp_path / "bridges.txt"
    doc.write_text(CHINESE_DOC, encoding="utf-8")
    cli = run(["summarize", str(doc), "-v"], qwen_cli_home, timeout=600)
    assert cli.returncode == 0, cli.stderr
    assert "chunk 2 of" in cli.stderr

    window = open_window(qtbot, wait_for_model=False)
    tab = window.summarize_tab
    with qtbot.waitSignal(tab.input.loaded, timeout=60_000):
        tab.input.open_file(str(doc))
    results = []
    tab.summary_finished.connect(results.append)
    with qtbot.waitSignal(tab.run_ended, timeout=600_000) as blocker:
        tab.run_button.click()
    assert blocker.args == ["finished"], tab.notice.text()
    assert results[0].chunks >= 2
    assert tab.output.toPlainText().strip() == cli.stdout.strip()
    window.close()


@pytest.mark.timeout(900)
def test_chinese_translation_cli_equals_tab(qtbot, qwen_cli_home, tmp_path):
    doc = tmp_path / "bridges.txt"
    doc.write_text("今天下午，河口镇的新桥正式通车了。\n\n两岸居民都很高兴。\n\n集市比以前更热闹了。", encoding="utf-8")
    cli = run(["translate", str(doc), "--to", "en"], qwen_cli_home, timeout=600)
    assert cli.returncode == 0, cli.stderr
    assert "Detected: Chinese" in cli.stderr
    assert cli.stdout.count("\n\n") == 2  # paragraphs kept

    window = open_window(qtbot, wait_for_model=False)
    tab = window.translate_tab
    with qtbot.waitSignal(tab.input.loaded, timeout=60_000):
        tab.input.open_file(str(doc))
    tab.picker.target.setCurrentIndex(tab.picker.target.findData("en"))
    with qtbot.waitSignal(tab.run_ended, timeout=600_000) as blocker:
        tab.run_button.click()
    assert blocker.args == ["finished"], tab.notice.text()
    assert tab.translation.strip() == cli.stdout.strip()
    window.close()
