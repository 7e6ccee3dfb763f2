"""What a plan of combined visits (R-VISIT-1) is made of: tasks, fixed visits, settings, visits, unplaced tasks,
warnings and refusals, and the codes that name why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from minetui.domain.workdays import WorkCalendar

NO_WORKDAY = "no_workday"


CAPACITY = "capacity"


CANCELLED = "cancelled"


MIN_GAP = "min_gap"


OFFICE_MISMATCH = "office_mismatch"


EXTERNAL_NOT_WORKDAY = "external_not_workday"


CALENDAR_UNKNOWN = "calendar_unknown"  # the plan's days lie in a year whose official holidays are not known


@dataclass(frozen=True, slots=True)
class Task:
    """One duty at one mine, due in the window [earliest, latest] (both included).

    `office` is the township office whose team goes (None: a bureau section or another agency goes, and no
    office capacity applies); `kind` names the duty (`patrol`, `verification`, `survey`, `spot_check`);
    `sections` are the sections that must attend.
    """

    task_id: str
    mine_key: str
    office: str | None
    kind: str
    earliest: date
    latest: date
    sections: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"task {self.task_id}: window ends ({self.latest}) before it starts ({self.earliest})")
        object.__setattr__(self, "sections", frozenset(self.sections))


@dataclass(frozen=True, slots=True)
class FixedVisit:
    """A visit another agency makes on a set date (e.g. a survey organised by the city bureau)."""

    mine_key: str
    date: date
    label: str = ""


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The working-day calendar, visits per office team per working day (None = unlimited) and the
    minimum days between two visits to one mine below which a warning is given (None = no warning)."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    capacity_per_office_day: int | None = None
    min_gap_days: int | None = None

    def __post_init__(self) -> None:
        if self.capacity_per_office_day is not None and self.capacity_per_office_day < 1:
            raise ValueError(f"capacity per office and day must be at least 1, not {self.capacity_per_office_day}")
        if self.min_gap_days is not None and self.min_gap_days < 0:
            raise ValueError(f"minimum gap between visits cannot be negative: {self.min_gap_days}")


@dataclass(frozen=True, slots=True)
class Visit:
    """One mine visited on one working day, carrying `tasks`; it may move within [window_start, window_end].

    `external` is the other agency's visit the tasks joined (its date is not ours to move), else None.
    """

    mine_key: str
    office: str | None
    date: date
    tasks: tuple[Task, ...]
    window_start: date
    window_end: date
    external: FixedVisit | None = None

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(t.task_id for t in self.tasks)

    @property
    def sections(self) -> tuple[str, ...]:
        """Every section that must attend, sorted."""
        return tuple(sorted(frozenset().union(*(t.sections for t in self.tasks))))


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A task the plan does not place: `reason_code` is `no_workday`, `capacity`, `cancelled` or `past` (its
    window ended before the day the plan is made: the duty is already overdue)."""

    task: Task
    reason_code: str
    message: str


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """Something to look at: `code` is `min_gap`, `office_mismatch`, `external_not_workday` or
    `calendar_unknown` (then `mine_key` is '': it concerns the whole plan)."""

    code: str
    mine_key: str
    message: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change to a plan was refused (`reason_code`) and a message for the user."""

    reason_code: str
    message: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Visits sorted by date, office and mine; unplaced tasks; the proven minimum number of visits of the
    district (`lower_bound`, without capacity) and the number one visit per task would take (tasks with a
    working day in their window). `fixed` are all external visits given, joined or not."""

    visits: list[Visit]
    unplaced: list[Unplaced]
    lower_bound: int
    one_visit_per_task: int
    warnings: list[PlanWarning]
    settings: PlanSettings
    fixed: tuple[FixedVisit, ...] = ()

    @property
    def district_visits(self) -> list[Visit]:
        """The visits the district makes itself (not joined to an external visit)."""
        return [v for v in self.visits if v.external is None]
