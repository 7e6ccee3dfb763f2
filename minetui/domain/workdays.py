"""The working-day calendar (R-DAY-1): which days the bureau works, and arithmetic in working days.

A day is a working day unless it is a public holiday or one of the bureau's own closures, or a Saturday/Sunday
that is not a make-up working day (调休上班). Holidays and closures win: they are off even on a weekday (and a
closure even on a make-up day). The domain holds no holiday data: the services build the ONE calendar every rule
uses (lead deadlines, visit days, patch deadlines) from the State Council's yearly arrangements and the bureau's
closures (services/core/workcalendar.py) and pass it in.

`known_years` says for which years the official arrangement is known (None: every year — a calendar built by
hand). Outside them the calendar still answers — Monday to Friday — but `unknown_years()` names those years, so
that every caller can say so (warn) rather than guess silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from minetui.i18n import _

_ONE_DAY = timedelta(days=1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONFIG_KEYS = ("holidays", "makeup_workdays")


class CalendarConfigError(ValueError):
    """A holiday or make-up working day entry in the configuration that cannot be read."""


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Weekends, `holidays` and `closures` are off; a Saturday or Sunday in `makeup_workdays` is a working day
    (unless the bureau is closed then). `known_years`: the years whose official arrangement the holiday lists
    hold (None: every year)."""

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    closures: frozenset[date] = frozenset()
    known_years: frozenset[int] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        object.__setattr__(self, "closures", frozenset(self.closures))
        if self.known_years is not None:
            object.__setattr__(self, "known_years", frozenset(self.known_years))
        if both := sorted(self.holidays & self.makeup_workdays):
            raise ValueError(f"listed both as holiday and as make-up working day: {_iso_list(both)}")
        if weekdays := sorted(d for d in self.makeup_workdays if d.weekday() < 5):
            raise ValueError(f"a make-up working day must be a Saturday or Sunday, not: {_iso_list(weekdays)}")

    # --- single days ----------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """True when the bureau works on `day`."""
        if day in self.holidays or day in self.closures:
            return False
        return day.weekday() < 5 or day in self.makeup_workdays

    # --- what the calendar knows --------------------------------------------------------------------------

    def knows(self, year: int) -> bool:
        """Whether the official holidays and make-up working days of `year` are known."""
        return self.known_years is None or year in self.known_years

    def unknown_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years from `start` to `end` (either order) whose official arrangement is not known: there the
        calendar counts Monday to Friday only, and a caller must say so."""
        low, high = min(start, end), max(start, end)
        return tuple(year for year in range(low.year, high.year + 1) if not self.knows(year))

    def same_or_next_workday(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def same_or_previous_workday(self, day: date) -> date:
        """`day` itself if it is a working day, else the last working day before it."""
        while not self.is_workday(day):
            day -= _ONE_DAY
        return day

    def next_workday(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.same_or_next_workday(day + _ONE_DAY)

    def previous_workday(self, day: date) -> date:
        """The last working day strictly before `day`."""
        return self.same_or_previous_workday(day - _ONE_DAY)

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n > 0) or before it (n < 0), `day` itself not counted.

        n == 0 gives `same_or_next_workday(day)`. Whole weeks are skipped in one step when no holiday or
        make-up day lies in them, so large n stays cheap.
        """
        if n == 0:
            return self.same_or_next_workday(day)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        special = self.holidays | self.makeup_workdays | self.closures
        while remaining:
            week_end = day + 7 * step
            if remaining > 5 and not _any_between(special, day + step, week_end):
                day, remaining = week_end, remaining - 5
                continue
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    # --- ranges -----------------------------------------------------------------------------------------

    def workdays_between(self, start: date, end: date) -> list[date]:
        """Every working day from `start` to `end`, both included, in order ([] when start > end)."""
        span = (end - start).days + 1
        if span <= 0:
            return []
        first_weekday = start.weekday()
        holidays, makeup = self.holidays | self.closures, self.makeup_workdays
        days = []
        for offset in range(span):
            day = start + timedelta(days=offset)
            weekend = (first_weekday + offset) % 7 >= 5
            if day not in holidays and (not weekend or day in makeup):
                days.append(day)
        return days

    def count_workdays(self, start: date, end: date) -> int:
        """How many working days lie from `start` to `end`, both included — by arithmetic, not by walking."""
        if start > end:
            return 0
        weeks, extra = divmod((end - start).days + 1, 7)
        count = 5 * weeks + sum((start.weekday() + i) % 7 < 5 for i in range(extra))
        off = self.holidays | self.closures
        count -= sum(1 for d in off if start <= d <= end and d.weekday() < 5)
        count += sum(1 for d in self.makeup_workdays if start <= d <= end and d not in off)
        return count

    # --- configuration ----------------------------------------------------------------------------------

    @classmethod
    def from_config(cls, mapping: Mapping[str, object], where: str = "calendar") -> WorkCalendar:
        """Read `{"holidays": [...], "makeup_workdays": [...]}` (both optional).

        An entry is an ISO date `2025-10-01`, an inclusive range `2025-10-01..2025-10-08`, or a `date`
        (TOML reads bare dates as such). Errors name the entry: `calendar.holidays[2]: ...`.
        """
        if unknown := sorted(set(mapping) - set(CONFIG_KEYS)):
            raise CalendarConfigError(f"{where}: unknown key {unknown[0]!r}; expected one of: {', '.join(CONFIG_KEYS)}")
        parsed = {key: _parse_days(mapping.get(key, ()), f"{where}.{key}") for key in CONFIG_KEYS}
        try:
            return cls(holidays=parsed["holidays"], makeup_workdays=parsed["makeup_workdays"])
        except ValueError as error:
            raise CalendarConfigError(f"{where}: {error}") from None


def from_config(mapping: Mapping[str, object], where: str = "calendar") -> WorkCalendar:
    """Module-level alias of `WorkCalendar.from_config`."""
    return WorkCalendar.from_config(mapping, where)


def unknown_years_warning(years: Iterable[int]) -> str:
    """What to tell the user when a count of working days passes through years the calendar does not know."""
    return _("the working-day calendar does not know the official holidays and make-up working days of {years}: "
             "there only Saturdays and Sundays count as days off — install a newer chinesecalendar").format(
        years="、".join(str(year) for year in sorted(set(years))))


# --- helpers --------------------------------------------------------------------------------------------


def parse_days(value: object, where: str = "days") -> frozenset[date]:
    """Dates from a list of entries — ISO dates `2025-10-01`, inclusive ranges `2025-10-01..2025-10-08`, or
    `date`s; CalendarConfigError naming the bad entry (`where[2]: ...`)."""
    return _parse_days(value, where)


def days_from_to(start: date, end: date) -> frozenset[date]:
    """Every calendar day from `start` to `end`, both included."""
    return frozenset(start + timedelta(days=i) for i in range((end - start).days + 1))


def _any_between(days: frozenset[date], a: date, b: date) -> bool:
    low, high = min(a, b), max(a, b)
    return any(low <= d <= high for d in days)


def _iso_list(days: Iterable[date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def _parse_days(value: object, where: str) -> frozenset[date]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise CalendarConfigError(f"{where}: expected a list of dates, got {value!r}")
    days: set[date] = set()
    for index, entry in enumerate(value):
        days |= _parse_entry(entry, f"{where}[{index}]")
    return frozenset(days)


def _parse_entry(entry: object, where: str) -> frozenset[date]:
    if isinstance(entry, date) and not isinstance(entry, datetime):
        return frozenset({entry})
    if not isinstance(entry, str):
        raise CalendarConfigError(f"{where}: {entry!r} is not a date (expected YYYY-MM-DD)")
    text = entry.strip()
    if ".." in text:
        first, _sep, last = (part.strip() for part in text.partition(".."))
        start, end = _parse_iso(first, where, entry), _parse_iso(last, where, entry)
        if start > end:
            raise CalendarConfigError(f"{where}: {entry!r} ends before it starts")
        return days_from_to(start, end)
    return frozenset({_parse_iso(text, where, entry)})


def _parse_iso(text: str, where: str, entry: str) -> date:
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise CalendarConfigError(f"{where}: {entry!r} is not a date (expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)")
