"""Joint spot-checks (联合抽查, R-SPOT-1): triggers, the task's window and sections, result validation, state.

Pure rules, no SQL and no UI. A spot-check is organised by the bureau with the 矿管股 and the 生态修复股 (and
any other section chosen). It is triggered by negative media exposure (outlet, date, link) or by the mine
being named a typical case by an environmental inspection (环保督察: central, provincial or city), by 巡视/巡察
or by an audit (审计) — document and date. Any mine can be the target, zone or not. The window opens on the
trigger's date and lasts a configurable number of days (default 30).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from minetui.domain.inspections.verification import MIN_INSPECTORS, names
from minetui.domain.model import Section, _Worded
from minetui.domain.normalize import clean_text
from minetui.domain.validation import Problem, Severity
from minetui.i18n import N_, _

DEFAULT_WINDOW_DAYS = 30
REQUIRED_SECTIONS = (Section.MINERAL, Section.RESTORATION)


class TriggerKind(_Worded):
    MEDIA = "media"
    ENV_INSPECTION = "env_inspection"
    INSPECTION_TOUR = "inspection_tour"
    AUDIT = "audit"


class InspectionLevel(_Worded):
    """The level of an environmental inspection (环保督察)."""

    CENTRAL = "central"
    PROVINCIAL = "provincial"
    CITY = "city"

    @staticmethod
    def EN() -> dict[InspectionLevel, str]:
        return {InspectionLevel.CITY: "City bureau"}


class SpotCheckState(_Worded):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Trigger:
    """What triggers a spot-check: `source` is the media outlet or the document."""

    kind: TriggerKind
    source: str
    day: date
    link: str = ""
    level: InspectionLevel | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SpotCheckResult:
    day: date
    inspectors: list[str]
    result: str


def _error(field_name: str, code: str, msgid: str, **args: Any) -> Problem:
    return Problem(code, msgid, args, Severity.ERROR, field=field_name)


def validate_trigger(trigger: Trigger, today: date) -> list[Problem]:
    """A trigger names its source and date (not in the future); 环保督察 names its level; media its link
    (a warning: a newspaper has none)."""
    problems = []
    if not clean_text(trigger.source):
        word = _("the media outlet") if trigger.kind is TriggerKind.MEDIA else _("the document")
        problems.append(_error("source", "spotcheck.trigger_source_missing", N_("Trigger: name {what}"), what=word))
    if trigger.day > today:
        problems.append(_error("day", "spotcheck.trigger_in_future", N_(
            "Trigger date {date} is after today ({today})"), date=trigger.day, today=today))
    if trigger.kind is TriggerKind.ENV_INSPECTION and trigger.level is None:
        problems.append(_error("level", "spotcheck.level_missing", N_(
            "Trigger: an environmental inspection is central, provincial or city")))
    if trigger.kind is not TriggerKind.ENV_INSPECTION and trigger.level is not None:
        problems.append(_error("level", "spotcheck.level_not_applicable", N_(
            "Trigger: only an environmental inspection has a level")))
    if trigger.kind is TriggerKind.MEDIA and not clean_text(trigger.link):
        problems.append(Problem("spotcheck.link_missing", N_(
            "Trigger: no link to the report"), {}, Severity.WARNING, field="link"))
    return problems


def window(trigger_day: date, days: int = DEFAULT_WINDOW_DAYS) -> tuple[date, date]:
    """The task's window: from the trigger's day, `days` days long (the trigger day counts)."""
    if days < 1:
        raise ValueError(f"a spot-check window needs at least one day, not {days}")
    return trigger_day, trigger_day + timedelta(days=days - 1)


def sections(chosen: Iterable[Section | str] = ()) -> tuple[Section, ...]:
    """矿管股 and 生态修复股, then the chosen others (no repeats)."""
    return tuple(dict.fromkeys([*REQUIRED_SECTIONS, *(Section(str(s)) for s in chosen)]))


def validate_result(result: SpotCheckResult, window_start: date, today: date) -> list[Problem]:
    """A result: dated on or after the window opened and not in the future, two inspectors, a result text."""
    problems = []
    if result.day > today:
        problems.append(_error("day", "spotcheck.date_in_future", N_(
            "Spot-check date {date} is after today ({today})"), date=result.day, today=today))
    if result.day < window_start:
        problems.append(_error("day", "spotcheck.date_before_trigger", N_(
            "Spot-check date {date} is before the trigger ({start})"), date=result.day, start=window_start))
    if len(names(result.inspectors)) < MIN_INSPECTORS:
        problems.append(_error("inspectors", "spotcheck.too_few_inspectors", N_(
            "Inspectors: at least {n} different people must verify"), n=MIN_INSPECTORS))
    if not clean_text(result.result):
        problems.append(_error("result", "spotcheck.result_missing", N_("Result: describe what the spot-check found")))
    return problems


def spotcheck_state(window_end: date, done_on: date | None, today: date) -> SpotCheckState:
    if done_on is not None:
        return SpotCheckState.DONE
    return SpotCheckState.OVERDUE if today > window_end else SpotCheckState.OPEN
