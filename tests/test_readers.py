"""Reading table files: encodings confirmed by header words, CSV or XLSX by content, title rows, row numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from minetui.io.readers import Table, TableError, header_key, read_table
from minetui.io.specs import MINES, OFFICES
from minetui.io.tablespec import parse_table

WORDS = MINES.header_words()
HEADER = ["许可证号", "矿山名称", "矿业权人", "开采矿种", "开采方式", "矿山状态", "自然资源所"]
ROW = ["C1404002010121120100373", "荫城煤矿", "长治荫城煤业有限公司", "煤", "地下", "在产", "荫城自然资源所"]


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    return "\r\n".join(sep.join(r) for r in rows) + "\r\n"


def _check(table: Table, header_row: int = 1) -> None:
    assert table.header == HEADER
    assert table.header_row == header_row
    assert table.rows[0] == (header_row + 1, ROW)


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),        # Python writes the BOM, like Excel's "Unicode text"
])
def test_csv_in_every_encoding(tmp_path: Path, encoding: str, expected: str):
    path = tmp_path / "mines.csv"
    path.write_bytes(_csv([HEADER, ROW]).encode(encoding))
    table = read_table(path, WORDS)
    _check(table)
    assert table.encoding == expected


def test_utf8_bytes_are_not_read_as_gb18030_mojibake(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_bytes(_csv([HEADER, ROW]).encode("utf-8"))
    assert read_table(path, WORDS).rows[0][1][1] == "荫城煤矿"


def test_a_decoding_counts_only_when_the_header_words_are_found(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_bytes(_csv([["甲", "乙"], ["1", "2"]]).encode("gbk"))
    with pytest.raises(TableError, match=r"找不到表头.*gb18030"):
        read_table(path, WORDS)


def test_tab_separated_with_title_rows_and_empty_trailing_rows(tmp_path: Path):
    path = tmp_path / "export.txt"
    rows = [["上党区2025年矿山清单"], ["制表：矿管股"], HEADER, ROW, [""] * 7, [""] * 7]
    path.write_bytes(_csv(rows, "\t").encode("utf-16"))
    table = read_table(path, WORDS)
    _check(table, header_row=3)
    assert len(table.rows) == 1


def test_rows_keep_excel_numbers_when_blank_rows_sit_between(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text(_csv([HEADER, ROW, [""] * 7, ROW]), encoding="utf-8")
    assert [number for number, _ in read_table(path, WORDS).rows] == [2, 4]


def test_short_rows_are_padded_and_quoted_commas_kept(tmp_path: Path):
    path = tmp_path / "m.csv"
    path.write_text('许可证号,矿山名称,开采矿种\r\nC1,"甲,乙",\r\nC2\r\n', encoding="utf-8")
    table = read_table(path, WORDS)
    assert table.rows == [(2, ["C1", "甲,乙", ""]), (3, ["C2", None, None])]


def test_xlsx_with_title_row_real_dates_and_a_float_licence(tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["上党区2025年矿山清单"])
    sheet.append([*HEADER, "有效期起"])
    sheet.append([*ROW, datetime(2019, 3, 17)])
    sheet.append([5.1e21, *ROW[1:], "2019年3月17日"])
    path = tmp_path / "mines.xlsx"
    workbook.save(path)
    table = read_table(path, WORDS)
    assert table.header_row == 2
    assert table.encoding is None
    assert [number for number, _ in table.rows] == [3, 4]
    assert table.rows[0][1][-1] == datetime(2019, 3, 17)
    assert table.rows[1][1][0] == 5.1e21


def test_xlsx_is_known_by_content_not_suffix(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(ROW)
    path = tmp_path / "mines.csv"  # mislabelled
    workbook.save(path)
    _check(read_table(path, WORDS))


def test_header_is_found_on_a_later_sheet(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["说明：本表由矿管股维护"])
    data = workbook.create_sheet("清单")
    data.append(HEADER)
    data.append(ROW)
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    _check(read_table(path, WORDS))


@pytest.mark.parametrize(("content", "message"), [
    (b"", "空"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04 not really a zip", "XLSX"),
    ("名称,数量\n甲,1\n".encode(), "找不到表头"),
])
def test_unreadable_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(TableError, match=message):
        read_table(path, WORDS)


def test_missing_file(tmp_path: Path):
    with pytest.raises(TableError, match="文件不存在"):
        read_table(tmp_path / "nope.csv", WORDS)
    with pytest.raises(TableError, match="无法读取"):
        read_table(tmp_path, WORDS)  # a directory


def test_header_key_normalises():
    assert header_key(" 许可证号* ") == "许可证号"
    assert header_key("Ｘ坐标") == "x坐标"
    assert header_key("Licence_No") == "licence_no"


def test_spec_matches_english_headers_any_order_and_reports_unknown_and_missing(tmp_path: Path):
    path = tmp_path / "o.csv"
    path.write_text("name,remark,CODE\n苏店自然资源所,x,SD\n", encoding="utf-8")
    records, problems = parse_table(read_table(path, OFFICES.header_words()), OFFICES)
    assert records[0].values == {"code": "SD", "name": "苏店自然资源所"}
    assert [str(p) for p in problems] == ["o.csv:1:remark: 未知的列，已忽略"]
    assert problems[0].severity == "warning"

    path.write_text("名称,乡镇,备注\n苏店自然资源所,苏店镇,\n", encoding="utf-8")
    records, problems = parse_table(read_table(path, OFFICES.header_words()), OFFICES)
    assert records == []
    assert "o.csv:1:编号: 缺少必填列" in [str(p) for p in problems]



def test_xlsx_text_escapes_of_ooxml_are_decoded_as_excel_shows_them() -> None:
    from minetui.io.readers import _xlsx_text

    assert _xlsx_text("甲_x000D_矿") == "甲\r矿"
    assert _xlsx_text("a_x005F_x000D_b") == "a_x000D_b"  # a literal _x000D_ typed by the clerk
    assert _xlsx_text(12.5) == 12.5
