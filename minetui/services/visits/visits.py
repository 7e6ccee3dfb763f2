"""Combined single visits (综合检查, R-VISIT-1): plan a period, commit it, read the visits back.

API for the TUI and the CLI (the planning rules are domain/visits/planner.py's):

- `plan_period(ctx, date_from, date_to, office=None) -> PeriodPlan` — the open tasks of the period
  (services/visits/tasks.py) without those already in a committed visit, joined where windows allow to the visits
  that happen anyway (the city's/province's surveys, other agencies' visits entered by hand, committed
  visits), planned with the settings (services/core/settings); committed visits count against capacity;
- `plan_file(path, settings) -> PeriodPlan` — what-if: tasks from a CSV/XLSX (io/specs.py TASKS), no database;
- `commit_plan(ctx, period_plan) -> list[int]` — stores the planned visits (and tasks joining a committed
  visit); a task already in a committed visit is refused (nothing written);
- `list_visits(ctx, start, end, office=None, states=…) -> list[VisitRow]`, `get_visit(ctx, id)`;
- moving and cancelling a visit: changes.py; recording its results in one pass: recording.py; other agencies'
  visits entered by hand: external.py.
Audit entity 'visit' (and 'external_visit'). The visit sheet is services/visits/sheets.py; the counts per
enterprise against the yearly cap are services/reporting/visits.py (`minetui report visits`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from minetui.domain.inspections.tasks import task_words
from minetui.domain.model import Section
from minetui.domain.validation import Message, Problem, errors, warnings
from minetui.domain.visits.changes import from_day, plan_summary, redate_visits
from minetui.domain.visits.model import CALENDAR_UNKNOWN, FixedVisit, Plan, PlanWarning, Task, Visit
from minetui.domain.visits.planner import plan_visits
from minetui.domain.workdays import unknown_years_warning
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import N_, _, label
from minetui.io.readers import TableError, read_table
from minetui.io.specs import TASKS
from minetui.io.tablespec import parse_table
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.core.settings import VisitSettings, visit_settings
from minetui.services.visits.tasks import external_visits, open_tasks
from minetui.store import audit, db
from minetui.store import visits as store

SECTION_SEPARATOR = ","
TASK_SEPARATOR = ";"
WORD_SEPARATOR = "、"
COMMITTED_CAPACITY = "committed_capacity"


# ================================================================================================
# Values
# ================================================================================================


@dataclass(frozen=True, slots=True)
class PeriodPlan:
    """A proposed plan: the domain plan, what each fixed visit stands for (a committed visit's id, or None
    for another agency's visit), the mines by licence no., and whether it came from the database."""

    date_from: date
    date_to: date
    office: str | None
    plan: Plan
    sources: dict[FixedVisit, int | None] = field(default_factory=dict)
    mines: dict[str, dict[str, Any]] = field(default_factory=dict)
    what_if: bool = False

    @property
    def summary(self) -> dict[str, int]:
        return plan_summary(self.plan)

    def joins(self, visit: Visit) -> int | None:
        """The committed visit `visit` adds its tasks to, if any."""
        return self.sources.get(visit.external) if visit.external is not None else None

    def with_plan(self, plan: Plan) -> PeriodPlan:
        return replace(self, plan=plan)

    def mine_name(self, licence_no: str) -> str:
        return str(self.mines.get(licence_no, {}).get("name") or "")

    def office_name(self, code: str | None) -> str:
        for mine in self.mines.values():
            if mine.get("office_code") == code and mine.get("office_name"):
                return str(mine["office_name"])
        return code or ""


@dataclass(frozen=True, slots=True)
class TaskRow:
    task_id: str
    kind: str
    earliest: date
    latest: date
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: int
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str | None
    date: date
    window_start: date
    window_end: date
    state: str
    joined: str | None
    tasks: tuple[TaskRow, ...]
    version: int

    @property
    def task_ids(self) -> str:
        return TASK_SEPARATOR.join(t.task_id for t in self.tasks)


class TaskRefused(ServiceError):
    """One task's result was refused by its service; nothing of the visit was written."""

    def __init__(self, task_id: str, error: ServiceError) -> None:
        self.task_id, self.error = task_id, error
        self.problems = list(getattr(error, "problems", []))
        super().__init__(_("task {task}: {error}").format(task=task_words(task_id), error=error))


# ================================================================================================
# Task ids and the sections that attend
# ================================================================================================


def base_task_id(planner_id: str) -> str:
    """'patrol:2025-07@C…' → 'patrol:2025-07' (the planner makes ids unique with the licence no.)."""
    return planner_id.rpartition("@")[0] or planner_id


def attending(kinds_sections: Iterable[tuple[str, Iterable[str]]], office: str | None) -> list[str]:
    """Who must attend, in words: the office for a patrol, the sections each task names (矿管股 for
    verification, 矿管股 + 生态修复股 for a spot-check), the survey team for a survey."""
    words: list[str] = []
    for kind, sections in kinds_sections:
        if kind == "patrol" and office:
            words.append(office)
        if kind == "survey":
            words.append(_("survey team"))
        for key in sections:
            try:
                words.append(label(Section(key)))
            except ValueError:
                words.append(key)
    return list(dict.fromkeys(words))


def visit_attending(pp: PeriodPlan, visit: Visit) -> list[str]:
    return attending(((t.kind, t.sections) for t in visit.tasks), pp.office_name(visit.office))


def plan_rows(pp: PeriodPlan) -> list[dict[str, Any]]:
    """One row per visit (the `plan` command's and the planner screen's), with the committed visit it joins."""
    rows = []
    for visit in pp.plan.visits:
        joins = pp.joins(visit)
        rows.append({
            "licence_no": visit.mine_key, "mine": pp.mine_name(visit.mine_key), "office": visit.office or "",
            "date": visit.date, "window_start": visit.window_start, "window_end": visit.window_end,
            "tasks": TASK_SEPARATOR.join(base_task_id(t) for t in visit.task_ids),
            "sections": WORD_SEPARATOR.join(visit_attending(pp, visit)),
            "joins": (_("visit {id}").format(id=joins) if joins is not None
                      else visit.external.label if visit.external is not None else ""),
        })
    return rows


# ================================================================================================
# Planning
# ================================================================================================


def _committed_label(visit_id: int) -> str:
    return _("committed visit {id}").format(id=visit_id)


def _fixed_visits(ctx: Context, date_from: date, date_to: date, office: str | None,
                  gap: int) -> dict[FixedVisit, int | None]:
    """Visits that happen anyway: other agencies' (joinable), committed planned ones (joinable) and, for the
    minimum-gap warning only, those of the days just before the period."""
    found: dict[FixedVisit, int | None] = dict.fromkeys(external_visits(ctx, date_from, date_to, office))
    for row in store.external_between(ctx.conn, date_from, date_to, office=office):
        text = f"{row['agency']} {row['label']}".strip()
        found[FixedVisit(row["licence_no"], date.fromisoformat(row["visit_date"]), text)] = None
    for row in store.visits_between(ctx.conn, date_from - timedelta(days=gap), date_to + timedelta(days=gap),
                                    states=("planned",), office=office):
        day = date.fromisoformat(row["visit_date"])
        found[FixedVisit(row["licence_no"], day, _committed_label(row["id"]))] = row["id"]
    for row in store.visits_between(ctx.conn, date_from - timedelta(days=gap), date_from - timedelta(days=1),
                                    states=("done",), office=office):
        found[FixedVisit(row["licence_no"], date.fromisoformat(row["visit_date"]), _committed_label(row["id"]))] = \
            row["id"]
    return found


def _not_committed(ctx: Context, tasks: Iterable[Task], mines: Mapping[str, Mapping[str, Any]]) -> list[Task]:
    active = store.active_task_visits(ctx.conn)
    return [t for t in tasks if (mines[t.mine_key]["id"], base_task_id(t.task_id)) not in active]


def plan_period(ctx: Context, date_from: date, date_to: date, office: str | None = None) -> PeriodPlan:
    """Propose visits for the open tasks of [date_from, date_to] (see the module docstring)."""
    if date_from > date_to:
        raise ServiceError(_("the range ends ({end}) before it starts ({start})").format(end=date_to, start=date_from))
    settings = visit_settings(ctx)
    mines = store.mines_by_licence(ctx.conn)
    tasks, gone = from_day(_not_committed(ctx, open_tasks(ctx, date_from, date_to, office), mines), ctx.today)
    sources = _fixed_visits(ctx, date_from, date_to, office, settings.min_gap_days)
    plan = plan_visits(tasks, settings.plan_settings, fixed=sources)
    if gone:
        plan = replace(plan, unplaced=[*gone, *plan.unplaced])
    plan = _fit_committed_load(ctx, plan, settings)
    unknown = settings.calendar.unknown_years(date_from, date_to)
    if unknown and not any(w.code == CALENDAR_UNKNOWN for w in plan.warnings):  # the period itself, tasks or not
        plan = replace(plan, warnings=[PlanWarning(CALENDAR_UNKNOWN, "", unknown_years_warning(unknown)),
                                       *plan.warnings])
    return PeriodPlan(date_from, date_to, office, plan, sources, mines)


def _fit_committed_load(ctx: Context, plan: Plan, settings: VisitSettings) -> Plan:
    """Move a new visit off a day its office is already full with committed visits (to the earliest day of
    its window with room); when none has room, keep it and say so (capacity is never exceeded silently).
    Loads are counted once (committed: one query for the period; the plan's own: a running count), so a
    province year stays linear."""
    limit = settings.capacity
    visits = [v for v in plan.district_visits if v.office is not None]
    if limit is None or not visits:
        return plan
    committed = store.office_loads(ctx.conn, min(v.window_start for v in visits), max(v.window_end for v in visits))
    own = Counter((v.office, v.date) for v in visits)
    visited = {(v.mine_key, v.date) for v in plan.visits}

    def used(office: str, day: date) -> int:
        return committed.get((office, day), 0) + own[(office, day)]

    moves: dict[Visit, date] = {}
    notes: list[PlanWarning] = []
    for visit in visits:
        office = visit.office
        assert office is not None
        if used(office, visit.date) <= limit:
            continue
        day = next((d for d in settings.calendar.workdays_between(visit.window_start, visit.window_end)
                    if d != visit.date and used(office, d) < limit and (visit.mine_key, d) not in visited), None)
        if day is None:
            notes.append(PlanWarning(COMMITTED_CAPACITY, visit.mine_key, _(
                "Office {office} already has {limit} committed visits on {date}: the visit to {mine} finds no"
                " other day with room in {start} – {end}").format(
                office=office, limit=limit, date=visit.date.isoformat(), mine=visit.mine_key,
                start=visit.window_start.isoformat(), end=visit.window_end.isoformat())))
            continue
        moves[visit] = day
        own[(office, visit.date)] -= 1
        own[(office, day)] += 1
        visited.discard((visit.mine_key, visit.date))
        visited.add((visit.mine_key, day))
    if moves:
        plan = redate_visits(plan, moves)
    return replace(plan, warnings=plan.warnings + notes) if notes else plan


NO_TASKS = Message("file.no_tasks", N_("no tasks"))


def read_task_file(path: Path) -> list[Task]:
    """Tasks from a CSV/XLSX in the `tasks` format; ImportRefused listing every problem (row and column)."""
    try:
        table = read_table(path, TASKS.header_words())
    except TableError as exc:
        raise ImportRefused(path.name, [exc.problem.at(file=path.name)]) from exc
    records, problems = parse_table(table, TASKS)
    if errors(problems) or not records:
        raise ImportRefused(table.file, errors(problems) or [Problem.of(NO_TASKS).at(file=table.file)],
                            warnings(problems))
    return [Task(task_id=f"{r.values['task_id']}@{r.values['licence_no']}", mine_key=r.values["licence_no"],
                 office=r.values.get("office") or None, kind=r.values["kind"], earliest=r.values["earliest"],
                 latest=r.values["latest"], sections=frozenset(r.values.get("sections") or ()))
            for r in records]


def plan_file(path: Path, settings: VisitSettings) -> PeriodPlan:
    """What-if: plan the tasks of a file with `settings`, without any database."""
    tasks = read_task_file(path)
    plan = plan_visits(tasks, settings.plan_settings)
    return PeriodPlan(min(t.earliest for t in tasks), max(t.latest for t in tasks), None, plan, {}, {}, what_if=True)


# ================================================================================================
# Committing
# ================================================================================================


def _task_tuple(task: Task) -> tuple[str, str, str, str, str]:
    return (base_task_id(task.task_id), task.kind, task.earliest.isoformat(), task.latest.isoformat(),
            SECTION_SEPARATOR.join(sorted(task.sections)))


def commit_plan(ctx: Context, pp: PeriodPlan) -> list[int]:
    """Store the plan's visits (state planned) in one transaction; returns the visit ids written or joined."""
    authorize(ctx, Action.VISIT_PLAN)
    if pp.what_if:
        raise ServiceError(_("a what-if plan cannot be committed"))
    ids: list[int] = []
    now = db.now_utc()
    with db.write(ctx.conn):
        active = store.active_task_visits(ctx.conn)
        for visit in pp.plan.visits:
            mine = pp.mines[visit.mine_key]
            for task in visit.tasks:
                held = active.get((mine["id"], base_task_id(task.task_id)))
                if held is not None:
                    raise ServiceError(_("task {task} of {mine} is in visit {id} already; plan again").format(
                        task=base_task_id(task.task_id), mine=visit.mine_key, id=held))
            joins = pp.joins(visit)
            ids.append(_join(ctx, joins, visit) if joins is not None else _insert(ctx, mine["id"], visit, now))
    return ids


def _insert(ctx: Context, mine_id: int, visit: Visit, now: str) -> int:
    row = {"mine_id": mine_id, "office_code": visit.office, "visit_date": visit.date.isoformat(),
           "window_start": visit.window_start.isoformat(), "window_end": visit.window_end.isoformat(),
           "state": "planned", "joined": visit.external.label if visit.external is not None else None,
           "created_by": ctx.actor, "created_at": now}
    visit_id = store.insert_visit(ctx.conn, row)
    tasks = [_task_tuple(t) for t in visit.tasks]
    store.insert_tasks(ctx.conn, visit_id, tasks)
    audit.append(ctx.conn, actor=ctx.actor, action="visit.plan", entity="visit", entity_id=visit_id,
                 after={**{k: v for k, v in row.items() if k not in ("created_by", "created_at")},
                        "tasks": [t[0] for t in tasks]})
    return visit_id


def _join(ctx: Context, visit_id: int, visit: Visit) -> int:
    """Add the tasks of `visit` to committed visit `visit_id` (their windows hold its date)."""
    stored = store.get_visit(ctx.conn, visit_id)
    if stored is None or stored["state"] != "planned":
        raise ServiceError(_("visit {id} is no longer planned; plan again").format(id=visit_id))
    tasks = [_task_tuple(t) for t in visit.tasks]
    store.insert_tasks(ctx.conn, visit_id, tasks)
    window = {"window_start": max(stored["window_start"], visit.window_start.isoformat()),
              "window_end": min(stored["window_end"], visit.window_end.isoformat())}
    if not store.update_visit(ctx.conn, visit_id, window, stored["version"]):
        raise StaleRecord("visit", str(visit_id), stored["version"], None)
    audit.append(ctx.conn, actor=ctx.actor, action="visit.join", entity="visit", entity_id=visit_id,
                 before={k: stored[k] for k in window}, after={**window, "tasks": [t[0] for t in tasks]})
    return visit_id


# ================================================================================================
# Reading
# ================================================================================================


def _visit_row(row: dict[str, Any], tasks: list[dict[str, Any]]) -> VisitRow:
    return VisitRow(row["id"], row["mine_id"], row["licence_no"], row["mine_name"], row["office_code"],
                    date.fromisoformat(row["visit_date"]), date.fromisoformat(row["window_start"]),
                    date.fromisoformat(row["window_end"]), row["state"], row["joined"],
                    tuple(TaskRow(t["task_id"], t["kind"], date.fromisoformat(t["earliest"]),
                                  date.fromisoformat(t["latest"]),
                                  tuple(s for s in t["sections"].split(SECTION_SEPARATOR) if s)) for t in tasks),
                    row["version"])


def list_visits(ctx: Context, start: date, end: date, *, office: str | None = None,
                states: Iterable[str] = ("planned", "done"), mine_id: int | None = None) -> list[VisitRow]:
    rows = store.visits_between(ctx.conn, start, end, states=states, office=office, mine_id=mine_id)
    tasks = store.tasks_of(ctx.conn, [r["id"] for r in rows])
    return [_visit_row(r, tasks[r["id"]]) for r in rows]


def get_visit(ctx: Context, visit_id: int) -> VisitRow:
    row = store.get_visit(ctx.conn, visit_id)
    if row is None:
        raise ServiceError(_("no visit with id {id}").format(id=visit_id))
    return _visit_row(row, store.tasks_of(ctx.conn, [visit_id])[visit_id])


def visit_rows(visits: Iterable[VisitRow]) -> list[dict[str, Any]]:
    """Listing rows of stored visits (the `visits list` command)."""
    return [{"id": v.id, "licence_no": v.licence_no, "mine": v.mine_name, "office": v.office_code or "",
             "date": v.date, "window_start": v.window_start, "window_end": v.window_end, "state": v.state,
             "tasks": v.task_ids, "sections": WORD_SEPARATOR.join(attending(
                 ((t.kind, t.sections) for t in v.tasks), v.office_code)), "joins": v.joined or ""}
            for v in visits]


# ================================================================================================
# Moving, cancelling
# ================================================================================================


# ================================================================================================
# Recording a visit's results in one pass
# ================================================================================================


# ================================================================================================
# Other agencies' visits entered by hand
# ================================================================================================


