"""Leads, patches, verification, surveys and spot-checks on the dashboard, in the brief and in the deadline list:
each figure against a small hand-built district whose answers are worked out by hand, and against its report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minetui.domain.inspections.spotchecks import Trigger, TriggerKind
from minetui.domain.model import Section, ZoneLevel
from minetui.services.core.context import Context
from minetui.services.importing import import_file
from minetui.services.inspections import spotchecks, surveys, verification
from minetui.services.reporting.brief import build_brief
from minetui.services.reporting.catalogue import run_report
from minetui.services.reporting.dashboard import build_dashboard
from minetui.services.reporting.deadlines import upcoming
from minetui.services.reporting.inspection_panels import year_progress
from minetui.services.reporting.lead_panels import desk_counts
from minetui.store import audit
from tests.factories import add_mine, add_office
from tests.lead_fixtures import draft, walk
from tests.patrol_fixtures import add_zone
from tests.test_surveys import result as survey_result
from tests.test_verification import record as verification_record

LIC_A, LIC_N = "C1404042020011110000001", "C1404042020011110000002"
PATCH_HEADER = "year,batch,patch_no,x,y,area_mu,verdict,handling,reason,forest_grass_damage,returned_on\n"
INSIDE, OUTSIDE = "3980500.00,38410500.00", "3970020.00,38405020.00"


# --- the hand-built district ---------------------------------------------------------------------------------

def lead_district(ctx: Context) -> dict[str, int]:
    """Leads on 2025-06-15 (deadlines: 2024's exchange Nov 30 2024, 2025's Nov 30 2025):

    L1 R-LEAD-1 2024 draft (drafted 04-01)      → 矿管股 sending overdue; stuck, owner 矿管股
    L2 R-LEAD-2 2024 sent (04-01)               → 执法机构 sending overdue; 矿管股 open + handling overdue; stuck
    L3 R-LEAD-3 2024 received                   → 生态修复股 open + handling overdue
    L4 R-LEAD-4 2025 sent                       → 矿管股 open; the 2025 exchange owes 1 under R-LEAD-4
    L5 R-LEAD-3 2024 closed                     → nothing
    L6 R-LEAD-6 draft, arose Sun 06-15          → due Mon 06-16 (immediately), not overdue
    L7 R-PAT-5 from office SD, arose 05-01      → 苏店 sending overdue (5 working days)
    """
    add_office(ctx)
    a = add_mine(ctx, LIC_A, "甲煤矿")
    today = ctx.today
    ctx.today = date(2025, 4, 1)
    ids = {"L1": draft(ctx, "R-LEAD-1", a, year=2024), "L2": draft(ctx, "R-LEAD-2", a, year=2024)}
    walk(ctx, ids["L2"], "send")
    ctx.today = today
    ids["L3"] = draft(ctx, "R-LEAD-3", a, year=2024)
    walk(ctx, ids["L3"], "send", "receive")
    ids["L4"] = draft(ctx, "R-LEAD-4", a, year=2025)
    walk(ctx, ids["L4"], "send")
    ids["L5"] = draft(ctx, "R-LEAD-3", a, year=2024, description="已办结的线索")
    walk(ctx, ids["L5"], "send", "receive", "close")
    ids["L6"] = draft(ctx, "R-LEAD-6", a)
    ids["L7"] = draft(ctx, "R-PAT-5", a, kind="outside_boundary", from_office="SD", arose=date(2025, 5, 1))
    ids["mine"] = a
    return ids


def inspection_district(ctx: Context, photo: Path) -> tuple[int, int]:
    """A (district zone) and N (national zone), both producing: both on the 2025 verification list, A's rounds
    organised by the district, N's by the province. A verified on 06-12 and surveyed (round 1) on 06-10."""
    add_office(ctx)
    a = add_mine(ctx, LIC_A, "甲煤矿")
    n = add_mine(ctx, LIC_N, "乙煤矿")
    add_zone(ctx, 2025, [a], name="苏店煤矿区")
    add_zone(ctx, 2025, [n], name="上党煤矿区", level=ZoneLevel.NATIONAL)
    verification.record_verification(ctx, a, 2025, verification_record(), evidence=[photo])
    surveys.record_survey(ctx, a, 2025, 1, survey_result())
    return a, n


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "site.jpg"
    path.write_bytes(b"jpeg bytes")
    return path


def import_patches(ctx: Context, tmp_path: Path, monkeypatch, at: str, lines: list[str]) -> None:
    """Import patches as if on `at` (the audit trail's timestamp says when a patch arrived)."""
    monkeypatch.setattr(audit, "now_utc", lambda: at)
    path = tmp_path / f"patches-{at[:10]}.csv"
    path.write_text(PATCH_HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    import_file(ctx, "patches", path)
    monkeypatch.undo()


def patch_district(ctx: Context, tmp_path: Path, monkeypatch) -> None:
    """2024 (arrived in January): P1 legal, P2 not judged (overdue since Feb 28), P3 illegal/case but returned on
    06-01 (fix by 07-01). 2025 (arrived 06-10): P4 illegal/case, P5 not judged, P6 legal and inside no licence."""
    add_office(ctx)
    add_mine(ctx, LIC_A, "甲煤矿")
    import_patches(ctx, tmp_path, monkeypatch, "2025-01-20T02:00:00+00:00", [
        f"2024,4,P1,{INSIDE},1.0,合法,,,否,", f"2024,4,P2,{INSIDE},2.0,,,,否,",
        f"2024,4,P3,{INSIDE},3.0,违法,立案,,否,2025-06-01"])
    import_patches(ctx, tmp_path, monkeypatch, "2025-06-10T02:00:00+00:00", [
        f"2025,1,P4,{INSIDE},1.5,违法,立案,,否,", f"2025,1,P5,{INSIDE},2.5,,,,否,",
        f"2025,1,P6,{OUTSIDE},0.5,合法,,,否,"])


def panel(ctx: Context, key: str):
    return next(p for p in build_dashboard(ctx).panels if p.key == key)


def section(ctx: Context, key: str):
    return next(s for s in build_brief(ctx).sections if s.key == key)


# --- leads ----------------------------------------------------------------------------------------------------

def test_lead_panel_by_hand_and_against_the_leads_report(ctx: Context) -> None:
    lead_district(ctx)
    leads = panel(ctx, "leads")
    assert [(r.label, [f.value for f in r.figures]) for r in leads.rows] == [
        ("矿管股", [2, 1, 1]), ("执法机构", [0, 1, 0]), ("生态修复股", [1, 0, 1]), ("苏店自然资源所", ["", 1, ""])]
    for desk in desk_counts(ctx):
        if desk.section is None:
            continue
        rows = run_report(ctx, "leads", {"section": str(desk.section)}).rows
        assert desk.handling_overdue == sum(r["to"] == str(desk.section) and r["handling_overdue"]
                                            and r["state"] != "draft" for r in rows)
        assert desk.sending_overdue == sum(r["from"] == str(desk.section) and r["sending_overdue"] for r in rows)
        assert desk.open == sum(r["to"] == str(desk.section) and r["state"] in ("sent", "received", "handling")
                                for r in rows)
    link = leads.rows[0].figures[2].link
    assert link.target == "leads" and link.params["section"] == "mineral" and link.params["box"] == "in"
    assert link.params["overdue"] == "handling"
    office = leads.rows[3].figures[1].link
    assert (office.params["office"], office.params["box"], office.params["overdue"]) == ("SD", "out", "sending")


def test_no_lead_keeps_the_placeholder(ctx: Context) -> None:
    add_office(ctx)
    assert panel(ctx, "leads").note == "尚无数据。"
    assert section(ctx, "leads").no_data


def test_stuck_leads_and_their_owners_in_the_brief(ctx: Context) -> None:
    ids = lead_district(ctx)
    stuck = section(ctx, "leads")
    assert stuck.title == "超过30天未办结的线索"
    # L1 (draft: its sender acts) and L2 (sent: its receiver acts), both last moved on 04-01: 75 days.
    assert [(r[0], r[4], r[5], r[6]) for r in stuck.rows] == [
        (str(ids["L1"]), "矿管股", "2025-04-01", "75"), (str(ids["L2"]), "矿管股", "2025-04-01", "75")]
    owners = section(ctx, "lead_owners")
    assert owners.rows == [["矿管股", "1", "1"], ["执法机构", "1", "0"], ["生态修复股", "0", "1"],
                           ["苏店自然资源所", "1", ""]]
    notice = {r[0]: r[4] for r in section(ctx, "notice").rows}
    assert notice["R-LEAD-4"] == "线索1条，尚欠1条，已办结0条"
    assert notice["R-LEAD-1"] == "线索0条，尚欠0条，已办结0条"  # L1 is 2024's


def test_lead_deadlines(ctx: Context) -> None:
    ids = lead_district(ctx)
    items = [d for d in upcoming(ctx, 180) if d.source == "leads"]
    assert [(d.date, d.rule, d.owner, d.count) for d in items] == [
        (date(2025, 6, 16), "R-LEAD-6", "执法机构", 1), (date(2025, 11, 30), "R-LEAD-4", "生态修复股", 1)]
    assert items[0].zh == f"线索{ids['L6']}移送林业部门：甲煤矿" and items[0].subject == LIC_A
    assert items[1].zh == "生态修复股→矿管股：尚有1条线索未移送接收"


# --- verification and surveys --------------------------------------------------------------------------------

def test_verification_and_survey_progress_by_hand_and_against_the_reports(ctx: Context, photo: Path) -> None:
    inspection_district(ctx, photo)
    ctx.today = date(2025, 7, 5)  # round 1 has ended: N's is overdue
    shown = panel(ctx, "verification")
    assert shown.title == "2025年实地核查和专项勘测进展"
    assert [[f.value for f in r.figures] for r in shown.rows] == [[2, 1, 0], [2, 1, 0], [2, 0, 1]]
    by_key = {p.key: p for p in year_progress(ctx, 2025)}
    listed = run_report(ctx, "verification-list", {"year": 2025}).rows
    assert by_key["verification"].listed == len(listed)
    assert by_key["verification"].done == sum(r["state"] == "done" for r in listed)
    ours = run_report(ctx, "surveys", {"year": 2025, "organiser": "district"}).rows
    theirs = run_report(ctx, "surveys", {"year": 2025, "organiser": "province"}).rows
    assert (by_key["surveys-ours"].listed, by_key["surveys-theirs"].overdue) == (
        len(ours), sum(r["state"] == "overdue" for r in theirs))
    assert shown.rows[0].figures[0].link.target == "verification"
    assert shown.rows[2].figures[2].link.params == {"year": 2025, "external": True}
    brief = section(ctx, "inspections")
    assert brief.rows[2] == ["专项勘测（市局、省厅组织）", "2", "0", "1"]
    notice = {r[0]: r[4] for r in section(ctx, "notice").rows}
    assert notice["R-SUR-1"] == "应勘测4次，已完成1次，逾期1次"


def test_verification_and_survey_deadlines(ctx: Context, photo: Path) -> None:
    inspection_district(ctx, photo)
    items = [d for d in upcoming(ctx, 180) if d.source in ("survey", "verification")]
    assert [(d.date, d.rule, d.owner, d.count) for d in items] == [
        (date(2025, 6, 30), "R-SUR-1", "省厅", 1),    # round 1: A's is done, N's owed
        (date(2025, 11, 30), "R-SUR-1", "区局", 1),   # round 2
        (date(2025, 11, 30), "R-SUR-1", "省厅", 1),
        (date(2025, 11, 30), "R-VER-1", "矿管股", 1),  # N not verified yet
    ]
    assert items[0].zh == "第1轮专项勘测尚有1座矿山未完成" and items[3].zh == "2025年度实地核查：尚有1座矿山未核查"


# --- spot-checks ----------------------------------------------------------------------------------------------

def test_spotchecks_in_the_brief_and_the_deadlines(ctx: Context) -> None:
    add_office(ctx)
    a = add_mine(ctx, LIC_A, "甲煤矿")
    spotchecks.open_spotcheck(ctx, a, Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 6, 1), "https://example.org/1"))
    spotchecks.open_spotcheck(ctx, a, Trigger(TriggerKind.AUDIT, "审计报告", date(2025, 3, 1)))
    shown = section(ctx, "spotchecks")
    assert shown.lines == ["近30天新开展1次；本年共2次：待抽查1次，逾期1次，已完成0次"]
    assert shown.rows == [["2025-06-01", "甲煤矿", "媒体曝光", "上党晚报", "2025-06-30", "待抽查"]]
    items = [d for d in upcoming(ctx, 90) if d.source == "spotcheck"]
    assert [(d.date, d.owner) for d in items] == [(date(2025, 6, 30), "矿管股、生态修复股")]


def test_no_spotcheck_keeps_the_placeholder(ctx: Context) -> None:
    add_office(ctx)
    assert section(ctx, "spotchecks").no_data


# --- satellite patches ---------------------------------------------------------------------------------------

def test_new_patches_in_the_brief(ctx: Context, tmp_path: Path, monkeypatch) -> None:
    patch_district(ctx, tmp_path, monkeypatch)
    shown = section(ctx, "patches")
    assert shown.lines == ["近30天新增图斑3个", "其中违法1个，不在任何采矿许可证范围内1个，破坏林草0个"]
    assert shown.rows == [["2024", "3", "2", "1", "1", "2025-02-28"], ["2025", "3", "1", "0", "0", "2026-02-28"]]
    report = run_report(ctx, "patches", {"year": 2024}).rows
    assert sum(r["overdue"] for r in report) == 1
    notice = {r[0]: r[4] for r in section(ctx, "notice").rows}
    assert notice["R-SAT-1"] == "图斑3个，已办结1个，被退回1个"


def test_patch_deadlines(ctx: Context, tmp_path: Path, monkeypatch) -> None:
    patch_district(ctx, tmp_path, monkeypatch)
    items = [d for d in upcoming(ctx, 300) if d.source == "patch"]
    assert [(d.date, d.count, d.zh) for d in items] == [
        (date(2025, 7, 1), 1, "退回图斑P3整改期限"), (date(2026, 2, 28), 1, "2025年度卫片图斑尚有1个未办结")]
    assert {d.owner for d in items} == {Section.ENFORCEMENT.zh}


def test_no_patch_keeps_the_placeholder(ctx: Context) -> None:
    add_office(ctx)
    assert section(ctx, "patches").no_data
