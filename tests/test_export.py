"""`minetui export KIND`: file contents with formats.md keys, streaming, and exit codes through cli.main."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minetui import cli
from minetui.domain.model import Corner, MineScale, MineStatus, MiningMethod
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.reporting.export import COLUMNS, export_rows
from minetui.store import db
from tests import factories

# The English keys of formats.md, in its order: an export must re-import with exactly these columns.
FORMATS_KEYS = {
    "offices": ["code", "name", "towns"],
    "mines": ["licence_no", "name", "holder", "credit_code", "minerals", "method", "scale", "status",
              "status_since", "office", "town", "villages", "area_km2", "depth_top_m", "depth_bottom_m",
              "valid_from", "valid_to", "forest_grass", "epsg"],
    "corners": ["licence_no", "point_no", "x", "y", "ring"],
    "status": ["licence_no", "status", "effective_from"],
    "zones": ["year", "level", "zone", "zone_code", "licence_no", "basis"],
    "patrols": ["licence_no", "date", "inspectors", "office", "mode", "drone_reason", "route", "village_inquiry",
                "findings"],
}
LICENCE_A = "C1404002010121120000001"
LICENCE_B = "C1404002010121120000002"


@pytest.fixture
def district(ctx: Context) -> Context:
    """Two offices, two mines (one with a status change and two rings), zones of two levels."""
    factories.add_office(ctx)
    factories.add_office(ctx, "YC", "荫城自然资源所", "荫城镇、西火镇")
    factories.add_mine(
        ctx, LICENCE_A, "东山煤矿", method=MiningMethod.OPEN_PIT, scale=MineScale.SMALL, area_km2=1.0,
        valid_from=date(2019, 3, 17), valid_to=date(2029, 3, 17), villages=["东村", "西村"], forest_grass=True,
        depth_top_m=1150.0, depth_bottom_m=850.0, credit_code="91140404MA0GXXXX1X",
        statuses=[(MineStatus.CONSTRUCTION, date(2019, 3, 17)), (MineStatus.PRODUCING, date(2021, 5, 1)),
                  (MineStatus.SUSPENDED, date(2025, 9, 1))],
        corners=[*factories.SQUARE, Corner("5", 3_982_000.12, 38_410_000.5, 2),
                 Corner("6", 3_982_000.12, 38_410_500.5, 2), Corner("7", 3_982_500.12, 38_410_000.5, 2)],
    )
    factories.add_mine(ctx, LICENCE_B, "=西山", office="YC", statuses=[(MineStatus.CLOSED, date(2022, 1, 1))])
    with db.write(ctx.conn):
        for year, level, name, code, basis in ((2025, "district", "苏店区级矿区", "QJ-1", "上党自然资发〔2025〕1号"),
                                               (2025, "national", "长治部级矿区", None, "部文"),
                                               (2025, "district", "待审批矿区", None, "")):
            state = "proposed" if name == "待审批矿区" else "approved"
            ctx.conn.execute("INSERT INTO zones (year, level, name, code, basis, state) VALUES (?, ?, ?, ?, ?, ?)",
                             (year, level, name, code, basis, state))
        ids = {r[1]: r[0] for r in ctx.conn.execute("SELECT id, name FROM zones")}
        mine_ids = {r[1]: r[0] for r in ctx.conn.execute("SELECT id, licence_no FROM mines")}
        for zone, licence, basis in (("苏店区级矿区", LICENCE_A, "上党自然资发〔2025〕1号"),
                                     ("苏店区级矿区", LICENCE_B, "补充"), ("长治部级矿区", LICENCE_A, "部文"),
                                     ("待审批矿区", LICENCE_A, "")):
            ctx.conn.execute("INSERT INTO zone_mines (zone_id, mine_id, basis) VALUES (?, ?, ?)",
                             (ids[zone], mine_ids[licence], basis))
    return ctx


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path):
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("init", "export", "check"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def run(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", "2025-06-15", *argv])

    return run


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_columns_are_the_keys_of_formats_md():
    assert {kind: [c.key for c in columns] for kind, columns in COLUMNS.items()} == FORMATS_KEYS


def test_rows_are_streamed_from_a_cursor(district: Context):
    _, rows = export_rows(district, "corners")
    assert isinstance(rows, Iterator) and not isinstance(rows, list)
    assert next(rows)["licence_no"] == LICENCE_A
    with pytest.raises(ServiceError):
        export_rows(district, "no-such-kind")


def test_export_offices_csv(district: Context, run_cli, tmp_path: Path, capsys):
    out = tmp_path / "offices.csv"
    assert run_cli("export", "offices", "--out", str(out)) == 0
    assert read_csv(out) == [{"code": "SD", "name": "苏店自然资源所", "towns": "苏店镇"},
                             {"code": "YC", "name": "荫城自然资源所", "towns": "荫城镇、西火镇"}]
    assert "2" in capsys.readouterr().err


def test_export_mines_csv_with_status_in_force_on_today(district: Context, run_cli, tmp_path: Path):
    out = tmp_path / "mines.csv"
    assert run_cli("export", "mines", "--format", "csv", "--out", str(out)) == 0
    a, b = read_csv(out)
    assert a == {
        "licence_no": LICENCE_A, "name": "东山煤矿", "holder": "东山煤矿有限公司",
        "credit_code": "91140404MA0GXXXX1X", "minerals": "煤", "method": "open_pit", "scale": "small",
        "status": "producing", "status_since": "2021-05-01", "office": "SD", "town": "", "villages": "东村、西村",
        "area_km2": "1", "depth_top_m": "1150", "depth_bottom_m": "850", "valid_from": "2019-03-17",
        "valid_to": "2029-03-17", "forest_grass": "true", "epsg": "4526",
    }
    assert b["name"] == "'=西山" and b["status"] == "closed" and b["office"] == "YC"


def test_export_corners_xlsx_reads_back_with_chinese_titles(district: Context, run_cli, tmp_path: Path):
    out = tmp_path / "corners.xlsx"
    assert run_cli("export", "corners", "--out", str(out)) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("许可证号", "点号", "X坐标", "Y坐标", "圈号")
    assert len(rows) == 1 + 7 + 4  # header, mine A (rings 1 and 2), mine B
    assert rows[1] == (LICENCE_A, "1", 3_980_000, 38_410_000, 1)
    assert rows[5] == (LICENCE_A, "5", pytest.approx(3_982_000.12), pytest.approx(38_410_000.5), 2)
    assert sheet["A2"].data_type == "s"


def test_export_status_json_to_stdout(district: Context, run_cli, capsys):
    assert run_cli("export", "status", "--format", "json") == 0
    records = json.loads(capsys.readouterr().out)
    assert records == [
        {"licence_no": LICENCE_A, "status": "construction", "effective_from": "2019-03-17"},
        {"licence_no": LICENCE_A, "status": "producing", "effective_from": "2021-05-01"},
        {"licence_no": LICENCE_A, "status": "suspended", "effective_from": "2025-09-01"},
        {"licence_no": LICENCE_B, "status": "closed", "effective_from": "2022-01-01"},
    ]


def test_export_zones_one_row_per_mine_highest_level_first(district: Context, run_cli, tmp_path: Path):
    out = tmp_path / "zones.csv"
    assert run_cli("export", "zones", "--out", str(out)) == 0
    assert [list(r.values()) for r in read_csv(out)] == [
        ["2025", "national", "长治部级矿区", "", LICENCE_A, "部文"],
        ["2025", "district", "苏店区级矿区", "QJ-1", LICENCE_A, "上党自然资发〔2025〕1号"],
        ["2025", "district", "苏店区级矿区", "QJ-1", LICENCE_B, "补充"],
    ]


def test_csv_to_stdout_also_has_the_bom(district: Context, run_cli, capsysbinary):
    assert run_cli("export", "offices") == 0
    assert capsysbinary.readouterr().out.startswith(b"\xef\xbb\xbfcode,name,towns\r\n")


def test_xlsx_to_a_pipe_is_written_to_stdout(district: Context, run_cli, capsysbinary):
    assert run_cli("export", "offices", "--format", "xlsx") == 0
    assert capsysbinary.readouterr().out.startswith(b"PK")


def test_gbk_export(district: Context, run_cli, tmp_path: Path):
    out = tmp_path / "offices.csv"
    assert run_cli("export", "offices", "--out", str(out), "--encoding", "gbk") == 0
    assert "荫城自然资源所" in out.read_bytes().decode("gbk")


def test_exit_codes(district: Context, run_cli, tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as bad_kind:
        run_cli("export", "no-such-kind")
    assert bad_kind.value.code == 2
    with pytest.raises(SystemExit) as bad_format:
        run_cli("export", "mines", "--format", "table")
    assert bad_format.value.code == 2
    assert run_cli("export", "mines", "--out", str(tmp_path / "missing-dir" / "m.csv")) == 2
    assert "missing-dir" in capsys.readouterr().err


def _export_to(ctx: Context, kind: str, fmt: str, path: Path) -> int:
    from minetui.io.output import render

    columns, rows = export_rows(ctx, kind)
    with open(path, "wb") as handle:
        return render(columns, rows, fmt, handle)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["offices", "mines", "corners", "status", "zones"])
def test_an_export_re_imports_unchanged(district: Context, tmp_path: Path, kind: str, fmt: str):
    from minetui.services import importing as imports
    with db.write(district.conn):
        district.conn.execute("UPDATE mines SET name = '西山煤矿', holder = '西山煤矿有限公司'")
    path = tmp_path / f"{kind}.{fmt}"
    assert _export_to(district, kind, fmt, path) > 0
    report = imports.import_file(district, kind, path, dry_run=True)
    assert (report.added, report.changed) == (0, 0), report.details
    assert report.unchanged > 0


def test_a_defused_formula_cell_re_imports_as_typed(district: Context, tmp_path: Path):
    from minetui.services import importing as imports
    path = tmp_path / "mines.csv"
    _export_to(district, "mines", "csv", path)
    report = imports.import_file(district, "mines", path, dry_run=True)
    assert report.changed == 0, report.details
