"""Calendar periods of patrol duties (R-PAT-2): a calendar month (`2025-03`) or a calendar quarter (`2025-Q2`).

A `Period` is a value: frozen, hashable and ordered chronologically by its first day (a month sorts before
the quarter that starts on the same day, and the quarter before that quarter's second month). Month ends,
leap years and year boundaries come from `calendar` and `dateutil.relativedelta`, never from hand-made
arithmetic.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache, total_ordering

from dateutil.relativedelta import relativedelta

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


@lru_cache(maxsize=4096)
def _bounds(kind: PeriodKind, year: int, number: int) -> tuple[date, date]:
    """(first day, last day) of a period, computed once per period: duties of a province ask millions of times."""
    first = number if kind is PeriodKind.MONTH else 3 * number - 2
    last = number if kind is PeriodKind.MONTH else 3 * number
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


@total_ordering
@dataclass(frozen=True, slots=True, eq=True)
class Period:
    """A calendar month (number 1–12) or quarter (number 1–4) of `year`; `str()` gives `2025-03` / `2025-Q2`."""

    kind: PeriodKind
    year: int
    number: int

    def __post_init__(self) -> None:
        highest = 12 if self.kind is PeriodKind.MONTH else 4
        if not 1 <= self.number <= highest:
            raise ValueError(f"{self.kind} number must be 1–{highest}, not {self.number}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    # --- constructors -------------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2025-03` (or `2025-3`) → a month, `2025-Q2` (or `2025-q2`) → a quarter; anything else ValueError."""
        cleaned = text.strip()
        if match := _MONTH_RE.match(cleaned):
            month = int(match.group(2))
            if 1 <= month <= 12:
                return cls.month(int(match.group(1)), month)
        elif match := _QUARTER_RE.match(cleaned):
            return cls.quarter(int(match.group(1)), int(match.group(2)))
        raise ValueError(f"not a period: {text!r} (expected YYYY-MM or YYYY-Qn, e.g. 2025-03 or 2025-Q2)")

    # --- the days it covers -------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return self.number if self.kind is PeriodKind.MONTH else 3 * self.number - 2

    @property
    def last_month(self) -> int:
        return self.number if self.kind is PeriodKind.MONTH else 3 * self.number

    @property
    def start(self) -> date:
        """The first day."""
        return _bounds(self.kind, self.year, self.number)[0]

    @property
    def end(self) -> date:
        """The last day (Feb 29 in leap years, Dec 31 for December and Q4)."""
        return _bounds(self.kind, self.year, self.number)[1]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        start, end = _bounds(self.kind, self.year, self.number)
        return start <= day <= end

    def days_until_end(self, today: date) -> int:
        """Whole days from `today` to the last day: 0 on the last day, negative once the period is over."""
        return (self.end - today).days

    def months(self) -> list[Period]:
        """The months this period is made of: itself for a month, three months for a quarter."""
        return [Period.month(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def quarter_of_month(self) -> Period:
        """The quarter a month lies in (a quarter returns itself)."""
        return Period.quarter(self.year, (self.first_month - 1) // 3 + 1)

    # --- moving -------------------------------------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period `steps` months (or quarters) later; negative steps go back, across years too."""
        months_per_step = 1 if self.kind is PeriodKind.MONTH else 3
        first = self.start + relativedelta(months=steps * months_per_step)
        return month_of(first) if self.kind is PeriodKind.MONTH else quarter_of(first)

    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    # --- text ---------------------------------------------------------------------------------------

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        return f"{self.year:04d}-Q{self.number}"

    @property
    def zh(self) -> str:
        """The Chinese label: `2025年3月`, `2025年第2季度`."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.number}月"
        return f"{self.year}年第{self.number}季度"

    # --- order --------------------------------------------------------------------------------------

    def _sort_key(self) -> tuple[int, int, int]:
        # Chronological by first day; on the same first day the shorter period (the month) comes first.
        return (self.year, self.first_month, self.last_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()


def month_of(day: date) -> Period:
    """The calendar month holding `day`."""
    return Period.month(day.year, day.month)


def quarter_of(day: date) -> Period:
    """The calendar quarter holding `day`."""
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def months_of_year(year: int) -> Iterator[Period]:
    """2025-01 … 2025-12."""
    return (Period.month(year, m) for m in range(1, 13))


def quarters_of_year(year: int) -> Iterator[Period]:
    """2025-Q1 … 2025-Q4."""
    return (Period.quarter(year, q) for q in range(1, 5))


def iso_day(text: str | None) -> date | None:
    """The date of a stored ISO text (YYYY-MM-DD); None for None or ''."""
    return date.fromisoformat(text) if text else None
