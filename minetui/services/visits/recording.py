"""Recording a combined visit's results in one pass (R-VISIT-1): each task's result is handed to its own service
(patrol, verification, survey, spot-check) in ONE transaction — all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.domain.inspections.tasks import task_words
from minetui.domain.model import Section
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import record_result
from minetui.services.inspections.surveys import record_survey
from minetui.services.inspections.verification import record_verification
from minetui.services.patrols.patrols import record_patrol
from minetui.services.visits.changes import _planned
from minetui.services.visits.visits import TaskRefused, TaskRow, VisitRow, get_visit
from minetui.store import audit, db
from minetui.store import visits as store


@dataclass(frozen=True, slots=True)
class SpotCheckOutcome:
    """A spot-check's result with its findings, each (section, note), for `record_visit`."""

    result: Any  # domain.spotchecks.SpotCheckResult
    findings: Sequence[tuple[Section | str, str]] = ()


@dataclass(frozen=True, slots=True)
class Recorded:
    visit: VisitRow
    saved: dict[str, int]  # task id → the id of the record its service saved
    warnings: list[str]


def _result_day(task_id: str, result: Any) -> date:
    day = getattr(result, "date", None) or getattr(getattr(result, "result", None), "day", None)
    if not isinstance(day, date):
        raise ServiceError(_("task {task}: the result has no date").format(task=task_id))
    return day


def _check_results(visit: VisitRow, results: Mapping[str, Any]) -> date:
    """The visit's day: every task has a result, all dated the same day, inside every task's window."""
    wanted = {t.task_id for t in visit.tasks}
    if missing := sorted(wanted - set(results)):
        raise ServiceError(_("visit {id}: no result for {tasks}").format(id=visit.id, tasks=", ".join(missing)))
    if unknown := sorted(set(results) - wanted):
        raise ServiceError(_("visit {id} does not carry {tasks}").format(id=visit.id, tasks=", ".join(unknown)))
    days = {_result_day(t, r) for t, r in results.items()}
    if len(days) != 1:
        raise ServiceError(_("one visit is one day: the results are dated {days}").format(
            days=", ".join(sorted(d.isoformat() for d in days))))
    day = days.pop()
    for task in visit.tasks:
        if not task.earliest <= day <= task.latest:
            raise ServiceError(_("{date} is outside the window of task {task} ({start} – {end})").format(
                date=day.isoformat(), task=task.task_id, start=task.earliest.isoformat(), end=task.latest.isoformat()))
    return day


def _record_task(ctx: Context, visit: VisitRow, task: TaskRow, result: Any) -> tuple[int, list[str]]:
    """Hand one task's result to its service; (saved record id, warnings)."""
    kind, _sep, key = task.task_id.partition(":")
    if kind == "patrol":
        saved = record_patrol(ctx, visit.mine_id, result)
        return saved.id, [p.message for p in saved.warnings]
    if kind == "verification":
        saved_v = record_verification(ctx, visit.mine_id, int(key), result)
        return saved_v.id, [p.message for p in saved_v.warnings]
    if kind == "survey":
        year, _r, round_no = key.partition("-R")
        saved_s = record_survey(ctx, visit.mine_id, int(year), int(round_no), result)
        return saved_s.id, [p.message for p in saved_s.warnings]
    if kind == "spotcheck":
        row = record_result(ctx, int(key), result.result, result.findings)
        return row.id, []
    raise ServiceError(_("task {task}: no service records this kind of task").format(task=task.task_id))


def record_visit(ctx: Context, visit_id: int, results: Mapping[str, Any], *,
                 expected_version: int | None = None) -> Recorded:
    """Record every task of a planned visit in one transaction: `results` maps each task id to its result
    (PatrolRecord, VerificationRecord, SurveyResult, SpotCheckOutcome); one refusal writes nothing."""
    authorize(ctx, Action.VISIT_RECORD)
    with db.write(ctx.conn):
        visit, version = _planned(ctx, visit_id, expected_version)
        day = _check_results(visit, results)
        saved: dict[str, int] = {}
        warnings: list[str] = []
        for task in visit.tasks:
            try:
                saved[task.task_id], found = _record_task(ctx, visit, task, results[task.task_id])
            except TaskRefused:
                raise
            except ServiceError as exc:
                raise TaskRefused(task.task_id, exc) from exc
            warnings += [f"{task_words(task.task_id)}: {w}" for w in found]
        changes = {"state": "done", "visit_date": day.isoformat()}
        if not store.update_visit(ctx.conn, visit_id, changes, version):
            raise StaleRecord("visit", str(visit_id), version, None)
        audit.append(ctx.conn, actor=ctx.actor, action="visit.record", entity="visit", entity_id=visit_id,
                     before={"state": "planned", "visit_date": visit.date.isoformat()},
                     after={**changes, "records": saved})
    return Recorded(get_visit(ctx, visit_id), saved, warnings)
