"""Combined visits (综合检查, R-VISIT-1): as few visits to each enterprise as the task windows allow.

Pure core, no SQL and no UI. Input: `Task`s (one duty at one mine with a window [earliest, latest], e.g. a
month's patrol, the year's field verification, a survey round), `FixedVisit`s (visits of other agencies
with a set date) and `PlanSettings`. Output: a `Plan` of `Visit`s — one mine on one working day carrying
every task done then — plus the tasks that could not be placed, each with a reason code and a message.

The algorithm (`plan_visits`):

a) Each task's window is clipped to working days (`WorkCalendar`, R-DAY-1: official holidays and make-up
   working days, and the bureau's closures). A window without a working day cannot be visited: the task is
   unplaced with reason `no_workday`. Where the windows reach into a year whose official holidays the calendar
   does not know, a `calendar_unknown` warning says so (there only weekends are off).
b) A task joins a fixed external visit of its mine whose date lies in its window (the earliest such
   visit): the enterprise is visited then anyway, so the task costs it nothing. External visits are not
   counted against the office's capacity; one on a non-working day takes no task (a warning says so).
c) Per mine, the remaining windows are pierced by as few dates as possible: sort by latest, put a visit at
   the latest day of the first uncovered window, let it cover every window containing that day, repeat.
   This greedy is optimal (the classic interval-piercing argument), so the count summed over mines is
   `lower_bound`, computed without capacity. A visit may then take any day in the intersection of its
   tasks' windows [max earliest, min latest]; it is dated as EARLY as capacity allows, so that a slip does
   not make a duty overdue.
d) Capacity (`capacity_per_office_day`, None = unlimited): at most N visits per office per working day;
   visits whose tasks name no office are not limited. Visits are taken earliest deadline first (window
   end, then start) and given the earliest working day of their window with room. When no day has room,
   the visit's tasks are split: the task with the nearest deadline gets the free day of its own window
   that covers the most of the remaining tasks (the earliest among equals), and so on; a task whose
   whole window is full is unplaced with reason `capacity`, naming the office and the full days. A task
   is never placed outside its window and capacity is never exceeded.
e) `min_gap_days`: a warning (not a refusal) for two visits to one mine, external ones included, fewer
   than N days apart.

The plan is deterministic (inputs are sorted by stable keys) and linear-ish: capacity is indexed by
(office, working-day index) with a "next day with room" union-find, so a year of 20,000 mines with ~15
tasks each plans in seconds (benchmarks/plan_year.py).

After planning: `move_visit` (to another working day inside every task's window, with room), `move_task`
(into another visit of the same mine), `cancel_visit` (its tasks go back to the pool as `cancelled`), and
`plan_summary` for the totals.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from minetui.domain.visits.model import (
    CALENDAR_UNKNOWN,
    CAPACITY,
    EXTERNAL_NOT_WORKDAY,
    MIN_GAP,
    NO_WORKDAY,
    OFFICE_MISMATCH,
    FixedVisit,
    Plan,
    PlanSettings,
    PlanWarning,
    Task,
    Unplaced,
    Visit,
)
from minetui.domain.workdays import WorkCalendar, unknown_years_warning
from minetui.i18n import _

_SHOWN_DAYS = 5


# ================================================================================================
# Values
# ================================================================================================


# ================================================================================================
# Planning
# ================================================================================================


def plan_visits(tasks: Iterable[Task], settings: PlanSettings | None = None,
                fixed: Iterable[FixedVisit] = ()) -> Plan:
    """Plan combined visits for `tasks` (see the module docstring); task ids must be unique."""
    settings = settings or PlanSettings()
    ordered = sorted(tasks, key=lambda t: t.task_id)
    _check_unique(ordered)
    externals = tuple(sorted(set(fixed), key=lambda f: (f.mine_key, f.date, f.label)))
    offices, warnings = _mine_offices(ordered)
    warnings += _external_warnings(externals, settings.calendar)
    if not ordered:
        return Plan([], [], 0, 0, warnings + _gap_warnings([], externals, settings.min_gap_days), settings, externals)

    first, last = min(t.earliest for t in ordered), max(t.latest for t in ordered)
    if unknown := settings.calendar.unknown_years(first, last):
        warnings.append(PlanWarning(CALENDAR_UNKNOWN, "", unknown_years_warning(unknown)))
    horizon = _Horizon(settings.calendar, first, last)
    unplaced: list[Unplaced] = []
    by_mine: dict[str, list[_Item]] = defaultdict(list)
    for task in ordered:
        window = horizon.clip(task.earliest, task.latest)
        if window is None:
            unplaced.append(_no_workday(task))
        else:
            by_mine[task.mine_key].append((window[1], window[0], task.task_id, task))
    placeable = sum(len(items) for items in by_mine.values())

    visits = _join_external(by_mine, externals, horizon, offices)
    groups = [group for mine in sorted(by_mine) for group in _pierce(by_mine[mine])]
    placed, capacity_unplaced = _place(groups, horizon, settings.capacity_per_office_day, offices)
    visits += placed
    unplaced += capacity_unplaced
    warnings += _gap_warnings(visits, externals, settings.min_gap_days)
    return Plan(_sorted_visits(visits), sorted(unplaced, key=lambda u: u.task.task_id), len(groups), placeable,
                warnings, settings, externals)


# (latest index, earliest index, task id, task): sorts by deadline, then start, then id.
_Item = tuple[int, int, str, Task]


class _Horizon:
    """The working days from `first` to `last`, numbered 0..n-1, with O(1) clipping of a date range."""

    __slots__ = ("_after", "_before", "_origin", "days")

    def __init__(self, calendar: WorkCalendar, first: date, last: date) -> None:
        self.days = calendar.workdays_between(first, last)
        self._origin = first.toordinal()
        offsets = [d.toordinal() - self._origin for d in self.days]
        span = last.toordinal() - self._origin + 1
        self._after = [0] * span   # index of the first working day on or after the offset (n if none)
        self._before = [0] * span  # index of the last working day on or before the offset (-1 if none)
        k = 0
        for offset in range(span):
            while k < len(offsets) and offsets[k] < offset:
                k += 1
            self._after[offset] = k
            self._before[offset] = k if k < len(offsets) and offsets[k] == offset else k - 1

    def clip(self, start: date, end: date) -> tuple[int, int] | None:
        """The first and last working-day index in [start, end] (inside the horizon), or None if none."""
        low = self._after[start.toordinal() - self._origin]
        high = self._before[end.toordinal() - self._origin]
        return (low, high) if low <= high else None

    def index(self, day: date) -> int | None:
        """The index of `day` if it is a working day inside the horizon."""
        offset = day.toordinal() - self._origin
        if not 0 <= offset < len(self._after):
            return None
        k = self._after[offset]
        return k if k < len(self.days) and self.days[k] == day else None


class _Capacity:
    """Visits per (office, working day), with a union-find to the next day that still has room."""

    def __init__(self, days: int, limit: int | None) -> None:
        self._days, self._limit = days, limit
        self._load: dict[str, list[int]] = {}
        self._parent: dict[str, list[int]] = {}

    def first_free(self, office: str | None, start: int) -> int:
        """The first day index ≥ start with room for `office` (the number of days if none)."""
        if self._limit is None or office is None or start >= self._days:
            return start
        parent = self._parents(office)
        root = start
        while parent[root] != root:
            root = parent[root]
        while parent[start] != root:  # path compression
            parent[start], start = root, parent[start]
        return root

    def take(self, office: str | None, day: int) -> None:
        """Count one more visit of `office` on `day` (which has room)."""
        if self._limit is None or office is None:
            return
        load = self._load.setdefault(office, [0] * self._days)
        load[day] += 1
        if load[day] >= self._limit:
            self._parents(office)[day] = day + 1

    def _parents(self, office: str) -> list[int]:
        parent = self._parent.get(office)
        if parent is None:
            parent = self._parent[office] = list(range(self._days + 1))
        return parent


@dataclass(slots=True)
class _Group:
    """Tasks of one mine that share a visit, and the intersection [low, high] of their windows."""

    mine_key: str
    items: list[_Item]
    low: int
    high: int


def _pierce(items: list[_Item]) -> list[_Group]:
    """The fewest groups whose windows intersect, covering `items` of one mine (greedy by deadline)."""
    groups: list[_Group] = []
    for item in sorted(items):
        high, low, _tid, task = item
        if groups and low <= groups[-1].high:
            groups[-1].items.append(item)
            groups[-1].low = max(groups[-1].low, low)
        else:
            groups.append(_Group(task.mine_key, [item], low, high))
    return groups


def _join_external(by_mine: dict[str, list[_Item]], externals: Sequence[FixedVisit], horizon: _Horizon,
                   offices: dict[str, str | None]) -> list[Visit]:
    """Move every task whose window holds a working-day external visit of its mine onto that visit."""
    usable: dict[str, list[tuple[int, FixedVisit]]] = defaultdict(list)
    for external in externals:
        index = horizon.index(external.date)
        if index is not None and external.mine_key in by_mine:
            usable[external.mine_key].append((index, external))
    visits = []
    for mine, candidates in usable.items():
        joined: dict[FixedVisit, list[_Item]] = defaultdict(list)
        remaining = []
        for item in by_mine[mine]:
            target = next((f for i, f in candidates if item[1] <= i <= item[0]), None)
            if target is None:
                remaining.append(item)
            else:
                joined[target].append(item)
        by_mine[mine] = remaining
        visits += [_visit(horizon, offices, joined[f], i, f) for i, f in candidates if joined[f]]
    return visits


def _place(groups: list[_Group], horizon: _Horizon, limit: int | None,
           offices: dict[str, str | None]) -> tuple[list[Visit], list[Unplaced]]:
    """Date each group as early as capacity allows, earliest deadline first; split what does not fit."""
    capacity = _Capacity(len(horizon.days), limit)
    visits: list[Visit] = []
    unplaced: list[Unplaced] = []
    for group in sorted(groups, key=lambda g: (g.high, g.low, g.mine_key, g.items[0][2])):
        office = offices.get(group.mine_key)
        day = capacity.first_free(office, group.low)
        if day <= group.high:
            capacity.take(office, day)
            visits.append(_visit(horizon, offices, group.items, day))
        else:
            _split(group, horizon, capacity, offices, visits, unplaced, limit)
    return visits, unplaced


def _split(group: _Group, horizon: _Horizon, capacity: _Capacity, offices: dict[str, str | None],
           visits: list[Visit], unplaced: list[Unplaced], limit: int | None) -> None:
    """Place a group's tasks in smaller visits on days with room; unplace a task whose window is full."""
    office = offices.get(group.mine_key)
    remaining = sorted(group.items)
    while remaining:
        high, low, _tid, task = remaining[0]
        best_day, best_cover = -1, []
        day = capacity.first_free(office, low)
        while day <= high:
            cover = [item for item in remaining if item[1] <= day <= item[0]]
            if len(cover) > len(best_cover):
                best_day, best_cover = day, cover
            day = capacity.first_free(office, day + 1)
        if not best_cover:
            unplaced.append(_no_capacity(task, office, limit, horizon.days[low:high + 1]))
            remaining.pop(0)
            continue
        capacity.take(office, best_day)
        visits.append(_visit(horizon, offices, best_cover, best_day))
        covered = {item[2] for item in best_cover}
        remaining = [item for item in remaining if item[2] not in covered]


def _visit(horizon: _Horizon, offices: dict[str, str | None], items: list[_Item], day: int,
           external: FixedVisit | None = None) -> Visit:
    task = items[0][3]
    return Visit(
        mine_key=task.mine_key,
        office=offices.get(task.mine_key),
        date=external.date if external else horizon.days[day],
        tasks=tuple(sorted((item[3] for item in items), key=lambda t: t.task_id)),
        window_start=horizon.days[max(item[1] for item in items)],
        window_end=horizon.days[min(item[0] for item in items)],
        external=external,
    )


# ================================================================================================
# Offices, warnings, messages
# ================================================================================================


def _check_unique(tasks: Sequence[Task]) -> None:
    for before, after in pairwise(tasks):
        if before.task_id == after.task_id:
            raise ValueError(f"task id {before.task_id!r} is given more than once")


def _mine_offices(tasks: Sequence[Task]) -> tuple[dict[str, str | None], list[PlanWarning]]:
    """Each mine's office: the one its tasks name most often (ties: the first by name); warn on several."""
    named: dict[str, Counter[str]] = defaultdict(Counter)
    for task in tasks:
        counts = named[task.mine_key]  # every mine gets an entry, even with no office named
        if task.office is not None:
            counts[task.office] += 1
    offices: dict[str, str | None] = {}
    warnings = []
    for mine in sorted(named):
        counts = named[mine]
        office = min(counts, key=lambda o: (-counts[o], o)) if counts else None
        offices[mine] = office
        if len(counts) > 1:
            warnings.append(PlanWarning(OFFICE_MISMATCH, mine, _(
                "Tasks of mine {mine} name different offices ({offices}); its visits are counted for {office}"
            ).format(mine=mine, offices=", ".join(sorted(counts)), office=office)))
    return offices, warnings


def _external_warnings(externals: Sequence[FixedVisit], calendar: WorkCalendar) -> list[PlanWarning]:
    return [PlanWarning(EXTERNAL_NOT_WORKDAY, f.mine_key, _(
        "The external visit to mine {mine} on {date} ({label}) is not on a working day; no task joins it"
    ).format(mine=f.mine_key, date=f.date.isoformat(), label=f.label)) for f in externals
        if not calendar.is_workday(f.date)]


def _gap_warnings(visits: Sequence[Visit], externals: Sequence[FixedVisit],
                  min_gap: int | None) -> list[PlanWarning]:
    """Warn for consecutive visits to one mine (district and external) fewer than `min_gap` days apart."""
    if not min_gap:
        return []
    dates: dict[str, list[date]] = defaultdict(list)
    for visit in visits:
        if visit.external is None:
            dates[visit.mine_key].append(visit.date)
    for external in externals:
        dates[external.mine_key].append(external.date)
    warnings = []
    for mine in sorted(dates):
        days = sorted(dates[mine])
        for first, second in pairwise(days):
            if (second - first).days < min_gap:
                warnings.append(PlanWarning(MIN_GAP, mine, _(
                    "Visits to mine {mine} on {first} and {second} are {days} days apart (fewer than {gap})"
                ).format(mine=mine, first=first.isoformat(), second=second.isoformat(),
                         days=(second - first).days, gap=min_gap)))
    return warnings


def _no_workday(task: Task) -> Unplaced:
    return Unplaced(task, NO_WORKDAY, _(
        "Task {task}: its window {start} – {end} holds no working day (only weekends and holidays)"
    ).format(task=task.task_id, start=task.earliest.isoformat(), end=task.latest.isoformat()))


def _no_capacity(task: Task, office: str | None, limit: int | None, full: list[date]) -> Unplaced:
    return Unplaced(task, CAPACITY, _(
        "Task {task}: office {office} already has {limit} visits on every working day of the window ({days})"
    ).format(task=task.task_id, office=office, limit=limit, days=_days_text(full)))


def _days_text(days: list[date]) -> str:
    if len(days) <= _SHOWN_DAYS:
        return ", ".join(d.isoformat() for d in days)
    shown = ", ".join(d.isoformat() for d in days[:_SHOWN_DAYS - 1])
    return _("{shown} … {last}; {count} working days").format(shown=shown, last=days[-1].isoformat(),
                                                               count=len(days))


def _sorted_visits(visits: Iterable[Visit]) -> list[Visit]:
    return sorted(visits, key=lambda v: (v.date, v.office or "", v.mine_key, v.task_ids))


# ================================================================================================
# Changing a plan
# ================================================================================================


