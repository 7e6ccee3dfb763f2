"""Provenance through the output pipeline (XLSX properties, text footers, the opt-in JSON envelope, never CSV),
TSV for the clipboard, and the export command's provenance."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from rich.cells import cell_len

from minetui import cli
from minetui.io.output import Column, Provenance, render, tsv
from tests.factories import add_mine, add_office

PROV = Provenance(datetime(2025, 6, 15, 9, 30, tzinfo=UTC), "张三", date(2025, 6, 15), 42, "ab" * 32)
COLUMNS = [Column("licence_no", "Licence no.", "licence"), Column("name", "Mine"),
           Column("n", "Year", "int")]
ROWS = [{"licence_no": "C1404002009121120046101", "name": "上党区东山煤业", "n": 3},
        {"licence_no": "0123", "name": "甲\t乙\n丙", "n": None}]


def rendered(fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    render(COLUMNS, iter(ROWS), fmt, buffer, **kwargs)
    return buffer.getvalue()


def test_text_and_markdown_get_a_footer_line():
    text = rendered("table", provenance=PROV).decode("utf-8")
    last = text.strip().splitlines()[-1]
    assert "张三" in last and "数据截至 2025-06-15" in last and last.endswith("42:" + "ab" * 32)
    assert rendered("markdown", provenance=PROV).decode("utf-8").strip().splitlines()[-1] == last


def test_chinese_columns_line_up_in_text():
    lines = rendered("table").decode("utf-8").splitlines()
    header, rule, first = lines[0], lines[1], lines[2]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    second = starts[1]
    assert cell_len(first[: first.index("上党区")]) == second  # the mine column starts where its rule starts
    assert cell_len(header[: header.index("矿山名称")]) == second


def test_csv_never_carries_provenance():
    assert rendered("csv", provenance=PROV, envelope=True) == rendered("csv")


def test_json_envelope_only_when_asked():
    assert json.loads(rendered("json", provenance=PROV))[0]["n"] == 3
    data = json.loads(rendered("json", provenance=PROV, envelope=True))
    assert data["provenance"] == {"generated_at": "2025-06-15T09:30:00+00:00", "generated_by": "张三",
                                  "data_as_of": "2025-06-15", "audit_head": "42:" + "ab" * 32}
    assert [r["licence_no"] for r in data["rows"]] == ["C1404002009121120046101", "0123"]
    empty = io.BytesIO()
    render(COLUMNS, iter([]), "json", empty, provenance=PROV, envelope=True)
    assert json.loads(empty.getvalue())["rows"] == []


def test_xlsx_properties():
    book = load_workbook(io.BytesIO(rendered("xlsx", title="报表", provenance=PROV)))
    assert book.properties.creator == "张三" and book.properties.title == "报表"
    assert "42:" + "ab" * 32 in book.properties.keywords and "张三" in book.properties.description
    sheet = book.active
    assert sheet["A1"].value == "报表" and sheet["A3"].data_type == "s" and sheet["C3"].value == 3


def test_tsv_for_the_clipboard():
    text = tsv(COLUMNS, ROWS)
    assert text.splitlines() == ["许可证号\t矿山名称\t年度", "C1404002009121120046101\t上党区东山煤业\t3",
                                 "0123\t甲 乙 丙\t"]
    assert tsv(COLUMNS, ROWS, headers="en").startswith("Licence no.\tMine\tYear\n")


def test_export_command_xlsx_keeps_its_header_and_gains_properties(ctx, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    add_office(ctx)
    add_mine(ctx, "C1404002009121120046101", "甲煤矿")
    out = tmp_path / "mines.xlsx"
    base = ["--db", str(db_path), "--today", "2025-06-15", "--user", "tester", "export", "mines"]
    assert cli.main([*base, "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.active["A1"].value == "许可证号" and book.properties.creator == "tester"
    assert cli.main([*base, "--format", "json", "--provenance"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["licence_no"] == "C1404002009121120046101" and data["provenance"]["generated_by"] == "tester"
