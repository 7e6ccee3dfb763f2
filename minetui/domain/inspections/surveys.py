"""Special surveys (专项勘测, R-SUR-1, R-SUR-2): rounds and windows, organiser, method, state, depth check.

Pure rules, no SQL and no UI.

- R-SUR-1: two rounds a year for each 在产 mine of a key monitoring zone, both done by Nov 30. The round windows
  are a setting (`RoundWindows`, default round 1 Jan 1–Jun 30, round 2 Jul 1–Nov 30); a window may not end
  after Nov 30. Product decision: a round is owed when the mine is in an approved zone of the year and 在产 on
  at least one day of that round's window — a mine that starts producing in October owes round 2 only.
- R-SUR-2: the organiser follows the mine's highest zone level: 部级 → 省厅, 省级/市级 → 市局, 区级 → 区局.
  Rounds organised by the province or the city are tracked but theirs (`is_external`); the bureau records
  their dates and results when it receives them.
- Method by mining method: open-pit → measurement or drone imagery; underground → underground survey;
  combined → both (`method_groups`: every group needs at least one method used).
- States on a day: done, planned (not done, the window not over), overdue (the window is over).
- 超层 (`depth_check`): the deepest elevation below the licence's bottom, or the highest above its top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from minetui.domain.deadlines import YEAR_END_EXCHANGE
from minetui.domain.inspections.verification import FINDING_RULE, InspectionFinding, ListFacts, producing_in
from minetui.domain.model import MiningMethod, Section, ZoneLevel, _Worded
from minetui.domain.validation import ERROR, Problem, Severity
from minetui.domain.zones import highest_level
from minetui.i18n import N_, _, language

LAST_MONTH_DAY = YEAR_END_EXCHANGE  # R-SUR-1: both rounds done by Nov 30
ROUNDS = (1, 2)
OUTSIDE_AREA_MIN_M2 = 1.0  # below this, an outside area is drawing noise, not a finding


class Organiser(_Worded):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"

    @staticmethod
    def EN() -> dict[Organiser, str]:
        return {Organiser.PROVINCE: "Provincial dept", Organiser.CITY: "City bureau"}


class SurveyMethod(_Worded):
    MEASUREMENT = "measurement"
    DRONE = "drone"
    UNDERGROUND = "underground"


class SurveyState(_Worded):
    PLANNED = "planned"
    DONE = "done"
    OVERDUE = "overdue"


_ORGANISERS = {
    ZoneLevel.NATIONAL: Organiser.PROVINCE,
    ZoneLevel.PROVINCIAL: Organiser.CITY,
    ZoneLevel.MUNICIPAL: Organiser.CITY,
    ZoneLevel.DISTRICT: Organiser.DISTRICT,
}

_OPEN_PIT = (SurveyMethod.MEASUREMENT, SurveyMethod.DRONE)
_UNDERGROUND = (SurveyMethod.UNDERGROUND,)
_METHOD_GROUPS = {
    MiningMethod.OPEN_PIT: (_OPEN_PIT,),
    MiningMethod.UNDERGROUND: (_UNDERGROUND,),
    MiningMethod.COMBINED: (_OPEN_PIT, _UNDERGROUND),
}


def organiser_for(levels: Iterable[ZoneLevel]) -> Organiser | None:
    """R-SUR-2: who organises the survey, from every zone level holding the mine (None: no zone)."""
    level = highest_level(levels)
    return None if level is None else _ORGANISERS[level]


def is_external(organiser: Organiser) -> bool:
    """Organised by the province or the city: tracked here, but not the district's to plan."""
    return organiser is not Organiser.DISTRICT


def organiser_section(organiser: Organiser) -> Section:
    """The section-like party that organises (市局/省厅 are outside agencies in Section)."""
    return {Organiser.PROVINCE: Section.PROVINCE, Organiser.CITY: Section.CITY}.get(organiser, Section.MINERAL)


def method_groups(method: MiningMethod) -> tuple[tuple[SurveyMethod, ...], ...]:
    """The methods a survey of this mining method needs: at least one of each group."""
    return _METHOD_GROUPS[method]


def method_text(method: MiningMethod, lang: str = "zh") -> str:
    """e.g. '实地测量或无人机航测 + 井下测量' for a combined mine."""
    word = " or " if lang == "en" else "或"
    return " + ".join(word.join(m.zh if lang == "zh" else str(m) for m in group) for group in method_groups(method))


def method_problems(method: MiningMethod, used: Iterable[SurveyMethod],
                    severity: Severity = ERROR) -> list[Problem]:
    """A problem for every group of required methods none of which was used (empty when the methods fit)."""
    done = set(used)
    either = "或" if language() == "zh" else " or "
    return [Problem("survey.method_missing", N_("Method: a {mining} mine needs {methods}"),
                    {"mining": method, "methods": either.join(m.label for m in group)}, severity, field="methods")
            for group in method_groups(method) if not done & set(group)]


# --- rounds ---------------------------------------------------------------------------------------------

MonthDay = tuple[int, int]


@dataclass(frozen=True, slots=True)
class RoundWindows:
    """The two rounds' windows as (month, day) pairs; both must end by Nov 30, round 2 after round 1."""

    round1: tuple[MonthDay, MonthDay] = ((1, 1), (6, 30))
    round2: tuple[MonthDay, MonthDay] = ((7, 1), YEAR_END_EXCHANGE)

    def __post_init__(self) -> None:
        for number, (start, end) in ((1, self.round1), (2, self.round2)):
            _check_month_day(start), _check_month_day(end)
            if start > end:
                raise ValueError(f"survey round {number}: the window ends before it starts")
            if end > LAST_MONTH_DAY:
                raise ValueError(f"survey round {number}: the window must end by 11-30 (R-SUR-1)")
        if self.round2[0] <= self.round1[1]:
            raise ValueError("survey round 2 must start after round 1 ends")

    def window(self, year: int, number: int) -> tuple[date, date]:
        """The days of round `number` in `year` (inclusive)."""
        start, end = {1: self.round1, 2: self.round2}[number]
        return date(year, *start), date(year, *end)

    @classmethod
    def parse(cls, text: str) -> RoundWindows:
        """From '01-01..06-30,07-01..11-30'; ValueError when malformed or breaking a rule."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2:
            raise ValueError(f"survey windows: two rounds expected, not {text!r}")
        first, second = (_parse_range(p) for p in parts)
        return cls(first, second)

    def __str__(self) -> str:
        return ",".join(f"{a[0]:02d}-{a[1]:02d}..{b[0]:02d}-{b[1]:02d}" for a, b in (self.round1, self.round2))


def _check_month_day(value: MonthDay) -> None:
    date(2024, *value)  # a leap year: 02-29 is a valid month-day; ValueError otherwise


def _parse_range(text: str) -> tuple[MonthDay, MonthDay]:
    try:
        start, end = (tuple(int(n) for n in half.strip().split("-")) for half in text.split(".."))
    except ValueError as exc:
        raise ValueError(f"survey window {text!r}: expected MM-DD..MM-DD") from exc
    if len(start) != 2 or len(end) != 2:
        raise ValueError(f"survey window {text!r}: expected MM-DD..MM-DD")
    return (start[0], start[1]), (end[0], end[1])


@dataclass(frozen=True, slots=True)
class SurveyFacts:
    """One mine's facts for the year: membership facts, zone levels of the year, mining method."""

    list_facts: ListFacts
    levels: frozenset[ZoneLevel]
    method: MiningMethod


@dataclass(frozen=True, slots=True)
class SurveyDue:
    """A survey round owed by one mine: its window, organiser and the methods it needs."""

    mine_id: int
    year: int
    round: int
    start: date
    end: date
    organiser: Organiser
    method: MiningMethod

    @property
    def external(self) -> bool:
        return is_external(self.organiser)


def rounds_owed(year: int, facts: SurveyFacts, windows: RoundWindows) -> list[int]:
    """The round numbers a mine owes in `year` (see the module docstring)."""
    if year not in facts.list_facts.zone_years or not facts.levels:
        return []
    owed = []
    for number in ROUNDS:
        start, end = windows.window(year, number)
        if _producing_between(facts.list_facts, start, end):
            owed.append(number)
    return owed


def _producing_between(facts: ListFacts, start: date, end: date) -> bool:
    lo = start if facts.valid_from is None else max(start, facts.valid_from)
    hi = end if facts.valid_to is None else min(end, facts.valid_to)
    if lo > hi:
        return False
    return producing_in(start.year, ListFacts(facts.history, lo, hi, facts.zone_years))


def surveys_due(year: int, mines: Mapping[int, SurveyFacts], windows: RoundWindows | None = None) -> list[SurveyDue]:
    """Every survey round owed in `year`, by mine id then round."""
    windows = windows or RoundWindows()
    due = []
    for mine_id in sorted(mines):
        facts = mines[mine_id]
        organiser = organiser_for(facts.levels)
        for number in rounds_owed(year, facts, windows):
            start, end = windows.window(year, number)
            assert organiser is not None
            due.append(SurveyDue(mine_id, year, number, start, end, organiser, facts.method))
    return due


def survey_state(end: date, done_on: date | None, today: date) -> SurveyState:
    """Done when results are in; otherwise overdue once the window's last day has passed."""
    if done_on is not None:
        return SurveyState.DONE
    return SurveyState.OVERDUE if today > end else SurveyState.PLANNED


# --- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepthCheck:
    """超层: metres below the licence's bottom and above its top (0 when within)."""

    below_m: float
    above_m: float

    @property
    def over_depth(self) -> bool:
        return self.below_m > 0 or self.above_m > 0


def depth_check(deepest_m: float | None, highest_m: float | None, top_m: float | None,
                bottom_m: float | None) -> DepthCheck:
    """Compare the workings' elevations with the licensed depth range (unknown values are not compared)."""
    below = bottom_m - deepest_m if deepest_m is not None and bottom_m is not None else 0.0
    above = highest_m - top_m if highest_m is not None and top_m is not None else 0.0
    return DepthCheck(max(0.0, below), max(0.0, above))


def survey_findings(outside_area_m2: float | None, depth: DepthCheck) -> list[InspectionFinding]:
    """越界 (an extent outside the licensed area) and 超层 as findings for enforcement."""
    found = []
    if outside_area_m2 is not None and outside_area_m2 >= OUTSIDE_AREA_MIN_M2:
        found.append(InspectionFinding("outside_area", _(
            "Surveyed extent outside the licensed area: {area:.1f} m²").format(area=outside_area_m2),
            Section.ENFORCEMENT, FINDING_RULE))
    if depth.over_depth:
        parts = []
        if depth.below_m > 0:
            parts.append(_("{m:.1f} m below the licensed bottom").format(m=depth.below_m))
        if depth.above_m > 0:
            parts.append(_("{m:.1f} m above the licensed top").format(m=depth.above_m))
        found.append(InspectionFinding("over_depth", _("Workings outside the depth range: {what}").format(
            what="；".join(parts)), Section.ENFORCEMENT, FINDING_RULE))
    return found


def parse_methods(words: Sequence[str]) -> list[SurveyMethod]:
    """Methods from keys or Chinese words; ValueError naming an unknown one."""
    found = []
    for word in (w.strip() for w in words if w.strip()):
        method = next((m for m in SurveyMethod if word in (m.value, m.zh)), None)
        if method is None:
            raise ValueError(word)
        found.append(method)
    return list(dict.fromkeys(found))
