"""The one small interface every inspection task shows the planner (R-VISIT-1, issue 5 item 7).

An `InspectionTask` is a patrol period, the year's field verification, a survey round or a spot-check at one
mine: which mine, which window (earliest, latest), which sections must attend, which checklist it brings.
Task ids are stable and readable: `patrol:2025-07`, `verification:2025`, `survey:2025-R2`, `spotcheck:17`
(the planner's Task adds the mine: `task_id` there is `<id>@<licence>`, unique across the district).
Pure: no SQL, no UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from minetui.domain.model import Section, _Worded
from minetui.domain.visits.model import Task


class TaskKind(_Worded):
    PATROL = "patrol"
    VERIFICATION = "verification"
    SURVEY = "survey"
    SPOT_CHECK = "spot_check"


# The checklist each kind brings to the visit.
CHECKLISTS = {
    TaskKind.PATROL: "R-PAT-3",
    TaskKind.VERIFICATION: "DZ/T 0463-2024",
    TaskKind.SURVEY: "R-SUR-1",
    TaskKind.SPOT_CHECK: "R-SPOT-1",
}


@dataclass(frozen=True, slots=True)
class InspectionTask:
    """One inspection duty at one mine, due within [earliest, latest]."""

    task_id: str
    kind: TaskKind
    mine_id: int
    licence_no: str
    office: str | None
    earliest: date
    latest: date
    sections: tuple[Section, ...] = ()

    @property
    def checklist(self) -> str:
        return CHECKLISTS[self.kind]

    def clipped(self, start: date, end: date) -> InspectionTask | None:
        """The task with its window cut to [start, end]; None when they do not overlap."""
        low, high = max(self.earliest, start), min(self.latest, end)
        if low > high:
            return None
        return InspectionTask(self.task_id, self.kind, self.mine_id, self.licence_no, self.office, low, high,
                              self.sections)

    def as_planner_task(self) -> Task:
        """The planner's Task: the mine keyed by licence number, the id made unique with it."""
        return Task(task_id=f"{self.task_id}@{self.licence_no}", mine_key=self.licence_no, office=self.office,
                    kind=str(self.kind), earliest=self.earliest, latest=self.latest,
                    sections=frozenset(str(s) for s in self.sections))


def task_words(task_id: str) -> str:
    """A task id in words: 'survey:2026-R2' → '专项勘测 2026-R2', 'spotcheck:17' → '联合抽查 #17' (an id of no
    known kind stays as it is)."""
    from minetui.i18n import label

    prefix, sep, rest = task_id.partition(":")
    try:
        kind = TaskKind("spot_check" if prefix == "spotcheck" else prefix)
    except ValueError:
        return task_id
    if not sep:
        return task_id
    return f"{label(kind)} {'#' + rest if kind is TaskKind.SPOT_CHECK else rest}"


def patrol_task_id(period: str) -> str:
    return f"patrol:{period}"


def verification_task_id(year: int) -> str:
    return f"verification:{year}"


def survey_task_id(year: int, round_no: int) -> str:
    return f"survey:{year}-R{round_no}"


def spotcheck_task_id(spotcheck_id: int) -> str:
    return f"spotcheck:{spotcheck_id}"


def clip_all(tasks: Iterable[InspectionTask], start: date, end: date) -> list[InspectionTask]:
    """Every task overlapping [start, end] with its window clipped to it, by earliest, mine, id."""
    kept = [c for c in (t.clipped(start, end) for t in tasks) if c is not None]
    return sorted(kept, key=lambda t: (t.earliest, t.licence_no, t.task_id))
