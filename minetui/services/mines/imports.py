"""The import planners of the mines capability (formats.md): offices, mines, corners, status history and zones.

Each planner turns a file's parsed records into RecordChanges, problems and the writes that apply them; the
import engine (services/core/import_engine.py) runs it all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from minetui.domain import normalize as n
from minetui.domain.model import MineStatus, ZoneLevel, ZoneState
from minetui.domain.validation import WARNING, Message
from minetui.domain.zones import ZoneAction, ZoneDraft, transition
from minetui.errors import StaleRecord
from minetui.i18n import N_, _
from minetui.io.tablespec import Record
from minetui.services.core.context import Context
from minetui.services.core.import_engine import (
    UNKNOWN_OFFICE,
    Action,
    Plan,
    RecordChange,
    Write,
    audit_change,
    audit_entry,
    diff,
    licence_refs,
    or_stored,
    same,
    subset,
    valid,
)
from minetui.services.leads.drafting import draft_for_licence
from minetui.store import audit, imports, offices, zones
from minetui.store import mines as mine_store

OFFICE_NAME_TAKEN = Message("office.name_taken", N_("the name is used by the office with code {code}"))
OFFICE_NAME_REPEATED = Message("office.name_repeated", N_("same name as row {row}"))
STATUS_DIFFERS = Message("status.differs_from_history", N_(
    "differs from the latest entry of the status history ({status}, since {since}); the history is unchanged: to "
    "change it give a status date or import the status history"))
STATUS_FROM_TODAY = Message("status.starts_today", N_(
    "no status date and no valid-from date: the status history starts today"))
RING_CLOSED_BEFORE = Message("ring.closed_before", N_("ring {ring} was closed above: no corner may follow"))
POINT_REPEATED = Message("point.repeated", N_("same point number as row {row} (same ring)"))
RING_NOT_CLOSED = Message("ring.not_closed", N_(
    "same point number as the first point in row {row} but other coordinates: ring {ring} is not closed"))
RING_TOO_FEW_POINTS = Message("ring.too_few_points", N_("ring {ring} has fewer than 3 corners"))
ZONE_REJECTED = Message("zone.rejected", N_("the zone was rejected: it takes no more mines"))
ZONE_CODE_DIFFERS_IN_FILE = Message("zone.code_differs_in_file", N_("differs from the code “{code}” in row {row}"))
ZONE_CODE_DIFFERS = Message("zone.code_differs", N_("differs from the zone's code “{code}”"))

# --- offices --------------------------------------------------------------------------------------------

def plan_offices(ctx: Context, records: list[Record]) -> Plan:
    plan, stored = Plan(), imports.offices_by_code(ctx.conn)
    owner = {row["name"]: code for code, row in stored.items()}
    file_codes = {r.values.get("code") for r in records}
    for record in valid(records):
        code, name = record.values["code"], record.values["name"]
        other = owner.get(name)
        if other is not None and other != code and other not in file_codes:
            plan.problems.append(record.problem("name", OFFICE_NAME_TAKEN, code=other))
            continue
        before = stored.get(code)
        towns = or_stored(record.values.get("towns"), before["towns"] if before else "", "towns" in record.values)
        after = {"code": code, "name": name, "towns": towns}
        action, changes = diff(subset(before, after), after)
        plan.record(RecordChange(code, action, record.row, changes), _office_write(action, before, after))
    _unique_names(plan, records)
    return plan


def _unique_names(plan: Plan, records: list[Record]) -> None:
    first: dict[str, int] = {}
    for record in valid(records):
        name = record.values["name"]
        if name in first:
            plan.problems.append(record.problem("name", OFFICE_NAME_REPEATED, row=first[name]))
        first.setdefault(name, record.row)


def _office_write(action: Action, before: dict[str, Any] | None, after: dict[str, Any]) -> Write:
    def write(ctx: Context) -> None:
        offices.upsert_office(ctx.conn, after["code"], after["name"], after["towns"])
        audit_change(ctx, action, "office", after["code"], subset(before, after), after)
    return write




# --- mines ----------------------------------------------------------------------------------------------

_MINE_DEFAULTS: dict[str, Any] = {"villages": "", "forest_grass": 0, "epsg": 4526, "registered_by": "district"}


def _mine_row(values: dict[str, Any], office_code: str) -> dict[str, Any]:
    """The stored form of the columns the file has (enums as keys, dates ISO, booleans 0/1)."""
    row: dict[str, Any] = {"office_code": office_code}
    for column in mine_store.MINE_COLUMNS:
        if column not in values or column == "office_code":
            continue
        value = values[column]
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif value is not None and column in ("method", "scale", "registered_by"):
            value = str(value)
        row[column] = _MINE_DEFAULTS.get(column) if value is None else value
    return row


def plan_mines(ctx: Context, records: list[Record]) -> Plan:
    plan = Plan()
    stored = mine_store.rows_by_licence(ctx.conn)
    office_keys = offices.office_codes_by_key(ctx.conn)
    latest = mine_store.latest_statuses(ctx.conn)
    entries = mine_store.status_entries(ctx.conn)
    pending: list[_MineWrite] = []
    for record in records:
        office = record.values.get("office")
        office_code = office_keys.get(office) if office is not None else None
        if office is not None and office_code is None:
            plan.problems.append(record.problem("office", UNKNOWN_OFFICE))
        if not record.ok or office_code is None:
            continue
        before = stored.get(record.values["licence_no"])
        new = _mine_row(record.values, office_code)
        if not _mine_order_ok(plan, record, before, new):
            continue
        action, changes = diff(subset(before, new), new)
        status_step = _status_step(ctx, plan, record, before, latest, entries)
        if status_step is not None:
            changes["status"] = (status_step[2], str(status_step[0]))
            action = "add" if before is None else "change"
        plan.record(RecordChange(new["licence_no"], action, record.row, changes))
        if action != "same":
            pending.append(_MineWrite(action, before, new, status_step))
    if pending:
        plan.writes.append(partial(_write_mines, pending))
    return plan


def _mine_order_ok(plan: Plan, record: Record, before: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    """Depth and validity order of the merged row (the file may hold only one of a pair)."""
    merged = {**(before or {}), **new}
    top, bottom = merged.get("depth_top_m"), merged.get("depth_bottom_m")
    if top is not None and bottom is not None and top <= bottom:
        plan.problems.append(record.problem("depth_bottom_m", n.Msg.DEPTH_ORDER))
        return False
    start, end = merged.get("valid_from"), merged.get("valid_to")
    if start is not None and end is not None and start > end:
        plan.problems.append(record.problem("valid_to", n.Msg.VALIDITY_ORDER))
        return False
    return True


StatusStep = tuple[MineStatus, date, str | None]  # (status, effective_from, status it replaces)


def _status_step(ctx: Context, plan: Plan, record: Record, before: dict[str, Any] | None,
                 latest: dict[int, tuple[str, str]], entries: dict[tuple[int, str], str]) -> StatusStep | None:
    """The status history entry a mines row adds (formats.md rules), or None; a mismatch is a warning."""
    status: MineStatus = record.values["status"]
    since: date | None = record.values.get("status_since")
    mine_id = before["id"] if before else None
    if since is not None:
        old = entries.get((mine_id, since.isoformat())) if mine_id is not None else None
        return None if old == str(status) else (status, since, old)
    if mine_id is not None and mine_id in latest:
        last_status, last_since = latest[mine_id]
        if last_status != str(status):
            plan.problems.append(record.problem("status", STATUS_DIFFERS, WARNING, status=MineStatus(last_status),
                                                since=last_since))
        return None
    start = record.values.get("valid_from") or (before or {}).get("valid_from")
    if start is None:
        plan.problems.append(record.problem("status", STATUS_FROM_TODAY, WARNING))
        return status, ctx.today, None
    return status, start if isinstance(start, date) else date.fromisoformat(start), None


@dataclass(frozen=True, slots=True)
class _MineWrite:
    """A mine the import adds or changes: its stored row before (None: new), the file's row, a status step."""

    action: Action
    before: dict[str, Any] | None
    new: dict[str, Any]
    status_step: StatusStep | None


def _write_mines(pending: list[_MineWrite], ctx: Context) -> None:
    """Every added or changed mine in a few statements: the new rows, statuses and audit rows each with one
    executemany; a changed row is updated one by one (its version is checked: StaleRecord when it moved)."""
    mine_store.insert_mines(ctx.conn, (w.new for w in pending if w.before is None))
    ids = mine_store.mine_ids_by_licence(ctx.conn) if any(w.before is None for w in pending) else {}
    mine_ids = [ids[w.new["licence_no"]] if w.before is None else w.before["id"] for w in pending]
    for write in pending:
        if write.before is not None:
            before = write.before
            changes = {k: v for k, v in write.new.items() if not same(before.get(k), v)}
            if not mine_store.update_mine(ctx.conn, before["id"], changes, before["version"]):
                raise StaleRecord("mine", write.new["licence_no"], before["version"], None)
    mine_store.put_statuses(ctx.conn, [(mine_id, w.status_step[0], w.status_step[1])
                                       for mine_id, w in zip(mine_ids, pending, strict=True) if w.status_step])
    audit.append_many(ctx.conn, actor=ctx.actor, entries=[
        audit_entry(w.action, "mine", mine_id, subset(w.before, w.new), _mine_after(w))
        for mine_id, w in zip(mine_ids, pending, strict=True)])
    for mine_id, write in zip(mine_ids, pending, strict=True):
        if _may_need_licence_lead(write):
            draft_for_licence(ctx, mine_id)  # R-LEAD-5: registered or renewed


def _mine_after(write: _MineWrite) -> dict[str, Any]:
    after = dict(write.new)
    if write.status_step is not None:
        step = write.status_step
        after["status"] = {"status": str(step[0]), "effective_from": step[1].isoformat()}
    return after


def _may_need_licence_lead(write: _MineWrite) -> bool:
    """A new or renewed (valid_from changed) licence of a forest/grass mine: R-LEAD-5 may draft a lead
    (draft_for_licence decides; a mine off forest and grass never gets one, so it is not asked)."""
    before, new = write.before, write.new
    renewed = before is None or before.get("valid_from") != new.get("valid_from", before.get("valid_from"))
    return renewed and bool(new.get("forest_grass", (before or {}).get("forest_grass")))


# --- corners --------------------------------------------------------------------------------------------

CornerTuple = mine_store.CornerTuple


def plan_corners(ctx: Context, records: list[Record]) -> Plan:
    plan = Plan()
    ids = mine_store.mine_ids_by_licence(ctx.conn)
    stored = mine_store.corner_tuples_by_mine(ctx.conn)
    groups: dict[str, list[Record]] = {}
    pending: list[_CornersWrite] = []
    for record, _mine_id in licence_refs(plan, records, ids):
        groups.setdefault(record.values["licence_no"], []).append(record)
    for licence, rows in groups.items():
        corners = corner_rings(plan, rows)
        if corners is None:
            continue
        mine_id = ids[licence]
        before = stored.get(mine_id)
        action: Action = "add" if not before else ("same" if _same_corners(before, corners) else "change")
        changes = {} if action == "same" else {"corners": (len(before or []), len(corners))}
        plan.record(RecordChange(licence, action, rows[0].row, changes))
        if action != "same":
            pending.append((action, mine_id, before, corners))
    if pending:
        plan.writes.append(partial(_write_corners, pending))
    return plan


def corner_rings(plan: Plan, rows: list[Record]) -> list[CornerTuple] | None:
    """A mine's corners by ring (file order within a ring), or None after recording its problems.

    A point number may appear twice in a ring only as the ring's last point repeating its first (closing it
    explicitly; with other coordinates the ring is 'not closed', a warning here and a finding of `check`);
    any other repeat is an error naming both rows.
    """
    by_ring: dict[int, list[tuple[Record, CornerTuple]]] = {}
    first_of: dict[int, dict[str, Record]] = {}  # ring → point_no → the row that first named it
    closed: set[int] = set()
    ok = True
    for record in rows:
        v = record.values
        ring = v.get("ring") or 1
        corner = (ring, v["point_no"], v["x"], v["y"])
        points = by_ring.setdefault(ring, [])
        named = first_of.setdefault(ring, {})
        earlier = named.setdefault(corner[1], record)
        earlier = None if earlier is record else earlier
        if ring in closed:
            plan.problems.append(record.problem("point_no", RING_CLOSED_BEFORE, ring=ring))
            ok = False
        elif earlier is not None and earlier is not points[0][0]:
            plan.problems.append(record.problem("point_no", POINT_REPEATED, row=earlier.row))
            ok = False
        elif earlier is not None:
            closed.add(ring)
            if not _close(points[0][1], corner):  # kept: the lead's 'not closed' rule, reported by `check`
                plan.problems.append(record.problem("point_no", RING_NOT_CLOSED, WARNING, row=earlier.row, ring=ring))
        points.append((record, corner))
    for ring, points in by_ring.items():
        if len(first_of[ring]) < 3:
            plan.problems.append(points[0][0].problem("point_no", RING_TOO_FEW_POINTS, ring=ring))
            ok = False
    if not ok:
        return None
    return [c for ring in sorted(by_ring) for _, c in by_ring[ring]]


def _close(a: CornerTuple, b: CornerTuple) -> bool:
    return abs(a[2] - b[2]) < 0.005 and abs(a[3] - b[3]) < 0.005


def _same_corners(before: list[CornerTuple], after: list[CornerTuple]) -> bool:
    return len(before) == len(after) and all(
        b[0] == a[0] and b[1] == a[1] and _close(b, a) for b, a in zip(before, after, strict=True))


_CornersWrite = tuple[Action, int, list[CornerTuple] | None, list[CornerTuple]]  # action, mine, before, after


def _write_corners(pending: list[_CornersWrite], ctx: Context) -> None:
    """Every changed boundary replaced at once, with one audit row per mine (audit.append_many)."""
    mine_store.replace_boundaries(ctx.conn, ((mine_id, corners) for _a, mine_id, _b, corners in pending))
    audit.append_many(ctx.conn, actor=ctx.actor, entries=[
        audit_entry(action, "corners", mine_id, before or [], corners)  # tuples: the same JSON as lists
        for action, mine_id, before, corners in pending])


# --- status history -------------------------------------------------------------------------------------

def plan_status(ctx: Context, records: list[Record]) -> Plan:
    plan = Plan()
    entries = mine_store.status_entries(ctx.conn)
    for record, mine_id in licence_refs(plan, records, mine_store.mine_ids_by_licence(ctx.conn)):
        status: MineStatus = record.values["status"]
        since: date = record.values["effective_from"]
        old = entries.get((mine_id, since.isoformat()))
        action: Action = "add" if old is None else ("same" if old == str(status) else "change")
        changes = {} if action == "same" else {"status": (old, str(status))}
        key = f"{record.values['licence_no']} {since.isoformat()}"
        plan.record(RecordChange(key, action, record.row, changes),
                    _status_write(action, mine_id, status, since, old))
    return plan


def _status_write(action: Action, mine_id: int, status: MineStatus, since: date, old: str | None) -> Write:
    def write(ctx: Context) -> None:
        mine_store.put_status(ctx.conn, mine_id, status, since)
        entry = {"effective_from": since.isoformat()}
        audit_change(ctx, action, "mine_status", f"{mine_id}:{since.isoformat()}",
               {**entry, "status": old}, {**entry, "status": str(status)})
    return write


# --- zones ----------------------------------------------------------------------------------------------

ZoneKey = tuple[int, str, str]


def plan_zones(ctx: Context, records: list[Record]) -> Plan:
    plan = Plan()
    stored = imports.zones_by_key(ctx.conn)
    members = imports.zone_memberships(ctx.conn)
    codes: dict[ZoneKey, tuple[str, int]] = {}
    for record, mine_id in licence_refs(plan, records, mine_store.mine_ids_by_licence(ctx.conn)):
        v = record.values
        key: ZoneKey = (v["year"], str(v["level"]), v["zone"])
        zone = stored.get(key)
        if not _zone_usable(plan, record, zone, codes, key):
            continue
        old = members.get((zone["id"], mine_id)) if zone else None
        basis = or_stored(v.get("basis"), old or "", "basis" in v)
        action: Action = "add" if old is None else ("same" if old == basis else "change")
        changes = {} if action == "same" else {"basis": (old, basis)}
        label = f"{v['year']} {ZoneLevel(key[1]).label} {v['zone']} {v['licence_no']}"
        plan.record(RecordChange(label, action, record.row, changes),
                    _membership_write(action, key, stored, mine_id, basis, old))
    for key in codes:
        if key not in stored:
            plan.notes.append(_("new key monitoring zone: {year} {level} {zone}").format(
                year=key[0], level=ZoneLevel(key[1]).label, zone=key[2]))
    plan.writes.insert(0, lambda c: _create_zones(c, codes, stored))
    return plan


def _zone_usable(plan: Plan, record: Record, zone: dict[str, Any] | None,
                 codes: dict[ZoneKey, tuple[str, int]], key: ZoneKey) -> bool:
    """A rejected zone takes no mines; one zone must not get two codes in a file."""
    if zone is not None and not transition(ZoneState(zone["state"]), ZoneAction.EDIT_MINES).allowed:
        plan.problems.append(record.problem("zone", ZONE_REJECTED))
        return False
    code = record.values.get("zone_code") or ""
    first_code, first_row = codes.setdefault(key, (code, record.row))
    if code and not first_code:
        codes[key] = (code, record.row)
    elif code and code != first_code:
        plan.problems.append(record.problem("zone_code", ZONE_CODE_DIFFERS_IN_FILE, row=first_row, code=first_code))
        return False
    elif code and zone is not None and (zone["code"] or "") not in ("", code):
        plan.problems.append(record.problem("zone_code", ZONE_CODE_DIFFERS, WARNING, code=zone["code"]))
    return True


def _create_zones(ctx: Context, codes: dict[ZoneKey, tuple[str, int]],
                  stored: dict[ZoneKey, dict[str, Any]]) -> None:
    """Create, as approved, the zones the file names that do not exist yet (one audit row each)."""
    for key, (code, _row) in codes.items():
        if key in stored:
            continue
        draft = ZoneDraft(key[0], ZoneLevel(key[1]), key[2], code or None, "", ZoneState.APPROVED, None)
        zone_id = zones.insert_zone(ctx.conn, draft)
        stored[key] = {"id": zone_id}
        audit.append(ctx.conn, actor=ctx.actor, action="import.add", entity="zone", entity_id=zone_id,
                     after={"year": key[0], "level": key[1], "name": key[2], "code": code or None,
                            "state": str(ZoneState.APPROVED)})


def _membership_write(action: Action, key: ZoneKey, stored: dict[ZoneKey, dict[str, Any]], mine_id: int,
                      basis: str, old: str | None) -> Write:
    def write(ctx: Context) -> None:
        zone_id = stored[key]["id"]
        if action == "add":
            zones.add_membership(ctx.conn, zone_id, mine_id, basis)
        else:
            imports.set_membership_basis(ctx.conn, zone_id, mine_id, basis)
        zones.bump_version(ctx.conn, zone_id)
        audit_change(ctx, action, "zone_mine", f"{zone_id}:{mine_id}",
               {"zone_id": zone_id, "mine_id": mine_id, "basis": old},
               {"zone_id": zone_id, "mine_id": mine_id, "basis": basis})
    return write
