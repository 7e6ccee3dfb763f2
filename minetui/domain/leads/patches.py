"""R-SAT-1: satellite change patches (图斑) — verdicts, handling, and the batch deadlines.

Patches come in quarterly batches; each has a number, centre coordinates, an area in 亩, the licence whose
polygon holds its centre (or none: a possible 无证开采 site), a verdict 合法/违法/伪变化 and, for 违法, a
handling 立案/非立案/不处理 (不处理 with a reason). The year's work closes on Feb 28 of the next year (a fixed
day of the notice); a patch sent back by the upper level is fixed within one month — a period, which ends on a
working day (R-DAY-1: a month that ends on a holiday or a weekend runs to the next working day, as 民法典 第二百零三条
has it for every period). Forest/grassland damage → R-LEAD-6.

Pure: no SQL, no UI.
"""

from __future__ import annotations

from datetime import date

from minetui.domain.deadlines import SATELLITE_CLOSE_MONTH_DAY
from minetui.domain.leads.leads import add_months
from minetui.domain.model import _Worded
from minetui.domain.validation import Message, Problem
from minetui.domain.workdays import WorkCalendar
from minetui.i18n import N_

RETURN_FIX_MONTHS = 1


class Verdict(_Worded):
    LEGAL = "legal"
    ILLEGAL = "illegal"
    FALSE_CHANGE = "false_change"


VERDICT_ALIASES = {"其他": Verdict.FALSE_CHANGE, "伪变化(其他)": Verdict.FALSE_CHANGE,
                   "false change": Verdict.FALSE_CHANGE}


class Handling(_Worded):
    CASE = "case"
    NO_CASE = "no_case"
    NONE = "none"


def year_closes(year: int) -> date:
    """The satellite-enforcement year `year` closes on Feb 28 of the next year."""
    month, day = SATELLITE_CLOSE_MONTH_DAY
    return date(year + 1, month, day)


def patch_deadline(year: int, returned_on: date | None, calendar: WorkCalendar) -> date:
    """A patch is settled by the year's close; one sent back is fixed within a month of its return, the month
    running to the next working day when it ends on a day off (R-DAY-1)."""
    if returned_on is None:
        return year_closes(year)
    return calendar.same_or_next_workday(add_months(returned_on, RETURN_FIX_MONTHS))


HANDLING_MISSING = Message("patch.handling_missing", N_("An illegal patch needs a handling: case, no case or none"))
HANDLING_NOT_ILLEGAL = Message("patch.handling_not_illegal", N_("Only an illegal patch takes a handling"))
REASON_MISSING = Message("patch.reason_missing", N_("Handling 'none' needs a reason"))


def patch_problems(verdict: Verdict | None, handling: Handling | None, reason: str) -> list[Problem]:
    """What is wrong with a verdict and handling (each about its field): 违法 needs a handling; 不处理 needs
    a reason; a handling without 违法 is refused."""
    found: list[Problem] = []
    if verdict is Verdict.ILLEGAL and handling is None:
        found.append(Problem.of(HANDLING_MISSING, field="handling"))
    if handling is not None and verdict is not Verdict.ILLEGAL:
        found.append(Problem.of(HANDLING_NOT_ILLEGAL, field="handling"))
    if handling is Handling.NONE and not reason.strip():
        found.append(Problem.of(REASON_MISSING, field="reason"))
    return found


def is_settled(verdict: Verdict | None, handling: Handling | None) -> bool:
    """A patch is settled once judged (and, if illegal, handled)."""
    return verdict is not None and (verdict is not Verdict.ILLEGAL or handling is not None)


# --- linking a patch to the licence that holds its centre ---------------------------------------------------

Box = tuple[int, float, float, float, float]  # (mine_id, min x, max x, min y, max y) as stored


def box_holds(box: Box, x: float, y: float) -> bool:
    """Whether a licence's bounding box holds the point, compared in the zone plane (a Y with or without
    the zone prefix)."""
    from minetui.domain.geometry import plane_xy

    _mine, x_low, x_high, y_low, y_high = box
    east_low, _ = plane_xy(x_low, y_low)
    east_high, _ = plane_xy(x_high, y_high)
    east, north = plane_xy(x, y)
    return x_low <= north <= x_high and min(east_low, east_high) <= east <= max(east_low, east_high)


def candidate_licences(boxes: list[Box], x: float, y: float) -> list[int]:
    """The mines whose bounding box holds the point: the only ones worth a point-in-polygon test."""
    return [box[0] for box in boxes if box_holds(box, x, y)]
