"""The reports of field verification, special surveys and joint spot-checks, for the catalogue.

catalogue.py lists VERIFICATION_REPORTS, SURVEY_REPORTS and SPOTCHECK_REPORTS among its REPORTS.
Columns are also the CLI listings' (`minetui verification list`, `surveys list`, `spotchecks list`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from minetui.domain.inspections.spotchecks import InspectionLevel, SpotCheckState, TriggerKind
from minetui.domain.inspections.surveys import Organiser, SurveyState
from minetui.domain.inspections.tasks import TaskKind
from minetui.domain.inspections.verification import Answer, ChangeKind, VerificationState
from minetui.i18n import label
from minetui.io.output import Column
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import spotcheck_detail
from minetui.services.inspections.spotchecks import spotcheck_rows as stored_spotcheck_rows
from minetui.services.inspections.surveys import survey_rows as stored_survey_rows
from minetui.services.inspections.verification import list_changes, verification_list
from minetui.services.reporting.model import OFFICE, YEAR, Param, Report

SEPARATOR = "、"


def _words(members: Iterable[Any]) -> str:
    return SEPARATOR.join(label(m) for m in members)


# --- verification ---------------------------------------------------------------------------------------

def verification_columns() -> list[Column]:
    return [Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("office", "Office"),
            Column("basis", "Listing basis"),
            Column("reason", "Listing reason"),
            Column("due", "Time limit", "date"),
            Column("state", "State", "enum", VerificationState),
            Column("verdict", "Conclusion", "enum", Answer),
            Column("verification_id", "Verification record", "int")]


def verification_rows(ctx: Context, year: int, office: str | None = None) -> list[dict[str, Any]]:

    return [{"mine_id": r.mine_id, "licence_no": r.licence_no, "mine": r.mine_name, "office": r.office_code or "",
             "basis": _words(r.bases), "reason": r.reason, "due": r.due, "state": str(r.state),
             "verdict": str(r.verdict) if r.verdict else None, "verification_id": r.verification_id}
            for r in verification_list(ctx, year) if office is None or r.office_code == office]


def change_columns() -> list[Column]:
    return [Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("change", "Change", "enum", ChangeKind),
            Column("why", "Why")]


def change_rows(ctx: Context, year: int) -> list[dict[str, Any]]:

    return [{"mine_id": r.mine_id, "licence_no": r.licence_no, "mine": r.mine_name,
             "change": str(ChangeKind.JOINED if r.joined else ChangeKind.LEFT),
             "why": _words(r.bases if r.joined else r.left_reasons)} for r in list_changes(ctx, year)]


# --- surveys --------------------------------------------------------------------------------------------

def survey_columns() -> list[Column]:
    return [Column("survey_id", "Survey record", "int"),
            Column("licence_no", "Licence no.", "licence"),
            Column("mine", "Mine"),
            Column("office", "Office"),
            Column("round", "Round", "int"),
            Column("organiser", "Organiser", "enum", Organiser),
            Column("start", "Start", "date"),
            Column("end", "Until", "date"),
            Column("methods_needed", "Methods needed"),
            Column("state", "State", "enum", SurveyState),
            Column("planned_date", "Planned", "date"),
            Column("survey_date", "Surveyed", "date"),
            Column("surveyor", "Surveyor"),
            Column("methods", "Methods"),
            Column("area_m2", "Extent area (m²)", "float"),
            Column("outside_area_m2", "Outside area (m²)", "float"),
            Column("deepest_m", "Deepest (m)", "float"),
            Column("over_depth", "Outside depth range", "bool")]


def survey_rows(ctx: Context, year: int, office: str | None = None,
                organiser: str | None = None) -> list[dict[str, Any]]:
    return [{"mine_id": r.mine_id, "survey_id": r.survey_id, "licence_no": r.licence_no, "mine": r.mine_name,
             "office": r.office_code or "", "round": r.round, "organiser": str(r.organiser), "start": r.start,
             "end": r.end, "methods_needed": r.methods_needed, "state": str(r.state), "planned_date": r.planned_date,
             "survey_date": r.survey_date, "surveyor": r.surveyor, "methods": _words(r.methods),
             "area_m2": r.area_m2, "outside_area_m2": r.outside_area_m2, "deepest_m": r.deepest_m,
             "over_depth": r.over_depth}
            for r in stored_survey_rows(ctx, year, office=office) if organiser is None or str(r.organiser) == organiser]


# --- spot-checks ----------------------------------------------------------------------------------------

def spotcheck_columns() -> list[Column]:
    return [Column("id", "Id", "int"), Column("licence_no", "Licence no.", "licence"),
            Column("mine", "Mine"),
            Column("trigger", "Trigger", "enum", TriggerKind),
            Column("level", "Inspection level", "enum", InspectionLevel),
            Column("source", "Outlet / document"),
            Column("trigger_date", "Trigger date", "date"),
            Column("link", "Link"),
            Column("window_start", "Start", "date"),
            Column("window_end", "Until", "date"),
            Column("sections", "Attending sections"),
            Column("state", "State", "enum", SpotCheckState),
            Column("check_date", "Checked", "date"),
            Column("result", "Result"),
            Column("findings", "Findings")]


def spotcheck_rows(ctx: Context, year: int) -> list[dict[str, Any]]:
    found = []
    for r in stored_spotcheck_rows(ctx, year=year):
        findings = spotcheck_detail(ctx, r.id).findings if r.check_date else ()
        found.append({"mine_id": r.mine_id, "id": r.id, "licence_no": r.licence_no, "mine": r.mine_name,
                      "trigger": str(r.trigger.kind), "level": str(r.trigger.level) if r.trigger.level else None,
                      "source": r.trigger.source, "trigger_date": r.trigger.day, "link": r.trigger.link,
                      "window_start": r.window_start, "window_end": r.window_end, "sections": _words(r.sections),
                      "state": str(r.state), "check_date": r.check_date, "result": r.result,
                      "findings": "；".join(f"{label(f.receiver)}：{f.note}" for f in findings)})
    return found


# --- open tasks -----------------------------------------------------------------------------------------

def task_columns() -> list[Column]:
    return [Column("task_id", "Task"), Column("kind", "Kind", "enum", TaskKind),
            Column("licence_no", "Licence no.", "licence"),
            Column("office", "Office"),
            Column("earliest", "Earliest", "date"),
            Column("latest", "Latest", "date"),
            Column("sections", "Attending sections"),
            Column("checklist", "Checklist")]


def task_dicts(tasks: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """InspectionTask → the listing's rows (also the `tasks` import's keys: licence_no, office, task_id, kind…)."""
    for t in tasks:
        yield {"task_id": t.task_id, "kind": str(t.kind), "licence_no": t.licence_no, "office": t.office or "",
               "earliest": t.earliest, "latest": t.latest, "sections": SEPARATOR.join(str(s) for s in t.sections),
               "checklist": t.checklist}


ORGANISER = Param("organiser", "text", "only rounds organised by: province, city or district",
                  choices=tuple(str(o) for o in Organiser))

VERIFICATION_REPORTS = (
    Report("verification-list", "Field verification list", (YEAR, OFFICE), verification_columns,
           verification_rows, group="inspections", description="R-VER-1: producing mines in a zone, plus additions"),
    Report("verification-changes", "Verification list changes", (YEAR,), change_columns,
           change_rows, group="inspections", description="who joined and who left since last year, and why"),
)
SURVEY_REPORTS = (
    Report("surveys", "Special surveys", (YEAR, OFFICE, ORGANISER), survey_columns, survey_rows,
           group="inspections", description="R-SUR-1/2: rounds, organiser, state and results"),
)
SPOTCHECK_REPORTS = (
    Report("spot-checks", "Joint spot-checks", (YEAR,), spotcheck_columns, spotcheck_rows,
           group="inspections", description="R-SPOT-1: triggers, windows, results and findings"),
)
