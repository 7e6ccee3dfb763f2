"""R-LIST-1: entries on the 异常名录 and the 严重失信主体名单 — adding, removing, listing, reviews due.

API (Context first):
- `add_entry(ctx, mine_id, kind, reason, *, authority=None, legal_basis=None, date_in=None, lead_id=None)
  -> Listed` — refused for a right the bureau did not register: then a draft lead (R-LIST-1) goes to the
  registering authority instead, and `Listed.entry_id` is None with `forwarded_lead_id` set. A mine already
  on that list is refused (ServiceError).
- `remove_entry(ctx, entry_id, reason, *, date_out=None, version=None) -> EntryRow` (移出).
- `entries(ctx, kind=None, current_only=True, mine_id=None) -> list[EntryRow]`; `due_reviews(ctx)`.
Entity 'list_entry' in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.domain.leads.leads import LeadSource, Rule
from minetui.domain.leads.lists import (
    DEFAULT_AUTHORITY,
    DEFAULT_LEGAL_BASIS,
    ListKind,
    Registrar,
    due_for_review,
    may_list,
    registrar_section,
    review_date,
)
from minetui.domain.periods import iso_day
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.settings import lead_settings
from minetui.services.leads import drafting, leads
from minetui.store import audit, db
from minetui.store import lists as store
from minetui.store import patrols as patrol_store


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    mine_id: int
    licence_no: str
    mine_name: str
    holder: str
    kind: ListKind
    reason: str
    legal_basis: str
    authority: str
    date_in: date
    review_on: date | None
    date_out: date | None
    out_reason: str
    lead_id: int | None
    review_due: bool
    version: int


@dataclass(frozen=True, slots=True)
class Listed:
    entry_id: int | None
    forwarded_lead_id: int | None = None
    message: str = ""


def _row(ctx: Context, raw: dict[str, Any]) -> EntryRow:
    review, out = iso_day(raw["review_on"]), iso_day(raw["date_out"])
    return EntryRow(raw["id"], raw["mine_id"], raw["licence_no"], raw["mine_name"], raw["holder"],
                    ListKind(raw["kind"]), raw["reason"], raw["legal_basis"], raw["authority"],
                    date.fromisoformat(raw["date_in"]), review, out, raw["out_reason"], raw["lead_id"],
                    due_for_review(review, out, ctx.today), raw["version"])


def entries(ctx: Context, *, kind: ListKind | str | None = None, current_only: bool = True,
            mine_id: int | None = None) -> list[EntryRow]:
    return [_row(ctx, r) for r in store.entries(ctx.conn, kind=None if kind is None else str(ListKind(kind)),
                                                current_only=current_only, mine_id=mine_id)]


def due_reviews(ctx: Context) -> list[EntryRow]:
    """Serious-list entries whose term has run (review due on or before today)."""
    return [e for e in entries(ctx, kind=ListKind.SERIOUS) if e.review_due]


def _forward(ctx: Context, mine: dict[str, Any], kind: ListKind, reason: str, lead_id: int | None) -> int | None:
    registrar = Registrar(mine["registered_by"])
    source = None
    if lead_id is not None:
        source = LeadSource(leads.get_lead(ctx, lead_id).source)
    return drafting.draft_lead(ctx, drafting.LeadDraft(
        Rule.LIST, to_section=registrar_section(registrar), mine_id=mine["id"], source=source,
        description=_("Proposed for the {list}: {reason} (registered by {registrar})").format(
            list=kind.zh, reason=reason, registrar=registrar.zh),
        origin_key=f"list:{mine['id']}:{kind}:{lead_id or ctx.today.isoformat()}",
        note=_("The bureau did not register this right (R-LIST-1)")))


def add_entry(ctx: Context, mine_id: int, kind: ListKind | str, reason: str, *, authority: str | None = None,
              legal_basis: str | None = None, date_in: date | None = None, lead_id: int | None = None) -> Listed:
    """Put a mine's holder on a list (see the module's doc for refusals and forwarding)."""
    authorize(ctx, Action.LIST_EDIT)
    kind = ListKind(kind)
    if not reason.strip():
        raise ServiceError(_("a list entry needs a reason"))
    mine = patrol_store.mine_by_id(ctx.conn, mine_id)
    if mine is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    allowed = may_list(Registrar(mine["registered_by"]) is Registrar.DISTRICT)
    with db.write(ctx.conn):
        if not allowed.allowed:
            forwarded = _forward(ctx, mine, kind, reason.strip(), lead_id)
            return Listed(None, forwarded, allowed.reason)
        if store.current_entry(ctx.conn, mine_id, str(kind)) is not None:
            raise ServiceError(_("{mine} is already on the {list}").format(mine=mine["name"], list=kind.zh))
        day = date_in or ctx.today
        review = review_date(kind, day, lead_settings(ctx).serious_list_years)
        row = {"mine_id": mine_id, "kind": str(kind), "reason": reason.strip(),
               "legal_basis": (legal_basis or DEFAULT_LEGAL_BASIS).strip(),
               "authority": (authority or DEFAULT_AUTHORITY).strip(), "date_in": day.isoformat(),
               "review_on": review.isoformat() if review else None, "lead_id": lead_id,
               "created_by": ctx.actor, "created_at": db.now_utc()}
        entry_id = store.insert_entry(ctx.conn, row)
        audit.append(ctx.conn, actor=ctx.actor, action="list.add", entity="list_entry", entity_id=entry_id,
                     after={k: v for k, v in row.items() if k not in ("created_by", "created_at")})
    return Listed(entry_id)


def remove_entry(ctx: Context, entry_id: int, reason: str, *, date_out: date | None = None,
                 version: int | None = None) -> EntryRow:
    """Take an entry off its list (移出), e.g. after rectification; the reason is required."""
    authorize(ctx, Action.LIST_EDIT)
    if not reason.strip():
        raise ServiceError(_("removing an entry needs a reason"))
    with db.write(ctx.conn):
        raw = store.get_entry(ctx.conn, entry_id)
        if raw is None:
            raise ServiceError(_("no list entry with id {id}").format(id=entry_id))
        if raw["date_out"] is not None:
            raise ServiceError(_("list entry {id} was already removed on {day}").format(id=entry_id,
                                                                                   day=raw["date_out"]))
        if version is not None and version != raw["version"]:
            raise StaleRecord("list_entry", str(entry_id), version, raw["version"])
        day = date_out or ctx.today
        if day.isoformat() < raw["date_in"]:
            raise ServiceError(_("the date out cannot be before the date in ({day})").format(day=raw["date_in"]))
        if not store.close_entry(ctx.conn, entry_id, day.isoformat(), reason.strip(), raw["version"]):
            raise StaleRecord("list_entry", str(entry_id), raw["version"], None)
        audit.append(ctx.conn, actor=ctx.actor, action="list.remove", entity="list_entry", entity_id=entry_id,
                     before={"date_out": None, "version": raw["version"]},
                     after={"date_out": day.isoformat(), "out_reason": reason.strip(), "version": raw["version"] + 1})
    return _row(ctx, store.get_entry(ctx.conn, entry_id) or {})
