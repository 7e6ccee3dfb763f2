"""The report catalogue's figures on a small hand-built district, every answer worked out by hand.

The district on 2025-06-15 (`hand_district`):
- office SD 苏店: mine A (producing since 2020, national zone 2025), patrolled 01-10, 03-05, 05-20; mine C
  (producing, in no zone: no duty) whose licence ends 2025-08-01; mine D (producing, no zone) whose licence
  ended 2025-05-01; mine E (closed) whose licence ends 2025-07-01 (closed: never listed).
- office XH 西火: mine B (suspended since 2020, district zone 2025), patrolled 02-01.
A has 12 monthly duties: Jan, Mar, May met; Feb (due 02-28) and Apr (due 04-30) overdue; Jun…Dec open.
B has 4 quarterly duties: Q1 met; Q2 (due 06-30), Q3, Q4 open.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from minetui import cli
from minetui.domain.model import MineStatus, ZoneLevel
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.patrols import patrols
from minetui.services.reporting.catalogue import catalogue, get_report, run_report, sort_rows
from minetui.services.reporting.deadlines import upcoming
from minetui.services.reporting.model import DeadlineItem, Param
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, good_record

TODAY = "2025-06-15"
LIC = {k: f"C14040020201111000000{n:02d}" for n, k in enumerate("ABCDE", start=1)}


def hand_district(ctx: Context) -> dict[str, int]:
    add_office(ctx)
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    ids = {
        "A": add_mine(ctx, LIC["A"], "甲煤矿"),
        "B": add_mine(ctx, LIC["B"], "乙煤矿", office="XH", statuses=[(MineStatus.SUSPENDED, date(2020, 1, 1))]),
        "C": add_mine(ctx, LIC["C"], "丙铁矿", valid_from=date(2015, 8, 1), valid_to=date(2025, 8, 1)),
        "D": add_mine(ctx, LIC["D"], "丁石灰岩矿", valid_from=date(2015, 5, 1), valid_to=date(2025, 5, 1)),
        "E": add_mine(ctx, LIC["E"], "戊煤矿", valid_from=date(2015, 7, 1), valid_to=date(2025, 7, 1),
                      statuses=[(MineStatus.CLOSED, date(2024, 1, 1))]),
    }
    add_zone(ctx, 2025, [ids["A"]], name="上党煤矿区", level=ZoneLevel.NATIONAL)
    add_zone(ctx, 2025, [ids["B"]], name="西火煤矿区", level=ZoneLevel.DISTRICT)
    for day in (date(2025, 1, 10), date(2025, 3, 5), date(2025, 5, 20)):
        patrols.record_patrol(ctx, ids["A"], good_record(day))
    patrols.record_patrol(ctx, ids["B"], good_record(date(2025, 2, 1), office_code="XH"))
    return ids


@pytest.fixture
def district(ctx: Context) -> dict[str, int]:
    return hand_district(ctx)


@pytest.fixture
def run(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def invoke(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", TODAY, "--user", "tester", *argv])

    return invoke


# --- the catalogue ------------------------------------------------------------------------------------------

def test_catalogue_has_the_reports_of_this_issue():
    names = set(catalogue())
    assert {"zones", "patrol-compliance", "overdue-duties", "upcoming-deadlines", "licence-expiry",
            "patrol-summary", "mines", "brief"} <= names


def test_unknown_report_and_parameter_are_refused(ctx):
    with pytest.raises(ServiceError, match="no-such"):
        get_report("no-such")
    with pytest.raises(ServiceError, match="colour"):
        run_report(ctx, "zones", {"colour": "red"})


def test_param_parsing():
    assert Param("d", "date", "").parse("2025-03-17") == date(2025, 3, 17)
    assert Param("n", "int", "").parse("12") == 12
    assert Param("b", "bool", "").parse("是") is True
    with pytest.raises(ValueError):
        Param("l", "text", "", choices=("a", "b")).parse("c")


# --- each report's figures ----------------------------------------------------------------------------------

def test_zones(ctx, district):
    result = run_report(ctx, "zones", {"year": 2025})
    assert [(r["level"], r["zone"], r["licence_no"]) for r in result.rows] == [
        ("national", "上党煤矿区", LIC["A"]), ("district", "西火煤矿区", LIC["B"])]
    assert [r["licence_no"] for r in run_report(ctx, "zones", {"year": 2025, "level": "district"}).rows] == [
        LIC["B"]]
    assert run_report(ctx, "zones", {"year": 2024}).rows == []


def test_patrol_compliance_matrix(ctx, district):
    sd, xh, total = run_report(ctx, "patrol-compliance", {"year": 2025}).rows
    assert [sd[f"m{m:02d}"] for m in range(1, 13)] == ["1/1", "0/1", "1/1", "0/1", "1/1", *["0/1"] * 7]
    assert (sd["duties"], sd["met"], sd["overdue"]) == (12, 3, 2)
    assert [xh[f"m{m:02d}"] for m in range(1, 13)] == ["", "", "1/1", "", "", "0/1", "", "", "0/1", "", "",
                                                       "0/1"]
    assert (xh["duties"], xh["met"], xh["overdue"]) == (4, 1, 0)
    assert total["office_name"] == "全区合计" and total["m03"] == "2/2" and total["m06"] == "0/2"
    assert (total["duties"], total["met"], total["overdue"]) == (16, 4, 2)


def test_overdue_duties(ctx, district):
    rows = run_report(ctx, "overdue-duties", {"year": 2025}).rows
    assert [(r["licence_no"], r["period"], r["due"], r["days_overdue"]) for r in rows] == [
        (LIC["A"], "2025-02", date(2025, 2, 28), 107),  # Mar 31 + Apr 30 + May 31 + Jun 15 = 107
        (LIC["A"], "2025-04", date(2025, 4, 30), 46),   # May 31 + Jun 15 = 46
    ]
    assert rows[0]["mine_id"] == district["A"] and rows[0]["office_name"] == "苏店自然资源所"
    assert run_report(ctx, "overdue-duties", {"year": 2025, "office": "XH"}).rows == []


def test_upcoming_deadlines_within_90_days(ctx, district):
    rows = run_report(ctx, "upcoming-deadlines", {"days": 90}).rows  # 06-15 … 09-13
    assert [(r["date"], r["days_left"], r["rule"], r["owner"]) for r in rows] == [
        (date(2025, 6, 30), 15, "R-PAT-2", "苏店自然资源所"),   # A's June duty
        (date(2025, 6, 30), 15, "R-PAT-2", "西火自然资源所"),   # B's Q2 duty
        (date(2025, 6, 30), 15, "R-SUR-1", "省厅"),            # A's first survey round (national zone)
        (date(2025, 6, 30), 15, "filing", "矿业权人"),
        (date(2025, 7, 31), 46, "R-PAT-2", "苏店自然资源所"),
        (date(2025, 8, 1), 47, "licence", "丙铁矿有限公司"),     # C; D already ended, E closed
        (date(2025, 8, 31), 77, "R-PAT-2", "苏店自然资源所"),
    ]
    assert rows[5]["subject"] == LIC["C"] and "丙铁矿" in rows[5]["what"]


def test_upcoming_deadlines_hold_the_notice_and_added_sources(ctx, district, monkeypatch):
    rules = [d.rule for d in upcoming(ctx, 200) if d.source == "notice"]  # to 2026-01-01
    assert rules == ["R-LEAD-1", "R-LEAD-2", "R-LEAD-3", "R-LEAD-4", "R-SUR-1", "R-PAT-6"]

    from minetui.services.reporting import deadlines

    def surveys(ctx, start, end):
        yield DeadlineItem(date(2025, 7, 1), "R-SUR-1", "第一次专项勘测", "First survey round", "区局")

    monkeypatch.setattr(deadlines, "SOURCES", (*deadlines.SOURCES, surveys))
    assert any(d.en == "First survey round" for d in upcoming(ctx, 30))


def test_licence_expiry(ctx, district):
    rows = run_report(ctx, "licence-expiry", {"days": 180}).rows
    assert [(r["licence_no"], r["valid_to"], r["days_left"], r["status"]) for r in rows] == [
        (LIC["D"], date(2025, 5, 1), -45, "producing"),   # ended, still producing: listed first
        (LIC["C"], date(2025, 8, 1), 47, "producing"),
    ]
    assert run_report(ctx, "licence-expiry", {"days": 30}).rows[0]["licence_no"] == LIC["D"]
    assert [r["licence_no"] for r in run_report(ctx, "licence-expiry", {"days": 30}).rows] == [LIC["D"]]


def test_mines_report_filters_and_sorts_like_the_list(ctx, district):
    rows = run_report(ctx, "mines", {"text": "煤矿", "sort": "name", "descending": True}).rows
    assert [r["name"] for r in rows] == ["甲煤矿", "戊煤矿", "乙煤矿"]  # by code point, descending
    assert rows[0]["status"] == "producing" and rows[0]["mine_id"] == district["A"]


def test_sort_rows_puts_empty_values_last():
    rows = [{"k": 2}, {"k": None}, {"k": 10}, {"k": ""}]
    assert [r["k"] for r in sort_rows(rows, "k")] == [2, 10, None, ""]
    assert [r["k"] for r in sort_rows(rows, "k", descending=True)][:2] == [10, 2]


# --- the command line ---------------------------------------------------------------------------------------

def test_list_names_every_report_and_views(run, capsys):
    assert run("report", "--list") == 0
    out = capsys.readouterr().out
    for name in ("zones", "patrol-compliance", "overdue-duties", "upcoming-deadlines", "licence-expiry", "brief",
                 "view:NAME"):
        assert name in out


def test_report_csv_keeps_the_script_shape(district, run, capsys):
    assert run("report", "overdue-duties", "--format", "csv") == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert list(rows[0]) == ["office_name", "licence_no", "mine", "period", "kind", "due", "days_overdue", "office"]
    assert rows[0]["due"] == "2025-02-28" and rows[0]["days_overdue"] == "107"
    assert "audit" not in out  # no provenance in CSV


def test_report_json_provenance_only_when_asked(district, run, capsys):
    assert run("report", "licence-expiry", "--format", "json") == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
    assert run("report", "licence-expiry", "--format", "json", "--provenance") == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["licence_no"] for r in data["rows"]] == [LIC["D"], LIC["C"]]
    prov = data["provenance"]
    assert prov["generated_by"] == "tester" and prov["data_as_of"] == TODAY
    seq, _sep, digest = prov["audit_head"].partition(":")
    assert int(seq) > 0 and len(digest) == 64


def test_report_table_has_a_provenance_footer_that_verifies(district, run, capsys):
    assert run("report", "zones", "--year", "2025") == 0
    out = capsys.readouterr().out
    assert out.startswith("2025年重点监测矿区名单") and "数据截至 2025-06-15" in out.splitlines()[0]
    footer = out.strip().splitlines()[-1]
    head = footer.rsplit(" ", 1)[-1]
    assert "tester" in footer and ":" in head
    assert run("audit", "verify", "--head", head) == 0


def test_report_xlsx_title_row_types_and_properties(district, run, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "expiry.xlsx"
    assert run("report", "licence-expiry", "--days", "180", "--out", str(out)) == 0
    book = load_workbook(out)
    sheet = book.active
    title = sheet["A1"].value
    assert "采矿许可证到期" in title and "days=180" in title and "数据截至 2025-06-15" in title
    assert [c.value for c in sheet[2]] == ["有效期止", "剩余天数", "许可证号", "矿山名称", "矿业权人", "自然资源所",
                                           "矿山状态"]
    assert sheet[2][0].font.bold and sheet.freeze_panes == "A3"
    valid_to, days_left, licence = sheet["A3"], sheet["B3"], sheet["C3"]
    assert valid_to.is_date and valid_to.value.date() == date(2025, 5, 1)
    assert days_left.data_type == "n" and days_left.value == -45
    assert licence.data_type == "s" and licence.value == LIC["D"] and licence.number_format == "@"
    assert sheet["G3"].value == "在产"
    assert book.properties.creator == "tester" and "audit-head" in book.properties.keywords


def test_report_gbk_csv_round_trip(district, run, tmp_path):
    out = tmp_path / "zones.csv"
    assert run("report", "zones", "--year", "2025", "--headers", "zh", "--encoding", "gbk", "--out", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("gbk"))))
    assert [(r["级别"], r["监测矿区"], r["许可证号"]) for r in rows] == [
        ("部级", "上党煤矿区", LIC["A"]), ("区级", "西火煤矿区", LIC["B"])]


def test_bad_parameter_value_exits_2(run, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run("report", "zones", "--year", "twenty")
    assert exit_info.value.code == 2
