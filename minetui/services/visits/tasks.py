"""The open inspection tasks of a date range, for the combined-visit planner (R-VISIT-1, issue 5 item 7).

API:
- `inspection_tasks(ctx, date_from, date_to, office=None) -> list[InspectionTask]` — every task still to do whose
  window overlaps the range, its window clipped to the range:
  patrol duties that are open, due soon or overdue (`patrol:2025-07`, window = the period),
  the year's field verification of each listed mine not yet verified (`verification:2025`, Jan 1 → due day),
  the district's own survey rounds not yet done (`survey:2025-R2`, the round's window) — rounds the city or
  the province organise are not ours to plan: they are `external_visits`,
  open spot-checks (`spotcheck:17`, the task's window);
- `open_tasks(ctx, date_from, date_to, office=None) -> list[domain.planner.Task]` — the same as planner Tasks;
- `external_visits(ctx, date_from, date_to, office=None) -> list[domain.planner.FixedVisit]` — the city's and
  province's survey dates known in the range (planned, or done), for tasks to join.
The office is the mine's township office; the sections are those that must attend besides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from minetui.domain.inspections.spotchecks import SpotCheckState
from minetui.domain.inspections.surveys import SurveyState
from minetui.domain.inspections.tasks import (
    InspectionTask,
    TaskKind,
    clip_all,
    patrol_task_id,
    spotcheck_task_id,
    survey_task_id,
    verification_task_id,
)
from minetui.domain.inspections.verification import VerificationState
from minetui.domain.model import Section
from minetui.domain.patrols.duties import DutyState
from minetui.domain.visits.model import FixedVisit, Task
from minetui.errors import ServiceError
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import spotcheck_rows
from minetui.services.inspections.surveys import survey_rows
from minetui.services.inspections.verification import verification_list
from minetui.services.patrols.duties import duty_rows

OPEN_DUTY_STATES = frozenset({DutyState.OPEN, DutyState.DUE_SOON, DutyState.OVERDUE})


def _years(date_from: date, date_to: date) -> range:
    if date_from > date_to:
        raise ServiceError(_("the range ends ({end}) before it starts ({start})").format(end=date_to, start=date_from))
    return range(date_from.year, date_to.year + 1)


def _patrols(ctx: Context, year: int, office: str | None) -> Iterator[InspectionTask]:
    for row in duty_rows(ctx, year, office=office):
        if row.state in OPEN_DUTY_STATES:
            yield InspectionTask(patrol_task_id(str(row.period)), TaskKind.PATROL, row.mine_id, row.licence_no,
                                 row.office_code, row.period.start, row.period.end)


def _verifications(ctx: Context, year: int, office: str | None) -> Iterator[InspectionTask]:
    for row in verification_list(ctx, year):
        if row.state is not VerificationState.DONE and (office is None or row.office_code == office):
            yield InspectionTask(verification_task_id(year), TaskKind.VERIFICATION, row.mine_id, row.licence_no,
                                 row.office_code, date(year, 1, 1), row.due, (Section.MINERAL,))


def _surveys(ctx: Context, year: int, office: str | None) -> Iterator[InspectionTask]:
    for row in survey_rows(ctx, year, office=office, external=False):
        if row.owed and row.state is not SurveyState.DONE:
            yield InspectionTask(survey_task_id(year, row.round), TaskKind.SURVEY, row.mine_id, row.licence_no,
                                 row.office_code, row.start, row.end, (Section.MINERAL,))


def _spotchecks(ctx: Context, date_from: date, date_to: date, office: str | None) -> Iterator[InspectionTask]:
    for row in spotcheck_rows(ctx, start=date_from, end=date_to):
        if row.state is not SpotCheckState.DONE and (office is None or row.office_code == office):
            yield InspectionTask(spotcheck_task_id(row.id), TaskKind.SPOT_CHECK, row.mine_id, row.licence_no,
                                 row.office_code, row.window_start, row.window_end, row.sections)


def inspection_tasks(ctx: Context, date_from: date, date_to: date, office: str | None = None) -> list[InspectionTask]:
    """Every open task overlapping [date_from, date_to], clipped to it (see the module docstring)."""
    found: list[InspectionTask] = []
    for year in _years(date_from, date_to):
        found += [*_patrols(ctx, year, office), *_verifications(ctx, year, office), *_surveys(ctx, year, office)]
    found += _spotchecks(ctx, date_from, date_to, office)
    return clip_all(found, date_from, date_to)


def open_tasks(ctx: Context, date_from: date, date_to: date, office: str | None = None) -> list[Task]:
    """The open tasks as the planner's Tasks (ids `<task id>@<licence no>`)."""
    return [t.as_planner_task() for t in inspection_tasks(ctx, date_from, date_to, office)]


def external_visits(ctx: Context, date_from: date, date_to: date, office: str | None = None) -> list[FixedVisit]:
    """The city's and the province's survey visits dated within the range (done, else planned)."""
    visits = []
    for year in _years(date_from, date_to):
        for row in survey_rows(ctx, year, office=office, external=True):
            day = row.survey_date or row.planned_date
            if day is not None and date_from <= day <= date_to:
                text = _("{organiser} survey {year}-R{round}").format(
                    organiser=label(row.organiser), year=year, round=row.round)
                visits.append(FixedVisit(row.licence_no, day, text))
    return sorted(visits, key=lambda v: (v.date, v.mine_key))
