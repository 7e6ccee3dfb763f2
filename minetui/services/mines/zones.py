"""Key monitoring zones (R-ZONE-1, R-ZONE-2): the yearly lists, their mines, proposals and decisions.

Shared by the TUI and `minetui zones …`. Every write runs in one transaction and leaves an audit row
(entity 'zone' for zones, 'zone_mine' for a mine joining or leaving a zone, entity_id "zone_id:mine_id").
"""

from __future__ import annotations

from typing import Any

from minetui.domain.model import MineStatus, ZoneLevel, ZoneState
from minetui.domain.zones import (
    CopyReport,
    ZoneAction,
    ZoneDraft,
    ZoneMineRow,
    ZoneRow,
    copies_into_next_year,
    copy_draft,
    highest_level,
    proposal_draft,
    transition,
)
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _, label
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.store import audit, db, offices
from minetui.store import zones as store

__all__ = [
    "CopyReport", "add_mine", "approve_zone", "copy_year", "get_zone", "list_zones", "listing",
    "mine_zones", "mines_in_zones", "propose_zone", "reject_zone", "remove_mine", "years", "zone_mines",
]

_AUDITED_FIELDS = ("year", "level", "name", "code", "basis", "state", "proposed_by", "decision_note",
                   "decided_by", "decided_at", "version")


# --- reading ---------------------------------------------------------------------------------------------

def _zone_row(row: dict[str, Any]) -> ZoneRow:
    return ZoneRow(id=row["id"], year=row["year"], level=ZoneLevel(row["level"]), name=row["name"],
                   code=row["code"], basis=row["basis"], state=ZoneState(row["state"]),
                   proposed_by=row["proposed_by"], mine_count=row["mine_count"], version=row["version"])


def years(ctx: Context) -> list[int]:
    """Years that have any zone, ascending."""
    return store.years(ctx.conn)


def list_zones(ctx: Context, year: int, level: ZoneLevel | None = None) -> list[ZoneRow]:
    """The year's zones in every state, ordered by level rank (部级 first) then name."""
    return [_zone_row(r) for r in store.list_zones(ctx.conn, year, level)]


def get_zone(ctx: Context, zone_id: int) -> ZoneRow:
    """One zone; ServiceError if there is none with that id."""
    return _zone_row(_zone_or_refuse(ctx, zone_id))


def zone_mines(ctx: Context, zone_id: int) -> list[ZoneMineRow]:
    """The zone's mines with their status as of ctx.today, by licence number."""
    return [
        ZoneMineRow(mine_id=r["mine_id"], licence_no=r["licence_no"], name=r["name"], office_code=r["office_code"],
                    status=MineStatus(r["status"]) if r["status"] else None, basis=r["basis"],
                    office_name=r["office_name"])
        for r in store.zone_mines(ctx.conn, zone_id, ctx.today)
    ]


def mine_zones(ctx: Context, mine_id: int) -> dict[int, list[ZoneRow]]:
    """The mine's zones (any state) by year, years ascending."""
    found: dict[int, list[ZoneRow]] = {}
    for row in store.zones_of_mine(ctx.conn, mine_id):
        found.setdefault(row["year"], []).append(_zone_row(row))
    return found


def mines_in_zones(ctx: Context, year: int) -> dict[int, ZoneLevel]:
    """R-PAT-1: mine_id → the highest level of the approved zones holding it that year."""
    best: dict[int, ZoneLevel] = {}
    for mine_id, key in store.member_levels(ctx.conn, year, str(ZoneState.APPROVED)):
        level = ZoneLevel(key)
        best[mine_id] = highest_level((level, best.get(mine_id, level))) or level
    return best


def listing(ctx: Context, year: int, level: ZoneLevel | None = None,
            states: tuple[ZoneState, ...] = (ZoneState.APPROVED,)) -> list[dict[str, Any]]:
    """One dict per mine in a zone, keyed like the zones import (year, level, zone, zone_code, licence_no,
    mine, basis) plus state; level and state as stored keys."""
    return store.listing_rows(ctx.conn, year, level, tuple(str(s) for s in states))


# --- writing ---------------------------------------------------------------------------------------------

def copy_year(ctx: Context, from_year: int, to_year: int) -> CopyReport:
    """R-ZONE-2: start to_year's list as a copy of from_year's approved zones and their mines."""
    authorize(ctx, Action.ZONE_EDIT)
    if from_year == to_year:
        raise ServiceError(_("cannot copy a year's zones onto the same year"))
    with db.write(ctx.conn):
        if store.count_in_year(ctx.conn, to_year):
            raise ServiceError(_("{year} already has key monitoring zones; nothing was copied").format(year=to_year))
        sources = [z for z in list_zones(ctx, from_year) if copies_into_next_year(z)]
        if not sources:
            raise ServiceError(_("{year} has no approved key monitoring zones to copy").format(year=from_year))
        memberships = sum(_copy_zone(ctx, zone, to_year) for zone in sources)
    return CopyReport(zones=len(sources), memberships=memberships)


def _copy_zone(ctx: Context, zone: ZoneRow, to_year: int) -> int:
    """Create the copy of one zone with its mines and audit it; returns how many mines it got."""
    new_id = store.insert_zone(ctx.conn, copy_draft(zone, to_year))
    count = store.copy_memberships(ctx.conn, zone.id, new_id)
    _audit_zone(ctx, "copy", new_id, before=None, extra={"copied_from": zone.id})
    return count


def propose_zone(ctx: Context, year: int, name: str, office_code: str, mine_ids: list[int],
                 basis: str = "") -> int:
    """R-ZONE-2: an office proposes a district zone (state proposed) holding `mine_ids`; returns its id."""
    authorize(ctx, Action.ZONE_PROPOSE, office=office_code)
    draft = proposal_draft(year, name, office_code, basis)
    if not draft.name:
        raise ServiceError(_("a zone needs a name"))
    unique_ids = list(dict.fromkeys(mine_ids))
    with db.write(ctx.conn):
        _check_proposal(ctx, draft, unique_ids)
        zone_id = store.insert_zone(ctx.conn, draft)
        for mine_id in unique_ids:
            store.add_membership(ctx.conn, zone_id, mine_id, "")
        _audit_zone(ctx, "propose", zone_id, before=None)
    return zone_id


def _check_proposal(ctx: Context, draft: ZoneDraft, mine_ids: list[int]) -> None:
    """Refuse a proposal from an unknown office, naming unknown mines, or clashing with a zone's name."""
    if offices.get_office(ctx.conn, draft.proposed_by or "") is None:
        raise ServiceError(_("no office with code {code}").format(code=draft.proposed_by))
    missing = sorted(set(mine_ids) - set(store.licences_of(ctx.conn, mine_ids)))
    if missing:
        raise ServiceError(_("no mine with id {ids}").format(ids=", ".join(map(str, missing))))
    if store.find_zone(ctx.conn, draft.year, draft.level, draft.name) is not None:
        raise ServiceError(_("{year} already has a {level} zone named {name}").format(
            year=draft.year, level=label(draft.level), name=draft.name))


def approve_zone(ctx: Context, zone_id: int, expected_version: int, note: str = "") -> None:
    """The bureau approves a proposed zone; it then counts for duties (R-PAT-1)."""
    authorize(ctx, Action.ZONE_DECIDE)
    _decide(ctx, zone_id, expected_version, ZoneAction.APPROVE, note.strip())


def reject_zone(ctx: Context, zone_id: int, expected_version: int, reason: str) -> None:
    """The bureau rejects a proposed zone, giving the reason."""
    authorize(ctx, Action.ZONE_DECIDE)
    if not reason.strip():
        raise ServiceError(_("a rejection needs a reason"))
    _decide(ctx, zone_id, expected_version, ZoneAction.REJECT, reason.strip())


def _decide(ctx: Context, zone_id: int, expected_version: int, action: ZoneAction, note: str) -> None:
    with db.write(ctx.conn):
        before = _zone_or_refuse(ctx, zone_id)
        if before["version"] != expected_version:
            raise StaleRecord("zone", str(zone_id), expected_version, before["version"])
        step = _allowed(before, action)
        if not store.decide_zone(ctx.conn, zone_id, str(step), note, ctx.actor, ctx.today.isoformat(),
                                 expected_version):
            raise StaleRecord("zone", str(zone_id), expected_version, None)
        _audit_zone(ctx, str(action), zone_id, before=_audited(before))


def add_mine(ctx: Context, zone_id: int, mine_id: int, basis: str = "") -> None:
    """Put a mine into a zone (once per zone; a mine may be in zones of several levels)."""
    authorize(ctx, Action.ZONE_EDIT)
    with db.write(ctx.conn):
        zone = _zone_or_refuse(ctx, zone_id)
        _allowed(zone, ZoneAction.EDIT_MINES)
        if not store.licences_of(ctx.conn, [mine_id]):
            raise ServiceError(_("no mine with id {ids}").format(ids=mine_id))
        if store.get_membership(ctx.conn, zone_id, mine_id) is not None:
            raise ServiceError(_("the mine is already in zone {name}").format(name=zone["name"]))
        store.add_membership(ctx.conn, zone_id, mine_id, basis.strip())
        store.bump_version(ctx.conn, zone_id)
        audit.append(ctx.conn, actor=ctx.actor, action="add", entity="zone_mine", entity_id=f"{zone_id}:{mine_id}",
                     after=store.get_membership(ctx.conn, zone_id, mine_id))


def remove_mine(ctx: Context, zone_id: int, mine_id: int) -> None:
    """Take a mine out of a zone; the audit row keeps what was removed."""
    authorize(ctx, Action.ZONE_EDIT)
    with db.write(ctx.conn):
        zone = _zone_or_refuse(ctx, zone_id)
        _allowed(zone, ZoneAction.EDIT_MINES)
        before = store.get_membership(ctx.conn, zone_id, mine_id)
        if before is None:
            raise ServiceError(_("the mine is not in zone {name}").format(name=zone["name"]))
        store.remove_membership(ctx.conn, zone_id, mine_id)
        store.bump_version(ctx.conn, zone_id)
        audit.append(ctx.conn, actor=ctx.actor, action="remove", entity="zone_mine",
                     entity_id=f"{zone_id}:{mine_id}", before=before)


# --- helpers ---------------------------------------------------------------------------------------------

def _zone_or_refuse(ctx: Context, zone_id: int) -> dict[str, Any]:
    row = store.get_zone(ctx.conn, zone_id)
    if row is None:
        raise ServiceError(_("no key monitoring zone with id {id}").format(id=zone_id))
    return row


def _allowed(zone: dict[str, Any], action: ZoneAction) -> ZoneState:
    """The state after `action`, or ServiceError with the state machine's reason."""
    step = transition(ZoneState(zone["state"]), action)
    if not step.allowed:
        raise ServiceError(f"{zone['name']}: " + _(step.reason).format(state=label(ZoneState(zone["state"]))))
    return step.state


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in _AUDITED_FIELDS}


def _audit_zone(ctx: Context, action: str, zone_id: int, *, before: dict[str, Any] | None,
                extra: dict[str, Any] | None = None) -> None:
    """Audit a zone write: after = the stored zone with the licence numbers of its mines."""
    after = _audited(_zone_or_refuse(ctx, zone_id))
    after["mines"] = [m["licence_no"] for m in store.zone_mines(ctx.conn, zone_id, ctx.today)]
    after.update(extra or {})
    audit.append(ctx.conn, actor=ctx.actor, action=action, entity="zone", entity_id=zone_id,
                 before=before, after=after)
