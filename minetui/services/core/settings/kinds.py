"""The kinds of value a setting holds: each a parser (text → value, ValueError saying what was expected) and a
writer (value → the canonical text that is stored, and that `settings get` prints and `settings set` takes back).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from minetui import i18n
from minetui.domain.inspections.surveys import RoundWindows
from minetui.domain.inspections.verification import CheckItem, parse_items
from minetui.domain.workdays import CalendarConfigError, parse_days
from minetui.i18n import _

T = TypeVar("T")
MonthDay = tuple[int, int]
UNLIMITED_WORDS = ("none", "unlimited", "不限")
_SEPARATORS = ("，", "、", "；", ";", "\n")


@dataclass(frozen=True, slots=True)
class Kind(Generic[T]):
    """How a setting's text is read (`parse`, ValueError on a bad one) and written (`write`); `display` is the
    value for a person (the app), `write` by default."""

    parse: Callable[[str], T]
    write: Callable[[T], str]
    display: Callable[[T], str] | None = None

    def shown(self, value: T) -> str:
        return (self.display or self.write)(value)


def whole_number(low: int) -> Kind[int]:
    """A whole number of at least `low`."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or value < low:
            raise ValueError(_("expected a whole number of at least {low}").format(low=low))
        return value

    return Kind(parse, str)


def _parse_capacity(text: str) -> int | None:
    if text.strip().lower() in UNLIMITED_WORDS:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(_("expected a whole number of at least 1, or none (unlimited)"))
    return value


CAPACITY: Kind[int | None] = Kind(_parse_capacity, lambda v: "none" if v is None else str(v),
                                  lambda v: _("unlimited") if v is None else str(v))


def _parse_month_day(text: str) -> MonthDay:
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        date(2001, month, day)  # not a leap year: 02-29 would be missing three years in four
    except ValueError:
        raise ValueError(_("expected a day of the year as MM-DD, e.g. 06-30")) from None
    return month, day


MONTH_DAY: Kind[MonthDay] = Kind(_parse_month_day, lambda v: f"{v[0]:02d}-{v[1]:02d}")


def _parse_text(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValueError(_("this cannot be empty"))
    return value


TEXT: Kind[str] = Kind(_parse_text, str)


def _parse_dates(text: str) -> frozenset[date]:
    for separator in _SEPARATORS:
        text = text.replace(separator, ",")
    days: set[date] = set()
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            days |= parse_days([entry], "")
        except CalendarConfigError:
            raise ValueError(_("{entry} is not a date: expected dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD, "
                               "separated by commas").format(entry=entry)) from None
    return frozenset(days)


def write_dates(days: frozenset[date]) -> str:
    """Dates as the shortest text: runs of consecutive days as ranges, `2025-12-31, 2026-01-05..2026-01-06`."""
    parts: list[str] = []
    ordered = sorted(days)
    start = previous = ordered[0] if ordered else None
    for day in [*ordered[1:], None]:
        if day is not None and previous is not None and day == previous + timedelta(days=1):
            previous = day
            continue
        if start is not None and previous is not None:
            parts.append(start.isoformat() if start == previous else f"{start.isoformat()}..{previous.isoformat()}")
        start = previous = day
    return ", ".join(parts)


DATES: Kind[frozenset[date]] = Kind(_parse_dates, write_dates, lambda v: write_dates(v) or _("none"))


def _parse_items(text: str) -> tuple[CheckItem, ...]:
    try:
        entries = json.loads(text)
    except ValueError:
        raise ValueError(_("expected a JSON list of check items, each with key, zh, en and violation")) from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ValueError(_("expected a JSON list of check items, each with key, zh, en and violation"))
    return parse_items(entries)


def _write_items(items: tuple[CheckItem, ...]) -> str:
    entries: list[dict[str, Any]] = [{"key": i.key, "zh": i.zh, "en": i.en, "violation": i.violation} for i in items]
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


CHECK_ITEMS: Kind[tuple[CheckItem, ...]] = Kind(_parse_items, _write_items,
                                                lambda items: "、".join(i.title(i18n.language()) for i in items))

SURVEY_WINDOWS: Kind[RoundWindows] = Kind(lambda text: RoundWindows.parse(text.strip()), str)
