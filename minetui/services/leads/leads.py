"""Leads (线索): drafting, the lifecycle, the boxes of each section, and the Nov 30 exchange.

The rules are domain/leads/leads.py's (routes, deadlines, the state machine); this module loads the facts, owns the
transaction, keeps the trail (lead_events) and writes the audit trail (entity 'lead').

API for the screens and the CLI (every function takes the service Context first):

- `list_leads(ctx, section=None, box=None|'in'|'out', states=None, overdue_only=False, year=None,
  mine_id=None) -> list[LeadRow]` — a section's inbox (`box='in'`: leads to it), outbox (`'out'`) or both;
  `LeadRow.overdue` has both flags (sending, handling), `days_left` counts to the deadline.
- `box_counts(ctx, section) -> BoxCounts` — new / overdue / returned counts for an inbox and outbox.
- `get_lead(ctx, id) -> LeadRow`; `lead_detail(ctx, id) -> LeadDetail` (trail, evidence, list entries, replies).
- `send(ctx, id)`, `receive(ctx, id)`, `handle(ctx, id)`, `return_lead(ctx, id, reason)` → LeadRow;
  `close(ctx, id, outcome, decision=None, list_kind=None, decision_reason='') -> Closed` — an R-LEAD-2/4 lead
  needs a list decision (domain.lists.ListDecision); listing a right the bureau did not register drafts a
  lead to its registering authority instead (`Closed.forwarded_lead_id`). Each takes `version=` (the
  version the screen showed; a stale one raises StaleRecord) and refuses an impossible step (LeadRefused).
- `draft_lead(ctx, LeadDraft) -> int | None` — a new draft (None when its origin already has a lead).
- Automatic drafting: `draft_for_patrol(ctx, patrol_id)` (R-PAT-5, called by services.patrols.write_patrol),
  `draft_for_licence(ctx, mine_id)` (R-LEAD-5, called by the mines import), `draft_for_patch(ctx, patch_id)`
  (R-LEAD-6, called by the patches import), and `draft_missing_leads(ctx) -> Drafted` to back-fill.
- `attach_evidence(ctx, id, paths)`; `exchange(ctx, year) -> list[ExchangeRow]` (R-LEAD-1…4 by Nov 30).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from minetui.domain.deadlines import exchange_day
from minetui.domain.leads.leads import (
    EXCHANGE_RULES,
    DecisionNeed,
    LeadAction,
    LeadSource,
    LeadState,
    Overdue,
    Rule,
    TrailStep,
    apply,
    days_left,
    lead_deadline,
    list_decision_need,
    overdue,
    route_for,
)
from minetui.domain.leads.lists import ListDecision, ListKind, decision_problems
from minetui.domain.model import Section
from minetui.domain.patrols.patrol import ChecklistItem
from minetui.domain.policy import Scope
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize, authorize_any
from minetui.services.core.context import Context, ServiceError, StaleRecord
from minetui.services.leads.settings import lead_config
from minetui.store import audit, db
from minetui.store import leads as store

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


@dataclass(slots=True)
class LeadDraft:
    """A lead to draft. `to_section`/`from_section` default to the rule's route; `arose` (default today) and
    `year` (default arose's year) set the deadline."""

    rule: Rule | str
    kind: str = ""
    to_section: Section | None = None
    from_section: Section | None = None
    from_office: str | None = None
    mine_id: int | None = None
    location: str = ""
    x: float | None = None
    y: float | None = None
    description: str = ""
    arose: date | None = None
    year: int | None = None
    origin_key: str | None = None
    source: LeadSource | None = None
    note: str = ""  # why it was drafted (the trail's first entry)


@dataclass(slots=True)
class Drafted:
    findings: list[int] = field(default_factory=list)
    licences: list[int] = field(default_factory=list)
    patches: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.findings) + len(self.licences) + len(self.patches)


@dataclass(frozen=True, slots=True)
class ExchangeRow:
    """R-LEAD-1…4 in `year`: what `from_section` still owes `to_section` under `rule`."""

    rule: str
    from_section: Section
    to_section: Section
    total: int
    drafts: int       # not sent yet (draft or returned)
    awaiting: int     # sent, not yet received
    in_hand: int      # received or handling
    closed: int
    owed: int         # not yet received: drafts + awaiting
    deadline: date
    days_left: int


# ================================================================================================
# Reading
# ================================================================================================


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


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
        sent_on=_day(raw["sent_on"]), received_on=_day(raw["received_on"]), closed_on=_day(raw["closed_on"]),
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
    from minetui.store import lists as list_store

    lead = get_lead(ctx, lead_id)
    return LeadDetail(lead, trail_of(ctx, lead_id), store.evidence_of(ctx.conn, [lead_id])[lead_id],
                      list_store.entries(ctx.conn, lead_id=lead_id), store.replies_of(ctx.conn, lead_id))


# ================================================================================================
# Drafting
# ================================================================================================


def _lead_snapshot(raw: dict[str, Any]) -> dict[str, Any]:
    keep = ("year", "rule", "source", "kind", "from_section", "from_office", "to_section", "mine_id", "location",
            "description", "origin_key", "state", "deadline", "sent_on", "received_on", "closed_on", "outcome",
            "return_reason", "list_decision", "package_id", "version")
    return {k: raw.get(k) for k in keep}


def draft_lead(ctx: Context, draft: LeadDraft) -> int | None:
    """Insert a draft lead with its deadline and first trail entry, audited; None when a lead with the same
    origin exists (nothing written). Refuses a lead without a mine or a location, or without a receiver."""
    route = route_for(draft.rule, draft.kind)
    to = draft.to_section or route.to
    if to is None:
        raise ServiceError(_("a lead needs a receiving section"))
    if draft.mine_id is None and not draft.location.strip():
        raise ServiceError(_("a lead needs a mine or a location"))
    frm = draft.from_section or (route.frm if draft.from_office is None else None)
    if frm is None and draft.from_office is None:
        raise ServiceError(_("a lead needs a sending section or office"))
    authorize(ctx, Action.LEAD_DRAFT, office=draft.from_office, section=frm)
    arose = draft.arose or ctx.today
    year = draft.year or arose.year
    config = lead_config(ctx)
    deadline = lead_deadline(route.rule, arose, year, config.calendar, config.settings, route.kind)
    row = {
        "year": year, "rule": str(route.rule), "source": str(draft.source or route.source), "kind": draft.kind,
        "from_section": str(frm) if frm else None, "from_office": None if frm else draft.from_office,
        "to_section": str(to), "mine_id": draft.mine_id, "location": draft.location.strip(), "x": draft.x,
        "y": draft.y, "description": draft.description.strip(), "origin_key": draft.origin_key,
        "state": str(LeadState.DRAFT), "deadline": deadline.isoformat(), "created_by": ctx.actor,
        "created_at": db.now_utc(),
    }
    with db.write(ctx.conn):
        lead_id = store.insert_lead(ctx.conn, row)
        if lead_id is None:
            return None
        store.insert_event(ctx.conn, lead_id=lead_id, at=row["created_at"], on_day=ctx.today.isoformat(),
                           actor=ctx.actor, action="create", from_state=None, to_state=str(LeadState.DRAFT),
                           reason=draft.note)
        audit.append(ctx.conn, actor=ctx.actor, action="lead.draft", entity="lead", entity_id=lead_id,
                     after=_lead_snapshot({**row, "version": 1}))
    return lead_id


def _finding_draft(finding: dict[str, Any]) -> LeadDraft:
    kind = ChecklistItem(finding["kind"])
    suspected = _("(suspected)") if finding["suspected"] else ""
    text = f"{kind.zh}{suspected}" + (f"：{finding['note']}" if finding["note"] else "")
    return LeadDraft(Rule.PATROL, kind=str(kind), from_office=finding["office_code"], mine_id=finding["mine_id"],
                     description=text, arose=date.fromisoformat(finding["patrol_date"]),
                     origin_key=f"finding:{finding['id']}",
                     note=_("Drafted from patrol {id}'s finding (R-PAT-5)").format(id=finding["patrol_id"]))


def draft_for_findings(ctx: Context, findings: Iterable[dict[str, Any]]) -> list[int]:
    """R-PAT-5: a draft lead for each finding (store.findings_for_drafting rows) that has none yet."""
    authorize(ctx, Action.LEAD_BACKFILL)
    drafted = []
    with db.write(ctx.conn):
        for finding in findings:
            lead_id = draft_lead(ctx, _finding_draft(finding))
            if lead_id is not None:
                drafted.append(lead_id)
    return drafted


def draft_for_patrol(ctx: Context, patrol_id: int) -> list[int]:
    """R-PAT-5: draft leads for a patrol's findings (inside the caller's transaction when there is one)."""
    authorize(ctx, Action.LEAD_BACKFILL)
    ids = store.finding_ids_of_patrol(ctx.conn, patrol_id)
    return draft_for_findings(ctx, store.findings_for_drafting(ctx.conn, ids)) if ids else []


def _licence_origin(licence_no: str, valid_from: str) -> str:
    return f"licence:{licence_no}:{valid_from}"


def draft_for_licence(ctx: Context, mine_id: int) -> int | None:
    """R-LEAD-5: a mine that affects forest or grassland, with a licence issued within the look-back window,
    gets a draft to the forestry authority (once per issue date: a renewal is a new issue)."""
    authorize(ctx, Action.LEAD_BACKFILL)
    from minetui.store import patrols as patrol_store

    mine = patrol_store.mine_by_id(ctx.conn, mine_id)
    if mine is None or not mine["forest_grass"] or not mine["valid_from"]:
        return None
    issued = date.fromisoformat(mine["valid_from"])
    config = lead_config(ctx)
    if issued < ctx.today - timedelta(days=config.registration_lookback_days):
        return None
    return draft_lead(ctx, LeadDraft(
        Rule.LEAD_5, mine_id=mine_id, arose=issued,
        description=_("Licence {licence} issued on {day} affects forest or grassland").format(
            licence=mine["licence_no"], day=issued.isoformat()),
        origin_key=_licence_origin(mine["licence_no"], mine["valid_from"]),
        note=_("Drafted on the licence's registration (R-LEAD-5)")))


def _patch_origin(year: int, patch_no: str) -> str:
    return f"patch:{year}:{patch_no}"


def draft_for_patch(ctx: Context, patch_id: int) -> int | None:
    """R-LEAD-6: a patch with forest or grassland damage → a draft to forestry, due the same working day."""
    authorize(ctx, Action.LEAD_BACKFILL)
    from minetui.store import patches as patch_store

    patch = patch_store.get_patch(ctx.conn, patch_id)
    if patch is None or not patch["forest_grass_damage"]:
        return None
    place = _("patch {no} at X {x:.2f}, Y {y:.2f}").format(no=patch["patch_no"], x=patch["x"], y=patch["y"])
    area = _(", {area} mu").format(area=patch["area_mu"]) if patch["area_mu"] is not None else ""
    return draft_lead(ctx, LeadDraft(
        Rule.LEAD_6, mine_id=patch["mine_id"], location=place, x=patch["x"], y=patch["y"], year=patch["year"],
        description=_("Forest or grassland damage found by satellite enforcement: {place}{area}").format(
            place=place, area=area),
        origin_key=_patch_origin(patch["year"], patch["patch_no"]),
        note=_("Drafted from the satellite patch (R-LEAD-6)")))


def draft_missing_leads(ctx: Context) -> Drafted:
    """Back-fill: every finding, forest/grass licence issue and damage patch without its lead gets a draft,
    in one transaction."""
    authorize(ctx, Action.LEAD_BACKFILL)
    from minetui.store import patches as patch_store

    done = Drafted()
    with db.write(ctx.conn):
        done.findings = draft_for_findings(ctx, store.findings_for_drafting(ctx.conn))
        known = store.origin_keys(ctx.conn, "licence:")
        for mine in store.forest_mines(ctx.conn):
            if _licence_origin(mine["licence_no"], mine["valid_from"]) not in known:
                lead_id = draft_for_licence(ctx, mine["id"])
                if lead_id is not None:
                    done.licences.append(lead_id)
        known = store.origin_keys(ctx.conn, "patch:")
        for patch in patch_store.damage_patches(ctx.conn):
            if _patch_origin(patch["year"], patch["patch_no"]) not in known:
                lead_id = draft_for_patch(ctx, patch["id"])
                if lead_id is not None:
                    done.patches.append(lead_id)
    return done


def attach_evidence(ctx: Context, lead_id: int, paths: Sequence[Path]) -> list[str]:
    """Store files as the lead's evidence (by SHA-256); returns their hashes. Audited."""
    from minetui.io.evidence import EvidenceBatch
    from minetui.paths import evidence_dir
    from minetui.store import evidence as evidence_store

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
                 before=_lead_snapshot(raw), after=_lead_snapshot(after))
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
    from minetui.services.leads import lists

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


# ================================================================================================
# The Nov 30 exchange (R-LEAD-1…4)
# ================================================================================================


def exchange(ctx: Context, year: int) -> list[ExchangeRow]:
    """For each R-LEAD-1…4 route: the year's leads by where they stand, what is still owed, days to Nov 30."""
    rows = store.query_leads(ctx.conn, year=year, rules=[str(r) for r in EXCHANGE_RULES])
    found = []
    for rule in EXCHANGE_RULES:
        route = route_for(rule)
        assert route.frm is not None and route.to is not None
        states = [LeadState(r["state"]) for r in rows if r["rule"] == str(rule)]
        deadline = exchange_day(year)

        def count(*wanted: LeadState, states: list[LeadState] = states) -> int:
            return sum(s in wanted for s in states)

        drafts, awaiting = count(LeadState.DRAFT, LeadState.RETURNED), count(LeadState.SENT)
        found.append(ExchangeRow(str(rule), route.frm, route.to, len(states), drafts, awaiting,
                                 count(LeadState.RECEIVED, LeadState.HANDLING), count(LeadState.CLOSED),
                                 drafts + awaiting, deadline, days_left(deadline, ctx.today)))
    return found


def __getattr__(name: str) -> object:
    """REPORTS — this module's reports for the catalogue (services/capabilities.py), built on first use."""
    if name == "REPORTS":
        from minetui.services.reporting.leads import reports_of

        return reports_of("leads")
    raise AttributeError(name)
