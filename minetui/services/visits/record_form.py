"""One form for a whole visit (the planner screen's "record in one pass"): the facts the tasks share — day,
inspectors, corner points checked, route, evidence names — plus what differs per task (the verification's
conclusion, the surveyor, the spot-check's result), turned into each task's result for `record_visit`.

Checklist items start as 正常/一致 and `abnormal` lists the exceptions as (item, note): a patrol item becomes
异常, a verification item 不一致 — each with its note, so findings and leads follow as usual. An item is named
by its Chinese or English word or its key (越界开采, outside boundary, outside_boundary); a line that names no
item of the visit's tasks refuses the whole record with the line and the words it may use — nothing typed is
dropped in silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from minetui.domain.inspections.spotchecks import SpotCheckResult
from minetui.domain.inspections.surveys import method_groups
from minetui.domain.inspections.verification import Answer, ItemJudgement, VerificationRecord
from minetui.domain.model import MiningMethod
from minetui.domain.normalize import clean_text
from minetui.domain.patrols.record import (
    GENERAL_ITEMS,
    ChecklistItem,
    ItemAnswer,
    ItemCheck,
    PatrolRecord,
    method_items,
)
from minetui.errors import ServiceError
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.inspections.surveys import SurveyResult
from minetui.services.inspections.verification import check_items
from minetui.services.visits.recording import Recorded, SpotCheckOutcome, record_visit
from minetui.services.visits.visits import VisitRow, get_visit
from minetui.store import patrols as patrol_store


@dataclass(frozen=True, slots=True)
class VisitForm:
    day: date
    inspectors: Sequence[str]
    corners_checked: Sequence[str] = ()
    route_file: str = ""
    evidence: Sequence[str] = ()
    village_inquiry: str = ""
    conclusion: str = ""
    surveyor: str = ""
    deepest_m: float | None = None
    highest_m: float | None = None
    spotcheck_result: str = ""
    abnormal: Sequence[tuple[str, str]] = field(default_factory=tuple)


def _word(text: str) -> str:
    return clean_text(text).casefold().replace("_", " ")


def _patrol_items(method: MiningMethod) -> tuple[ChecklistItem, ...]:
    return (*GENERAL_ITEMS, *method_items(method), ChecklistItem.FOREST_GRASS)


def _names_of(keys_and_words: Sequence[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """{the typed word, folded: the item's key} for each item's key and its words."""
    found: dict[str, str] = {}
    for key, words in keys_and_words:
        for word in (key, *words):
            found.setdefault(_word(word), key)
    return found


def exception_items(ctx: Context, visit: VisitRow, form: VisitForm) -> dict[str, str]:
    """{item key: note} of the form's exception lines; ServiceError naming every line that names no item of the
    visit's tasks (the patrol's checklist for the mine's method, the verification's check items)."""
    kinds = {task.task_id.partition(":")[0] for task in visit.tasks}
    known: list[tuple[str, Sequence[str]]] = []
    if "patrol" in kinds:
        method = _method(ctx, visit)
        known += [(str(i), (label(i, "zh"), label(i, "en"))) for i in _patrol_items(method)]
    if "verification" in kinds:
        known += [(i.key, (i.zh, i.en)) for i in check_items(ctx)]
    names = _names_of(known)
    notes: dict[str, str] = {}
    unknown = []
    for line, (item, note) in enumerate(form.abnormal, start=1):
        key = names.get(_word(item))
        if key is None:
            unknown.append(_("line {n}: \"{item}\" is no check item of this visit").format(n=line, item=item))
        else:
            notes[key] = note
    if unknown:
        choices = "、".join(dict.fromkeys(words[0] for _key, words in known))
        raise ServiceError("；".join(unknown) + "。" + _("Check items: {items}").format(items=choices))
    return notes


def _method(ctx: Context, visit: VisitRow) -> MiningMethod:
    mine = patrol_store.mine_by_id(ctx.conn, visit.mine_id)
    if mine is None:
        raise ServiceError(_("no mine with id {id}").format(id=visit.mine_id))
    return MiningMethod(mine["method"])


def _patrol(visit: VisitRow, form: VisitForm, method: MiningMethod, notes: dict[str, str]) -> PatrolRecord:
    items = {i: ItemCheck(ItemAnswer.ABNORMAL, notes[str(i)]) if str(i) in notes else ItemCheck(ItemAnswer.NORMAL)
             for i in (*GENERAL_ITEMS, *method_items(method))}
    if ChecklistItem.FOREST_GRASS.value in notes:
        items[ChecklistItem.FOREST_GRASS] = ItemCheck(ItemAnswer.ABNORMAL, notes[ChecklistItem.FOREST_GRASS.value])
    return PatrolRecord(date=form.day, office_code=visit.office_code or "", inspectors=list(form.inspectors),
                        route_file=form.route_file or None, corners_checked=list(form.corners_checked),
                        checklist=items, village_inquiry=form.village_inquiry or None, photos=list(form.evidence))


def _verification(ctx: Context, form: VisitForm, notes: dict[str, str]) -> VerificationRecord:
    items = {i.key: ItemJudgement(Answer.INCONSISTENT, notes[i.key]) if i.key in notes
             else ItemJudgement(Answer.CONSISTENT) for i in check_items(ctx)}
    return VerificationRecord(form.day, list(form.inspectors), items, form.conclusion, list(form.evidence))


def _survey(form: VisitForm, method: MiningMethod) -> Any:
    return SurveyResult(form.day, form.surveyor, [group[0] for group in method_groups(method)],
                        deepest_m=form.deepest_m, highest_m=form.highest_m)


def results_of(ctx: Context, visit: VisitRow, form: VisitForm) -> dict[str, Any]:
    """Each task's result built from the one form (ServiceError for an exception line naming no item)."""
    method = _method(ctx, visit)
    notes = exception_items(ctx, visit, form)
    results: dict[str, Any] = {}
    for task in visit.tasks:
        kind = task.task_id.partition(":")[0]
        if kind == "patrol":
            results[task.task_id] = _patrol(visit, form, method, notes)
        elif kind == "verification":
            results[task.task_id] = _verification(ctx, form, notes)
        elif kind == "survey":
            results[task.task_id] = _survey(form, method)
        elif kind == "spotcheck":
            results[task.task_id] = SpotCheckOutcome(SpotCheckResult(form.day, list(form.inspectors),
                                                                     form.spotcheck_result))
    return results


def record_with_form(ctx: Context, visit_id: int, form: VisitForm) -> Recorded:
    """Record every task of a planned visit from one form, all or nothing."""
    visit = get_visit(ctx, visit_id)
    return record_visit(ctx, visit_id, results_of(ctx, visit, form), expected_version=visit.version)
