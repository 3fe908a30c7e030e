"""Export and import of conversations on real SQLite files and real files on disk: our JSON round trip is
lossless, Markdown is readable with its images beside it, JSONL is what the Fine-tune wizard reads, and the
exports of LM Studio, Open WebUI and ChatGPT (sample files in their published formats, tests/data/imports/)
import as the branch the user last saw. Bad files get one sentence."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import pytest

from desktop_app.core.errors import Cancelled, StorageError
from desktop_app.core.finetune.datasets import load_dataset
from desktop_app.core.storage import export, import_formats
from desktop_app.core.storage.database import COMPLETE, ERROR, INTERRUPTED, STOPPED, Database

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def make_db(folder: Path) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    return Database(folder / "conversations.sqlite3")


@pytest.fixture
def filled(tmp_path) -> Database:
    db = make_db(tmp_path / "a")
    image = tmp_path / "red dot.png"
    image.write_bytes(PNG)
    settings = {"system_prompt": "你是一位厨师。", "params": {"temperature": 0.2, "max_tokens": 64}, "n_ctx": 2048}
    cid = db.create_conversation("做饭 Cooking", settings, model_path="/models/qwen2.5-0.5b.gguf")
    db.add_message(cid, "user", "这是什么颜色？ What colour is this?", images=[db.store_image(image)])
    reply = db.add_message(cid, "assistant", "", "streaming")
    db.update_message(reply, "红色。 Red.", COMPLETE, 40, 4, 12.25, reasoning="像素是红的。The pixel is red.", thinking_s=3.0)
    db.add_message(cid, "user", "And a long story?")
    stopped = db.add_message(cid, "assistant", "", "streaming")
    db.update_message(stopped, "Once upon a", STOPPED, 50, 3, 9.5)
    other = db.create_conversation("Broken engine")
    db.add_message(other, "user", "hi")
    failed = db.add_message(other, "assistant", "", "streaming")
    db.update_message(failed, "partial", INTERRUPTED)
    db.add_message(other, "user", "again")
    db.add_message(other, "assistant", "The model failed to load.", ERROR)
    return db


def strip(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_json_round_trip_is_lossless(filled, tmp_path):
    first = tmp_path / "first.json"
    assert export.export(filled, None, first, export.JSON) == 2
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["format"] == export.FORMAT and doc["version"] == export.FORMAT_VERSION
    cooking = doc["conversations"][0]
    assert cooking["settings"]["system_prompt"] == "你是一位厨师。" and cooking["model_path"].endswith("qwen2.5-0.5b.gguf")
    assert base64.b64decode(cooking["messages"][0]["images"][0]["data"]) == PNG
    assert cooking["messages"][1]["completion_tokens"] == 4 and cooking["messages"][3]["status"] == STOPPED
    assert cooking["messages"][1]["reasoning"] == "像素是红的。The pixel is red." and cooking["messages"][1]["thinking_s"] == 3

    other = make_db(tmp_path / "b")
    result = import_formats.read_export(first)
    assert result.source == "Desktop App" and len(result.conversations) == 2
    ids = import_formats.import_conversations(other, result)
    second = tmp_path / "second.json"
    export.export(other, None, second, export.JSON)
    assert strip(json.loads(second.read_text(encoding="utf-8"))) == strip(doc)  # only exported_at differs
    image = other.messages(ids[0])[0].images[0]
    assert Path(image).read_bytes() == PNG and Path(image).parent == other.attachments.folder


def test_markdown_is_readable_with_images_alongside(filled, tmp_path):
    dest = tmp_path / "out" / "我的对话.md"
    dest.parent.mkdir()
    assert export.export(filled, None, dest, export.MARKDOWN) == 2
    text = dest.read_text(encoding="utf-8")
    assert text.startswith("# 做饭 Cooking") and "# Broken engine" in text
    assert "> **System prompt:** 你是一位厨师。" in text
    assert "### User ·" in text and "### Assistant ·" in text and "红色。 Red." in text
    assert "4 tokens · 12.2 tok/s" in text and "stopped" in text and "interrupted" in text
    # the thinking folded above the answer, as in the app
    assert "<details><summary>Thought for 3 s</summary>\n\n像素是红的。The pixel is red.\n\n</details>\n\n红色。 Red." in text
    link = text.split("![image](<")[1].split(">)")[0]
    assert link.startswith("我的对话_files/") and (dest.parent / link).read_bytes() == PNG


def test_jsonl_is_a_dataset_the_finetune_wizard_reads(filled, tmp_path):
    sharegpt, openai = tmp_path / "chats.jsonl", tmp_path / "chats-openai.jsonl"
    assert export.export(filled, None, sharegpt, export.SHAREGPT) == 1  # "Broken engine" has no finished answer
    assert export.export(filled, None, openai, export.OPENAI) == 1
    (row,) = [json.loads(line) for line in sharegpt.read_text(encoding="utf-8").splitlines()]
    assert [t["from"] for t in row["conversations"]] == ["system", "human", "gpt"]  # the stopped reply is left out
    (row,) = [json.loads(line) for line in openai.read_text(encoding="utf-8").splitlines()]
    assert row["messages"][2] == {"role": "assistant", "content": "红色。 Red."}  # answers to learn from, no thinking
    for path, fmt in ((sharegpt, "sharegpt"), (openai, "messages")):
        ds = load_dataset(path)
        assert ds.report.format == fmt and len(ds.examples) == 1
        assert ds.examples[0].messages[-1]["content"] == "红色。 Red."
    result = import_formats.read_export(sharegpt)  # and JSONL imports back as conversations
    assert result.source == "ShareGPT" and result.conversations[0].settings["system_prompt"] == "你是一位厨师。"


def test_export_on_a_worker_connection_and_cancel(filled, tmp_path):
    done: dict = {}

    def work() -> None:
        reader = Database.open_for_worker(filled.path, filled.attachments.folder)
        try:
            done["n"] = export.export(reader, None, tmp_path / "w.json", export.JSON)
            cancel = threading.Event()
            cancel.set()
            try:
                export.export(reader, None, tmp_path / "cancelled.json", export.JSON, cancel=cancel)
            except Cancelled:
                done["cancelled"] = True
        finally:
            reader.close()

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert done == {"n": 2, "cancelled": True}
    assert not (tmp_path / "cancelled.json").exists() and not list(tmp_path.glob("*.part"))


def shown(db: Database, cid: int) -> list[tuple[str, str, int, int]]:
    return [(m.role, m.content, m.version, m.versions) for m in db.messages(cid)]


def test_lm_studio_conversation_with_its_versions(tmp_path):
    result = import_formats.read_export(SAMPLES / "lmstudio.conversation.json")
    assert result.source == "LM Studio" and result.left_out == 1  # the image LM Studio keeps in its own folder
    (conv,) = result.conversations
    assert conv.title == "Rust lifetimes 生命周期" and conv.settings["system_prompt"] == "You are a patient Rust teacher."
    assert conv.model_path.endswith("Qwen2.5-7B-Instruct-Q4_K_M.gguf") and conv.created_at == 1733300000.0
    db = make_db(tmp_path / "db")
    (cid,) = import_formats.import_conversations(db, result)
    messages = db.messages(cid)
    assert [(m.role, m.version, m.versions) for m in messages] == [
        ("user", 1, 1), ("assistant", 2, 2), ("user", 1, 1), ("assistant", 1, 1),
    ]
    answer = messages[1]  # the selected version is shown, the draft is one ◀ away
    assert answer.content.startswith("'a is a lifetime parameter")
    assert (answer.prompt_tokens, answer.completion_tokens, answer.tokens_per_s) == (41, 24, 28.4)
    assert messages[2].content == "用中文再解释一遍。" and messages[3].content.startswith("'a 是一个生命周期参数")
    draft = db.switch_version(answer.id, -1)
    assert [m.content for m in db.messages(cid)] == ["What does 'a mean in fn longest<'a>?", "An early draft answer."]
    assert draft is not None and db.conversations("生命周期")[0].id == cid  # searchable like any conversation


def test_open_webui_export_keeps_its_tree_and_shows_the_current_branch(tmp_path):
    result = import_formats.read_export(SAMPLES / "open-webui-chat-export.json")
    assert result.source == "Open WebUI"
    paris, chinese = result.conversations
    assert paris.settings == {"system_prompt": "You are a travel guide."} and paris.model_path == "llama3.1:8b"
    assert paris.created_at == 1733000000 and chinese.title == "翻译问题"
    db = make_db(tmp_path / "db")
    ids = import_formats.import_conversations(db, result)
    assert shown(db, ids[0]) == [
        ("user", "Three things to do in Paris?", 1, 1),
        ("assistant", "1. The Louvre 2. A Seine cruise 3. Montmartre", 2, 2),
        ("user", "Which is best at night?", 1, 1),
        ("assistant", "The Seine cruise: the bridges are lit.", 1, 1),
    ]
    assert db.messages(ids[0])[1].completion_tokens == 18
    older = db.switch_version(db.messages(ids[0])[1].id, -1)
    assert older is not None and [m.content for m in db.messages(ids[0])][1:] == ["An older answer that was regenerated."]
    assert [m.content for m in db.messages(ids[1])] == ["“塞翁失马”怎么翻译？", "A blessing in disguise."]
    (image,) = db.messages(ids[0])[0].images
    assert Path(image).read_bytes() == PNG


def test_chatgpt_export_shows_current_node_back_to_the_root_and_keeps_the_rest(tmp_path):
    result = import_formats.read_export(SAMPLES / "chatgpt-conversations.json")
    assert result.source == "ChatGPT"
    (conv,) = result.conversations
    assert conv.title == "Recursion explained" and conv.model_path == "gpt-4o"
    assert result.left_out == 1  # the image pointer (ChatGPT keeps the file)
    db = make_db(tmp_path / "db")
    (cid,) = import_formats.import_conversations(db, result)
    assert shown(db, cid) == [
        ("user", "Explain recursion in one sentence.", 1, 1),
        ("assistant", "Recursion is when a function solves a problem by calling itself on a smaller part of it.", 2, 2),
        ("user", "用中文说一遍。", 1, 1),
        ("assistant", "递归就是函数通过调用自身来解决问题的更小部分。", 1, 1),  # the browser tool call left out
    ]
    assert db.messages(cid)[0].created_at == 1733200001.5 and db.conversation(cid).created_at == 1733200000.0
    db.switch_version(db.messages(cid)[1].id, -1)
    assert [m.content for m in db.messages(cid)] == [
        "Explain recursion in one sentence.", "A first answer the user regenerated.",
    ]


@pytest.mark.parametrize("name, says", [
    ("broken.json", "is not valid JSON (line 1"),
    ("unrelated.json", "is not a conversation export this app can read"),
])
def test_invalid_files_get_one_sentence(name, says):
    with pytest.raises(StorageError) as info:
        import_formats.read_export(SAMPLES / name)
    text = str(info.value)
    assert says in text and name in text and "\n" not in text and text.endswith(".")


def test_broken_parts_of_known_formats_get_one_sentence(tmp_path):
    cases = {
        "no-mapping.json": [{"title": "x", "mapping": None, "current_node": "a"}],
        "bad-message.json": {"format": export.FORMAT, "version": 1, "conversations": [{"messages": [{"role": 5}]}]},
        "future.json": {"format": export.FORMAT, "version": 99, "conversations": []},
        "rows.jsonl": None,
        "image.png": None,
    }
    for name, doc in cases.items():
        path = tmp_path / name
        if name.endswith(".jsonl"):
            path.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n{"text": "no chat here"}\n')
        elif name.endswith(".png"):
            path.write_bytes(PNG)
        else:
            path.write_text(json.dumps(doc))
        with pytest.raises(StorageError) as info:
            import_formats.read_export(path)
        text = str(info.value)
        assert name in text and "\n" not in text, text
    with pytest.raises(StorageError, match="Cannot read missing.json"):
        import_formats.read_export(tmp_path / "missing.json")


def test_chatgpt_reply_split_over_nodes_is_joined_and_a_missing_current_node_means_the_newest_leaf(tmp_path):
    def node(i, parent, children, role, text):
        msg = {"id": i, "author": {"role": role}, "create_time": 1.0, "recipient": "all",
               "content": {"content_type": "text", "parts": [text]}, "metadata": {}}
        return {"id": i, "message": msg, "parent": parent, "children": children}

    mapping = {
        "root": {"id": "root", "message": None, "parent": None, "children": ["u"]},
        "u": node("u", "root", ["t", "b"], "user", "Question"),
        "t": {"id": "t", "parent": "u", "children": ["a2"], "message": {
            "id": "t", "author": {"role": "assistant"}, "recipient": "all",
            "content": {"content_type": "thoughts", "thoughts": []}, "metadata": {}}},
        "a2": node("a2", "t", ["a3"], "assistant", "Part one."),
        "a3": node("a3", "a2", [], "assistant", "Part two."),
        "b": node("b", "u", [], "assistant", "Another answer."),
    }
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps([{"title": "split", "create_time": 1.0, "mapping": mapping}]))
    db = make_db(tmp_path / "db")
    (cid,) = import_formats.import_conversations(db, import_formats.read_export(path))
    assert shown(db, cid) == [("user", "Question", 1, 1), ("assistant", "Another answer.", 2, 2)]
    db.switch_version(db.messages(cid)[1].id, -1)
    assert [m.content for m in db.messages(cid)] == ["Question", "Part one.\n\nPart two."]
