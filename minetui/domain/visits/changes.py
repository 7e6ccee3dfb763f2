"""Changing a plan of combined visits (R-VISIT-1) after it was made: move or cancel a visit, move a task to
another visit, re-date visits, start a plan from a day; every change keeps the plan's rules (working days,
windows, capacity) or is refused with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from minetui.domain.visits.model import CANCELLED, CAPACITY, MIN_GAP, Plan, Refusal, Task, Unplaced, Visit
from minetui.domain.visits.planner import _gap_warnings, _sorted_visits
from minetui.domain.workdays import WorkCalendar
from minetui.i18n import _


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
