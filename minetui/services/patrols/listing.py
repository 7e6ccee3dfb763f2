"""The patrol list (all patrol records, newest first): keyset pages for the app's patrols screen, which
stays instant on a province's ~2.4 million records (store/browse.py, indexes patrols_date and
patrols_office_date)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from minetui.domain.paging import PageCursor
from minetui.services.core.context import Context
from minetui.store import browse


class PatrolListRow(NamedTuple):
    """One row of the patrol list, as the page query gives it (dates ISO, `abnormal` comma-separated keys)."""

    id: int
    patrol_date: str
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str
    mode: str
    inspectors: str
    abnormal: str | None

    @property
    def cursor(self) -> PageCursor:
        return PageCursor(self.patrol_date, self.id)

    @property
    def abnormal_items(self) -> tuple[str, ...]:
        """The checklist item keys answered abnormal."""
        return tuple(filter(None, (self.abnormal or "").split(",")))


@dataclass(frozen=True, slots=True)
class PatrolPage:
    """Rows in display order; `more`: rows continue past the far end of the fetch."""

    rows: list[PatrolListRow]
    more: bool


def page_patrols(ctx: Context, after: PageCursor | None = None, *, office: str | None = None,
                 backwards: bool = False, limit: int = 200) -> PatrolPage:
    """A page after `after` (newest first; from the newest when None); `backwards` reads the rows before
    `after` (from the oldest when None) and still returns them newest first."""
    rows = browse.patrol_page(ctx.conn, office=office, descending=not backwards, cursor=after, limit=limit + 1)
    listed = list(map(PatrolListRow._make, rows[:limit]))
    if backwards:
        listed.reverse()
    return PatrolPage(listed, len(rows) > limit)


def count_patrols(ctx: Context, office: str | None = None) -> int:
    return browse.count_patrols(ctx.conn, office)
