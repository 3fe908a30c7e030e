"""Dataset reading, format detection, validation, splitting, token statistics and answer-only labels."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.errors import DatasetError
from desktop_app.core.finetune import datasets as fd
from desktop_app.core.finetune import tokens as ftok
from tests.finetune.data import instruction_rows, sentiment_rows, write_jsonl


def test_detects_each_format(tmp_path):
    cases = {
        "alpaca": {"instruction": "Say hi", "input": "", "output": "Hi"},
        "sharegpt": {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]},
        "messages": {"messages": [{"role": "system", "content": "Be brief"}, {"role": "user", "content": "Hi"},
                                  {"role": "assistant", "content": "Hello"}]},
        "text": {"text": "Once upon a time."},
        "classification": {"text": "Great!", "label": "positive"},
    }
    for fmt, row in cases.items():
        path = write_jsonl(tmp_path / f"{fmt}.jsonl", [row, row])
        task = "classification" if fmt == "classification" else "causal"
        if fmt == "classification":
            path = write_jsonl(tmp_path / "cls.jsonl", [row, {"text": "Bad", "label": "negative"}])
        ds = fd.load_dataset(path, task=task)
        assert ds.format == fmt and ds.report.ok and len(ds.examples) == 2
    ds = fd.load_dataset(write_jsonl(tmp_path / "m.jsonl", [cases["messages"]]))
    assert [m["role"] for m in ds.examples[0].messages] == ["system", "user", "assistant"]


def test_file_kinds_csv_json_txt_parquet(tmp_path):
    rows = instruction_rows(5)
    (tmp_path / "a.json").write_text(json.dumps({"data": rows}), encoding="utf-8")
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("instruction,input,output\n" + "".join(
        f"\"{r['instruction']}\",,\"{r['output']}\"\n" for r in rows), encoding="utf-8")
    (tmp_path / "a.txt").write_text("First document line.\nSecond one.\n", encoding="utf-8")
    assert len(fd.load_dataset(tmp_path / "a.json").examples) == 5
    ds = fd.load_dataset(csv_path)
    assert ds.format == "alpaca" and [e.line for e in ds.examples] == [2, 3, 4, 5, 6]
    txt = fd.load_dataset(tmp_path / "a.txt")
    assert txt.format == "text" and [e.text for e in txt.examples] == ["First document line.", "Second one."]
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(sentiment_rows()), tmp_path / "s.parquet")
    ds = fd.load_dataset(tmp_path / "s.parquet", task="classification")
    assert ds.labels == ["negative", "positive"] and len(ds.examples) == 40


def test_column_mapping(tmp_path):
    path = write_jsonl(tmp_path / "qa.jsonl", [{"q": "Why?", "a": "Because."}, {"q": "How?", "a": "So."}])
    with pytest.raises(DatasetError, match="Every row"):
        fd.load_dataset(path)
    ds = fd.load_dataset(path, mapping={"instruction": "q", "output": "a"})
    assert ds.format == "alpaca" and ds.examples[1].messages[-1]["content"] == "So."


def test_empty_dataset(tmp_path):
    for name in ("e.jsonl", "e.csv", "e.txt"):
        (tmp_path / name).write_text("\n  \n", encoding="utf-8")
        with pytest.raises(DatasetError, match="empty"):
            fd.load_dataset(tmp_path / name)
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    with pytest.raises(DatasetError, match="no rows"):
        fd.load_dataset(tmp_path / "e.json")


def test_every_row_bad_lists_reasons(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        json.dumps({"instruction": "Hi"}),
        json.dumps({"instruction": "Hi", "output": ""}),
        json.dumps({"instruction": "Hi", "output": ["a", "list"]}),
        "{not json",
        json.dumps([1, 2]),
    ]) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="Every row") as info:
        fd.load_dataset(path)
    issues = {i.line: i.reason for i in info.value.report.issues}
    assert issues[1] == "missing field 'output'"
    assert issues[2] == "empty answer"
    assert "wrong type" in issues[3]
    assert "not valid JSON" in issues[4]
    assert "not an object" in issues[5] or "no known format" in issues[5]


def test_bad_rows_skipped_or_refused(tmp_path):
    rows = instruction_rows(4) + [{"instruction": "Hi", "output": "   "}]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    ds = fd.load_dataset(path)
    assert len(ds.examples) == 4 and [(i.line, i.reason) for i in ds.report.issues] == [(5, "empty answer")]
    with pytest.raises(DatasetError, match="line 5: empty answer"):
        fd.load_dataset(path, skip_bad=False)


def test_mixed_formats_reported_per_line(tmp_path):
    share = {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]}
    rows = instruction_rows(4)
    rows.insert(1, share)
    rows.append({"text": "just text"})
    ds = fd.load_dataset(write_jsonl(tmp_path / "mixed.jsonl", rows))
    assert ds.report.mixed and ds.report.formats == {"alpaca": 4, "sharegpt": 1, "text": 1}
    assert [(i.line, i.reason) for i in ds.report.issues] == [
        (2, "mixed formats: this row is sharegpt, but the file is alpaca"),
        (6, "mixed formats: this row is text, but the file is alpaca"),
    ]


def test_classification_labels(tmp_path):
    rows = [{"text": "good", "label": "pos"}, {"text": "bad", "label": ""}, {"text": "meh"}]
    ds = fd.load_dataset(write_jsonl(tmp_path / "c.jsonl", rows + [{"text": "awful", "label": "neg"}]),
                         task="classification")
    assert ds.labels == ["neg", "pos"]
    assert [(i.line, i.reason) for i in ds.report.issues] == [(2, "label missing"), (3, "label missing")]


def test_single_class_is_an_error(tmp_path):
    path = write_jsonl(tmp_path / "one.jsonl", [{"text": f"t{i}", "label": "positive"} for i in range(5)])
    with pytest.raises(DatasetError, match="single class"):
        fd.load_dataset(path, task="classification")


def test_split_is_seeded():
    examples = [fd.Example(i, "text", text=str(i)) for i in range(1, 51)]
    train, held = fd.split(examples, 0.1, seed=3)
    assert len(held) == 5 and len(train) == 45 and not {e.line for e in train} & {e.line for e in held}
    assert fd.split(examples, 0.1, seed=3) == (train, held)
    assert fd.split(examples, 0.1, seed=4)[1] != held


def test_loss_only_on_answers(smol_tokenizer, tmp_path):
    ds = fd.load_dataset(write_jsonl(tmp_path / "d.jsonl", instruction_rows(3)))
    enc, dropped = ftok.encode_causal(smol_tokenizer, ds.examples, 128)
    assert not dropped
    answer = [t for t in enc[0].labels if t != ftok.IGNORE_INDEX]
    assert smol_tokenizer.decode(answer) == "The secret code of apple is APPLE-elppa-77.<|im_end|>\n"
    assert smol_tokenizer.decode(enc[0].input_ids).startswith("<|im_start|>system")
    whole, _ = ftok.encode_causal(smol_tokenizer, ds.examples, 128, whole_text=True)
    assert whole[0].labels == whole[0].input_ids


def test_max_length_below_template(smol_tokenizer, tmp_path):
    ds = fd.load_dataset(write_jsonl(tmp_path / "d.jsonl", instruction_rows(3)))
    with pytest.raises(DatasetError, match="shorter than the chat template") as info:
        ftok.encode_causal(smol_tokenizer, ds.examples, 16)
    assert "set max length to" in str(info.value)


def test_token_stats(smol_tokenizer, tmp_path):
    rows = instruction_rows(10)
    rows[0] = {"instruction": "word " * 200, "output": "ok"}
    ds = fd.load_dataset(write_jsonl(tmp_path / "d.jsonl", rows))
    stats = ftok.token_stats(smol_tokenizer, ds.examples, max_length=128)
    assert stats.count == 10 and stats.truncated == 1 and stats.max > 200
    assert sum(b[2] for b in stats.bins) == 10 and stats.bins[0][0] == 0
