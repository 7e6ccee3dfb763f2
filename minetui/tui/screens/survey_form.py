"""The special survey result form (R-SUR-1): date, surveyor, methods, area, elevations and the surveyed extent
(a corners-format file, as the licence corners); saved through services.surveys, which computes the area
outside the licence polygon and 超层 and raises the findings for enforcement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widget import Widget

from minetui.domain.inspections.surveys import Organiser, SurveyMethod, method_text
from minetui.domain.model import Corner, MiningMethod
from minetui.domain.validation import Problem
from minetui.i18n import N_, _, label, language
from minetui.services.core.context import Context
from minetui.services.inspections.surveys import (
    SavedSurvey,
    SurveyRefused,
    SurveyResult,
    SurveyRow,
    extent_problems,
    read_extent,
    record_survey,
    set_extent_corners,
)
from minetui.services.mines.browse import mine_detail
from minetui.tui.screens.inspection_common import findings_lines
from minetui.tui.screens.inspection_form import InspectionForm, field_row, read_date, read_number, text_input
from minetui.tui.widgets.checks import CheckField


@dataclass(frozen=True, slots=True)
class SurveyTarget:
    """The round to record and the mine's licensed depth range (for the hint)."""

    row: SurveyRow
    depth_top_m: float | None
    depth_bottom_m: float | None


@dataclass(frozen=True, slots=True)
class SurveyDraft:
    result: SurveyResult
    extent: Path | None


def survey_target(ctx: Context, row: SurveyRow) -> SurveyTarget:
    """(worker) What the form needs besides the row."""
    mine = mine_detail(ctx, row.mine_id).mine
    return SurveyTarget(row, mine["depth_top_m"], mine["depth_bottom_m"])


def kind_title(kind: str) -> str:
    """A survey finding's kind in words (glossary: 越界开采 / 超层开采)."""
    return {"outside_area": _("mining outside licensed area"), "over_depth": _("outside depth range")}.get(kind, kind)


def load_extent(ctx: Context, row: SurveyRow, path: Path) -> list[Corner]:
    """(worker) The extent's corners, checked before anything is saved; SurveyRefused at the extent field."""
    from minetui.services.core.import_engine import ImportRefused

    if not path.is_file():
        raise SurveyRefused([Problem("file.unreadable", N_("File {file} cannot be read: {reason}"),
                                     {"file": str(path), "reason": _("file not found")}, field="extent")])
    try:
        corners = read_extent(path, row.licence_no)
    except ImportRefused as exc:
        raise SurveyRefused([Problem.text(p.code, str(p), p.severity).at(field="extent")
                             for p in exc.problems]) from exc
    detail = mine_detail(ctx, row.mine_id)
    problems = [p for p in extent_problems(corners, detail.mine["epsg"]) if p.is_error]
    if not detail.corners:
        problems.append(Problem("survey.no_licence_corners", N_(
            "The mine has no licence corners: the outside area cannot be computed"), field="extent"))
    if problems:
        raise SurveyRefused(problems)
    return corners


def save_survey(ctx: Context, row: SurveyRow, draft: SurveyDraft) -> SavedSurvey:
    """(worker) The extent is read and checked first, then the results saved, then the extent stored."""
    corners = load_extent(ctx, row, draft.extent) if draft.extent else None
    version = row.version if row.survey_date is not None else None
    saved = record_survey(ctx, row.mine_id, row.year, row.round, draft.result, expected_version=version)
    if corners is None:
        return saved
    with_extent = set_extent_corners(ctx, saved.id, corners)
    return replace(with_extent, warnings=[*saved.warnings, *with_extent.warnings])


def saved_lines(mine_name: str, round_no: int, saved: SavedSurvey) -> list[str]:
    """What the save found: the outside area, 超层, the findings raised."""
    lines = [_("Survey saved: {mine}, round {round}.").format(mine=mine_name, round=round_no)]
    if saved.outside_area_m2 is not None:
        lines.append(_("Outside the licensed area: {area:,.1f} m²").format(area=saved.outside_area_m2))
    if saved.depth.over_depth:
        parts = [_("{m:.1f} m below the licensed bottom").format(m=saved.depth.below_m)] if saved.depth.below_m else []
        if saved.depth.above_m:
            parts.append(_("{m:.1f} m above the licensed top").format(m=saved.depth.above_m))
        lines.append(_("Outside the depth range: {what}").format(what="；".join(parts)))
    return [*lines, *findings_lines(saved.findings, kind_title)]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class SurveyForm(InspectionForm):
    """Record (or correct) one round's results; dismisses with the SavedSurvey (None: left)."""

    def __init__(self, target: SurveyTarget, today: date) -> None:
        super().__init__()
        self.target, self.row, self.today = target, target.row, today

    def heading(self) -> Text:
        row = self.row
        line = Text(_("Special survey {year} round {round}").format(year=row.year, round=row.round) + " · ",
                    style="bold")
        line.append(f"{row.mine_name}  {row.licence_no}  {label(row.mining_method)}  ")
        line.append(label(row.organiser), style="bold")
        if row.organiser is not Organiser.DISTRICT:
            line.append(" " + _("(theirs: record their results)"), style="italic")
        return line

    def fields(self) -> Iterable[Widget]:
        row = self.row
        methods = row.methods or self.default_methods()
        depth = _("licensed range: {top} m to {bottom} m").format(
            top=_number(self.target.depth_top_m) or "?", bottom=_number(self.target.depth_bottom_m) or "?")
        day = row.survey_date or min(self.today, row.end)
        yield field_row("date", _("Date"), text_input("date", day.isoformat()))
        yield field_row("surveyor", _("Surveyor"), text_input("surveyor", row.surveyor))
        yield field_row("methods", _("Methods"), CheckField([(label(m), m) for m in SurveyMethod], methods,
                                                            id="f-methods"),
                        _("needed: {methods}; space or 1–3 tick").format(
                            methods=method_text(row.mining_method, language())))
        yield field_row("area_m2", _("Area m²"), text_input("area_m2", _number(row.area_m2)),
                        _("blank when an extent file is given (computed from it)"))
        yield field_row("deepest_m", _("Deepest elev. m"), text_input("deepest_m", _number(row.deepest_m)), depth)
        yield field_row("highest_m", _("Highest elev. m"), text_input("highest_m", _number(row.highest_m)))
        yield field_row("extent", _("Extent file"), text_input("extent", placeholder=_("corners CSV/XLSX path")),
                        _("columns as the licence corners: point no., X, Y (ring); licence no. optional"))
        yield field_row("note", _("Note"), text_input("note", row.note))

    def default_methods(self) -> list[SurveyMethod]:
        """Underground only needs one method: ticked already."""
        return [SurveyMethod.UNDERGROUND] if self.row.mining_method is MiningMethod.UNDERGROUND else []

    def on_mount(self) -> None:
        self.title = _("Special survey")
        self.sub_title = self.row.licence_no
        super().on_mount()

    def read(self) -> tuple[SurveyDraft, list[Problem]]:
        problems: list[Problem] = []
        day = read_date(self.text_of("date"), "date", problems, self.today)
        numbers = {name: read_number(self.text_of(name), name, problems)
                   for name in ("area_m2", "deepest_m", "highest_m")}
        result = SurveyResult(day, self.text_of("surveyor"), self.query_one("#f-methods", CheckField).value,
                              numbers["area_m2"], numbers["deepest_m"], numbers["highest_m"], self.text_of("note"))
        extent = self.text_of("extent")
        return SurveyDraft(result, Path(extent).expanduser() if extent else None), problems

    def submit(self, ctx: Context, draft: Any) -> SavedSurvey:
        return save_survey(ctx, self.row, draft)

    def saved_text(self, result: Any) -> str:
        return "\n".join(saved_lines(self.row.mine_name, self.row.round, result))
