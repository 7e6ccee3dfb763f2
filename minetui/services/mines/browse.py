"""Browsing mines: keyset-paged lists, one mine's full detail, and the district's counts for the home screen.

The TUI calls these from thread workers (each with its own connection); the CLI can call them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from minetui.domain.model import Corner, MineScale, MineStatus, MiningMethod, StatusChange, ZoneLevel
from minetui.domain.paging import PageCursor
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.mines import zones
from minetui.store import audit, browse, offices
from minetui.store import mines as mine_store

SORT_KEYS: tuple[str, ...] = tuple(browse.SORTS)


@dataclass(frozen=True, slots=True)
class MineQuery:
    """What the mine list shows: filter text (every word must match), sort key and direction."""

    text: str = ""
    sort: str = "licence_no"
    descending: bool = False

    def next_sort(self) -> MineQuery:
        """The same query sorted by the next sort key (cycling), ascending."""
        index = (SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)
        return MineQuery(self.text, SORT_KEYS[index], False)

    def reversed(self) -> MineQuery:
        return MineQuery(self.text, self.sort, not self.descending)


class MineListRow(NamedTuple):
    """One row of the mine list; `status` is the status on ctx.today (None: no history yet). A NamedTuple,
    not a frozen dataclass: a page builds hundreds of them on every scroll (issue 9)."""

    id: int
    licence_no: str
    name: str
    holder: str
    minerals: str
    method: MiningMethod
    office_code: str | None
    office_name: str | None
    status: MineStatus | None
    valid_to: date | None
    cursor: PageCursor


@dataclass(frozen=True, slots=True)
class MinePage:
    """Rows in display order; `more` tells whether rows continue past the far end of the fetch."""

    rows: list[MineListRow]
    more: bool


@dataclass(frozen=True, slots=True)
class MineDetail:
    mine: dict[str, Any]
    method: MiningMethod
    scale: MineScale | None
    statuses: list[StatusChange]
    corners: list[Corner]
    history: list[dict[str, Any]]
    zones_by_year: dict[int, list[Any]] = field(default_factory=dict)

    def rings(self) -> dict[int, list[Corner]]:
        """Corner points grouped by ring, in boundary order."""
        grouped: dict[int, list[Corner]] = {}
        for corner in self.corners:
            grouped.setdefault(corner.ring, []).append(corner)
        return grouped


@dataclass(frozen=True, slots=True)
class DistrictSummary:
    """The home screen's counts."""

    offices: int
    mines_by_status: dict[MineStatus | None, int]
    year: int
    zones_by_level: dict[ZoneLevel, int]
    proposals: int

    @property
    def mines(self) -> int:
        return sum(self.mines_by_status.values())

    @property
    def is_empty(self) -> bool:
        return self.offices == 0 and self.mines == 0


_METHODS = {str(m): m for m in MiningMethod}
_STATUSES = {str(s): s for s in MineStatus}


def _list_row(row: Mapping[str, Any], sort: str) -> MineListRow:
    valid_to = row["valid_to"]
    return MineListRow(
        row["id"], row["licence_no"], row["name"], row["holder"], row["minerals"], _METHODS[row["method"]],
        row["office_code"], row["office_name"], _STATUSES.get(row["status"]),
        date.fromisoformat(valid_to) if valid_to else None, browse.cursor_of(row, sort),
    )


def count_mines(ctx: Context, query: MineQuery) -> int:
    return browse.count_mines(ctx.conn, query.text)


def page_mines(ctx: Context, query: MineQuery, after: PageCursor | None = None, *,
               backwards: bool = False, limit: int = 200) -> MinePage:
    """A page of the list after `after` (from the start when None); `backwards` reads the rows before
    `after` (from the end when None) and still returns them in display order."""
    rows = browse.mine_page(ctx.conn, text=query.text, sort=query.sort, descending=query.descending ^ backwards,
                            cursor=after, today=ctx.today.isoformat(), limit=limit + 1)
    more = len(rows) > limit
    listed = [_list_row(r, query.sort) for r in rows[:limit]]
    if backwards:
        listed.reverse()
    return MinePage(listed, more)


def find_mines(ctx: Context, text: str, limit: int = 20) -> list[MineListRow]:
    """Mines matching `text` (licence no., name, holder, minerals, office), for pickers."""
    return page_mines(ctx, MineQuery(text=text), limit=limit).rows


def mine_detail(ctx: Context, mine_id: int) -> MineDetail:
    """Everything the detail screen shows about one mine; refused when the mine does not exist."""
    row = browse.mine_row(ctx.conn, mine_id)
    if row is None:
        raise ServiceError(f"no mine with id {mine_id}")
    return MineDetail(
        mine=row,
        method=MiningMethod(row["method"]),
        scale=MineScale(row["scale"]) if row["scale"] else None,
        statuses=[StatusChange(s, d) for s, d in mine_store.status_history(ctx.conn, mine_id)],
        corners=mine_store.corners_of(ctx.conn, mine_id),
        history=[dict(r) for r in audit.history(ctx.conn, "mine", mine_id)],
        zones_by_year=_zones_of(ctx, mine_id),
    )


def _zones_of(ctx: Context, mine_id: int) -> dict[int, list[Any]]:
    return zones.mine_zones(ctx, mine_id)


def district_summary(ctx: Context) -> DistrictSummary:
    """Offices, mines by current status, and the approved zones by level of this year — or of the latest
    earlier year with zones while this year's list is not in yet."""
    year = browse.latest_zone_year(ctx.conn, ctx.today.year) or ctx.today.year
    by_status = {
        (MineStatus(key) if key else None): n
        for key, n in browse.mines_by_status(ctx.conn, ctx.today.isoformat()).items()
    }
    return DistrictSummary(
        offices=browse.office_count(ctx.conn),
        mines_by_status=by_status,
        year=year,
        zones_by_level={ZoneLevel(k): n for k, n in browse.approved_zones_by_level(ctx.conn, year).items()},
        proposals=browse.proposal_count(ctx.conn, year),
    )


def office_choices(ctx: Context) -> list[tuple[str, str]]:
    """(code, name) of every office, for pickers."""
    return [(r["code"], r["name"]) for r in offices.all_offices(ctx.conn)]
