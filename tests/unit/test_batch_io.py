"""Reading batches of texts from CSV, TXT and XLSX files, and writing results back as CSV."""

from __future__ import annotations

import csv
import time

import pytest

from desktop_app.core.backends.base import LabelScores
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.tasks.batch_io import (
    BatchFileError,
    BinaryFileError,
    ColumnNotFoundError,
    EmptyFileError,
    read_table,
    texts_from,
    write_results_csv,
)
from desktop_app.core.tasks.sentiment import SentimentResult

ZH_ROWS = [
    ("1", "这部电影太棒了，演员的表演非常精彩。"),
    ("2", "服务态度极差，汤也是凉的。"),
    ("3", "快递很快，包装完好，五星好评！"),
]


def test_gb18030_csv_with_chinese(tmp_path):
    path = tmp_path / "reviews.csv"
    body = "编号,评论\n" + "".join(f"{i},{t}\n" for i, t in ZH_ROWS)
    path.write_bytes(body.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the case is real: not UTF-8
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.columns == ["编号", "评论"]
    assert texts_from(table, "评论") == [t for _, t in ZH_ROWS]
    assert table.row_numbers == [2, 3, 4]


def test_short_gb18030_file_is_not_mistaken_for_korean(tmp_path):
    """charset_normalizer alone calls these two lines cp949; the common-character check gets them right."""
    path = tmp_path / "short.csv"
    path.write_bytes("文本\n很好\n".encode("gb18030"))
    assert texts_from(read_table(path), "文本") == ["很好"]


def test_big5_and_cp1252_files(tmp_path):
    big5 = tmp_path / "big5.csv"
    big5.write_bytes("評論\n這部電影太棒了，演員的表演非常精彩，我們都很喜歡。\n".encode("big5"))
    assert texts_from(read_table(big5), "評論") == ["這部電影太棒了，演員的表演非常精彩，我們都很喜歡。"]
    latin = tmp_path / "fr.csv"
    french = [
        "C'était un café très agréable, à revoir. Le serveur était très sympathique.",
        "Le repas était décevant et la crème brûlée était froide.",
    ]
    latin.write_bytes(("texte;note\n" + "".join(f"{t};3\n" for t in french)).encode("cp1252"))
    table = read_table(latin)
    assert table.delimiter == ";" and table.encoding == "cp1252"
    assert texts_from(table, "texte") == french


def test_utf8_bom_semicolon_delimiter_and_quoted_newlines(tmp_path):
    path = tmp_path / "export.csv"
    rows = [
        ["id", "review", "stars"],
        ["1", "Great; really great.\nWould buy again.", "5"],
        ["2", 'She said "meh"; not for me.', "2"],
        ["3", "正面的评价，很好", "4"],
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    table = read_table(path)
    assert table.delimiter == ";" and table.encoding == "utf-8-sig"
    assert table.columns == ["id", "review", "stars"]
    assert texts_from(table, "review") == [r[1] for r in rows[1:]]
    assert texts_from(table, "stars") == ["5", "2", "4"]
    assert table.row_numbers == [2, 4, 5]  # the first review spans lines 2-3


def test_tab_delimited_and_single_column(tmp_path):
    tsv = tmp_path / "a.tsv"
    tsv.write_text("text\tlabel\nfine, thanks\tpositive\nbad, sadly\tnegative\n", encoding="utf-8")
    assert texts_from(read_table(tsv), "text") == ["fine, thanks", "bad, sadly"]
    one = tmp_path / "one.csv"
    one.write_text("text\nhello\nworld\n", encoding="utf-8")
    table = read_table(one)
    assert table.columns == ["text"] and texts_from(table, "text") == ["hello", "world"]


def test_missing_column_message_lists_the_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    table = read_table(path)
    with pytest.raises(ColumnNotFoundError) as info:
        texts_from(table, "x")
    assert str(info.value) == "The file has no column named 'x'. Its columns are: a, b, c"
    assert isinstance(info.value, DesktopAppError)
    assert texts_from(table, " B ") == ["2"]  # case and surrounding spaces forgiven
    assert texts_from(table, 2) == ["3"]


def test_duplicate_and_blank_headers_get_unique_names(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text,,text\nx,y,z,extra\n", encoding="utf-8")
    table = read_table(path)
    assert table.columns == ["text", "column 2", "text (2)", "column 4"]
    assert texts_from(table, "text (2)") == ["z"] and texts_from(table, "column 4") == ["extra"]


def test_txt_one_text_per_line_blank_lines_skipped(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("first line\r\n\r\n  second line  \r\n\n第三行\n   \n".encode())
    table = read_table(path)
    assert table.kind == "txt" and table.columns == ["text"]
    assert texts_from(table, "text") == ["first line", "second line", "第三行"]
    assert table.row_numbers == [1, 3, 5]


def test_xlsx_first_sheet_header_row(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "book.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "评论", "score"])
    sheet.append([1, "这部电影太棒了", 4.5])
    sheet.append([None, None, None])  # an empty row is skipped
    sheet.append([3, "Terrible service.", 1.0])
    book.create_sheet("other").append(["not", "this"])
    book.save(path)
    table = read_table(path)
    assert table.kind == "xlsx" and table.columns == ["id", "评论", "score"]
    assert texts_from(table, "评论") == ["这部电影太棒了", "Terrible service."]
    assert texts_from(table, "id") == ["1", "3"]
    assert texts_from(table, "score") == ["4.5", "1"]
    assert table.row_numbers == [2, 4]
    misnamed = tmp_path / "book.csv"  # an xlsx with the wrong name is still read as one
    misnamed.write_bytes(path.read_bytes())
    assert texts_from(read_table(misnamed), "评论") == ["这部电影太棒了", "Terrible service."]


def test_binary_empty_and_broken_files(tmp_path):
    binary = tmp_path / "model.csv"
    binary.write_bytes(b"GGUF\x03\x00\x00\x00" + bytes(range(256)) * 4)
    with pytest.raises(BinaryFileError, match="binary file"):
        read_table(binary)
    for content in (b"", b"  \n\n", b"\xef\xbb\xbf"):
        empty = tmp_path / "empty.csv"
        empty.write_bytes(content)
        with pytest.raises(EmptyFileError, match="empty"):
            read_table(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("text,label\n", encoding="utf-8")
    assert len(read_table(header_only)) == 0
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(BatchFileError, match="Excel workbook"):
        read_table(fake)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(BatchFileError, match=r"\.xls"):
        read_table(old)
    with pytest.raises(BatchFileError, match="does not exist"):
        read_table(tmp_path / "missing.csv")


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("好评\nbad\n".encode("utf-16"))
    assert texts_from(read_table(path), "text") == ["好评", "bad"]


def _results():
    labels = ["positive", "negative"]
    return [
        SentimentResult("Great, \"really\" great.\nTwo lines.", "positive", 0.9, LabelScores(labels, [0.9, 0.1])),
        SentimentResult("这部电影太棒了", "positive", 0.75, LabelScores(labels, [0.75, 0.25]), truncated=True),
        SentimentResult("", "", 0.0, None, error="The text is empty."),
    ]


def test_write_results_csv_round_trip(tmp_path):
    path = tmp_path / "out" / "results.csv"
    assert write_results_csv(path, _results(), ["positive", "negative"]) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 Chinese
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["text", "label", "score", "positive", "negative", "error", "truncated"]
    assert rows[1][:5] == ["Great, \"really\" great.\nTwo lines.", "positive", "0.900000", "0.900000", "0.100000"]
    assert rows[2][:5] == ["这部电影太棒了", "positive", "0.750000", "0.750000", "0.250000"] and rows[2][6] == "yes"
    assert rows[3] == ["", "", "", "", "", "The text is empty.", ""]
    table = read_table(path)  # and the app reads its own output back
    assert texts_from(table, "text")[:2] == [r.text for r in _results()[:2]]
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_write_results_csv_label_names_default_and_clash(tmp_path):
    path = tmp_path / "r.csv"
    scores = LabelScores(["label", "other"], [0.4, 0.6])
    write_results_csv(path, [SentimentResult("t", "other", 0.6, scores)])
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["text", "label", "score", "label (probability)", "other"], ["t", "other", "0.600000", "0.400000", "0.600000"]]


def test_export_keeps_every_input_column_and_follows_the_umask(tmp_path):
    """Issue 15, item 7: the id and other columns of the input go out with the results (so they can be joined
    back), a result column the input already names is told apart, and the file is as readable as any other."""
    import os

    source = tmp_path / "in.csv"
    source.write_text("id,评论,label,date\n7,这部电影太棒了,x,2024-01-02\n9,服务态度极差,y\n", encoding="utf-8")
    table = read_table(source)
    labels = ["positive", "negative"]
    results = [
        SentimentResult("这部电影太棒了", "positive", 0.8, LabelScores(labels, [0.8, 0.2])),
        SentimentResult("服务态度极差", "negative", 0.7, LabelScores(labels, [0.3, 0.7])),
    ]
    path = tmp_path / "out.csv"
    old = os.umask(0o022)
    try:
        write_results_csv(path, results, labels, table)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "评论", "label", "date", "label (sentiment)", "score", "positive", "negative"]
    assert rows[1] == ["7", "这部电影太棒了", "x", "2024-01-02", "positive", "0.800000", "0.800000", "0.200000"]
    assert rows[2] == ["9", "服务态度极差", "y", "", "negative", "0.700000", "0.300000", "0.700000"]
    # Results that are not the table's rows (a partial run) fall back to the text column.
    write_results_csv(path, results[:1], labels, table)
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[:3] == ["text", "label", "score"]


def test_ten_thousand_rows_are_fast(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "评论"])
        w.writerows([i, f"第{i}条评论：服务很好，质量不错，物流很快。"] for i in range(20_000))
    start = time.perf_counter()
    texts = texts_from(read_table(path), "评论")
    elapsed = time.perf_counter() - start
    assert len(texts) == 20_000 and texts[-1] == "第19999条评论：服务很好，质量不错，物流很快。"
    labels = ["positive", "negative"]
    results = [SentimentResult(t, "positive", 0.8, LabelScores(labels, [0.8, 0.2])) for t in texts]
    start = time.perf_counter()
    write_results_csv(tmp_path / "big_out.csv", results, labels)
    elapsed += time.perf_counter() - start
    assert elapsed < 5.0, f"reading and writing 20,000 rows took {elapsed:.1f} s"
