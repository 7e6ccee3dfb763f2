"""Moving or cancelling a committed visit (R-VISIT-1): within its tasks' windows, on a working day, with room for
the office; a warning when another visit to the enterprise is near (the minimum gap)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.settings import VisitSettings, visit_settings
from minetui.services.visits.visits import VisitRow, get_visit, list_visits
from minetui.store import audit, db
from minetui.store import visits as store


@dataclass(frozen=True, slots=True)
class Moved:
    visit: VisitRow
    warnings: list[str]


def _planned(ctx: Context, visit_id: int, expected_version: int | None) -> tuple[VisitRow, int]:
    visit = get_visit(ctx, visit_id)
    if visit.state != "planned":
        raise ServiceError(_("visit {id} is {state}, not planned").format(id=visit_id, state=visit.state))
    version = visit.version if expected_version is None else expected_version
    if version != visit.version:
        raise StaleRecord("visit", str(visit_id), version, visit.version)
    return visit, version


def _move_problem(ctx: Context, visit: VisitRow, day: date, settings: VisitSettings) -> str | None:
    if visit.joined:
        return _("visit {id} joins another agency's visit ({what}); its date is not ours to move").format(
            id=visit.id, what=visit.joined)
    if not settings.calendar.is_workday(day):
        return _("{date} is not a working day").format(date=day.isoformat())
    for task in visit.tasks:
        if not task.earliest <= day <= task.latest:
            return _("{date} is outside the window of task {task} ({start} – {end})").format(
                date=day.isoformat(), task=task.task_id, start=task.earliest.isoformat(), end=task.latest.isoformat())
    same_day = [v for v in list_visits(ctx, day, day, mine_id=visit.mine_id) if v.id != visit.id]
    if same_day:
        return _("mine {mine} already has visit {id} on {date}").format(mine=visit.licence_no, id=same_day[0].id,
                                                                       date=day.isoformat())
    limit = settings.capacity
    if limit is not None and visit.office_code and store.office_load(ctx.conn, visit.office_code, day,
                                                                      exclude=visit.id) >= limit:
        return _("Office {office} already has {limit} visits on {date}").format(
            office=visit.office_code, limit=limit, date=day.isoformat())
    return None


def gap_warnings(ctx: Context, mine_id: int, day: date, *, exclude: int | None = None,
                 gap: int | None = None) -> list[str]:
    """Other visits to the enterprise (planned or done) fewer than the minimum gap days from `day`."""
    gap = visit_settings(ctx).min_gap_days if gap is None else gap
    if not gap:
        return []
    near = [v for v in list_visits(ctx, day - timedelta(days=gap - 1), day + timedelta(days=gap - 1),
                                   mine_id=mine_id) if v.id != exclude]
    return [_("visit {id} to {mine} on {date} is {days} days away (fewer than {gap})").format(
        id=v.id, mine=v.licence_no, date=v.date.isoformat(), days=abs((v.date - day).days), gap=gap) for v in near]


def move_visit(ctx: Context, visit_id: int, day: date, *, expected_version: int | None = None) -> Moved:
    """Move a planned visit to `day` (a working day inside every task's window, with room for the office)."""
    authorize(ctx, Action.VISIT_PLAN)
    settings = visit_settings(ctx)
    with db.write(ctx.conn):
        visit, version = _planned(ctx, visit_id, expected_version)
        problem = _move_problem(ctx, visit, day, settings)
        if problem is not None:
            raise ServiceError(problem)
        if not store.update_visit(ctx.conn, visit_id, {"visit_date": day.isoformat()}, version):
            raise StaleRecord("visit", str(visit_id), version, None)
        audit.append(ctx.conn, actor=ctx.actor, action="visit.move", entity="visit", entity_id=visit_id,
                     before={"visit_date": visit.date.isoformat()}, after={"visit_date": day.isoformat()})
    return Moved(get_visit(ctx, visit_id), gap_warnings(ctx, visit.mine_id, day, exclude=visit_id,
                                                        gap=settings.min_gap_days))


def cancel_visit(ctx: Context, visit_id: int, *, expected_version: int | None = None) -> VisitRow:
    """Cancel a planned visit; its tasks go back to the pool (the next plan places them again)."""
    authorize(ctx, Action.VISIT_PLAN)
    with db.write(ctx.conn):
        visit, version = _planned(ctx, visit_id, expected_version)
        if not store.update_visit(ctx.conn, visit_id, {"state": "cancelled"}, version):
            raise StaleRecord("visit", str(visit_id), version, None)
        audit.append(ctx.conn, actor=ctx.actor, action="visit.cancel", entity="visit", entity_id=visit_id,
                     before={"state": "planned"}, after={"state": "cancelled", "tasks": visit.task_ids})
    return get_visit(ctx, visit_id)
