"""The ONE working-day calendar (R-DAY-1): the State Council's yearly arrangement of public holidays and make-up
working days (调休上班), as the `chinesecalendar` package ships it, plus the bureau's own closures (the setting
`calendar.closures`). Every rule that counts working days gets its calendar from here, through
`settings.work_calendar(ctx)`: lead deadlines, visit days, patch deadlines.

The package's data is a table inside the package (`chinese_calendar.constants`): nothing is downloaded at run
time. It knows the years its release was made for (1.11.0: 2004–2026); for any other year the calendar counts
Monday to Friday and says so — `WorkCalendar.unknown_years`, `calendar_warnings` — never a silent guess. A
newer year comes with a newer release of the package (the State Council publishes each year's arrangement in
the autumn before it): `pip install -U chinesecalendar`, or a new wheel in the offline wheelhouse.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata

from minetui.domain.workdays import WorkCalendar, unknown_years_warning

PACKAGE = "chinesecalendar"
# How far ahead of today an unknown year is worth a warning on its own (a quarter: the planner's unit, and
# every lead deadline counted in working days is due well within it).
LOOKAHEAD = timedelta(days=92)


@dataclass(frozen=True, slots=True)
class Official:
    """The official arrangement as the package ships it: its version, the years it knows, the days."""

    version: str
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    years: frozenset[int]

    @property
    def source(self) -> str:
        return f"{PACKAGE} {self.version}"

    @property
    def first_year(self) -> int:
        return min(self.years)

    @property
    def last_year(self) -> int:
        return max(self.years)


@functools.cache
def official() -> Official:
    """The package's table, read once (the State Council's holidays with the weekend days around them, and the
    make-up working days)."""
    from chinese_calendar import constants

    holidays = frozenset(constants.holidays)
    makeup = frozenset(constants.workdays)
    years = frozenset(range(min(holidays).year, max(holidays).year + 1))
    return Official(metadata.version(PACKAGE), holidays, makeup, years)


def build_calendar(closures: Iterable[date] = ()) -> WorkCalendar:
    """The calendar every rule uses: the official arrangement, plus the bureau's `closures` as days off."""
    source = official()
    return WorkCalendar(holidays=source.holidays, makeup_workdays=source.makeup_workdays,
                        closures=frozenset(closures), known_years=source.years)


def calendar_warnings(calendar: WorkCalendar, today: date) -> list[str]:
    """A warning when the calendar does not know this year, or a year that starts within LOOKAHEAD of `today`."""
    years = calendar.unknown_years(today, today + LOOKAHEAD)
    return [unknown_years_warning(years)] if years else []
