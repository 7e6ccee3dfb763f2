"""Special surveys (专项勘测, R-SUR-1, R-SUR-2): the rounds owed, their organiser and state, and the results.

API for the TUI and the CLI (rules in domain/inspections/surveys.py):

- `survey_rows(ctx, year, *, office=None, external=None) -> list[SurveyRow]` — every round owed in the year (and
  every round recorded), with organiser (省厅/市局/区局, `external` when not the district's), the methods the
  mining method needs, window, state on ctx.today (planned/done/overdue) and the recorded results;
- `schedule_survey(ctx, mine_id, year, round_no, planned)` — the date a round is planned for (the city's or
  province's when they tell it: the planner treats it as a fixed visit);
- `record_survey(ctx, mine_id, year, round_no, result, expected_version=None) -> SavedSurvey` — date,
  surveyor, methods, area, deepest/highest elevation; 超层 computed against the licensed depth range;
  a correction of a recorded survey needs its version (StaleRecord otherwise);
- `set_extent(ctx, survey_id, path) -> SavedSurvey` — the surveyed extent from a corners-format file
  (CSV/XLSX, the licence corners' columns; licence_no optional), area outside the licence polygon computed;
  `set_extent_corners(ctx, survey_id, corners)` does the same from corner values;
- either 越界 (outside area ≥ 1 m²) or 超层 raises a finding for enforcement (a lead via the leads service);
- `survey_detail(ctx, survey_id) -> SurveyRow` with `extent`.
Audit entity 'survey'. All writes in one transaction each; a refused save writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.geometry import licence_polygon, outside_area_m2, ring_problems
from minetui.domain.inspections.surveys import (
    DepthCheck,
    Organiser,
    SurveyFacts,
    SurveyMethod,
    SurveyState,
    depth_check,
    method_problems,
    method_text,
    organiser_for,
    survey_findings,
    survey_state,
    surveys_due,
)
from minetui.domain.model import Corner, MiningMethod, ZoneLevel
from minetui.domain.periods import iso_day
from minetui.domain.validation import Message, Problem, Severity, errors, warnings
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import N_, _
from minetui.io.readers import TableError, read_table
from minetui.io.specs import CORNERS
from minetui.io.tablespec import parse_table
from minetui.services.core import settings
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused, Plan
from minetui.services.inspections.findings import FindingView, findings_of, record_findings
from minetui.services.inspections.verification import list_facts
from minetui.services.mines.imports import corner_rings
from minetui.store import audit, db
from minetui.store import inspections as store
from minetui.store import mines as mine_store

METHOD_SEPARATOR = ","
# Coordinate problems that make an extent's area meaningless: refused, not warned.
_FATAL_GEO = frozenset({"y_no_zone_prefix", "y_six_degree_zone", "wrong_zone", "xy_swapped", "too_few_points"})


@dataclass(frozen=True, slots=True)
class SurveyResult:
    """A survey's results as received: date, surveyor, methods used, area of the extent (m²), elevations."""

    date: date
    surveyor: str
    methods: Sequence[SurveyMethod]
    area_m2: float | None = None
    deepest_m: float | None = None
    highest_m: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SurveyRow:
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str | None
    year: int
    round: int
    start: date
    end: date
    organiser: Organiser
    mining_method: MiningMethod
    methods_needed: str
    state: SurveyState
    owed: bool = True
    survey_id: int | None = None
    planned_date: date | None = None
    survey_date: date | None = None
    surveyor: str = ""
    methods: tuple[SurveyMethod, ...] = ()
    area_m2: float | None = None
    outside_area_m2: float | None = None
    deepest_m: float | None = None
    highest_m: float | None = None
    over_depth: bool = False
    note: str = ""
    version: int = 0
    extent: tuple[Corner, ...] = field(default=())

    @property
    def external(self) -> bool:
        return self.organiser is not Organiser.DISTRICT


@dataclass(frozen=True, slots=True)
class SavedSurvey:
    id: int
    warnings: list[Problem]
    outside_area_m2: float | None
    depth: DepthCheck
    findings: list[FindingView]


class SurveyRefused(ServiceError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(_("survey refused:") + "\n  " + "\n  ".join(p.message for p in problems if p.is_error))


# --- reading --------------------------------------------------------------------------------------------

def _facts(ctx: Context, year: int) -> tuple[dict[int, dict[str, Any]], dict[int, SurveyFacts]]:
    mines, facts = list_facts(ctx, [year])
    levels = store.zone_levels(ctx.conn, [year])[year]
    return mines, {m: SurveyFacts(facts[m], frozenset(ZoneLevel(v) for v in levels.get(m, ())),
                                  MiningMethod(mines[m]["method"])) for m in mines}


def survey_rows(ctx: Context, year: int, *, office: str | None = None,
                external: bool | None = None) -> list[SurveyRow]:
    """The year's rounds (owed or recorded) by office, licence, round; filtered by office / external."""
    mines, facts = _facts(ctx, year)
    windows = settings.get(ctx, settings.SURVEY_WINDOWS)
    recorded = store.surveys_of_year(ctx.conn, year)
    rows: dict[tuple[int, int], SurveyRow] = {}
    for due in surveys_due(year, facts, windows):
        mine = mines[due.mine_id]
        rows[(due.mine_id, due.round)] = SurveyRow(
            due.mine_id, mine["licence_no"], mine["name"], mine["office_code"], year, due.round, due.start, due.end,
            due.organiser, due.method, method_text(due.method), SurveyState.PLANNED)
    for (mine_id, round_no), stored in recorded.items():
        mine = mines[mine_id]
        base = rows.get((mine_id, round_no))
        if base is None:
            start, end = windows.window(year, round_no)
            method = MiningMethod(mine["method"])
            base = SurveyRow(mine_id, mine["licence_no"], mine["name"], mine["office_code"], year, round_no, start,
                             end, Organiser(stored["organiser"]), method, method_text(method), SurveyState.PLANNED,
                             owed=False)
        rows[(mine_id, round_no)] = _with_stored(base, stored)
    found = [replace(r, state=survey_state(r.end, r.survey_date, ctx.today)) for r in rows.values()]
    if office is not None:
        found = [r for r in found if r.office_code == office]
    if external is not None:
        found = [r for r in found if r.external is external]
    return sorted(found, key=lambda r: (r.office_code or "", r.licence_no, r.round))


def _with_stored(row: SurveyRow, stored: dict[str, Any]) -> SurveyRow:
    methods = tuple(SurveyMethod(m) for m in stored["methods"].split(METHOD_SEPARATOR) if m)
    return replace(row, survey_id=stored["id"], organiser=Organiser(stored["organiser"]),
                   planned_date=iso_day(stored["planned_date"]),
                   survey_date=iso_day(stored["survey_date"]) if stored["status"] == "done" else None,
                   surveyor=stored["surveyor"], methods=methods, area_m2=stored["area_m2"],
                   outside_area_m2=stored["outside_area_m2"], deepest_m=stored["deepest_m"],
                   highest_m=stored["highest_m"], over_depth=bool(stored["over_depth"]), note=stored["note"],
                   version=stored["version"])


def survey_detail(ctx: Context, survey_id: int) -> SurveyRow:
    stored = _survey_or_refuse(ctx, survey_id)
    row = next(r for r in survey_rows(ctx, stored["year"]) if r.survey_id == survey_id)
    return replace(row, extent=tuple(store.extent_of(ctx.conn, survey_id)))


def _survey_or_refuse(ctx: Context, survey_id: int) -> dict[str, Any]:
    stored = store.get_survey(ctx.conn, survey_id)
    if stored is None:
        raise ServiceError(_("no survey with id {id}").format(id=survey_id))
    return stored


# --- writing --------------------------------------------------------------------------------------------

def _mine(ctx: Context, mine_id: int) -> dict[str, Any]:
    mine = store.mine_rows(ctx.conn).get(mine_id)
    if mine is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    return mine


def _organiser(ctx: Context, mine_id: int, year: int) -> Organiser:
    levels = store.zone_levels(ctx.conn, [year])[year].get(mine_id, set())
    return organiser_for(ZoneLevel(v) for v in levels) or Organiser.DISTRICT


def _check_round(round_no: int) -> None:
    if round_no not in (1, 2):
        raise ServiceError(_("a survey round is 1 or 2, not {round}").format(round=round_no))


def schedule_survey(ctx: Context, mine_id: int, year: int, round_no: int, planned: date) -> int:
    """Note the day a round is planned for; returns the survey id (a recorded survey keeps its results)."""
    authorize(ctx, Action.SURVEY_RECORD)
    _check_round(round_no)
    _mine(ctx, mine_id)
    with db.write(ctx.conn):
        stored = store.survey_of(ctx.conn, year, round_no, mine_id)
        if stored is None:
            survey_id = store.insert_survey(ctx.conn, {
                "year": year, "round": round_no, "mine_id": mine_id, "organiser": str(_organiser(ctx, mine_id, year)),
                "status": "scheduled", "planned_date": planned.isoformat(), "created_by": ctx.actor,
                "created_at": db.now_utc()})
        else:
            survey_id = stored["id"]
            store.update_survey(ctx.conn, survey_id, {"planned_date": planned.isoformat()}, stored["version"])
        audit.append(ctx.conn, actor=ctx.actor, action="survey.schedule", entity="survey", entity_id=survey_id,
                     before=stored and {"planned_date": stored["planned_date"]},
                     after={"planned_date": planned.isoformat()})
    return survey_id


def result_problems(ctx: Context, mine: dict[str, Any], year: int, round_no: int, organiser: Organiser,
                    result: SurveyResult) -> list[Problem]:
    """Errors refuse the result; warnings (late, off-window, other organiser's method) are shown."""
    problems = []
    if result.date > ctx.today:
        problems.append(Problem("survey.date_in_future", N_(
            "Survey date {date} is after today ({today})"), {"date": result.date, "today": ctx.today}, field="date"))
    if result.date.year != year:
        problems.append(Problem("survey.date_outside_year", N_(
            "Survey date {date} is not in {year}"), {"date": result.date, "year": year}, field="date"))
    if not result.surveyor.strip():
        problems.append(Problem("survey.surveyor_missing", N_("Surveyor: name who surveyed"), {}, field="surveyor"))
    severity = Severity.WARNING if organiser is not Organiser.DISTRICT else Severity.ERROR
    problems.extend(method_problems(MiningMethod(mine["method"]), result.methods, severity))
    for name, value in (("area_m2", result.area_m2),):
        if value is not None and value < 0:
            problems.append(Problem("survey.area_negative", N_("Area cannot be negative"), {}, field=name))
    if result.deepest_m is not None and result.highest_m is not None and result.deepest_m > result.highest_m:
        problems.append(Problem("survey.depth_order", N_(
            "The deepest elevation is above the highest"), {}, field="deepest_m"))
    start, end = settings.get(ctx, settings.SURVEY_WINDOWS).window(year, round_no)
    if not start <= result.date <= end and result.date.year == year:
        problems.append(Problem("survey.date_outside_round", N_(
            "Survey date {date} is outside round {round} ({start} – {end})"),
            {"date": result.date, "round": round_no, "start": start, "end": end}, Severity.WARNING, field="date"))
    return problems


def record_survey(ctx: Context, mine_id: int, year: int, round_no: int, result: SurveyResult, *,
                  expected_version: int | None = None) -> SavedSurvey:
    """Record (or correct) a round's results; 超层 and findings computed; all or nothing."""
    authorize(ctx, Action.SURVEY_RECORD)
    _check_round(round_no)
    mine = _mine(ctx, mine_id)
    with db.write(ctx.conn):
        stored = store.survey_of(ctx.conn, year, round_no, mine_id)
        organiser = Organiser(stored["organiser"]) if stored else _organiser(ctx, mine_id, year)
        problems = result_problems(ctx, mine, year, round_no, organiser, result)
        if any(p.is_error for p in problems):
            raise SurveyRefused(problems)
        depth = depth_check(result.deepest_m, result.highest_m, mine["depth_top_m"], mine["depth_bottom_m"])
        changes = {"status": "done", "survey_date": result.date.isoformat(), "surveyor": result.surveyor.strip(),
                   "methods": METHOD_SEPARATOR.join(str(m) for m in dict.fromkeys(result.methods)),
                   "deepest_m": result.deepest_m, "highest_m": result.highest_m, "over_depth": int(depth.over_depth),
                   "note": result.note.strip()}
        if result.area_m2 is not None:
            changes["area_m2"] = result.area_m2
        survey_id = _save(ctx, stored, changes, expected_version, year=year, round_no=round_no, mine_id=mine_id,
                          organiser=organiser)
        outside = store.get_survey(ctx.conn, survey_id)["outside_area_m2"]  # type: ignore[index]
        found = _raise_findings(ctx, mine_id, survey_id, outside, depth)
    return SavedSurvey(survey_id, [p for p in problems if not p.is_error], outside, depth, found)


def _save(ctx: Context, stored: dict[str, Any] | None, changes: dict[str, Any], expected_version: int | None, *,
          year: int, round_no: int, mine_id: int, organiser: Organiser) -> int:
    if stored is None:
        survey_id = store.insert_survey(ctx.conn, {
            "year": year, "round": round_no, "mine_id": mine_id, "organiser": str(organiser), **changes,
            "created_by": ctx.actor, "created_at": db.now_utc()})
        audit.append(ctx.conn, actor=ctx.actor, action="survey.record", entity="survey", entity_id=survey_id,
                     after=changes)
        return survey_id
    if stored["status"] == "done" and expected_version is None:
        raise ServiceError(_("survey {id} has results already; give its version to correct them").format(
            id=stored["id"]))
    version = stored["version"] if expected_version is None else expected_version
    if not store.update_survey(ctx.conn, stored["id"], changes, version):
        raise StaleRecord("survey", str(stored["id"]), version, stored["version"])
    audit.append(ctx.conn, actor=ctx.actor, action="survey.record", entity="survey", entity_id=stored["id"],
                 before={k: stored[k] for k in changes}, after=changes)
    return int(stored["id"])


def _raise_findings(ctx: Context, mine_id: int, survey_id: int, outside: float | None,
                    depth: DepthCheck) -> list[FindingView]:
    year = store.get_survey(ctx.conn, survey_id)["year"]  # type: ignore[index]
    return record_findings(ctx, mine_id=mine_id, source="survey", source_id=survey_id, year=year,
                           found=survey_findings(outside, depth), replace=True)


# --- the extent -----------------------------------------------------------------------------------------

def extent_problems(corners: Sequence[Corner], epsg: int) -> list[Problem]:
    """R-GEO-1 findings of the extent: coordinate mix-ups refuse it, shape faults are warnings."""
    return [p.at(field="extent", severity=Severity.ERROR if p.code in _FATAL_GEO else Severity.WARNING)
            for p in ring_problems(corners, epsg=epsg)]


def set_extent_corners(ctx: Context, survey_id: int, corners: Sequence[Corner]) -> SavedSurvey:
    """Store the surveyed extent, its area and the area outside the licence polygon; raise findings."""
    authorize(ctx, Action.SURVEY_RECORD)
    stored = _survey_or_refuse(ctx, survey_id)
    mine_row = mine_store.get_row_by_licence(ctx.conn, _mine(ctx, stored["mine_id"])["licence_no"])
    assert mine_row is not None
    problems = extent_problems(corners, mine_row["epsg"])
    licence = mine_store.corners_of(ctx.conn, stored["mine_id"])
    if not licence:
        problems.append(Problem("survey.no_licence_corners", N_(
            "The mine has no licence corners: the outside area cannot be"
                                                 " computed"), {}, field="extent"))
    if any(p.is_error for p in problems):
        raise SurveyRefused(problems)
    outside = outside_area_m2(licence, corners)
    area = float(licence_polygon(corners).area)
    depth = depth_check(stored["deepest_m"], stored["highest_m"], mine_row["depth_top_m"], mine_row["depth_bottom_m"])
    with db.write(ctx.conn):
        store.replace_extent(ctx.conn, survey_id, corners)
        changes = {"outside_area_m2": round(outside, 2), "area_m2": round(area, 2)}
        if not store.update_survey(ctx.conn, survey_id, changes, stored["version"]):
            raise StaleRecord("survey", str(survey_id), stored["version"], None)
        audit.append(ctx.conn, actor=ctx.actor, action="survey.extent", entity="survey", entity_id=survey_id,
                     before={k: stored[k] for k in changes},
                     after={**changes, "extent": [[c.ring, c.point_no, c.x, c.y] for c in corners]})
        found = _raise_findings(ctx, stored["mine_id"], survey_id, changes["outside_area_m2"], depth)
    return SavedSurvey(survey_id, [p for p in problems if not p.is_error], changes["outside_area_m2"], depth, found)


def set_extent(ctx: Context, survey_id: int, path: Path) -> SavedSurvey:
    """The extent from a corners-format file (all or nothing: any error in the file refuses it whole)."""
    authorize(ctx, Action.SURVEY_RECORD)
    stored = _survey_or_refuse(ctx, survey_id)
    licence_no = _mine(ctx, stored["mine_id"])["licence_no"]
    return set_extent_corners(ctx, survey_id, read_extent(path, licence_no))


def read_extent(path: Path, licence_no: str) -> list[Corner]:
    """Corners from a file in the licence corners' format; licence_no may be absent, else must be the mine's.
    ImportRefused listing every problem."""
    spec = replace(CORNERS, kind="extent", columns=tuple(
        replace(c, required=False) if c.key == "licence_no" else c for c in CORNERS.columns))
    try:
        table = read_table(path, spec.header_words())
    except TableError as exc:
        raise ImportRefused(path.name, [exc.problem.at(file=path.name)]) from exc
    records, problems = parse_table(table, spec)
    plan = Plan()
    for record in records:
        given = record.values.get("licence_no")
        if given and given != licence_no:
            plan.problems.append(record.problem("licence_no", OTHER_MINE, licence=licence_no))
    corners = corner_rings(plan, [r for r in records if r.ok]) if records else None
    found = [*problems, *plan.problems]
    if errors(found) or corners is None or any(not r.ok for r in records):
        raise ImportRefused(table.file, errors(found) or [_no_points(table.file)], warnings(found))
    return [Corner(p, x, y, ring) for ring, p, x, y in corners]


OTHER_MINE = Message("licence.other_mine", N_("the survey's mine is {licence}"))
NO_POINTS = Message("file.no_corner_points", N_("no corner points"))


def _no_points(file: str) -> Any:
    return Problem.of(NO_POINTS).at(file=file)


def mine_surveys(ctx: Context, mine_id: int) -> list[SurveyRow]:
    """The mine's recorded surveys of every year, newest first."""
    years = sorted({r["year"] for r in store.surveys_of_mine(ctx.conn, mine_id)}, reverse=True)
    return [r for y in years for r in survey_rows(ctx, y) if r.mine_id == mine_id and r.survey_id is not None]


def survey_findings_of(ctx: Context, survey_id: int) -> list[FindingView]:
    return findings_of(ctx, source="survey", source_id=survey_id)
