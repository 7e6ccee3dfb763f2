"""Leads (线索) between the bureau's sections and to outside agencies: where each kind goes, when it is due,
and the lifecycle every lead follows (R-LEAD-1…6, R-PAT-5, public tips, R-LIST-1 forwarding).

Pure rules: no SQL, no UI. Three parts:

- ROUTES — the one table saying which rule routes what from where to where, and how its deadline is set;
- `lead_deadline` — Nov 30 of the year for R-LEAD-1…4; "immediately" (the same working day, or the next one
  when the day is not a working day) for R-LEAD-6; N days after the licence's issue for R-LEAD-5 (a setting,
  default 20, *verify*); a few working days for leads the notice gives no date (a setting, default 5);
- the state machine — draft → sent → received → handling → closed (with an outcome); a sent or received
  lead may be returned with a reason and re-sent. `apply(state, action, note)` says whether a step is
  allowed and where it leads; a refusal carries its message. `replay(trail)` rebuilds the state from the
  trail, so the trail always explains the current state.

Overdue (both shown): *sending* overdue = past the deadline and not yet received; *handling* overdue = past
the deadline and not yet closed.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from minetui.domain.deadlines import exchange_day
from minetui.domain.model import Section, _Worded
from minetui.domain.patrols.record import ChecklistItem, finding_receiver
from minetui.domain.workdays import WorkCalendar
from minetui.i18n import _

# ================================================================================================
# Words
# ================================================================================================


class LeadSource(_Worded):
    PATROL = "patrol"
    VERIFICATION = "verification"
    ENFORCEMENT = "enforcement"
    RESTORATION = "restoration"
    SATELLITE = "satellite"
    REGISTRATION = "registration"
    TIP = "tip"
    MANUAL = "manual"

    @staticmethod
    def EN() -> dict[LeadSource, str]:
        return {
            LeadSource.ENFORCEMENT: "Enforcement",
            LeadSource.RESTORATION: "Restoration",
            LeadSource.REGISTRATION: "Registration",
        }


class LeadState(_Worded):
    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"
    HANDLING = "handling"
    CLOSED = "closed"
    RETURNED = "returned"


class LeadAction(_Worded):
    SEND = "send"
    RECEIVE = "receive"
    HANDLE = "handle"
    CLOSE = "close"
    RETURN = "return"


class Rule(StrEnum):
    """The rule that routes a lead (ids of domain.md; TIP, LIST and MANUAL are this tool's own)."""

    LEAD_1 = "R-LEAD-1"
    LEAD_2 = "R-LEAD-2"
    LEAD_3 = "R-LEAD-3"
    LEAD_4 = "R-LEAD-4"
    LEAD_5 = "R-LEAD-5"
    LEAD_6 = "R-LEAD-6"
    PATROL = "R-PAT-5"
    TIP = "TIP"
    LIST = "R-LIST-1"
    MANUAL = "MANUAL"


class DueKind(StrEnum):
    NOV_30 = "nov_30"            # Nov 30 of the lead's year (R-LEAD-1…4)
    IMMEDIATELY = "immediately"  # the same working day (R-LEAD-6)
    AFTER_ISSUE = "after_issue"  # N calendar days after the licence's issue (R-LEAD-5)
    WORKDAYS = "workdays"        # N working days after the lead arose (no date in the notice)


# ================================================================================================
# Routes: the one table
# ================================================================================================


@dataclass(frozen=True, slots=True)
class Route:
    """Rule `rule` (for finding kind `kind`, '' = any) routes leads from `source` `frm` → `to`.

    `frm` None: the lead comes from the office that found it (patrol findings) or from whoever is named.
    `list_decision`: closing such a lead requires a list decision (R-LEAD-2, R-LEAD-4 → R-LIST-1).
    """

    rule: Rule
    kind: str
    source: LeadSource
    frm: Section | None
    to: Section | None
    due: DueKind
    list_decision: bool = False


def _finding_routes(rule: Rule, source: LeadSource, frm: Section | None, due: DueKind) -> list[Route]:
    """R-PAT-5 (and tips, which report the same kinds of thing): each finding kind to its receiver."""
    return [Route(rule, str(kind), source, frm, finding_receiver(kind), due) for kind in ChecklistItem]


ROUTES: tuple[Route, ...] = (
    Route(Rule.LEAD_1, "", LeadSource.VERIFICATION, Section.MINERAL, Section.ENFORCEMENT, DueKind.NOV_30),
    Route(Rule.LEAD_2, "", LeadSource.ENFORCEMENT, Section.ENFORCEMENT, Section.MINERAL, DueKind.NOV_30, True),
    Route(Rule.LEAD_3, "", LeadSource.MANUAL, Section.MINERAL, Section.RESTORATION, DueKind.NOV_30),
    Route(Rule.LEAD_4, "", LeadSource.RESTORATION, Section.RESTORATION, Section.MINERAL, DueKind.NOV_30, True),
    Route(Rule.LEAD_5, "", LeadSource.REGISTRATION, Section.REGISTRATION, Section.FORESTRY, DueKind.AFTER_ISSUE),
    # 卫片执法 is run by the enforcement unit in the district bureau (product decision).
    Route(Rule.LEAD_6, "", LeadSource.SATELLITE, Section.ENFORCEMENT, Section.FORESTRY, DueKind.IMMEDIATELY),
    *_finding_routes(Rule.PATROL, LeadSource.PATROL, None, DueKind.WORKDAYS),
    # Tips are taken in by the task force office (工作专班) and routed like a finding of the same kind.
    *_finding_routes(Rule.TIP, LeadSource.TIP, Section.TASK_FORCE, DueKind.WORKDAYS),
    # R-LIST-1: a right the bureau did not register goes to its registering authority (`to` set per lead).
    Route(Rule.LIST, "", LeadSource.MANUAL, Section.MINERAL, None, DueKind.WORKDAYS),
    Route(Rule.MANUAL, "", LeadSource.MANUAL, None, None, DueKind.WORKDAYS),
)

EXCHANGE_RULES = (Rule.LEAD_1, Rule.LEAD_2, Rule.LEAD_3, Rule.LEAD_4)
OUTSIDE = frozenset({Section.FORESTRY, Section.CITY, Section.PROVINCE})


def route_for(rule: Rule | str, kind: str = "") -> Route:
    """The route of `rule` (and finding `kind` for R-PAT-5 and tips); KeyError for an unknown pair."""
    wanted = Rule(rule)
    for route in ROUTES:
        if route.rule is wanted and route.kind in ("", kind):
            return route
    raise KeyError(f"no route for {wanted} {kind!r}")


class DecisionNeed(StrEnum):
    """Whether closing a lead takes a list decision (R-LIST-1)."""

    REQUIRED = "required"  # R-LEAD-2, R-LEAD-4: the case or the restoration failure is decided onto a list
    OPTIONAL = "optional"  # a lead enforcement handles (越界, 无证, R-LEAD-1 …): a filed case may close with one
    NONE = "none"


def list_decision_need(rule: Rule | str, kind: str = "") -> DecisionNeed:
    """R-LIST-1 at closing: required for R-LEAD-2/R-LEAD-4; optional for every lead enforcement receives, so
    that a patrol's 越界 can be received, filed and closed with an abnormal-list decision in one place."""
    route = route_for(rule, kind)
    if route.list_decision:
        return DecisionNeed.REQUIRED
    if route.to is Section.ENFORCEMENT:
        return DecisionNeed.OPTIONAL
    return DecisionNeed.NONE


def receiver_of_finding(kind: ChecklistItem | str) -> Section:
    """R-PAT-5: where a patrol finding of this kind goes."""
    route = route_for(Rule.PATROL, str(ChecklistItem(kind)))
    assert route.to is not None
    return route.to


# ================================================================================================
# Deadlines
# ================================================================================================


@dataclass(frozen=True, slots=True)
class LeadSettings:
    """Settings the bureau may change (services read them from the settings table)."""

    registration_days: int = 20  # R-LEAD-5: days after the licence's issue (verify)
    default_workdays: int = 5    # leads the notice gives no date: working days after they arose
    serious_list_years: int = 3  # R-LIST-1: serious-list measures last this long (verify)


def lead_deadline(rule: Rule | str, arose: date, year: int, calendar: WorkCalendar,
                  settings: LeadSettings = LeadSettings(), kind: str = "") -> date:
    """The day a lead of `rule` falls due. `arose`: the day it arose (patch found, licence issued, finding
    made); `year`: the work year of an R-LEAD-1…4 exchange."""
    due = route_for(rule, kind).due
    if due is DueKind.NOV_30:
        return exchange_day(year)
    if due is DueKind.IMMEDIATELY:
        return calendar.same_or_next_workday(arose)
    if due is DueKind.AFTER_ISSUE:
        return calendar.same_or_next_workday(arose + timedelta(days=settings.registration_days))
    return calendar.add_workdays(arose, settings.default_workdays)


def counts_workdays(rule: Rule | str, kind: str = "") -> bool:
    """Whether a lead's deadline is counted on the working-day calendar (R-DAY-1): every rule but the Nov 30
    exchanges; False for a rule with no route."""
    try:
        return route_for(rule, kind).due is not DueKind.NOV_30
    except (KeyError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Overdue:
    sending: bool   # past the deadline and not yet received
    handling: bool  # past the deadline and not yet closed

    @property
    def any(self) -> bool:
        return self.sending or self.handling


NOT_YET_RECEIVED = frozenset({LeadState.DRAFT, LeadState.SENT, LeadState.RETURNED})


def overdue(state: LeadState, deadline: date, today: date) -> Overdue:
    """Both overdue flags of a lead on `today` (a deadline day itself is not overdue)."""
    late = today > deadline
    return Overdue(late and state in NOT_YET_RECEIVED, late and state is not LeadState.CLOSED)


def days_left(deadline: date, today: date) -> int:
    """Days until the deadline (0 on the day, negative when past)."""
    return (deadline - today).days


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day `years` later (Feb 29 → Feb 28)."""
    return add_months(day, 12 * years)


# ================================================================================================
# The state machine
# ================================================================================================


@dataclass(frozen=True, slots=True)
class Transition:
    """The answer of `apply`: allowed with `new_state`, or refused with `reason` (new_state = the old one)."""

    allowed: bool
    new_state: LeadState
    reason: str = ""


_STEPS: dict[tuple[LeadState, LeadAction], LeadState] = {
    (LeadState.DRAFT, LeadAction.SEND): LeadState.SENT,
    (LeadState.RETURNED, LeadAction.SEND): LeadState.SENT,
    (LeadState.SENT, LeadAction.RECEIVE): LeadState.RECEIVED,
    (LeadState.SENT, LeadAction.RETURN): LeadState.RETURNED,
    (LeadState.RECEIVED, LeadAction.RETURN): LeadState.RETURNED,
    (LeadState.RECEIVED, LeadAction.HANDLE): LeadState.HANDLING,
    (LeadState.RECEIVED, LeadAction.CLOSE): LeadState.CLOSED,
    (LeadState.HANDLING, LeadAction.CLOSE): LeadState.CLOSED,
}
NEEDS_NOTE = {LeadAction.RETURN, LeadAction.CLOSE}


def allowed_actions(state: LeadState) -> list[LeadAction]:
    """The actions a lead in `state` accepts, in the order of LeadAction."""
    return [a for a in LeadAction if (state, a) in _STEPS]


def apply(state: LeadState | str, action: LeadAction | str, note: str = "") -> Transition:
    """Whether `action` may be taken on a lead in `state`. Returning needs a reason, closing an outcome."""
    state, action = LeadState(state), LeadAction(action)
    target = _STEPS.get((state, action))
    if target is None:
        return Transition(False, state, _refusal(state, action))
    if action in NEEDS_NOTE and not note.strip():
        message = _("A returned lead needs a reason") if action is LeadAction.RETURN else _(
            "Closing a lead needs its outcome")
        return Transition(False, state, message)
    return Transition(True, target)


def _refusal(state: LeadState, action: LeadAction) -> str:
    if state is LeadState.CLOSED:
        return _("The lead is closed; nothing more can be done with it")
    possible = "、".join(a.zh for a in allowed_actions(state))
    return _("A lead that is {state} cannot take the action {action} (possible: {possible})").format(
        state=state.zh, action=action.zh, possible=possible or "—")


@dataclass(frozen=True, slots=True)
class TrailStep:
    """One entry of a lead's trail: `action` took it from `from_state` to `to_state` (None → creation)."""

    action: str
    from_state: LeadState | None
    to_state: LeadState
    reason: str = ""


def replay(trail: Iterable[TrailStep]) -> LeadState:
    """The state the trail leads to; ValueError when a step does not follow from the one before or is not
    a transition the machine allows (so a trail that replays is a trail that explains the state)."""
    state: LeadState | None = None
    for index, step in enumerate(trail):
        if step.from_state != state:
            raise ValueError(f"trail step {index + 1} starts from {step.from_state}, not {state}")
        if state is None:
            if step.to_state is not LeadState.DRAFT:
                raise ValueError("a lead starts as a draft")
            state = step.to_state
            continue
        result = apply(state, step.action, step.reason)
        if not result.allowed or result.new_state is not step.to_state:
            raise ValueError(f"trail step {index + 1}: {step.action} from {state} is not allowed")
        state = result.new_state
    if state is None:
        raise ValueError("an empty trail")
    return state


def is_outside(section: Section | str | None) -> bool:
    """True for an agency outside the bureau (林业部门, 市局, 省厅): leads go there in transfer packages."""
    return section is not None and Section(section) in OUTSIDE


def sections_involved(routes: Sequence[Route]) -> list[Section]:
    """Every section named by the routes, in Section order."""
    named = {s for r in routes for s in (r.frm, r.to) if s is not None}
    return [s for s in Section if s in named]
