"""Leads (线索): reading, the lifecycle and the boxes of each section.

The rules are domain/leads/leads.py's (routes, deadlines, the state machine); this module loads the facts, owns the
transaction, keeps the trail (lead_events) and writes the audit trail (entity 'lead').

API for the screens and the CLI (every function takes the service Context first):

- `list_leads(ctx, section=None, box=None|'in'|'out', states=None, overdue_only=False, year=None,
  mine_id=None) -> list[LeadRow]` — a section's inbox (`box='in'`: leads to it), outbox (`'out'`) or both;
  `LeadRow.overdue` has both flags (sending, handling), `days_left` counts to the deadline.
- `box_counts(ctx, section) -> BoxCounts` — new / overdue / returned counts for an inbox and outbox.
- `get_lead(ctx, id) -> LeadRow`; `lead_detail(ctx, id) -> LeadDetail` (trail, evidence, list entries, replies,
  and a warning when the deadline was counted in a year the working-day calendar does not know: `calendar_note`).
- `send(ctx, id)`, `receive(ctx, id)`, `handle(ctx, id)`, `return_lead(ctx, id, reason)` → LeadRow;
  `close(ctx, id, outcome, decision=None, list_kind=None, decision_reason='') -> Closed` — an R-LEAD-2/4 lead
  needs a list decision (domain.lists.ListDecision); listing a right the bureau did not register drafts a
  lead to its registering authority instead (`Closed.forwarded_lead_id`). Each takes `version=` (the
  version the screen showed; a stale one raises StaleRecord) and refuses an impossible step (LeadRefused).
- `attach_evidence(ctx, id, paths)`.

Drafting (every capability that finds a problem drafts a lead) is in leads/drafting.py; the Nov 30 exchange
(R-LEAD-1…4) in leads/exchange.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from minetui.domain.leads.leads import (
    DecisionNeed,
    LeadAction,
    LeadSource,
    LeadState,
    Overdue,
    TrailStep,
    apply,
    counts_workdays,
    days_left,
    list_decision_need,
    overdue,
)
from minetui.domain.leads.lists import ListDecision, ListKind, decision_problems
from minetui.domain.model import Section
from minetui.domain.periods import iso_day
from minetui.domain.policy import Scope
from minetui.domain.workdays import WorkCalendar, unknown_years_warning
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.io.evidence import EvidenceBatch
from minetui.paths import evidence_dir
from minetui.services.core import settings
from minetui.services.core.auth import Action, authorize_any
from minetui.services.core.context import Context
from minetui.services.leads import lists
from minetui.services.leads.drafting import lead_snapshot
from minetui.store import audit, db
from minetui.store import evidence as evidence_store
from minetui.store import leads as store
from minetui.store import lists as list_store

Box = Literal["in", "out"]


class LeadRefused(ServiceError):
    """The step is not allowed (the state machine's message), or something it needs is missing."""


# ================================================================================================
# Values passed out
# ================================================================================================


@dataclass(frozen=True, slots=True)
class LeadRow:
    id: int
    year: int
    rule: str
    source: LeadSource
    kind: str
    from_section: Section | None
    from_office: str | None
    to_section: Section
    mine_id: int | None
    licence_no: str | None
    mine_name: str | None
    location: str
    description: str
    state: LeadState
    deadline: date
    days_left: int
    overdue: Overdue
    outcome: str
    return_reason: str
    list_decision: ListDecision | None
    sent_on: date | None
    received_on: date | None
    closed_on: date | None
    package_id: str | None
    origin_key: str | None
    created_by: str
    created_at: str
    version: int

    @property
    def sender(self) -> str:
        """Who sends it: a section's word, or the office code."""
        return self.from_section.zh if self.from_section else (self.from_office or "")

    @property
    def where(self) -> str:
        """The mine (licence and name) or the location."""
        if self.licence_no:
            return f"{self.mine_name}（{self.licence_no}）"
        return self.location


@dataclass(frozen=True, slots=True)
class LeadEvent:
    at: str
    on_day: date
    actor: str
    action: str
    from_state: LeadState | None
    to_state: LeadState
    reason: str


@dataclass(frozen=True, slots=True)
class LeadDetail:
    lead: LeadRow
    trail: list[LeadEvent]
    evidence: list[dict[str, Any]]
    list_entries: list[dict[str, Any]]
    replies: list[dict[str, Any]]
    calendar_note: str = ""  # the deadline lies in a year the working-day calendar does not know (R-DAY-1)


@dataclass(frozen=True, slots=True)
class BoxCounts:
    """A section's inbox (leads to it) and outbox (leads from it), as counts."""

    inbox_new: int       # sent to it, not yet received
    inbox_open: int      # received or handling
    inbox_overdue: int   # not yet closed and past the deadline
    outbox_drafts: int
    outbox_returned: int
    outbox_overdue: int  # not yet received and past the deadline


@dataclass(frozen=True, slots=True)
class Closed:
    lead: LeadRow
    entry_id: int | None = None
    forwarded_lead_id: int | None = None


# ================================================================================================
# Reading
# ================================================================================================


def to_row(ctx: Context, raw: dict[str, Any]) -> LeadRow:
    state, deadline = LeadState(raw["state"]), date.fromisoformat(raw["deadline"])
    return LeadRow(
        id=raw["id"], year=raw["year"], rule=raw["rule"], source=LeadSource(raw["source"]), kind=raw["kind"],
        from_section=Section(raw["from_section"]) if raw["from_section"] else None, from_office=raw["from_office"],
        to_section=Section(raw["to_section"]), mine_id=raw["mine_id"], licence_no=raw.get("licence_no"),
        mine_name=raw.get("mine_name"), location=raw["location"], description=raw["description"], state=state,
        deadline=deadline, days_left=days_left(deadline, ctx.today), overdue=overdue(state, deadline, ctx.today),
        outcome=raw["outcome"], return_reason=raw["return_reason"],
        list_decision=ListDecision(raw["list_decision"]) if raw["list_decision"] else None,
        sent_on=iso_day(raw["sent_on"]), received_on=iso_day(raw["received_on"]), closed_on=iso_day(raw["closed_on"]),
        package_id=raw["package_id"], origin_key=raw["origin_key"], created_by=raw["created_by"],
        created_at=raw["created_at"], version=raw["version"],
    )


def get_lead(ctx: Context, lead_id: int) -> LeadRow:
    raw = store.get_lead(ctx.conn, lead_id)
    if raw is None:
        raise ServiceError(_("no lead with id {id}").format(id=lead_id))
    return to_row(ctx, raw)


def list_leads(ctx: Context, *, section: Section | str | None = None, box: Box | None = None,
               states: Iterable[LeadState | str] | None = None, overdue_only: bool = False,
               year: int | None = None, mine_id: int | None = None,
               rules: Iterable[str] | None = None) -> list[LeadRow]:
    """Leads by deadline: of `section` (its inbox, outbox, or both when `box` is None), in `states`, …"""
    key = str(Section(section)) if section is not None else None
    rows = store.query_leads(
        ctx.conn, to_section=key if box == "in" else None, from_section=key if box == "out" else None,
        either_section=key if box is None else None, year=year, mine_id=mine_id,
        states=None if states is None else [str(LeadState(s)) for s in states],
        rules=None if rules is None else list(rules))
    found = [to_row(ctx, r) for r in rows]
    return [r for r in found if r.overdue.any] if overdue_only else found


def box_counts(ctx: Context, section: Section | str) -> BoxCounts:
    inbox = list_leads(ctx, section=section, box="in")
    outbox = list_leads(ctx, section=section, box="out")
    return BoxCounts(
        inbox_new=sum(r.state is LeadState.SENT for r in inbox),
        inbox_open=sum(r.state in (LeadState.RECEIVED, LeadState.HANDLING) for r in inbox),
        inbox_overdue=sum(r.overdue.handling and r.state is not LeadState.DRAFT for r in inbox),
        outbox_drafts=sum(r.state is LeadState.DRAFT for r in outbox),
        outbox_returned=sum(r.state is LeadState.RETURNED for r in outbox),
        outbox_overdue=sum(r.overdue.sending for r in outbox),
    )


def trail_of(ctx: Context, lead_id: int) -> list[LeadEvent]:
    return [LeadEvent(e["at"], date.fromisoformat(e["on_day"]), e["actor"], e["action"],
                      LeadState(e["from_state"]) if e["from_state"] else None, LeadState(e["to_state"]), e["reason"])
            for e in store.events_of(ctx.conn, lead_id)]


def trail_steps(events: Sequence[LeadEvent]) -> list[TrailStep]:
    """The trail in the domain's terms (domain.leads.replay rebuilds the state from it)."""
    return [TrailStep(e.action, e.from_state, e.to_state, e.reason) for e in events]


def lead_detail(ctx: Context, lead_id: int) -> LeadDetail:
    lead = get_lead(ctx, lead_id)
    return LeadDetail(lead, trail_of(ctx, lead_id), store.evidence_of(ctx.conn, [lead_id])[lead_id],
                      list_store.entries(ctx.conn, lead_id=lead_id), store.replies_of(ctx.conn, lead_id),
                      calendar_note(lead, settings.work_calendar(ctx)))


def calendar_note(lead: LeadRow, calendar: WorkCalendar) -> str:
    """A warning when the lead's deadline is counted in working days and falls in a year whose official holidays
    the calendar does not know (there only weekends were taken as days off); '' otherwise."""
    if not counts_workdays(lead.rule, lead.kind):
        return ""
    unknown = calendar.unknown_years(lead.deadline, lead.deadline)
    return unknown_years_warning(unknown) if unknown else ""


def calendar_notes(ctx: Context, lead_ids: Iterable[int]) -> list[str]:
    """The distinct calendar warnings of these leads' deadlines (for a face that has just drafted them)."""
    calendar = settings.work_calendar(ctx)
    notes = {calendar_note(get_lead(ctx, lead_id), calendar) for lead_id in lead_ids}
    return sorted(note for note in notes if note)


def attach_evidence(ctx: Context, lead_id: int, paths: Sequence[Path]) -> list[str]:
    """Store files as the lead's evidence (by SHA-256); returns their hashes. Audited."""
    lead = get_lead(ctx, lead_id)
    authorize_any(ctx, Action.LEAD_EVIDENCE, *_sides(store.get_lead(ctx.conn, lead_id) or {}))
    if ctx.db_path is None:
        raise ServiceError(_("evidence files need a database file (this database is in memory)"))
    batch = EvidenceBatch(evidence_dir(ctx.db_path))
    try:
        copies = [batch.add(Path(p)) for p in paths]
        now = db.now_utc()
        with db.write(ctx.conn):
            for copy in copies:
                evidence_store.put_file(ctx.conn, copy.sha256, copy.size, copy.suffix, now)
                store.attach_evidence(ctx.conn, lead.id, copy.sha256, copy.original_name, now)
            audit.append(ctx.conn, actor=ctx.actor, action="lead.evidence", entity="lead", entity_id=lead.id,
                         after={"evidence": [[c.sha256, c.original_name] for c in copies]})
    except BaseException:
        batch.discard_unreferenced(lambda sha: evidence_store.is_known(ctx.conn, sha))
        raise
    return [c.sha256 for c in copies]


# ================================================================================================
# The lifecycle
# ================================================================================================


_DATE_COLUMN = {LeadAction.SEND: "sent_on", LeadAction.RECEIVE: "received_on", LeadAction.CLOSE: "closed_on"}
_RIGHTS = {LeadAction.SEND: Action.LEAD_SEND, LeadAction.CLOSE: Action.LEAD_CLOSE}  # else LEAD_RECEIVE


def _sides(raw: dict[str, Any]) -> tuple[Scope, Scope]:
    """The sending side (office or section) and the receiving section of a stored lead."""
    return Scope(raw.get("from_office"), raw.get("from_section")), Scope(None, raw.get("to_section"))


def _authorize_step(ctx: Context, lead_id: int, action: LeadAction) -> None:
    """Sending is the sender's; receiving, handling, returning and closing are the receiving section's."""
    sender, receiver = _sides(store.get_lead(ctx.conn, lead_id) or {})
    authorize_any(ctx, _RIGHTS.get(action, Action.LEAD_RECEIVE), sender if action is LeadAction.SEND else receiver)


def _step(ctx: Context, lead_id: int, action: LeadAction, note: str, version: int | None,
          extra: dict[str, Any] | None = None, on_day: date | None = None) -> dict[str, Any]:
    """Take one step of the state machine inside the caller's transaction; returns the row before."""
    raw = store.get_lead(ctx.conn, lead_id)
    if raw is None:
        raise ServiceError(_("no lead with id {id}").format(id=lead_id))
    if version is not None and raw["version"] != version:
        raise StaleRecord("lead", str(lead_id), version, raw["version"])
    result = apply(raw["state"], action, note)
    if not result.allowed:
        raise LeadRefused(_("lead {id}: {reason}").format(id=lead_id, reason=result.reason))
    day = on_day or ctx.today
    changes: dict[str, Any] = {"state": str(result.new_state), **(extra or {})}
    if action in _DATE_COLUMN:
        changes[_DATE_COLUMN[action]] = day.isoformat()
    if action is LeadAction.RETURN:
        changes["return_reason"] = note.strip()
    if action is LeadAction.CLOSE:
        changes["outcome"] = note.strip()
    if not store.update_lead(ctx.conn, lead_id, changes, raw["version"]):
        raise StaleRecord("lead", str(lead_id), raw["version"], None)
    store.insert_event(ctx.conn, lead_id=lead_id, at=db.now_utc(), on_day=day.isoformat(), actor=ctx.actor,
                       action=str(action), from_state=raw["state"], to_state=str(result.new_state),
                       reason=note.strip())
    after = {**raw, **changes, "version": raw["version"] + 1}
    audit.append(ctx.conn, actor=ctx.actor, action=f"lead.{action}", entity="lead", entity_id=lead_id,
                 before=lead_snapshot(raw), after=lead_snapshot(after))
    return raw


def act(ctx: Context, lead_id: int, action: LeadAction | str, note: str = "", *,
        version: int | None = None) -> LeadRow:
    """One step (send, receive, handle, return) in its own transaction. Closing goes through `close`."""
    action = LeadAction(action)
    if action is LeadAction.CLOSE:
        return close(ctx, lead_id, note, version=version).lead
    _authorize_step(ctx, lead_id, action)
    with db.write(ctx.conn):
        _step(ctx, lead_id, action, note, version)
    return get_lead(ctx, lead_id)


def send(ctx: Context, lead_id: int, *, version: int | None = None) -> LeadRow:
    return act(ctx, lead_id, LeadAction.SEND, version=version)


def receive(ctx: Context, lead_id: int, *, version: int | None = None) -> LeadRow:
    return act(ctx, lead_id, LeadAction.RECEIVE, version=version)


def handle(ctx: Context, lead_id: int, note: str = "", *, version: int | None = None) -> LeadRow:
    return act(ctx, lead_id, LeadAction.HANDLE, note, version=version)


def return_lead(ctx: Context, lead_id: int, reason: str, *, version: int | None = None) -> LeadRow:
    return act(ctx, lead_id, LeadAction.RETURN, reason, version=version)


def close(ctx: Context, lead_id: int, outcome: str, *, decision: ListDecision | str | None = None,
          list_kind: ListKind | str | None = None, decision_reason: str = "",
          version: int | None = None) -> Closed:
    """Close a lead with its outcome. An R-LEAD-2/R-LEAD-4 lead needs a list decision (a lead enforcement received
    may take one — domain.leads.list_decision_need): LISTED with a list kind
    (the entry is recorded — or, for a right the bureau did not register, a lead to its registering authority
    is drafted instead and the decision is recorded as not listed), or NOT_LISTED with a reason."""
    lead = get_lead(ctx, lead_id)
    _authorize_step(ctx, lead_id, LeadAction.CLOSE)
    need = list_decision_need(lead.rule, lead.kind)
    decision = ListDecision(decision) if decision is not None else None
    kind = ListKind(list_kind) if list_kind is not None else None
    if need is DecisionNeed.REQUIRED or (need is DecisionNeed.OPTIONAL and decision is not None):
        problems = decision_problems(decision, kind, decision_reason)
        if problems:
            raise LeadRefused(_("lead {id}: {reason}").format(id=lead_id, reason="；".join(problems)))
        if lead.mine_id is None and decision is ListDecision.LISTED:
            raise LeadRefused(_("lead {id}: a lead without a mine cannot be listed").format(id=lead_id))
    elif decision is not None:
        raise LeadRefused(_("lead {id}: only leads to enforcement and R-LEAD-2/R-LEAD-4 leads take a list decision")
                          .format(id=lead_id))
    entry_id = forwarded = None
    with db.write(ctx.conn):
        recorded = decision
        if decision is ListDecision.LISTED and kind is not None and lead.mine_id is not None:
            listed = lists.add_entry(ctx, lead.mine_id, kind, decision_reason or lead.description or outcome,
                                     lead_id=lead_id)
            entry_id, forwarded = listed.entry_id, listed.forwarded_lead_id
            if entry_id is None:
                recorded = ListDecision.NOT_LISTED
        extra = {"list_decision": str(recorded)} if recorded is not None else {}
        note = outcome if recorded is not ListDecision.NOT_LISTED or not decision_reason else (
            f"{outcome}（{_('not listed')}：{decision_reason}）")
        _step(ctx, lead_id, LeadAction.CLOSE, note, version, extra)
    return Closed(get_lead(ctx, lead_id), entry_id, forwarded)
