"""Leads in the domain core: the state machine (every step, and random sequences), deadlines, routes."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minetui.domain.leads.leads import (
    ROUTES,
    LeadAction,
    LeadSettings,
    LeadState,
    Rule,
    TrailStep,
    allowed_actions,
    apply,
    lead_deadline,
    overdue,
    receiver_of_finding,
    replay,
    route_for,
)
from minetui.domain.leads.lists import ListDecision, ListKind, decision_problems, may_list, review_date
from minetui.domain.leads.patches import Handling, Verdict, patch_deadline, patch_problems, year_closes
from minetui.domain.model import Section
from minetui.domain.patrols.record import ChecklistItem
from minetui.domain.workdays import WorkCalendar
from tests.calendar_fixtures import CHINA_2025_2026

S, A = LeadState, LeadAction
ALLOWED = {
    (S.DRAFT, A.SEND): S.SENT,
    (S.RETURNED, A.SEND): S.SENT,
    (S.SENT, A.RECEIVE): S.RECEIVED,
    (S.SENT, A.RETURN): S.RETURNED,
    (S.RECEIVED, A.RETURN): S.RETURNED,
    (S.RECEIVED, A.HANDLE): S.HANDLING,
    (S.RECEIVED, A.CLOSE): S.CLOSED,
    (S.HANDLING, A.CLOSE): S.CLOSED,
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(A))
def test_every_transition_is_allowed_or_refused_with_a_message(state: LeadState, action: LeadAction) -> None:
    result = apply(state, action, "因为")
    if (state, action) in ALLOWED:
        assert result.allowed and result.new_state is ALLOWED[(state, action)] and result.reason == ""
    else:
        assert not result.allowed and result.new_state is state
        assert result.reason and any("\u4e00" <= ch <= "\u9fff" for ch in result.reason)  # Chinese by default


def test_returning_needs_a_reason_and_closing_an_outcome() -> None:
    assert not apply(S.SENT, A.RETURN).allowed and "理由" in apply(S.SENT, A.RETURN, "  ").reason
    assert not apply(S.HANDLING, A.CLOSE, "").allowed
    assert apply(S.HANDLING, A.CLOSE, "已立案").allowed


def test_a_closed_lead_accepts_nothing() -> None:
    assert allowed_actions(S.CLOSED) == []
    assert "办结" in apply(S.CLOSED, A.SEND).reason


@given(st.lists(st.tuples(st.sampled_from(list(A)), st.sampled_from(["", "理由"])), max_size=40))
def test_random_action_sequences_stay_consistent(actions: list[tuple[LeadAction, str]]) -> None:
    """Only allowed steps change the state; the trail replays to the state; a closed lead stays closed;
    a lead is received only after being sent, and every return carries its reason."""
    state = S.DRAFT
    trail = [TrailStep("create", None, S.DRAFT)]
    for action, note in actions:
        result = apply(state, action, note)
        if not result.allowed:
            assert result.new_state is state
            continue
        trail.append(TrailStep(str(action), state, result.new_state, note))
        state = result.new_state
        assert replay(trail) is state
    assert replay(trail) is state
    states = [step.to_state for step in trail]
    if S.CLOSED in states:
        assert states[states.index(S.CLOSED):] == [S.CLOSED]
    for before, after in itertools.pairwise(states):
        if after is S.RECEIVED:
            assert before is S.SENT
    assert all(step.reason for step in trail if step.to_state is S.RETURNED)


def test_a_trail_that_does_not_follow_is_refused() -> None:
    with pytest.raises(ValueError):
        replay([TrailStep("create", None, S.DRAFT), TrailStep("receive", S.DRAFT, S.RECEIVED)])
    with pytest.raises(ValueError):
        replay([TrailStep("create", None, S.DRAFT), TrailStep("send", S.SENT, S.RECEIVED)])


# --- deadlines ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2024, 2025, 2026, 2030])
@pytest.mark.parametrize("rule", ["R-LEAD-1", "R-LEAD-2", "R-LEAD-3", "R-LEAD-4"])
def test_exchange_leads_are_due_nov_30_of_their_year(rule: str, year: int) -> None:
    assert lead_deadline(rule, date(year, 12, 20), year, WorkCalendar()) == date(year, 11, 30)


def test_immediately_is_the_same_working_day() -> None:
    friday = date(2025, 6, 13)
    assert lead_deadline(Rule.LEAD_6, friday, 2025, WorkCalendar()) == friday  # a Friday-evening patch: Friday
    assert lead_deadline(Rule.LEAD_6, date(2025, 6, 14), 2025, WorkCalendar()) == date(2025, 6, 16)  # Saturday
    # Before the National Day holiday (example calendar): Sep 30 is still a working day …
    assert lead_deadline(Rule.LEAD_6, date(2025, 9, 30), 2025, CHINA_2025_2026) == date(2025, 9, 30)
    # … found on the holiday: due on the first working day after it (Oct 9, 2025).
    assert lead_deadline(Rule.LEAD_6, date(2025, 10, 1), 2025, CHINA_2025_2026) == date(2025, 10, 9)
    # A configured holiday on a weekday moves it too.
    holiday = WorkCalendar(holidays=frozenset({date(2025, 6, 16)}))
    assert lead_deadline(Rule.LEAD_6, date(2025, 6, 14), 2025, holiday) == date(2025, 6, 17)


def test_registration_leads_are_due_days_after_issue() -> None:
    issued = date(2025, 3, 3)  # a Monday; +20 days = Sunday Mar 23 → Monday Mar 24
    assert lead_deadline(Rule.LEAD_5, issued, 2025, WorkCalendar()) == date(2025, 3, 24)
    assert lead_deadline(Rule.LEAD_5, issued, 2025, WorkCalendar(), LeadSettings(registration_days=10)) == date(
        2025, 3, 13)


def test_overdue_for_sending_and_for_handling() -> None:
    due, after = date(2025, 11, 30), date(2025, 12, 1)
    assert not overdue(S.SENT, due, due).any
    assert overdue(S.SENT, due, after).sending and overdue(S.SENT, due, after).handling
    assert not overdue(S.RECEIVED, due, after).sending and overdue(S.RECEIVED, due, after).handling
    assert not overdue(S.CLOSED, due, after).any


# --- routes ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, receiver", [
    (ChecklistItem.OUTSIDE_BOUNDARY, Section.ENFORCEMENT), (ChecklistItem.UNLICENSED, Section.ENFORCEMENT),
    (ChecklistItem.FARMLAND, Section.ENFORCEMENT), (ChecklistItem.BASIC_FARMLAND, Section.ENFORCEMENT),
    (ChecklistItem.ECO_DAMAGE, Section.RESTORATION), (ChecklistItem.FOREST_GRASS, Section.FORESTRY),
])
def test_each_finding_kind_goes_to_its_receiver(kind: ChecklistItem, receiver: Section) -> None:
    assert receiver_of_finding(kind) is receiver
    assert route_for(Rule.TIP, str(kind)).to is receiver


def test_the_notice_routes() -> None:
    pairs = {r.rule: (r.frm, r.to) for r in ROUTES if r.kind == ""}
    assert pairs[Rule.LEAD_1] == (Section.MINERAL, Section.ENFORCEMENT)
    assert pairs[Rule.LEAD_2] == (Section.ENFORCEMENT, Section.MINERAL)
    assert pairs[Rule.LEAD_3] == (Section.MINERAL, Section.RESTORATION)
    assert pairs[Rule.LEAD_4] == (Section.RESTORATION, Section.MINERAL)
    assert pairs[Rule.LEAD_5][1] is Section.FORESTRY and pairs[Rule.LEAD_6][1] is Section.FORESTRY
    assert {r.rule for r in ROUTES if r.list_decision} == {Rule.LEAD_2, Rule.LEAD_4}


# --- lists and patches --------------------------------------------------------------------------------------

def test_list_rules() -> None:
    assert may_list(True).allowed and not may_list(False).allowed and "登记机关" in may_list(False).reason
    assert review_date(ListKind.SERIOUS, date(2024, 2, 29)) == date(2027, 2, 28)
    assert review_date(ListKind.SERIOUS, date(2025, 5, 1), 5) == date(2030, 5, 1)
    assert review_date(ListKind.ABNORMAL, date(2025, 5, 1)) is None
    assert decision_problems(None, None, "") and decision_problems(ListDecision.NOT_LISTED, None, " ")
    assert decision_problems(ListDecision.LISTED, ListKind.ABNORMAL, "") == []


def test_patch_rules_and_deadlines() -> None:
    found = patch_problems(Verdict.ILLEGAL, None, "")
    assert [(p.field, p.code) for p in found] == [("handling", "patch.handling_missing")]
    found = patch_problems(Verdict.ILLEGAL, Handling.NONE, "")
    assert [(p.field, p.code) for p in found] == [("reason", "patch.reason_missing")]
    assert patch_problems(Verdict.ILLEGAL, Handling.NONE, "已整改复垦") == []
    assert patch_problems(Verdict.LEGAL, None, "") == []
    assert year_closes(2026) == date(2027, 2, 28) and year_closes(2027) == date(2028, 2, 28)
    # the year's close is a fixed day of the notice: Feb 28, 2027 stays, though a Sunday
    assert patch_deadline(2026, None, WorkCalendar()) == date(2027, 2, 28)
    # a month after Jan 31 is Feb 28 (a Friday in 2025)
    assert patch_deadline(2024, date(2025, 1, 31), WorkCalendar()) == date(2025, 2, 28)
