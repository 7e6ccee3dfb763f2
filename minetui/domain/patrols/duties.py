"""Patrol duties (日常巡查, R-PAT-1, R-PAT-2): who owes which patrol when, and the state of each duty on a given
day. The rules a patrol record must follow (R-PAT-3/4/5) are in record.py.

Pure rules: no SQL, no UI. Duties are computed from facts, never stored:

- the mine's status history (`StatusChange`: a status holds from its date until the next entry; before
  the first entry the mine has no status and owes nothing; 注销 ends every obligation from its date, and
  entries after it are ignored);
- the licence's validity (`valid_from`/`valid_to`, inclusive, None = open): no duty on days outside it;
- `in_zone_years`: the years in which the mine is in an approved key monitoring zone of any level.

A day is *obligation-bearing* when it is in a zone year, inside the licence's validity and the mine has a
status other than 注销 on it. R-PAT-2: a month with at least one 在产 day is a *producing month* and needs its
own patrol (a monthly duty, period `2025-03`); a quarter with no producing month but some obligation-bearing
day needs one patrol (a quarterly duty, period `2025-Q2`) — 关闭 included, per the notice:
"停产、关闭及基建等未正常生产矿山每季度至少巡查1次". A patrol meets the duty whose period contains its date.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple, TypeVar

from minetui.domain.model import MineStatus, StatusChange, _Worded
from minetui.domain.periods import Period, PeriodKind

K = TypeVar("K", bound=Hashable)

DUE_SOON_DAYS = 7


# ================================================================================================
# Words
# ================================================================================================


class DutyKind(_Worded):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class DutyState(_Worded):
    """Where a duty stands on a given day (computed, never stored)."""

    MET = "met"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_REQUIRED = "not_required"

    @property
    def urgency(self) -> int:
        """Higher is worse: a period holding several duties shows its most urgent one."""
        return _URGENCY[self]


_URGENCY = {
    DutyState.NOT_REQUIRED: 0,
    DutyState.MET: 1,
    DutyState.OPEN: 2,
    DutyState.DUE_SOON: 3,
    DutyState.OVERDUE: 4,
}


class Coverage(_Worded):
    """How a period asked about by a calendar is covered by duties."""

    MONTHLY = "monthly"  # a producing month's own duty; for a quarter: its producing months' duties
    QUARTERLY = "quarterly"  # the quarter's single duty (for a month: the quarter's duty covers it)
    NONE = "none"  # no duty; see the reasons


class NoDutyReason(_Worded):
    """Why a period carries no duty; several may apply to different days of one period."""

    NOT_IN_ZONE = "not_in_zone"
    LICENCE_NOT_VALID = "licence_not_valid"
    NO_STATUS = "no_status"
    CANCELLED = "cancelled"
    PRODUCING_MONTHS_IN_QUARTER = "producing_months_in_quarter"


# ================================================================================================
# Duties (R-PAT-1, R-PAT-2)
# ================================================================================================


@dataclass(frozen=True, slots=True, order=True)
class Duty:
    """One patrol owed for one period; a month → monthly duty, a quarter → quarterly duty. Licence-free."""

    period: Period

    @property
    def kind(self) -> DutyKind:
        return DutyKind.MONTHLY if self.period.kind is PeriodKind.MONTH else DutyKind.QUARTERLY

    @property
    def due(self) -> date:
        """The last day of the period."""
        return self.period.end


class StatusSpan(NamedTuple):
    """Days `start`…`end` (inclusive) on which the mine had `status`."""

    start: date
    end: date
    status: MineStatus


def in_patrol_zone(year: int, in_zone_years: Collection[int]) -> bool:
    """R-PAT-1: patrol duties apply only in years the mine is in a key monitoring zone of any level."""
    return year in in_zone_years


def licence_window(year: int, valid_from: date | None, valid_to: date | None) -> tuple[date, date] | None:
    """The days of `year` inside the licence's validity (inclusive), or None when there are none."""
    start = date(year, 1, 1) if valid_from is None else max(date(year, 1, 1), valid_from)
    end = date(year, 12, 31) if valid_to is None else min(date(year, 12, 31), valid_to)
    return (start, end) if start <= end else None


def _ordered(history: Iterable[StatusChange]) -> list[tuple[date, MineStatus]]:
    """The history by date; of two entries on one date the later one in the input wins."""
    by_day = {change.effective_from: change.status for change in history}
    return sorted(by_day.items())


def obligation_spans(history: Iterable[StatusChange], start: date, end: date) -> list[StatusSpan]:
    """The obligation-bearing statuses within `start`…`end`: every status up to the first 注销, clipped.

    R-PAT-2: 注销 ends all obligations from its date; later entries are ignored.
    """
    entries = _ordered(history)
    spans: list[StatusSpan] = []
    for index, (since, status) in enumerate(entries):
        if status is MineStatus.CANCELLED:
            break
        until = entries[index + 1][0] - timedelta(days=1) if index + 1 < len(entries) else date.max
        low, high = max(since, start), min(until, end)
        if low <= high:
            spans.append(StatusSpan(low, high, status))
    return spans


def producing_months(spans: Iterable[StatusSpan]) -> set[int]:
    """R-PAT-2: month numbers with at least one 在产 day (spans must lie within one year)."""
    months: set[int] = set()
    for span in spans:
        if span.status is MineStatus.PRODUCING:
            months.update(range(span.start.month, span.end.month + 1))
    return months


def obligated_quarters(spans: Iterable[StatusSpan]) -> set[int]:
    """Quarter numbers with at least one obligation-bearing day (spans must lie within one year)."""
    quarters: set[int] = set()
    for span in spans:
        quarters.update(range((span.start.month - 1) // 3 + 1, (span.end.month - 1) // 3 + 2))
    return quarters


@lru_cache(maxsize=64)
def _year_duties(year: int) -> tuple[dict[int, Duty], dict[int, Duty]]:
    """The 12 monthly and 4 quarterly Duty values of a year, built once and shared."""
    months = {m: Duty(Period.month(year, m)) for m in range(1, 13)}
    quarters = {q: Duty(Period.quarter(year, q)) for q in range(1, 5)}
    return months, quarters


def monthly_and_quarterly_duties(year: int, months: set[int], quarters: set[int]) -> list[Duty]:
    """R-PAT-2: a duty per producing month, and one per obligated quarter that has no producing month.

    Chronological (a quarterly duty never shares days with a monthly one).
    """
    month_duties, quarter_duties = _year_duties(year)
    duties: list[Duty] = []
    for quarter in range(1, 5):
        in_quarter = [m for m in range(3 * quarter - 2, 3 * quarter + 1) if m in months]
        if in_quarter:
            duties.extend(month_duties[m] for m in in_quarter)
        elif quarter in quarters:
            duties.append(quarter_duties[quarter])
    return duties


def duties_for_year(
    history: Iterable[StatusChange],
    valid_from: date | None,
    valid_to: date | None,
    in_zone_years: Collection[int],
    year: int,
) -> list[Duty]:
    """Every patrol duty of one mine in `year` (R-PAT-1, R-PAT-2), in chronological order.

    Works on status intervals, not days: a handful of operations per status change.
    """
    if not in_patrol_zone(year, in_zone_years):
        return []
    window = licence_window(year, valid_from, valid_to)
    if window is None:
        return []
    spans = obligation_spans(history, *window)
    return monthly_and_quarterly_duties(year, producing_months(spans), obligated_quarters(spans))


@dataclass(frozen=True, slots=True)
class DutyFacts:
    """The facts duties are computed from, for one mine (see the module docstring)."""

    history: Sequence[StatusChange]
    valid_from: date | None
    valid_to: date | None
    in_zone_years: Collection[int]


def duties_for_many(mines: Iterable[tuple[K, DutyFacts]], year: int) -> dict[K, list[Duty]]:
    """Duties of many mines for one year, keyed as given (e.g. by mine id); mines with none are left out.

    For district- and province-wide runs: mines outside every zone cost one set lookup, and the Duty
    values are shared between mines.
    """
    result: dict[K, list[Duty]] = {}
    for key, facts in mines:
        if year not in facts.in_zone_years:
            continue
        duties = duties_for_year(facts.history, facts.valid_from, facts.valid_to, facts.in_zone_years, year)
        if duties:
            result[key] = duties
    return result


# ================================================================================================
# States on a given day
# ================================================================================================


@dataclass(frozen=True, slots=True)
class DutyAssessment:
    """A duty with its state on `today`: `met_by` is the patrol date that met it, `days_left` to its due day."""

    duty: Duty
    state: DutyState
    met_by: date | None
    days_left: int


def meeting_patrol(duty: Duty, patrol_dates: Iterable[date], today: date) -> date | None:
    """The earliest patrol inside the duty's period, counting only patrols on or before `today`.

    Patrols after `today` had not happened yet as of `today` (this keeps `--today` reports reproducible).
    """
    inside = [d for d in patrol_dates if duty.period.contains(d) and d <= today]
    return min(inside, default=None)


def duty_state(duty: Duty, patrol_dates: Iterable[date], today: date, due_soon_days: int = DUE_SOON_DAYS) -> DutyState:
    """MET if a patrol lies in the period; else OVERDUE once the period is over; DUE_SOON while today is in
    the period and its last day is at most `due_soon_days` days away; OPEN otherwise (future periods too).
    """
    if meeting_patrol(duty, patrol_dates, today) is not None:
        return DutyState.MET
    days_left = duty.period.days_until_end(today)
    if days_left < 0:
        return DutyState.OVERDUE
    if today >= duty.period.start and days_left <= due_soon_days:
        return DutyState.DUE_SOON
    return DutyState.OPEN


def assess(duty: Duty, patrol_dates: Iterable[date], today: date, due_soon_days: int = DUE_SOON_DAYS) -> DutyAssessment:
    """The duty's state on `today`, with the patrol that met it."""
    met_by = meeting_patrol(duty, patrol_dates, today)
    # Not met: the state depends on the period and today only (no patrol dates needed).
    state = DutyState.MET if met_by is not None else duty_state(duty, (), today, due_soon_days)
    return DutyAssessment(duty=duty, state=state, met_by=met_by, days_left=duty.period.days_until_end(today))


# ================================================================================================
# A calendar's question: "what about this period for this mine?"
# ================================================================================================


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """How `period` is covered: the duties that cover it (assessed on today), or why none does."""

    period: Period
    coverage: Coverage
    assessments: tuple[DutyAssessment, ...]
    reasons: tuple[NoDutyReason, ...]

    @property
    def state(self) -> DutyState:
        """NOT_REQUIRED without duties, else the most urgent state among the covering duties."""
        states = [a.state for a in self.assessments] or [DutyState.NOT_REQUIRED]
        return max(states, key=lambda s: s.urgency)


def no_duty_reasons(
    period: Period,
    history: Iterable[StatusChange],
    valid_from: date | None,
    valid_to: date | None,
    in_zone_years: Collection[int],
) -> tuple[NoDutyReason, ...]:
    """Why the days of a period without any obligation-bearing day carry no duty (meaningless otherwise).

    Not in a zone that year says it all; else every reason that applies to some of its days, in order:
    licence not valid, no status yet, cancelled.
    """
    if not in_patrol_zone(period.year, in_zone_years):
        return (NoDutyReason.NOT_IN_ZONE,)
    reasons: list[NoDutyReason] = []
    low = period.start if valid_from is None else max(period.start, valid_from)
    high = period.end if valid_to is None else min(period.end, valid_to)
    if low != period.start or high != period.end:
        reasons.append(NoDutyReason.LICENCE_NOT_VALID)
    if low <= high:
        entries = _ordered(history)
        if not entries or entries[0][0] > low:
            reasons.append(NoDutyReason.NO_STATUS)
        cancelled = next((since for since, status in entries if status is MineStatus.CANCELLED), None)
        if cancelled is not None and cancelled <= high:
            reasons.append(NoDutyReason.CANCELLED)
    return tuple(reasons)


def period_status(
    period: Period,
    history: Sequence[StatusChange],
    valid_from: date | None,
    valid_to: date | None,
    in_zone_years: Collection[int],
    patrol_dates: Iterable[date],
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
) -> PeriodStatus:
    """For a calendar cell: a month is covered by its own duty, by its quarter's duty, or not required;
    a quarter by its single duty, by its producing months' duties, or not required — with the reasons.
    """
    duties = duties_for_year(history, valid_from, valid_to, in_zone_years, period.year)
    dates = list(patrol_dates)
    if period.kind is PeriodKind.MONTH:
        covering = [d for d in duties if d.period in (period, period.quarter_of_month())]
    else:
        covering = [d for d in duties if period.contains(d.period.start)]
    if covering:
        coverage = Coverage.MONTHLY if covering[0].kind is DutyKind.MONTHLY else Coverage.QUARTERLY
        assessed = tuple(assess(d, dates, today, due_soon_days) for d in covering)
        return PeriodStatus(period, coverage, assessed, ())
    if _has_obligation_day(period, history, valid_from, valid_to, in_zone_years):
        # An obligation-bearing month without its own duty and without a quarterly one: its quarter
        # has producing months, which carry the quarter's duties (R-PAT-2).
        return PeriodStatus(period, Coverage.NONE, (), (NoDutyReason.PRODUCING_MONTHS_IN_QUARTER,))
    reasons = no_duty_reasons(period, history, valid_from, valid_to, in_zone_years)
    return PeriodStatus(period, Coverage.NONE, (), reasons)


def _has_obligation_day(
    period: Period,
    history: Iterable[StatusChange],
    valid_from: date | None,
    valid_to: date | None,
    in_zone_years: Collection[int],
) -> bool:
    if not in_patrol_zone(period.year, in_zone_years):
        return False
    window = licence_window(period.year, valid_from, valid_to)
    if window is None:
        return False
    low, high = max(window[0], period.start), min(window[1], period.end)
    return low <= high and bool(obligation_spans(history, low, high))
