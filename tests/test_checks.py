"""`minetui check`: the service against real database files built with tests/factories.py, and the command."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from minetui import cli
from minetui.config import Config
from minetui.domain.checks import ERROR, WARNING, integrity_problems
from minetui.domain.model import Corner, MineStatus
from minetui.services.core.context import Context
from minetui.services.reporting.check import run_checks
from minetui.store import db
from tests import factories

TODAY = date(2025, 6, 15)  # the ctx fixture's today
BOW_TIE = [Corner("1", 3_980_000, 38_410_000), Corner("2", 3_981_000, 38_411_000),
           Corner("3", 3_981_000, 38_410_000), Corner("4", 3_980_000, 38_411_000)]


def found(ctx: Context) -> set[tuple[str, str, str]]:
    return {(p.licence_no, p.code, p.severity) for p in run_checks(ctx)}


@pytest.fixture
def district(ctx: Context) -> Context:
    factories.add_office(ctx)
    return ctx


def test_clean_database_has_no_problems(district: Context):
    factories.add_mine(district, "C1", "东山煤矿", area_km2=1.0, valid_to=date(2029, 3, 17))
    assert run_checks(district) == []


def test_expired_licence_is_an_error_and_expiry_today_a_warning(district: Context):
    factories.add_mine(district, "C1", "东山煤矿", area_km2=1.0, valid_to=TODAY - timedelta(days=1))
    factories.add_mine(district, "C2", "西山煤矿", area_km2=1.0, valid_to=TODAY)
    problems = run_checks(district)
    assert {(p.licence_no, p.code, p.severity) for p in problems} == {
        ("C1", "licence_expired", ERROR), ("C2", "licence_expiring", WARNING)}
    expired = next(p for p in problems if p.licence_no == "C1")
    assert expired.mine_name == "东山煤矿"
    assert "2025-06-14" in expired.message and "到期" in expired.message


def test_expiring_window_includes_day_30_and_excludes_day_31(district: Context):
    factories.add_mine(district, "C30", "三十天", area_km2=1.0, valid_to=TODAY + timedelta(days=30))
    factories.add_mine(district, "C31", "三十一天", area_km2=1.0, valid_to=TODAY + timedelta(days=31))
    assert found(district) == {("C30", "licence_expiring", WARNING)}


def test_expiry_window_follows_the_config(district: Context):
    factories.add_mine(district, "C31", "三十一天", area_km2=1.0, valid_to=TODAY + timedelta(days=31))
    district.config = Config(expiry_warning_days=60)
    assert found(district) == {("C31", "licence_expiring", WARNING)}


def test_closed_mine_with_an_expired_licence_is_not_reported(district: Context):
    factories.add_mine(district, "C1", "关闭矿", area_km2=1.0, valid_to=date(2023, 1, 1),
                       statuses=[(MineStatus.PRODUCING, date(2015, 1, 1)), (MineStatus.CLOSED, date(2023, 1, 1))])
    assert run_checks(district) == []


def test_status_in_force_is_the_one_on_today(district: Context):
    # closed only from next month: today the mine still produces on an expired licence
    factories.add_mine(district, "C1", "将关闭", area_km2=1.0, valid_to=date(2025, 1, 1),
                       statuses=[(MineStatus.PRODUCING, date(2015, 1, 1)), (MineStatus.CLOSED, date(2025, 7, 1))])
    assert found(district) == {("C1", "licence_expired", ERROR)}


def test_mine_without_office_corners_or_status(district: Context):
    factories.add_mine(district, "C1", "无所", office=None, area_km2=1.0, valid_to=date(2029, 1, 1))
    mine_id = factories.add_mine(district, "C2", "无点无状态", area_km2=1.0, valid_to=date(2029, 1, 1), corners=[])
    with db.write(district.conn):
        district.conn.execute("DELETE FROM mine_status WHERE mine_id = ?", (mine_id,))
    assert found(district) == {
        ("C1", "no_office", ERROR), ("C2", "no_corners", ERROR), ("C2", "no_status", ERROR)}


def test_bad_polygon_is_an_error_naming_the_crossing(district: Context):
    factories.add_mine(district, "C1", "交叉", area_km2=1.0, valid_to=date(2029, 1, 1), corners=BOW_TIE)
    [problem] = run_checks(district)
    assert (problem.code, problem.severity) == ("self_crossing", ERROR)
    assert "1–2" in problem.message and "3–4" in problem.message


def test_area_mismatch_is_only_a_warning(district: Context):
    factories.add_mine(district, "C1", "面积不符", area_km2=1.2, valid_to=date(2029, 1, 1))
    factories.add_mine(district, "C2", "面积相符", area_km2=1.03, valid_to=date(2029, 1, 1))
    assert found(district) == {("C1", "area_mismatch", WARNING)}


def test_wrong_zone_and_epsg_come_from_the_mine(district: Context):
    zone39 = [Corner(c.point_no, c.x, c.y + 1_000_000) for c in factories.SQUARE]
    factories.add_mine(district, "C1", "39带", area_km2=1.0, valid_to=date(2029, 1, 1), corners=zone39)
    factories.add_mine(district, "C2", "39带登记", area_km2=1.0, valid_to=date(2029, 1, 1), corners=zone39,
                       epsg=4527)
    assert found(district) == {("C1", "wrong_zone", ERROR)}


def test_broken_reference_is_reported(district: Context):
    factories.add_mine(district, "C1", "东山煤矿", area_km2=1.0, valid_to=date(2029, 1, 1))
    district.conn.execute("PRAGMA foreign_keys = OFF")
    with db.write(district.conn):
        district.conn.execute("UPDATE mines SET office_code = 'NOPE'")
    district.conn.execute("PRAGMA foreign_keys = ON")
    assert ("", "foreign_key", ERROR) in found(district)


def test_integrity_findings():
    assert integrity_problems(["ok"], [], None) == []
    problems = integrity_problems(["row 3 missing from index mines_name"], ["mines rowid 1 → offices"], 7)
    assert [(p.code, p.severity) for p in problems] == [
        ("integrity", ERROR), ("foreign_key", ERROR), ("audit_chain", ERROR)]
    assert "7" in problems[2].message


# --- the command ----------------------------------------------------------------------------------------

@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path):
    """minetui.cli.main with only this piece's commands, an isolated config dir, --db and --today set."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("init", "export", "check"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def run(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", TODAY.isoformat(), *argv])

    return run


def test_check_exits_0_with_warnings_only(district: Context, run_cli, capsys):
    factories.add_mine(district, "C1", "东山煤矿", area_km2=1.0, valid_to=TODAY + timedelta(days=10))
    assert run_cli("check", "--format", "json") == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert [(r["licence_no"], r["code"], r["severity"]) for r in rows] == [("C1", "licence_expiring", "warning")]
    assert "错误 0 项，警告 1 项" in captured.err


def test_check_exits_2_on_any_error(district: Context, run_cli, capsys):
    factories.add_mine(district, "C1", "交叉", area_km2=1.0, valid_to=date(2029, 1, 1), corners=BOW_TIE)
    assert run_cli("check") == 2
    captured = capsys.readouterr()
    assert "self_crossing" in captured.out and "错误" in captured.out  # severity in the UI language
    assert "错误 1 项" in captured.err


def test_check_writes_xlsx_to_a_file(district: Context, run_cli, tmp_path: Path, capsys):
    from openpyxl import load_workbook

    factories.add_mine(district, "C1", "东山煤矿", office=None, area_km2=1.0, valid_to=date(2029, 1, 1))
    out = tmp_path / "check.xlsx"
    assert run_cli("check", "--out", str(out)) == 2
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "数据检查 2025-06-15"
    assert [c.value for c in sheet[2]] == ["级别", "许可证号", "矿山名称", "问题代码", "问题说明"]
    assert [c.value for c in sheet[3]][:4] == ["错误", "C1", "东山煤矿", "no_office"]


def test_help_documents_the_exit_status(run_cli, capsys):
    with pytest.raises(SystemExit):
        run_cli("check", "--help")
    assert "2  at least one error-severity problem" in capsys.readouterr().out


def test_problem_records_are_plain_data():
    """`minetui check` finds the one Problem type: a code, its arguments, the severity; the text on demand."""
    problem = integrity_problems(["bad"], [], None)[0]
    assert dataclasses.is_dataclass(problem)
    assert (problem.severity, problem.code, problem.args, problem.licence_no) == ("error", "integrity",
                                                                                 {"detail": "bad"}, "")
    assert problem.message == "数据库完整性：bad"
