"""Combined visits (综合检查, R-VISIT-1): as few visits to each enterprise as the task windows allow.

Pure core, no SQL and no UI. Input: `Task`s (one duty at one mine with a window [earliest, latest], e.g. a
month's patrol, the year's field verification, a survey round), `FixedVisit`s (visits of other agencies
with a set date) and `PlanSettings`. Output: a `Plan` of `Visit`s — one mine on one working day carrying
every task done then — plus the tasks that could not be placed, each with a reason code and a message.

The algorithm (`plan_visits`):

a) Each task's window is clipped to working days (`WorkCalendar`). A window without a working day cannot
   be visited: the task is unplaced with reason `no_workday`.
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from minetui.domain.workdays import WorkCalendar
from minetui.i18n import _

NO_WORKDAY = "no_workday"
CAPACITY = "capacity"
CANCELLED = "cancelled"

MIN_GAP = "min_gap"
OFFICE_MISMATCH = "office_mismatch"
EXTERNAL_NOT_WORKDAY = "external_not_workday"

_SHOWN_DAYS = 5


# ================================================================================================
# Values
# ================================================================================================


@dataclass(frozen=True, slots=True)
class Task:
    """One duty at one mine, due in the window [earliest, latest] (both included).

    `office` is the township office whose team goes (None: a bureau section or another agency goes, and no
    office capacity applies); `kind` names the duty (`patrol`, `verification`, `survey`, `spot_check`);
    `sections` are the sections that must attend.
    """

    task_id: str
    mine_key: str
    office: str | None
    kind: str
    earliest: date
    latest: date
    sections: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"task {self.task_id}: window ends ({self.latest}) before it starts ({self.earliest})")
        object.__setattr__(self, "sections", frozenset(self.sections))


@dataclass(frozen=True, slots=True)
class FixedVisit:
    """A visit another agency makes on a set date (e.g. a survey organised by the city bureau)."""

    mine_key: str
    date: date
    label: str = ""


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The working-day calendar, visits per office team per working day (None = unlimited) and the
    minimum days between two visits to one mine below which a warning is given (None = no warning)."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    capacity_per_office_day: int | None = None
    min_gap_days: int | None = None

    def __post_init__(self) -> None:
        if self.capacity_per_office_day is not None and self.capacity_per_office_day < 1:
            raise ValueError(f"capacity per office and day must be at least 1, not {self.capacity_per_office_day}")
        if self.min_gap_days is not None and self.min_gap_days < 0:
            raise ValueError(f"minimum gap between visits cannot be negative: {self.min_gap_days}")


@dataclass(frozen=True, slots=True)
class Visit:
    """One mine visited on one working day, carrying `tasks`; it may move within [window_start, window_end].

    `external` is the other agency's visit the tasks joined (its date is not ours to move), else None.
    """

    mine_key: str
    office: str | None
    date: date
    tasks: tuple[Task, ...]
    window_start: date
    window_end: date
    external: FixedVisit | None = None

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(t.task_id for t in self.tasks)

    @property
    def sections(self) -> tuple[str, ...]:
        """Every section that must attend, sorted."""
        return tuple(sorted(frozenset().union(*(t.sections for t in self.tasks))))


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A task the plan does not place: `reason_code` is `no_workday`, `capacity`, `cancelled` or `past` (its
    window ended before the day the plan is made: the duty is already overdue)."""

    task: Task
    reason_code: str
    message: str


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """Something to look at: `code` is `min_gap`, `office_mismatch` or `external_not_workday`."""

    code: str
    mine_key: str
    message: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change to a plan was refused (`reason_code`) and a message for the user."""

    reason_code: str
    message: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Visits sorted by date, office and mine; unplaced tasks; the proven minimum number of visits of the
    district (`lower_bound`, without capacity) and the number one visit per task would take (tasks with a
    working day in their window). `fixed` are all external visits given, joined or not."""

    visits: list[Visit]
    unplaced: list[Unplaced]
    lower_bound: int
    one_visit_per_task: int
    warnings: list[PlanWarning]
    settings: PlanSettings
    fixed: tuple[FixedVisit, ...] = ()

    @property
    def district_visits(self) -> list[Visit]:
        """The visits the district makes itself (not joined to an external visit)."""
        return [v for v in self.visits if v.external is None]


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

    horizon = _Horizon(settings.calendar, min(t.earliest for t in ordered), max(t.latest for t in ordered))
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


def plan_summary(plan: Plan) -> dict[str, int]:
    """The totals beside a plan. `visits` are the district's own visits; `saved` = placed tasks − visits
    (each placed task would otherwise have been a visit; tasks joined to external visits cost none)."""
    placed = sum(len(v.tasks) for v in plan.visits)
    visits = len(plan.district_visits)
    return {
        "tasks": placed + len(plan.unplaced),
        "placed": placed,
        "unplaced": len(plan.unplaced),
        "visits": visits,
        "external_visits": len(plan.visits) - visits,
        "lower_bound": plan.lower_bound,
        "one_visit_per_task": plan.one_visit_per_task,
        "saved": placed - visits,
    }


def move_visit(plan: Plan, visit: Visit, new_date: date) -> Plan | Refusal:
    """`plan` with `visit` on `new_date`, or why not: the date must be a working day inside every task's
    window with room for the office. Onto a day the mine is already visited, the two visits combine."""
    if visit not in plan.visits:
        return _not_in_plan()
    if visit.external is not None:
        return Refusal("external", _("An external visit's date is set by its organiser and cannot be moved"))
    if not plan.settings.calendar.is_workday(new_date):
        return Refusal("not_workday", _("{date} is not a working day").format(date=new_date.isoformat()))
    if refusal := _outside_windows(visit.tasks, new_date):
        return refusal
    others = [v for v in plan.visits if v != visit]
    target = next((v for v in others if v.mine_key == visit.mine_key and v.date == new_date), None)
    if target is not None:
        combined = _merged(target, visit.tasks, plan.settings.calendar)
        return _with_visits(plan, [*(v for v in others if v != target), combined])
    limit = plan.settings.capacity_per_office_day
    if limit is not None and visit.office is not None:
        load = sum(1 for v in others if v.external is None and v.office == visit.office and v.date == new_date)
        if load >= limit:
            return Refusal(CAPACITY, _("Office {office} already has {limit} visits on {date}").format(
                office=visit.office, limit=limit, date=new_date.isoformat()))
    return _with_visits(plan, [*others, replace(visit, date=new_date)])


def from_day(tasks: Iterable[Task], today: date) -> tuple[list[Task], list[Unplaced]]:
    """Visits are planned from `today` on, never in the past: each window starts no earlier than today, and a
    task whose window ended before today is returned as unplaced ('past') — it is overdue, and the clerk is told
    so rather than shown a visit on a day that has gone."""
    ahead: list[Task] = []
    gone: list[Unplaced] = []
    for task in tasks:
        if task.latest < today:
            gone.append(Unplaced(task, "past", _(
                "Task {task}: its window ended on {end}, before today ({today}) — it is overdue; visit at once")
                .format(task=task.task_id, end=task.latest.isoformat(), today=today.isoformat())))
        else:
            ahead.append(replace(task, earliest=max(task.earliest, today)) if task.earliest < today else task)
    return ahead, gone


def redate_visits(plan: Plan, new_dates: Mapping[Visit, date]) -> Plan:
    """`plan` with many visits moved at once (one rebuild instead of one per move). Each new date must be a
    working day inside the visit's window and not a day its mine is already visited — ValueError otherwise;
    capacity is the caller's to keep (it knows loads the plan does not, such as committed visits)."""
    taken = {(v.mine_key, v.date) for v in plan.visits if v not in new_dates}
    for visit, day in new_dates.items():
        if not plan.settings.calendar.is_workday(day) or not visit.window_start <= day <= visit.window_end:
            raise ValueError(f"{visit.mine_key}: {day} is not a working day inside {visit.window_start}–"
                             f"{visit.window_end}")
        if (visit.mine_key, day) in taken:
            raise ValueError(f"{visit.mine_key} is already visited on {day}")
        taken.add((visit.mine_key, day))
    return _with_visits(plan, [replace(v, date=new_dates[v]) if v in new_dates else v for v in plan.visits])


def move_task(plan: Plan, task: Task, target: Visit) -> Plan | Refusal:
    """`plan` with `task` (from a visit or from the pool) carried by `target`, a visit of the same mine on a
    working day inside the task's window; a visit left without tasks is dropped."""
    if target not in plan.visits:
        return _not_in_plan()
    if target.mine_key != task.mine_key:
        return Refusal("other_mine", _("Task {task} belongs to mine {mine}, not to the visit's mine {other}").format(
            task=task.task_id, mine=task.mine_key, other=target.mine_key))
    if not plan.settings.calendar.is_workday(target.date):
        return Refusal("not_workday", _("{date} is not a working day").format(date=target.date.isoformat()))
    if refusal := _outside_windows((task,), target.date):
        return refusal
    source = next((v for v in plan.visits if task in v.tasks), None)
    if source is None and not any(u.task == task for u in plan.unplaced):
        return Refusal("unknown_task", _("Task {task} is not part of this plan").format(task=task.task_id))
    if source == target:
        return plan
    visits = [v for v in plan.visits if v not in (source, target)]
    if source is not None and len(source.tasks) > 1:
        visits.append(_without(source, task, plan.settings.calendar))
    visits.append(_merged(target, (task,), plan.settings.calendar))
    return _with_visits(plan, visits, [u for u in plan.unplaced if u.task != task])


def cancel_visit(plan: Plan, visit: Visit) -> Plan | Refusal:
    """`plan` without `visit`; its tasks go back to the pool (unplaced, reason `cancelled`)."""
    if visit not in plan.visits:
        return _not_in_plan()
    message = _("Returned to the pool: the visit to mine {mine} on {date} was cancelled").format(
        mine=visit.mine_key, date=visit.date.isoformat())
    pool = plan.unplaced + [Unplaced(task, CANCELLED, message) for task in visit.tasks]
    return _with_visits(plan, [v for v in plan.visits if v != visit], sorted(pool, key=lambda u: u.task.task_id))


def _not_in_plan() -> Refusal:
    return Refusal("not_in_plan", _("The visit is not part of this plan"))


def _outside_windows(tasks: Iterable[Task], day: date) -> Refusal | None:
    for task in tasks:
        if not task.earliest <= day <= task.latest:
            return Refusal("outside_window", _("{date} is outside the window of task {task} ({start} – {end})").format(
                date=day.isoformat(), task=task.task_id, start=task.earliest.isoformat(),
                end=task.latest.isoformat()))
    return None


def _merged(visit: Visit, tasks: Iterable[Task], calendar: WorkCalendar) -> Visit:
    """`visit` also carrying `tasks` (whose windows contain its date)."""
    return _retasked(visit, visit.tasks + tuple(tasks), calendar)


def _without(visit: Visit, task: Task, calendar: WorkCalendar) -> Visit:
    """`visit` without `task`."""
    return _retasked(visit, tuple(t for t in visit.tasks if t != task), calendar)


def _retasked(visit: Visit, tasks: tuple[Task, ...], calendar: WorkCalendar) -> Visit:
    """`visit` with `tasks`, its window the working days common to their windows."""
    return replace(visit, tasks=tuple(sorted(tasks, key=lambda t: t.task_id)),
                   window_start=calendar.same_or_next_workday(max(t.earliest for t in tasks)),
                   window_end=calendar.same_or_previous_workday(min(t.latest for t in tasks)))


def _with_visits(plan: Plan, visits: list[Visit], unplaced: list[Unplaced] | None = None) -> Plan:
    kept = [w for w in plan.warnings if w.code != MIN_GAP]
    return replace(plan, visits=_sorted_visits(visits), unplaced=plan.unplaced if unplaced is None else unplaced,
                   warnings=kept + _gap_warnings(visits, plan.fixed, plan.settings.min_gap_days))
