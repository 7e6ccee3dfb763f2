"""The output pipeline: CSV (BOM, GBK, formula guard), JSON, XLSX cell types, Chinese alignment in tables."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from minetui import i18n
from minetui.commands import common
from minetui.domain.model import MineStatus
from minetui.errors import ServiceError
from minetui.io import output
from minetui.io.output import Column, render

COLUMNS = (
    Column("licence_no", "licence no.", "licence"),
    Column("name", "mine"),
    Column("status", "status", "enum", MineStatus),
    Column("area_km2", "area_km2", "float"),
    Column("year", "year", "int"),
    Column("valid_to", "Valid to", "date"),
    Column("forest_grass", "forest_grass", "bool"),
)
ROWS = [
    {"licence_no": "C1404002010121120000001", "name": "上党区东山煤业有限公司", "status": "producing",
     "area_km2": 1.2345, "year": 2025, "valid_to": "2029-03-17", "forest_grass": 1},
    {"licence_no": "0123456789", "name": "=HYPERLINK(\"http://x\")", "status": "closed",
     "area_km2": -12.5, "year": 2024, "valid_to": None, "forest_grass": 0},
]


def rendered(fmt: str, rows=ROWS, **kwargs) -> bytes:
    buffer = io.BytesIO()
    render(COLUMNS, iter(rows), fmt, buffer, **kwargs)
    return buffer.getvalue()


# --- CSV --------------------------------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_and_english_keys():
    data = rendered("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "licence_no,name,status,area_km2,year,valid_to,forest_grass"
    assert lines[1] == "C1404002010121120000001,上党区东山煤业有限公司,producing,1.2345,2025,2029-03-17,true"


def test_csv_in_gbk_has_no_bom_and_decodes_as_gbk():
    data = rendered("csv", encoding="gbk")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "上党区东山煤业有限公司" in data.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_csv_formula_looking_text_is_defused_but_numbers_stay_numbers():
    row = rendered("csv").decode("utf-8-sig").splitlines()[2]
    assert row.startswith('0123456789,"\'=HYPERLINK(""http://x"")",closed,-12.5,')
    for start in ("+1", "-2", "@SUM(A1)", "=1+2"):
        text = rendered("csv", rows=[{"name": start}]).decode("utf-8-sig").splitlines()[1]
        assert f"'{start}" in text


def test_headers_option_picks_titles_and_enum_words():
    zh = rendered("csv", headers="zh").decode("utf-8-sig").splitlines()
    assert zh[0].startswith("许可证号,矿山名称,矿山状态")
    assert ",在产," in zh[1] and zh[1].endswith(",是")
    en = rendered("csv", headers="en").decode("utf-8-sig").splitlines()
    assert en[0].startswith("licence no.,mine,status")
    assert ",producing," in en[1] and en[1].endswith(",yes")


# --- JSON -------------------------------------------------------------------------------------------------

def test_json_keeps_types_and_keys():
    records = json.loads(rendered("json"))
    assert records[0] == {"licence_no": "C1404002010121120000001", "name": "上党区东山煤业有限公司",
                          "status": "producing", "area_km2": 1.2345, "year": 2025, "valid_to": "2029-03-17",
                          "forest_grass": True}
    assert records[1]["valid_to"] is None and records[1]["forest_grass"] is False
    assert json.loads(rendered("json", rows=[])) == []


# --- XLSX -------------------------------------------------------------------------------------------------

def test_xlsx_cells_have_real_types_and_a_frozen_bold_header():
    sheet = load_workbook(io.BytesIO(rendered("xlsx"))).active
    header = sheet[1]
    assert [c.value for c in header] == ["许可证号", "矿山名称", "矿山状态", "矿区面积", "年度", "有效期止", "涉林涉草"]
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == "A2"
    licence, name, status, area, year, valid_to, forest = sheet[2]
    assert licence.value == "C1404002010121120000001" and licence.data_type == "s"
    assert licence.number_format == "@" and name.value == "上党区东山煤业有限公司"
    assert sheet["A3"].value == "0123456789" and sheet["A3"].data_type == "s"  # leading zero kept
    assert status.value == "在产" and forest.value == "是"
    assert area.value == pytest.approx(1.2345) and area.data_type == "n"
    assert year.value == 2025 and isinstance(year.value, int)
    assert valid_to.value == datetime(2029, 3, 17) and valid_to.is_date
    assert sheet["F3"].value is None


def test_xlsx_formula_looking_text_stays_text():
    sheet = load_workbook(io.BytesIO(rendered("xlsx"))).active
    cell = sheet["B3"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_xlsx_title_row_and_widths_in_cells():
    sheet = load_workbook(io.BytesIO(rendered("xlsx", title="上党区2025年矿山名录"))).active
    assert sheet["A1"].value == "上党区2025年矿山名录" and sheet["A1"].font.bold
    assert sheet["A2"].value == "许可证号"
    assert sheet.freeze_panes == "A3"
    # 11 Chinese characters are 22 cells wide: the column is at least that wide, not 11
    assert sheet.column_dimensions["B"].width >= cell_len("上党区东山煤业有限公司")
    assert sheet.column_dimensions["A"].width >= len("C1404002010121120000001")


# --- table and Markdown -----------------------------------------------------------------------------------

def _starts(line: str, values: list[str]) -> list[int]:
    """The cell offset at which each value starts in `line` (searching left to right)."""
    offsets, position = [], 0
    for value in values:
        index = line.index(value, position)
        offsets.append(cell_len(line[:index]))
        position = index + len(value)
    return offsets


def test_table_columns_line_up_by_cell_width_with_chinese_text():
    rows = [{"licence_no": "C1", "name": "上党区东山煤业有限公司", "year": 2025},
            {"licence_no": "C22", "name": "ab", "year": 7},
            {"licence_no": "C333", "name": "荫城镇ab矿", "year": 12}]
    columns = (COLUMNS[0], COLUMNS[1], COLUMNS[4])
    buffer = io.BytesIO()
    render(columns, rows, "table", buffer)
    lines = buffer.getvalue().decode("utf-8").splitlines()
    header, rule, *body = lines
    assert len({cell_len(line) for line in lines}) == 1
    name_start = _starts(header, ["许可证号", "矿山名称"])[1]
    for line, row in zip(body, rows, strict=True):
        assert _starts(line, [row["licence_no"], row["name"]])[1] == name_start
        assert line.endswith(str(row["year"]))  # numbers align right
    assert header.startswith("许可证号") and set(rule) <= {"-", " "}


def test_table_title_and_english_headers():
    i18n.set_language("en")
    text = rendered("table", title="Mines").decode("utf-8")
    assert text.startswith("Mines\n\n")
    assert "licence no." in text and "producing" in text


def test_markdown_escapes_pipes():
    text = rendered("markdown", rows=[{"name": "a|b"}]).decode("utf-8")
    assert "a\\|b" in text and text.splitlines()[1].startswith("|:")


def test_unknown_format_kind_and_headers_are_refused():
    with pytest.raises(output.OutputError):
        rendered("html")
    with pytest.raises(output.OutputError):
        rendered("csv", headers="fr")
    with pytest.raises(ValueError):
        Column("x", "x", "money")


# --- emit: the command-line helper ------------------------------------------------------------------------

def parse(*argv: str, formats=output.FORMATS, default="table") -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    common.add_output_options(parser, formats=formats, default=default)
    return parser.parse_args(argv)


def test_format_comes_from_the_out_suffix_when_not_given(tmp_path: Path):
    out = tmp_path / "mines.xlsx"
    assert common.emit(parse("--out", str(out)), COLUMNS, ROWS) == 2
    assert load_workbook(out).active["A2"].value == "C1404002010121120000001"
    assert not list(tmp_path.glob(".*part"))  # the temporary file is gone
    assert common.output_format(parse("--out", "x.md", formats=("csv", "json"), default="csv")) == "csv"
    assert common.output_format(parse()) == "table"


def test_xlsx_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch):
    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal(io.BytesIO(), encoding="utf-8"))
    with pytest.raises(ServiceError, match="--out"):
        common.emit(parse("--format", "xlsx"), COLUMNS, ROWS)


def test_a_failed_render_leaves_no_file(tmp_path: Path):
    def rows():
        yield ROWS[0]
        raise RuntimeError("disk gone")

    out = tmp_path / "mines.csv"
    with pytest.raises(RuntimeError):
        common.emit(parse("--out", str(out)), COLUMNS, rows())
    assert list(tmp_path.iterdir()) == []


def test_dates_given_as_date_objects():
    text = rendered("csv", rows=[{"valid_to": date(2025, 1, 2)}]).decode("utf-8-sig")
    assert ",2025-01-02," in text
