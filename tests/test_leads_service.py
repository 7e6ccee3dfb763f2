"""Leads through the services on real SQLite files: automatic drafting, the lifecycle with its trail and audit,
list decisions, tips, and the Nov 30 exchange."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from minetui.domain.leads.leads import LeadState, replay
from minetui.domain.leads.lists import ListDecision, ListKind
from minetui.domain.model import Section
from minetui.domain.patrols.record import ChecklistItem
from minetui.errors import ServiceError, StaleRecord
from minetui.services.core.context import Context
from minetui.services.importing import import_file
from minetui.services.leads import drafting, leads, lists, tips
from minetui.services.leads import exchange as exchange_service
from minetui.store import audit
from tests.factories import add_mine, add_office
from tests.lead_fixtures import draft, mine_with_findings, walk


def count(ctx: Context, table: str) -> int:
    return ctx.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_abnormal_findings_become_drafts_to_their_receivers(ctx: Context) -> None:
    mine_id, _patrol = mine_with_findings(ctx)
    found = {(r.kind, r.to_section) for r in leads.list_leads(ctx)}
    assert found == {("outside_boundary", Section.ENFORCEMENT), ("eco_damage", Section.RESTORATION),
                     ("forest_grass_damage", Section.FORESTRY)}
    row = leads.list_leads(ctx, section=Section.ENFORCEMENT, box="in")[0]
    assert row.state is LeadState.DRAFT and row.from_office == "SD" and row.rule == "R-PAT-5"
    assert row.mine_id == mine_id and row.deadline == date(2025, 6, 17)  # 5 working days after 2025-06-10
    assert "越界开采" in row.description


def test_one_finding_never_yields_two_leads(ctx: Context) -> None:
    _mine, patrol_id = mine_with_findings(ctx)
    assert count(ctx, "leads") == 3
    assert drafting.draft_missing_leads(ctx).total == 0
    assert drafting.draft_for_patrol(ctx, patrol_id) == []
    assert count(ctx, "leads") == 3
    finding_id = ctx.conn.execute("SELECT min(id) FROM findings").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):  # the UNIQUE origin key itself
        ctx.conn.execute("INSERT INTO leads (year, rule, source, from_section, to_section, location, origin_key,"
                         " deadline, created_by, created_at) VALUES (2025, 'R-PAT-5', 'patrol', 'mineral',"
                         " 'enforcement', 'x', ?, '2025-06-20', 't', 't')", (f"finding:{finding_id}",))


def test_back_fill_drafts_what_is_missing(ctx: Context) -> None:
    mine_with_findings(ctx)
    ctx.conn.execute("DELETE FROM lead_events")
    ctx.conn.execute("DELETE FROM leads")
    done = drafting.draft_missing_leads(ctx)
    assert len(done.findings) == 3 and count(ctx, "leads") == 3
    assert drafting.draft_missing_leads(ctx).total == 0


def test_the_lifecycle_keeps_a_trail_that_explains_the_state(ctx: Context) -> None:
    mine_with_findings(ctx, (ChecklistItem.OUTSIDE_BOUNDARY,))
    lead = leads.list_leads(ctx)[0]
    walk(ctx, lead.id, "send", "return", "send", "receive", "handle")
    closed = leads.close(ctx, lead.id, "已立案查处").lead
    assert closed.state is LeadState.CLOSED and closed.closed_on == ctx.today and closed.outcome == "已立案查处"
    detail = leads.lead_detail(ctx, lead.id)
    assert [e.action for e in detail.trail] == ["create", "send", "return", "send", "receive", "handle", "close"]
    assert replay(leads.trail_steps(detail.trail)) is LeadState.CLOSED
    assert all(e.actor == "tester" for e in detail.trail) and detail.trail[2].reason == "理由"
    actions = [r["action"] for r in audit.log(ctx.conn, entity=f"lead:{lead.id}")]
    assert actions[::-1] == ["lead.draft", "lead.send", "lead.return", "lead.send", "lead.receive", "lead.handle",
                             "lead.close"]


def test_impossible_steps_and_stale_versions_change_nothing(ctx: Context) -> None:
    lead_id = draft(ctx, "R-LEAD-1", add_mine(ctx, "C1", "甲矿", office=None))
    before = count(ctx, "audit")
    with pytest.raises(leads.LeadRefused, match="草稿"):
        leads.receive(ctx, lead_id)
    with pytest.raises(leads.LeadRefused):
        leads.return_lead(ctx, lead_id, "")
    sent = leads.send(ctx, lead_id, version=1)
    with pytest.raises(StaleRecord):
        leads.receive(ctx, lead_id, version=1)
    assert count(ctx, "audit") == before + 1 and leads.get_lead(ctx, lead_id).version == sent.version == 2


def test_overdue_both_ways(ctx: Context) -> None:
    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    late = draft(ctx, "R-LEAD-1", mine_id, year=2024)  # due 2024-11-30
    received = draft(ctx, "R-LEAD-3", mine_id, year=2024)
    walk(ctx, received, "send", "receive")
    draft(ctx, "R-LEAD-1", mine_id, year=2025)
    rows = {r.id: r for r in leads.list_leads(ctx, overdue_only=True)}
    assert set(rows) == {late, received}
    assert rows[late].overdue.sending and rows[late].overdue.handling
    assert not rows[received].overdue.sending and rows[received].overdue.handling
    counts = leads.box_counts(ctx, Section.MINERAL)
    assert counts.outbox_drafts == 2 and counts.outbox_overdue == 1


def test_closing_an_enforcement_lead_needs_a_list_decision(ctx: Context) -> None:
    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    lead_id = draft(ctx, "R-LEAD-2", mine_id)
    walk(ctx, lead_id, "send", "receive")
    with pytest.raises(leads.LeadRefused, match="名录"):
        leads.close(ctx, lead_id, "已立案")
    with pytest.raises(leads.LeadRefused, match="理由"):
        leads.close(ctx, lead_id, "已立案", decision=ListDecision.NOT_LISTED)
    done = leads.close(ctx, lead_id, "已立案查处", decision=ListDecision.LISTED, list_kind=ListKind.SERIOUS,
                       decision_reason="越界开采拒不整改")
    assert done.lead.list_decision is ListDecision.LISTED and done.entry_id is not None
    entry = lists.entries(ctx, kind=ListKind.SERIOUS)[0]
    assert entry.lead_id == lead_id and entry.review_on == date(2028, 6, 15)
    assert "第13号" in entry.legal_basis and entry.reason == "越界开采拒不整改"


def test_a_right_the_bureau_did_not_register_is_forwarded_not_listed(ctx: Context) -> None:
    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    ctx.conn.execute("UPDATE mines SET registered_by = 'city' WHERE id = ?", (mine_id,))
    lead_id = draft(ctx, "R-LEAD-4", mine_id)
    walk(ctx, lead_id, "send", "receive")
    done = leads.close(ctx, lead_id, "修复不到位", decision=ListDecision.LISTED, list_kind=ListKind.ABNORMAL)
    assert done.entry_id is None and done.lead.list_decision is ListDecision.NOT_LISTED
    forwarded = leads.get_lead(ctx, done.forwarded_lead_id)
    assert forwarded.to_section is Section.CITY and forwarded.state is LeadState.DRAFT and forwarded.rule == "R-LIST-1"
    assert lists.entries(ctx) == []
    direct = lists.add_entry(ctx, mine_id, ListKind.ABNORMAL, "未按期公示信息")
    assert direct.entry_id is None and direct.forwarded_lead_id not in (None, done.forwarded_lead_id)


def test_list_entries_are_added_once_and_removed_with_a_reason(ctx: Context) -> None:
    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    entry_id = lists.add_entry(ctx, mine_id, "abnormal", "未按期公示").entry_id
    assert entry_id is not None
    with pytest.raises(ServiceError):
        lists.add_entry(ctx, mine_id, "abnormal", "again")
    with pytest.raises(ServiceError):
        lists.remove_entry(ctx, entry_id, " ")
    removed = lists.remove_entry(ctx, entry_id, "已整改", version=1)
    assert removed.date_out == ctx.today and lists.entries(ctx) == []
    assert len(lists.entries(ctx, current_only=False)) == 1


def test_a_tip_becomes_a_draft_and_its_contact_stays_private(ctx: Context) -> None:
    add_office(ctx)
    add_mine(ctx, "C1", "甲矿")
    added = tips.add_tip(ctx, tips.TipInput("夜间有人在山坡开采", "无证开采", place="西池乡某村后山",
                                            reporter="王某", contact="13800000000"))
    lead = leads.get_lead(ctx, added.lead_id)
    assert lead.to_section is Section.ENFORCEMENT and lead.from_section is Section.TASK_FORCE
    assert lead.state is LeadState.DRAFT and lead.location == "西池乡某村后山"
    assert tips.tip_detail(ctx, added.tip_id).contact == "13800000000"
    listed = tips.tip_rows(ctx)
    assert listed and all("13800000000" not in str(v) for row in listed for v in row.values())
    assert all("13800000000" not in (r["after"] or "") for r in audit.log(ctx.conn))


def test_a_forest_licence_registered_or_renewed_gets_one_registration_draft(ctx: Context, tmp_path: Path) -> None:
    add_office(ctx)
    header = "licence_no,name,holder,minerals,method,status,office,valid_from,valid_to,forest_grass\n"
    mines = tmp_path / "mines.csv"
    forest = "C1404042025011110000009,林地石料矿,林地公司,石灰岩,露天,基建,SD,{day},2030-06-01,是\n"
    mines.write_text(header + forest.format(day="2025-06-02")
                     + "C1404042025011110000010,平地矿,平地公司,石灰岩,露天,基建,SD,2025-06-02,2030-06-01,否\n",
                     encoding="utf-8")
    import_file(ctx, "mines", mines)
    found = leads.list_leads(ctx, section=Section.FORESTRY, box="in")
    assert [(r.rule, r.licence_no, r.deadline) for r in found] == [
        ("R-LEAD-5", "C1404042025011110000009", date(2025, 6, 23))]  # 20 days → Sunday Jun 22 → Monday
    import_file(ctx, "mines", mines)
    assert len(leads.list_leads(ctx, section=Section.FORESTRY)) == 1
    mines.write_text(header + forest.format(day="2025-06-12"), encoding="utf-8")
    import_file(ctx, "mines", mines)  # renewed: a new issue date, a new draft
    assert len(leads.list_leads(ctx, section=Section.FORESTRY)) == 2
    assert drafting.draft_missing_leads(ctx).total == 0


def test_the_exchange_tells_each_section_what_it_still_owes(ctx: Context) -> None:
    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    for steps in ((), ("send",), ("send", "receive"), ("send", "receive", "close")):
        walk(ctx, draft(ctx, "R-LEAD-1", mine_id), *steps)
    walk(ctx, draft(ctx, "R-LEAD-3", mine_id), "send", "return")
    draft(ctx, "R-LEAD-1", mine_id, year=2024)  # another year: not counted
    rows = {r.rule: r for r in exchange_service.exchange(ctx, 2025)}
    one = rows["R-LEAD-1"]
    assert (one.from_section, one.to_section) == (Section.MINERAL, Section.ENFORCEMENT)
    assert (one.total, one.drafts, one.awaiting, one.in_hand, one.closed, one.owed) == (4, 1, 1, 1, 1, 2)
    assert one.deadline == date(2025, 11, 30) and one.days_left == 168
    assert (rows["R-LEAD-3"].drafts, rows["R-LEAD-3"].owed) == (1, 1)
    assert rows["R-LEAD-2"].total == rows["R-LEAD-4"].total == 0


def test_a_patrol_overstep_reaches_enforcement_and_closes_with_an_abnormal_list_decision(ctx: Context) -> None:
    """Issue 4's "done when": a patrol's 越界 → a lead enforcement receives and closes onto the abnormal list."""
    from tests.lead_fixtures import mine_with_findings

    mine_id, _patrol = mine_with_findings(ctx, (ChecklistItem.OUTSIDE_BOUNDARY,))
    [lead] = leads.list_leads(ctx, mine_id=mine_id)
    assert lead.to_section is Section.ENFORCEMENT and lead.state is LeadState.DRAFT
    walk(ctx, lead.id, "send", "receive")
    done = leads.close(ctx, lead.id, "已立案查处", decision=ListDecision.LISTED, list_kind=ListKind.ABNORMAL,
                       decision_reason="越界开采")
    assert done.lead.list_decision is ListDecision.LISTED
    [entry] = lists.entries(ctx, kind=ListKind.ABNORMAL)
    assert entry.lead_id == lead.id and entry.mine_id == mine_id


def test_a_decision_is_optional_for_enforcement_and_refused_where_no_list_applies(ctx: Context) -> None:
    from tests.lead_fixtures import mine_with_findings

    mine_id, _patrol = mine_with_findings(ctx, (ChecklistItem.OUTSIDE_BOUNDARY, ChecklistItem.ECO_DAMAGE))
    by_receiver = {lead.to_section: lead for lead in leads.list_leads(ctx, mine_id=mine_id)}
    enforcement, restoration = by_receiver[Section.ENFORCEMENT], by_receiver[Section.RESTORATION]
    walk(ctx, enforcement.id, "send", "receive")
    assert leads.close(ctx, enforcement.id, "已核实，未发现越界").lead.list_decision is None
    walk(ctx, restoration.id, "send", "receive")
    with pytest.raises(leads.LeadRefused, match="名录"):
        leads.close(ctx, restoration.id, "已整改", decision=ListDecision.LISTED, list_kind=ListKind.ABNORMAL)


def test_a_closed_lead_lists_no_days_left(ctx: Context) -> None:
    from minetui.services.reporting.leads import lead_dicts

    mine_id = add_mine(ctx, "C1", "甲矿", office=None)
    open_id, closed_id = draft(ctx, "R-LEAD-1", mine_id), draft(ctx, "R-LEAD-3", mine_id)
    walk(ctx, closed_id, "send", "receive", "close")
    rows = {r["id"]: r for r in lead_dicts(leads.list_leads(ctx))}
    assert rows[closed_id]["days_left"] is None and rows[open_id]["days_left"] == 168  # 2025-06-15 → Nov 30
