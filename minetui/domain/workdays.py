"""The working-day calendar: which days the bureau works, and arithmetic in working days.

A day is a working day unless it is a public holiday, or a Saturday/Sunday that is not a make-up working
day (调休上班). Holidays win: a holiday is off even on a weekday. The lists come from configuration (they
change every year by State Council notice), so nothing here is a national truth: `CHINA_2025_2026_EXAMPLE`
is an example set for tests and for the demo — verify it against each year's notice before relying on it.

Used by the combined-visit planner (R-VISIT-1: visits only on working days) and by deadlines such as
R-LEAD-6's "immediately — the same working day" (`same_or_next_workday`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ONE_DAY = timedelta(days=1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONFIG_KEYS = ("holidays", "makeup_workdays")


class CalendarConfigError(ValueError):
    """A holiday or make-up working day entry in the configuration that cannot be read."""


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Weekends and `holidays` are off; a Saturday or Sunday in `makeup_workdays` is a working day."""

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        if both := sorted(self.holidays & self.makeup_workdays):
            raise ValueError(f"listed both as holiday and as make-up working day: {_iso_list(both)}")
        if weekdays := sorted(d for d in self.makeup_workdays if d.weekday() < 5):
            raise ValueError(f"a make-up working day must be a Saturday or Sunday, not: {_iso_list(weekdays)}")

    # --- single days ----------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """True when the bureau works on `day`."""
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.makeup_workdays

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
        special = self.holidays | self.makeup_workdays
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
        holidays, makeup = self.holidays, self.makeup_workdays
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
        count -= sum(1 for d in self.holidays if start <= d <= end and d.weekday() < 5)
        count += sum(1 for d in self.makeup_workdays if start <= d <= end)
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


# --- helpers --------------------------------------------------------------------------------------------


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


# --- an example, NOT the truth: verify each year against the State Council's holiday notice ---------------

#: China's public holidays and make-up working days for 2025 and 2026, transcribed from the State Council
#: notices 《国务院办公厅关于2025年/2026年部分节假日安排的通知》, as an EXAMPLE for tests and the demo.
#: Verify each year; configure the real list.
CHINA_2025_2026_EXAMPLE = WorkCalendar(
    holidays=frozenset().union(
        days_from_to(date(2025, 1, 1), date(2025, 1, 1)),     # 元旦
        days_from_to(date(2025, 1, 28), date(2025, 2, 4)),    # 春节
        days_from_to(date(2025, 4, 4), date(2025, 4, 6)),     # 清明节
        days_from_to(date(2025, 5, 1), date(2025, 5, 5)),     # 劳动节
        days_from_to(date(2025, 5, 31), date(2025, 6, 2)),    # 端午节
        days_from_to(date(2025, 10, 1), date(2025, 10, 8)),   # 国庆节、中秋节
        days_from_to(date(2026, 1, 1), date(2026, 1, 3)),     # 元旦
        days_from_to(date(2026, 2, 15), date(2026, 2, 23)),   # 春节
        days_from_to(date(2026, 4, 4), date(2026, 4, 6)),     # 清明节
        days_from_to(date(2026, 5, 1), date(2026, 5, 5)),     # 劳动节
        days_from_to(date(2026, 6, 19), date(2026, 6, 21)),   # 端午节
        days_from_to(date(2026, 9, 25), date(2026, 9, 27)),   # 中秋节
        days_from_to(date(2026, 10, 1), date(2026, 10, 7)),   # 国庆节
    ),
    makeup_workdays=frozenset({
        date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
        date(2026, 10, 10),
    }),
)
