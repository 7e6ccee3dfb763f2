"""What the patrol record form needs and the text it parses, apart from the screen: the mine's facts and
checklist, the inspectors and observed points typed as text, the evidence files, the draft's checks (the
service's own validation plus the files and the typed lines), and the message after a save."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from minetui.domain.model import MiningMethod
from minetui.domain.normalize import split_list
from minetui.domain.patrols.record import (
    GENERAL_ITEMS,
    ChecklistItem,
    FieldProblem,
    PatrolRecord,
    method_items,
)
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.mines.browse import office_choices
from minetui.services.patrols.patrols import (
    EvidenceInput,
    MineFacts,
    ObservedPoint,
    PointKind,
    SavedPatrol,
    load_facts,
    prepare_patrol,
)

OTHER_REASON = "other"


@dataclass(frozen=True, slots=True)
class FormInputs:
    """The mine's facts (method, villages, corners) and the offices to choose from."""

    mine_id: int
    facts: MineFacts
    offices: list[tuple[str, str]]


def form_inputs(ctx: Context, mine_id: int) -> FormInputs:
    """(worker) Everything the form shows before the user types."""
    return FormInputs(mine_id, load_facts(ctx, mine_id), office_choices(ctx))


def checklist_items(method: MiningMethod) -> list[tuple[ChecklistItem, bool]]:
    """Every checklist item with whether it must be answered: the general ones and the method's (R-PAT-3)."""
    required = {*GENERAL_ITEMS, *method_items(method)}
    return [(item, item in required) for item in ChecklistItem]


def prefill_date(today: date, period_end: date | None) -> date:
    """Today, or the end of the duty's period when that is earlier."""
    return today if period_end is None else min(today, period_end)


def names_of(text: str) -> list[str]:
    """Names or point numbers typed in one field: separated by 、，,；; or spaces."""
    return split_list(re.sub(r"\s+", "、", text.strip()))


_CORNER_PREFIX = re.compile(r"^(?:拐点|点|J|#)")


def corner_number(label_text: str, corner_points: set[str]) -> str | None:
    """The corner point a label names (`3`, `拐点3`, `J3`), when it is one of the licence's points."""
    number = _CORNER_PREFIX.sub("", label_text).removesuffix("号")
    return number if number in corner_points else None


def parse_observed(text: str, corner_points: set[str]) -> tuple[list[ObservedPoint], list[str]]:
    """Lines `label X Y` → observed points (a label naming a licence corner is a corner); bad lines → messages."""
    points: list[ObservedPoint] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line:
            continue
        parts = re.split(r"[\s,，;；]+", line)
        try:
            if len(parts) != 3:
                raise ValueError
            name, x, y = parts[0], float(parts[1]), float(parts[2])
        except ValueError:
            problems.append(_("Observed positions, line {n}: write “label X Y”, e.g. “拐点3 3980500.00 38410500.00”")
                            .format(n=number))
            continue
        point_no = corner_number(name, corner_points)
        kind = PointKind.CORNER if point_no else PointKind.ACTIVITY
        points.append(ObservedPoint(name, x, y, kind, point_no))
    return points, problems


def file_problems(ctx: Context, evidence: list[tuple[str, EvidenceInput]]) -> list[FieldProblem]:
    """(worker) A problem for each file that cannot be read, on the field that names it."""
    from minetui.io.evidence import check_readable

    problems = []
    for field_name, item in evidence:
        reason = check_readable(item.path)
        if reason is not None:
            problems.append(FieldProblem(field_name, _("File {file} cannot be read: {reason}").format(
                file=str(item.path), reason=reason)))
    return problems


@dataclass(slots=True)
class Draft:
    """What the form holds, ready for the service: the record, its files (by field) and observed points."""

    record: PatrolRecord
    evidence: list[tuple[str, EvidenceInput]] = field(default_factory=list)
    observed: list[ObservedPoint] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)  # found while reading the form

    @property
    def files(self) -> list[EvidenceInput]:
        return [item for _field, item in self.evidence]


def check_draft(ctx: Context, mine_id: int, draft: Draft) -> list[FieldProblem]:
    """(worker) Every problem the save would meet, without writing: files, then the service's rules."""
    prepared = prepare_patrol(ctx, load_facts(ctx, mine_id), draft.record, evidence=draft.files,
                              observed=draft.observed)
    problems = [*file_problems(ctx, draft.evidence), *prepared.problems]
    if any(p.field == "date" for p in draft.problems):  # the date typed was unreadable: the service saw today
        problems = [p for p in problems if p.field != "date"]
    return [*draft.problems, *problems]


def saved_message(mine_name: str, day: date, saved: SavedPatrol) -> str:
    """The notification after a save: the findings raised and where each observed point lies."""
    lines = [_("Patrol saved: {mine}, {date}.").format(mine=mine_name, date=day.isoformat())]
    for finding in saved.findings:
        template = _("Finding (suspected): {kind} → {receiver}") if finding.suspected else _(
            "Finding: {kind} → {receiver}")
        lines.append(template.format(kind=label(finding.kind), receiver=label(finding.receiver)))
    for point in saved.point_checks:
        name = point.label or point.point_no or "?"
        if point.inside:
            lines.append(_("{label} is inside the licensed area").format(label=name))
        else:
            lines.append(_("{label} is {distance:.1f} m outside the licensed area: suspected 越界").format(
                label=name, distance=point.distance_outside_m))
    if saved.warnings:
        lines.append(_("{n} warnings were noted with the record.").format(n=len(saved.warnings)))
    return "\n".join(lines)
