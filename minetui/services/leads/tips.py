"""Public tips (群众举报): quick intake, turned at once into a draft lead to the right section.

API: `add_tip(ctx, TipInput) -> AddedTip` (the tip and its draft lead, in one transaction);
`tip_detail(ctx, tip_id) -> TipDetail` (the only place the reporter's contact is shown);
`tip_rows(ctx)` (a listing without name and contact). Entity 'tip' in the audit trail records that a
contact was given, never the contact itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.domain.leads.leads import Rule, route_for
from minetui.domain.patrols.record import ChecklistItem
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.leads.drafting import LeadDraft, draft_lead
from minetui.store import audit, db
from minetui.store import leads as store
from minetui.store import mines as mine_store
from minetui.store import patrols as patrol_store


@dataclass(slots=True)
class TipInput:
    what: str
    kind: ChecklistItem | str  # what kind of thing was reported (越界, 无证开采, 生态破坏, 破坏林草 …)
    place: str = ""
    licence_no: str | None = None
    reporter: str = ""
    contact: str = ""
    received_on: date | None = None
    happened_on: date | None = None


@dataclass(frozen=True, slots=True)
class AddedTip:
    tip_id: int
    lead_id: int


@dataclass(frozen=True, slots=True)
class TipDetail:
    id: int
    received_on: date
    reporter: str
    contact: str
    place: str
    licence_no: str | None
    kind: ChecklistItem
    what: str
    happened_on: date | None
    lead_id: int | None


def tip_kind(value: ChecklistItem | str) -> ChecklistItem | None:
    """A tip's kind from its key or its Chinese word (None when unknown)."""
    text = str(value).strip()
    try:
        return ChecklistItem(text)
    except ValueError:
        found = ChecklistItem.from_zh(text)
        return found if isinstance(found, ChecklistItem) else None


def add_tip(ctx: Context, tip: TipInput) -> AddedTip:
    """Record a tip and draft its lead (routed like a finding of the same kind)."""
    authorize(ctx, Action.TIP_ADD)
    kind = tip_kind(tip.kind)
    if kind is None:
        raise ServiceError(_("unknown kind of tip {kind}").format(kind=tip.kind))
    if not tip.what.strip():
        raise ServiceError(_("a tip needs what was seen"))
    mine_id = None
    if tip.licence_no:
        mine = mine_store.get_row_by_licence(ctx.conn, tip.licence_no.strip())
        if mine is None:
            raise ServiceError(_("unknown licence number {licence}").format(licence=tip.licence_no))
        mine_id = mine["id"]
    if mine_id is None and not tip.place.strip():
        raise ServiceError(_("a tip needs a place or a licence number"))
    received = tip.received_on or ctx.today
    row = {"received_on": received.isoformat(), "reporter": tip.reporter.strip(), "contact": tip.contact.strip(),
           "place": tip.place.strip(), "mine_id": mine_id, "kind": str(kind), "what": tip.what.strip(),
           "happened_on": tip.happened_on.isoformat() if tip.happened_on else None, "created_by": ctx.actor,
           "created_at": db.now_utc()}
    with db.write(ctx.conn):
        tip_id = store.insert_tip(ctx.conn, row)
        audit.append(ctx.conn, actor=ctx.actor, action="tip.add", entity="tip", entity_id=tip_id,
                     after={**{k: v for k, v in row.items() if k not in ("reporter", "contact")},
                            "contact_given": bool(row["contact"]), "reporter_given": bool(row["reporter"])})
        lead_id = draft_lead(ctx, LeadDraft(
            Rule.TIP, kind=str(kind), mine_id=mine_id, location=row["place"], arose=received,
            description=f"{kind.zh}：{row['what']}", origin_key=f"tip:{tip_id}",
            note=_("Drafted from public tip {id}").format(id=tip_id)))
        assert lead_id is not None
    return AddedTip(tip_id, lead_id)


def tip_receiver(kind: ChecklistItem | str) -> Any:
    """The section a tip of this kind goes to."""
    return route_for(Rule.TIP, str(ChecklistItem(kind))).to


def tip_detail(ctx: Context, tip_id: int) -> TipDetail:
    raw = store.get_tip(ctx.conn, tip_id)
    if raw is None:
        raise ServiceError(_("no tip with id {id}").format(id=tip_id))
    licence = None
    if raw["mine_id"] is not None:
        licence = (patrol_store.mine_by_id(ctx.conn, raw["mine_id"]) or {}).get("licence_no")
    return TipDetail(raw["id"], date.fromisoformat(raw["received_on"]), raw["reporter"], raw["contact"], raw["place"],
                     licence, ChecklistItem(raw["kind"]), raw["what"],
                     date.fromisoformat(raw["happened_on"]) if raw["happened_on"] else None,
                     store.lead_id_by_origin(ctx.conn, f"tip:{tip_id}"))


def tip_rows(ctx: Context) -> list[dict[str, Any]]:
    """Every tip for a listing — never the reporter's name or contact."""
    return store.tip_list(ctx.conn)
