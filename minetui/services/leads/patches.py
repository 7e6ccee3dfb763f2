"""Satellite change patches (图斑, R-SAT-1): `minetui import patches FILE`, linking, listing.

Each patch is linked to the licence whose polygon holds its centre: the licences' bounding boxes come from one
query, and only the licences whose box holds the centre get the point-in-polygon test
(domain.geometry.locate_point). A centre inside no licence is kept unlinked with a warning — a possible
无证开采 site. A patch with forest/grassland damage gets its R-LEAD-6 draft in the import's transaction.

API: `plan_patches(ctx, records)` (the import's planner), `link_points(ctx, points) -> list[int | None]`,
`patch_rows(ctx, year=None, unlinked=False) -> list[PatchRow]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.domain.geometry import locate_point
from minetui.domain.leads.patches import Handling, Verdict, candidate_licences, is_settled, patch_deadline
from minetui.domain.model import Corner
from minetui.domain.periods import iso_day
from minetui.domain.validation import WARNING, Message
from minetui.domain.workdays import WorkCalendar
from minetui.errors import StaleRecord
from minetui.i18n import N_
from minetui.io.tablespec import Record
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.core.import_engine import Action, Plan, RecordChange, audit_change, diff, subset
from minetui.services.leads.drafting import draft_for_patch
from minetui.store import mines as mine_store
from minetui.store import patches as store

UNLINKED = Message("patch.unlinked", N_("the centre lies in no mining licence (possibly unlicensed mining)"))
_FIELDS = ("year", "batch", "patch_no", "x", "y", "area_mu", "verdict", "handling", "reason", "forest_grass_damage",
           "returned_on")


@dataclass(frozen=True, slots=True)
class PatchRow:
    id: int
    year: int
    batch: int | None
    patch_no: str
    x: float
    y: float
    area_mu: float | None
    verdict: Verdict | None
    handling: Handling | None
    reason: str
    forest_grass_damage: bool
    returned_on: date | None
    mine_id: int | None
    licence_no: str | None
    mine_name: str | None
    deadline: date
    settled: bool
    overdue: bool


class _Linker:
    """Bounding boxes loaded once; polygons built only for the licences whose box holds a point."""

    def __init__(self, ctx: Context) -> None:
        self.conn = ctx.conn
        self.boxes = store.licence_boxes(ctx.conn)
        self._corners: dict[int, list[tuple[int, str, float, float]]] | None = None

    def corners(self, mine_id: int) -> list[Corner]:
        if self._corners is None:
            self._corners = mine_store.corner_tuples_by_mine(self.conn)
        return [Corner(p, x, y, ring) for ring, p, x, y in self._corners.get(mine_id, [])]

    def link(self, x: float, y: float) -> int | None:
        for mine_id in candidate_licences(self.boxes, x, y):
            try:
                if locate_point(self.corners(mine_id), x, y).inside:
                    return mine_id
            except ValueError:
                continue
        return None


def link_points(ctx: Context, points: Sequence[tuple[float, float]]) -> list[int | None]:
    """The mine whose licence polygon holds each (X, Y) point, or None."""
    linker = _Linker(ctx)
    return [linker.link(x, y) for x, y in points]


def _stored_form(values: dict[str, Any], mine_id: int | None) -> dict[str, Any]:
    row: dict[str, Any] = {"mine_id": mine_id}
    for key in _FIELDS:
        if key not in values:  # a column the file lacks keeps what is stored
            continue
        value = values[key]
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Verdict | Handling):
            value = str(value)
        row[key] = value
    for key, blank in (("reason", ""), ("forest_grass_damage", 0)):
        if key in row and row[key] is None:
            row[key] = blank
    return row


def plan_patches(ctx: Context, records: list[Record]) -> Plan:
    """Every valid row linked and compared with the stored patch of its (year, number)."""

    plan, linker = Plan(), _Linker(ctx)
    stored = store.patches_by_key(ctx.conn)
    for record in records:
        if not record.ok:
            continue
        mine_id = linker.link(record.values["x"], record.values["y"])
        if mine_id is None:
            plan.problems.append(record.problem("x", UNLINKED, WARNING))
        new = _stored_form(record.values, mine_id)
        before = stored.get((new["year"], new["patch_no"]))
        action, changes = diff(subset(before, new), new)
        plan.record(RecordChange(f"{new['year']} {new['patch_no']}", action, record.row, changes),
                    _write(action, before, new))
    return plan


def _write(action: Action, before: dict[str, Any] | None, new: dict[str, Any]):
    def write(ctx: Context) -> None:
        if before is None:
            patch_id = store.insert_patch(ctx.conn, {"reason": "", "forest_grass_damage": 0, **new})
        else:
            patch_id = before["id"]
            changes = {k: v for k, v in new.items() if before.get(k) != v}
            if not store.update_patch(ctx.conn, patch_id, changes, before["version"]):
                raise StaleRecord("patch", f"{new['year']} {new['patch_no']}", before["version"], None)
        audit_change(ctx, action, "patch", patch_id, subset(before, new), new)
        draft_for_patch(ctx, patch_id)  # R-LEAD-6: at once (once per patch)
    return write


def to_row(ctx: Context, raw: dict[str, Any], calendar: WorkCalendar) -> PatchRow:
    verdict = Verdict(raw["verdict"]) if raw["verdict"] else None
    handling = Handling(raw["handling"]) if raw["handling"] else None
    returned = iso_day(raw["returned_on"])
    deadline = patch_deadline(raw["year"], returned, calendar)
    settled = is_settled(verdict, handling) and returned is None
    return PatchRow(raw["id"], raw["year"], raw["batch"], raw["patch_no"], raw["x"], raw["y"], raw["area_mu"], verdict,
                    handling, raw["reason"], bool(raw["forest_grass_damage"]), returned, raw["mine_id"],
                    raw.get("licence_no"), raw.get("mine_name"), deadline, settled,
                    not settled and ctx.today > deadline)


def patch_rows(ctx: Context, *, year: int | None = None, unlinked: bool = False) -> list[PatchRow]:
    """Patches by year, batch and number; `unlinked`: only those inside no licence."""
    calendar = settings.work_calendar(ctx)
    return [to_row(ctx, r, calendar) for r in store.patch_list(ctx.conn, year=year, unlinked=unlinked)]
