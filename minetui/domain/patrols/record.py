"""A patrol record (日常巡查记录): the checklist (R-PAT-3), the mode and its evidence (R-PAT-4), the checks a record
must pass before it is stored, and where its findings go (R-PAT-5). Pure rules: no SQL, no UI.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from minetui.domain.model import Mine, MiningMethod, Section, _Worded
from minetui.domain.normalize import clean_text
from minetui.domain.patrols.duties import in_patrol_zone
from minetui.domain.validation import ERROR, WARNING, Problem
from minetui.i18n import N_

K = TypeVar("K", bound=Hashable)

DUE_SOON_DAYS = 7


# ================================================================================================
# Patrol records (R-PAT-3, R-PAT-4) and their findings (R-PAT-5)
# ================================================================================================


class PatrolMode(_Worded):
    """R-PAT-4: on site, or by drone only when the site cannot be reached."""

    ON_SITE = "on_site"
    DRONE = "drone"


# The notice's two named reasons for a drone flight; any other written reason is accepted too.
DRONE_REASONS = ("交通阻断", "安全隐患")


class ItemAnswer(_Worded):
    NORMAL = "normal"
    ABNORMAL = "abnormal"
    NOT_APPLICABLE = "n_a"


class ChecklistItem(_Worded):
    """R-PAT-3 checklist items (keys = import columns of formats.md); an abnormal item is a finding of that kind.

    FOREST_GRASS (破坏林草) is an optional extra item, not in the notice's checklist: answer it when the
    damage seen touches forest or grassland, so that the finding goes to the forestry authority (R-PAT-5).
    """

    SIGNBOARD = "signboard"
    STOCKPILE = "stockpile"
    FARMLAND = "farmland"
    BASIC_FARMLAND = "basic_farmland"
    OUTSIDE_BOUNDARY = "outside_boundary"
    UNLICENSED = "unlicensed"
    ECO_DAMAGE = "eco_damage"
    OUTSIDE_ACTIVITY = "outside_activity"
    SUBSIDENCE = "subsidence"
    FOREST_GRASS = "forest_grass_damage"


# R-PAT-3 items every patrol answers (正常/异常/不适用).
GENERAL_ITEMS = (
    ChecklistItem.SIGNBOARD,
    ChecklistItem.STOCKPILE,
    ChecklistItem.FARMLAND,
    ChecklistItem.BASIC_FARMLAND,
    ChecklistItem.OUTSIDE_BOUNDARY,
    ChecklistItem.UNLICENSED,
    ChecklistItem.ECO_DAMAGE,
)


def method_items(method: MiningMethod) -> tuple[ChecklistItem, ...]:
    """R-PAT-3: open-pit → activity outside the boundary; underground → subsidence outside it; combined → both.

    These must be answered 正常 or 异常 (不适用 is not an answer for them).
    """
    return {
        MiningMethod.OPEN_PIT: (ChecklistItem.OUTSIDE_ACTIVITY,),
        MiningMethod.UNDERGROUND: (ChecklistItem.SUBSIDENCE,),
        MiningMethod.COMBINED: (ChecklistItem.OUTSIDE_ACTIVITY, ChecklistItem.SUBSIDENCE),
    }[method]


@dataclass(frozen=True, slots=True)
class ItemCheck:
    answer: ItemAnswer
    note: str = ""


@dataclass(slots=True)
class PatrolRecord:
    """One patrol as entered in the form or read from an import row (file names, not file contents).

    `route_file` is the on-site route (轨迹) or, for a drone flight, the flight route (巡飞路线).
    `village_inquiry` is what the village committee said (blank/None = not asked).
    """

    date: date
    office_code: str
    inspectors: list[str]
    mode: PatrolMode = PatrolMode.ON_SITE
    drone_reason: str | None = None
    route_file: str | None = None
    corners_checked: list[str] = field(default_factory=list)
    checklist: dict[ChecklistItem, ItemCheck] = field(default_factory=dict)
    village_inquiry: str | None = None
    findings: str = ""
    photos: list[str] = field(default_factory=list)
    aerial_photos: list[str] = field(default_factory=list)


def _error(field_name: str, code: str, msgid: str, **args: Any) -> Problem:
    return Problem(code, msgid, args, ERROR, field=field_name)


def _warning(field_name: str, code: str, msgid: str, **args: Any) -> Problem:
    return Problem(code, msgid, args, WARNING, field=field_name)


def _clean(values: Iterable[str | None]) -> list[str]:
    """Trimmed, non-blank values (full-width digits and letters become ASCII), in input order."""
    cleaned = (clean_text(v) for v in values if v is not None)
    return [v for v in cleaned if v]


def _blank(value: str | None) -> bool:
    return not _clean([value])


def _joined(values: Iterable[str], limit: int = 12) -> str:
    items = list(values)
    shown = "、".join(items[:limit])
    return shown + ("…" if len(items) > limit else "")


def check_date(record: PatrolRecord, mine: Mine, today: date, zone_years: Collection[int]) -> list[Problem]:
    """A patrol is not in the future, not before the licence existed; outside validity or zone years is flagged."""
    problems: list[Problem] = []
    day = record.date
    if day > today:
        problems.append(_error("date", "patrol.date_in_future", N_(
            "Patrol date {date} is after today ({today}): a patrol cannot be recorded before it happens"),
            date=day, today=today))
    if mine.valid_from is not None and day < mine.valid_from:
        problems.append(_error("date", "patrol.date_before_licence", N_(
            "Patrol date {date} is before the licence's validity starts ({valid_from}): the licence did not exist yet"),
            date=day, valid_from=mine.valid_from))
    if mine.valid_to is not None and day > mine.valid_to:
        problems.append(_warning("date", "patrol.date_after_licence", N_(
            "Patrol date {date} is after the licence expired ({valid_to}): check that the mine is still to be "
            "patrolled"), date=day, valid_to=mine.valid_to))
    if not in_patrol_zone(day.year, zone_years):
        problems.append(_warning("date", "patrol.date_outside_zone", N_(
            "Patrol date {date}: in {year} the mine is in no key monitoring zone, so it has no patrol duty that "
            "year (R-PAT-1); the record can be kept but meets no duty"), date=day, year=day.year))
    return problems


def check_office(record: PatrolRecord, mine: Mine) -> list[Problem]:
    """R-PAT-1: the office where the right lies patrols; another office's patrol is flagged."""
    office = record.office_code.strip()
    if not office:
        return [_error("office_code", "patrol.office_missing", N_("Office: the office that patrolled is required"))]
    if mine.office_code and office != mine.office_code:
        return [_warning("office_code", "patrol.office_not_the_mines", N_(
            "Office: {office} is not the mine's office ({mine_office}), which is responsible for its patrols "
            "(R-PAT-1)"),
            office=office, mine_office=mine.office_code)]
    return []


def check_inspectors(record: PatrolRecord) -> list[Problem]:
    """At least one inspector (error); a lone inspector or a name given twice is a warning."""
    names = _clean(record.inspectors)
    if not names:
        return [_error("inspectors", "patrol.inspectors_missing", N_(
            "Inspectors: at least one inspector's name is required"))]
    problems: list[Problem] = []
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(_warning("inspectors", "patrol.inspectors_repeated", N_(
            "Inspectors: {names} listed more than once"), names=_joined(repeated)))
    if len(set(names)) == 1:
        problems.append(_warning("inspectors", "patrol.single_inspector", N_(
            "Inspectors: only one inspector; two or more are recommended")))
    return problems


def check_mode(record: PatrolRecord) -> list[Problem]:
    """R-PAT-4: on site with the route recorded; drone only with a reason, the flight route and aerial photos."""
    if record.mode is PatrolMode.ON_SITE:
        problems: list[Problem] = []
        if _blank(record.route_file):
            problems.append(_error("route_file", "patrol.route_missing", N_(
                "Route: an on-site patrol needs its recorded route file (R-PAT-4)")))
        if not _clean(record.photos):
            problems.append(_warning("photos", "patrol.photos_missing", N_(
                "Photos: no site photos uploaded; evidence of the patrol is recommended (R-PAT-4)")))
        return problems
    problems = []
    if _blank(record.drone_reason):
        problems.append(_error("drone_reason", "patrol.drone_reason_missing", N_(
            "Drone reason: a drone flight is allowed only when the site cannot be reached; give the reason "
            "(road blocked, safety hazard, or a written reason) (R-PAT-4)")))
    if _blank(record.route_file):
        problems.append(_error("route_file", "patrol.flight_route_missing", N_(
            "Flight route: a drone flight needs its flight route file (R-PAT-4)")))
    if not _clean(record.aerial_photos):
        problems.append(_error("aerial_photos", "patrol.aerial_photos_missing", N_(
            "Aerial photos: a drone flight needs at least one aerial photo (R-PAT-4)")))
    return problems


def check_corners(record: PatrolRecord, corner_points: Iterable[str]) -> list[Problem]:
    """R-PAT-3: at least 3 distinct corner points of this mine's licence; unknown point numbers are named."""
    known = list(dict.fromkeys(_clean(corner_points)))
    if not known:
        return [_error("corners_checked", "patrol.mine_has_no_corners", N_(
            "Corner points checked: the mine has no corner points registered, so the check cannot be verified; "
            "import its corners first"))]
    checked = list(dict.fromkeys(_clean(record.corners_checked)))
    problems: list[Problem] = []
    unknown = [p for p in checked if p not in set(known)]
    if unknown:
        problems.append(_error("corners_checked", "patrol.corners_unknown", N_(
            "Corner points checked: {points} are not corner points of this mine's licence (its points: {known})"),
            points=_joined(unknown), known=_joined(known)))
    distinct = len(checked) - len(unknown)
    if distinct < 3:
        problems.append(_error("corners_checked", "patrol.too_few_corners", N_(
            "Corner points checked: at least 3 distinct corner points of the licence must be checked, "
            "{count} given (R-PAT-3)"), count=distinct))
    return problems


def check_checklist(record: PatrolRecord, method: MiningMethod) -> list[Problem]:
    """R-PAT-3: every general item answered; the method's boundary items answered 正常/异常; notes on 异常."""
    problems: list[Problem] = []
    for item in GENERAL_ITEMS:
        if item not in record.checklist:
            problems.append(_error(item.value, "patrol.item_unanswered", N_(
                "{item}: not answered; choose normal, abnormal or n.a. (R-PAT-3)"), item=item))
    for item in method_items(method):
        check = record.checklist.get(item)
        if check is None or check.answer is ItemAnswer.NOT_APPLICABLE:
            problems.append(_error(item.value, "patrol.item_required", N_(
                "{item}: required for {method} mines; answer normal or abnormal, n.a. is not an answer (R-PAT-3)"),
                item=item, method=method))
    for item, check in record.checklist.items():
        if check.answer is ItemAnswer.ABNORMAL and _blank(check.note):
            problems.append(_warning(item.value, "patrol.abnormal_without_note", N_(
                "{item}: abnormal — describe what was seen in the note"), item=item))
    return problems


def check_village_inquiry(record: PatrolRecord, mine: Mine) -> list[Problem]:
    """R-PAT-3: when the licensed area involves villages, the village committee is asked for leads."""
    villages = _clean(mine.villages)
    if villages and _blank(record.village_inquiry):
        return [_error("village_inquiry", "patrol.village_inquiry_missing", N_(
            "Village committee inquiry: the licensed area involves villages ({villages}); ask the village "
            "committee for leads and record the answer (R-PAT-3)"), villages=_joined(villages))]
    return []


def validate_patrol(
    record: PatrolRecord,
    mine: Mine,
    today: date,
    *,
    corner_points: Iterable[str],
    zone_years: Collection[int],
) -> list[Problem]:
    """Every problem of a patrol record, errors and warnings, in the form's field order (empty = clean).

    `corner_points`: the point numbers of the mine's licence corners; `zone_years`: the years the mine is
    in an approved key monitoring zone. The record may be saved when no problem `is_error`.
    """
    return [
        *check_date(record, mine, today, zone_years),
        *check_office(record, mine),
        *check_inspectors(record),
        *check_mode(record),
        *check_corners(record, corner_points),
        *check_checklist(record, mine.method),
        *check_village_inquiry(record, mine),
    ]


@dataclass(frozen=True, slots=True)
class Finding:
    """An abnormal checklist item of a patrol, to become a lead for `receiver` (R-PAT-5)."""

    kind: ChecklistItem
    note: str
    receiver: Section


_RECEIVERS: dict[ChecklistItem, Section] = {
    # R-PAT-5 as written: 越界/无证/farmland → enforcement; ecological damage → restoration; forest/grass → forestry.
    ChecklistItem.OUTSIDE_BOUNDARY: Section.ENFORCEMENT,
    ChecklistItem.UNLICENSED: Section.ENFORCEMENT,
    ChecklistItem.FARMLAND: Section.ENFORCEMENT,
    ChecklistItem.BASIC_FARMLAND: Section.ENFORCEMENT,
    ChecklistItem.ECO_DAMAGE: Section.RESTORATION,
    ChecklistItem.FOREST_GRASS: Section.FORESTRY,
    # Decisions: activity or subsidence outside the boundary are the notice's signs of 越界 for open-pit and
    # underground mines → a suspected 越界 for enforcement. Signboard and stockpile faults are rectified on
    # the order of the mineral management section, which supervises the mine.
    ChecklistItem.OUTSIDE_ACTIVITY: Section.ENFORCEMENT,
    ChecklistItem.SUBSIDENCE: Section.ENFORCEMENT,
    ChecklistItem.SIGNBOARD: Section.MINERAL,
    ChecklistItem.STOCKPILE: Section.MINERAL,
}


def finding_receiver(kind: ChecklistItem) -> Section:
    """R-PAT-5: the section (or outside agency) a finding of this kind goes to."""
    return _RECEIVERS[kind]


def findings_of(record: PatrolRecord) -> list[Finding]:
    """The findings of a record: one per abnormal item, in checklist order."""
    return [
        Finding(item, record.checklist[item].note.strip(), finding_receiver(item))
        for item in ChecklistItem
        if item in record.checklist and record.checklist[item].answer is ItemAnswer.ABNORMAL
    ]
