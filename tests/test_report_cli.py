"""`minetui report …` and `minetui calendar …` on the hand-made district of test_patrol_report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document

from minetui import cli
from minetui.services.reporting.catalogue import catalogue
from minetui.services.reporting.model import Report
from tests.test_ics import read_events, unescape
from tests.test_patrol_report import build_district

TODAY = "2025-06-15"


@pytest.fixture
def district(ctx):
    return build_district(ctx)


@pytest.fixture
def run(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def invoke(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", TODAY, *argv])

    return invoke


def test_list_names_every_report(run, capsys):
    assert run("report", "--list") == 0
    out = capsys.readouterr().out
    assert "patrol-summary" in out and "年度巡查工作总结报告" in out and "--year" in out and "docx" in out


def test_report_without_a_name_is_refused(run, capsys):
    assert run("report") == 2
    assert "--list" in capsys.readouterr().err


def test_catalogue_specs_are_complete():
    for name, spec in catalogue().items():
        assert isinstance(spec, Report) and spec.name == name and spec.zh and spec.en
        keys = [c.key for c in spec.columns()]
        assert len(keys) == len(set(keys))


def test_patrol_summary_csv(district, run, capsys):
    assert run("report", "patrol-summary", "--year", "2025", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [r["office"] for r in rows] == ["SD", "XH", ""]
    sd, _xh, total = rows
    assert (sd["mines"], sd["duties"], sd["met"], sd["missed"], sd["open"], sd["met_pct"]) == (
        "2", "16", "5", "2", "9", "71.4")
    assert (sd["drone_road_blocked"], sd["drone_safety_hazard"], sd["findings"]) == ("1", "1", "3")
    assert (total["duties"], total["met"], total["missed"], total["patrols"], total["drone"]) == (
        "21", "7", "3", "9", "3")


def test_patrol_summary_xlsx_and_office_filter(district, run, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "summary.xlsx"
    assert run("report", "patrol-summary", "--year", "2025", "--office", "XH", "--out", str(out)) == 0
    sheet = load_workbook(out).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "2025" in values[0][0]  # the title row
    header = values[1]
    xh = dict(zip(header, values[2], strict=True))
    assert xh["自然资源所"] == "西火自然资源所" and xh["应巡查次数"] == 5 and xh["逾期未巡查"] == 1


def test_patrol_summary_docx_to_a_file(district, run, tmp_path):
    out = tmp_path / "report.docx"
    assert run("report", "patrol-summary", "--year", "2025", "--office", "SD", "--out", str(out)) == 0
    document = Document(str(out))
    assert document.paragraphs[0].text == "苏店自然资源所2025年度重点监测矿区日常巡查工作总结报告"
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[:7] == ["苏店自然资源所", "2", "16", "5", "2", "9", "71.4%"]


def test_docx_is_never_written_to_a_terminal(district, run, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert run("report", "patrol-summary", "--year", "2025", "--format", "docx") == 2
    assert "--out" in capsys.readouterr().err


def test_calendar_json_lists_duties(district, run, capsys):
    assert run("calendar", "--year", "2025", "--office", "XH", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["period"], r["kind"], r["due"], r["state"]) for r in rows] == [
        ("2025-01", "monthly", "2025-01-31", "overdue"),
        ("2025-02", "monthly", "2025-02-28", "met"),
        ("2025-Q2", "quarterly", "2025-06-30", "met"),
        ("2025-Q3", "quarterly", "2025-09-30", "open"),
        ("2025-Q4", "quarterly", "2025-12-31", "open"),
    ]
    assert rows[1]["patrol_dates"] == "2025-02-08" and rows[0]["licence_no"] == "C1404002020011110000003"
    assert set(rows[0]) == {"licence_no", "mine", "office", "period", "kind", "due", "state", "patrol_dates"}


def test_calendar_ics_holds_duties_and_deadlines(district, run, tmp_path):
    out = tmp_path / "duties.ics"
    assert run("calendar", "--year", "2025", "--out", str(out)) == 0
    text = out.read_bytes().decode("utf-8")
    events = {e["UID"]: e for e in read_events(text)}
    assert len(events) == 21 + 7  # the district's duties and the notice's deadlines
    q2 = events["duty-C1404002020011110000002-2025-Q2@minetui"]
    assert (q2["DTSTART"], q2["DTEND"]) == ("20250630", "20250701")
    assert "二号煤矿" in unescape(q2["SUMMARY"])
    assert events["deadline-R-PAT-6-2025-12-31@minetui"]["DTSTART"] == "20251231"
    # the same export again gives the same UIDs (a re-import updates instead of doubling)
    again = tmp_path / "again.ics"
    assert run("calendar", "--year", "2025", "--format", "ics", "--out", str(again)) == 0
    assert {e["UID"] for e in read_events(again.read_bytes().decode("utf-8"))} == set(events)
