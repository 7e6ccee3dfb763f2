"""Special surveys (专项勘测, R-SUR-1, R-SUR-2): the year's rounds per mine with organiser (区局/市局/省厅 — the
city's and province's marked ↗ as theirs), state and due day; `t` shows all, ours or theirs; `r` records a
round's result (with the extent file), `x` loads an extent for a recorded round; Enter shows the round with
the area outside the licence, 超层 and the findings raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from minetui.domain.inspections.surveys import Organiser, SurveyState, method_text
from minetui.i18n import N_, _, label, language
from minetui.services.core.context import Context
from minetui.services.inspections.surveys import (
    SavedSurvey,
    SurveyRow,
    set_extent,
    survey_detail,
    survey_findings_of,
    survey_rows,
)
from minetui.services.mines.browse import mine_detail, office_choices
from minetui.tui.format import number, text
from minetui.tui.screens.inspection_common import (
    InspectionDetailScreen,
    InspectionList,
    ListData,
    findings_view,
    heading,
    page,
    pairs,
    state_text,
)
from minetui.tui.screens.survey_form import SurveyForm, SurveyTarget, kind_title, saved_lines, survey_target
from minetui.tui.widgets.dialogs import TextDialog

THEIRS_MARK = "↗"
WHO = (None, False, True)  # all, ours (区局), theirs (市局/省厅)


def load_surveys(ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
    """(worker) The year's rounds (of one office, or one mine)."""
    rows = [r for r in survey_rows(ctx, year, office=office) if mine_id in (None, r.mine_id)]
    name = mine_detail(ctx, mine_id).mine["name"] if mine_id is not None else ""
    return ListData(year, office, mine_id, rows, office_choices(ctx), None, name)


def organiser_text(row: SurveyRow) -> Text:
    """区局 plain; 市局/省厅 marked as theirs."""
    if row.organiser is Organiser.DISTRICT:
        return text(row.organiser, style="bold")
    return Text(f"{label(row.organiser)}{THEIRS_MARK}", style="italic")


def outside_text(value: float | None) -> Text:
    """The area outside the licence, red from 1 m² (a finding)."""
    cell = number(value, 1)
    if value is not None and value >= 1:
        cell.stylize("bold red")
    return cell


def methods_needed(row: SurveyRow) -> str:
    return method_text(row.mining_method, language())


def survey_page(ctx: Context, row: SurveyRow) -> RenderableType:
    """(worker) One round: window, organiser, methods; the results, the outside area, 超层 and findings."""
    if row.survey_id is not None:
        row = survey_detail(ctx, row.survey_id)
    organiser = organiser_text(row)
    if row.external:
        organiser.append("  " + _("organised by them; the bureau records their results"), style="dim")
    title = Text(f"{row.mine_name}  {row.licence_no}", style="bold")
    task = pairs([(_("Round"), _("{year} round {round}").format(year=row.year, round=row.round)),
                  (_("Window"), f"{row.start} – {row.end}"), (_("Organiser"), organiser),
                  (_("Method"), row.mining_method), (_("Methods needed"), methods_needed(row)),
                  (_("State"), state_text(row.state)), (_("Planned for"), row.planned_date)])
    if row.survey_date is None:
        return page(title, task, Text(_("No result yet: press r on the list to record it."), style="dim"))
    outside = _("no extent loaded") if row.outside_area_m2 is None and not row.extent else \
        f"{row.outside_area_m2 or 0:,.1f} m²"
    results = pairs([
        (_("Surveyed on"), row.survey_date), (_("Surveyor"), row.surveyor),
        (_("Methods"), "、".join(label(m) for m in row.methods)),
        (_("Area m²"), "" if row.area_m2 is None else f"{row.area_m2:,.1f}"),
        (_("Outside the licensed area"), Text(outside, style="bold red" if (row.outside_area_m2 or 0) >= 1 else "")),
        (_("Deepest elevation"), "" if row.deepest_m is None else f"{row.deepest_m:g} m"),
        (_("Highest elevation"), "" if row.highest_m is None else f"{row.highest_m:g} m"),
        (_("Outside the depth range"), Text(_("yes"), style="bold red") if row.over_depth else _("no")),
        (_("Extent"), _("{n} points").format(n=len(row.extent)) if row.extent else ""),
        (_("Note"), row.note)])
    findings = survey_findings_of(ctx, row.survey_id) if row.survey_id is not None else []
    return page(title, task, heading(_("Results")), results, heading(_("Findings and leads")),
                findings_view(findings, kind_title))


class SurveysScreen(InspectionList):
    SCOPE = "surveys"
    TITLE_TEXT = N_("Special surveys")

    def __init__(self, year: int | None = None, mine_id: int | None = None) -> None:
        super().__init__(year, mine_id)
        self.who: bool | None = None
        self._extent_row: SurveyRow | None = None

    def load(self, ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
        return load_surveys(ctx, year, office, mine_id)

    def shown_rows(self) -> list[Any]:
        return [r for r in super().shown_rows() if self.who is None or r.external is self.who]

    def columns(self) -> list[str]:
        return [_("Mine"), _("Round"), _("Organiser"), _("State"), _("Due"), _("Surveyed on"), _("Outside m²"),
                _("Over depth"), _("Methods needed"), _("Licence no.")]

    def cells(self, row: Any) -> list[Text]:
        return [text(row.mine_name), Text(f"R{row.round}"), organiser_text(row), state_text(row.state),
                text(row.end), text(row.survey_date), outside_text(row.outside_area_m2),
                Text(_("yes"), style="bold red") if row.over_depth else Text(""), text(methods_needed(row)),
                text(row.licence_no)]

    def key_of(self, row: Any) -> object:
        return (row.mine_id, row.round)

    def bar_extra(self) -> str:
        who = {None: _("all organisers"), False: _("ours (district)"), True: _("theirs (city/province)")}[self.who]
        counts = " · ".join(f"{label(s)} {sum(r.state is s for r in self.rows)}" for s in SurveyState)
        return f"{who} · {counts}"

    def note(self) -> RenderableType:
        return Text(_("{mark} organised by the city bureau or the provincial dept: tracked here, their results "
                      "recorded when received · t: all / ours / theirs").format(mark=THEIRS_MARK))

    def empty_message(self) -> str:
        if self.data is not None and self.data.rows:
            return _("No round matches the organiser filter: press t.")
        return _("No special survey is owed in {year}: rounds are owed by producing mines in a key "
                 "monitoring zone of the year.").format(year=self.year)

    async def open_row(self, row: Any) -> None:
        await self.app.push_screen(InspectionDetailScreen(_("Special survey"), lambda ctx: survey_page(ctx, row)))

    # --- keys ------------------------------------------------------------------------------------------------

    def action_cycle_organiser(self) -> None:
        self.who = WHO[(WHO.index(self.who) + 1) % len(WHO)]
        self.show_rows(self.current_row())

    def action_record(self) -> None:
        row = self.chosen()
        if row is not None:
            self.db("target", lambda ctx: survey_target(ctx, row))

    def db_target(self, target: SurveyTarget) -> None:
        self.app.push_screen(SurveyForm(target, self.ctx.today), self.recorded)

    def recorded(self, saved: SavedSurvey | None) -> None:
        if saved is not None:
            self.db("saved", lambda ctx: survey_detail(ctx, saved.id))

    async def db_saved(self, row: SurveyRow) -> None:
        await self.open_row(row)

    def action_load_extent(self) -> None:
        row = self.chosen()
        if row is None:
            return
        if row.survey_id is None or row.survey_date is None:
            self.notify(_("Record the round's result first (r); the extent file can go with it."),
                        severity="warning")
            return
        self._extent_row = row
        self.app.push_screen(TextDialog(_("Surveyed extent"), _("Corners file (CSV/XLSX), as the licence corners:")),
                             self.extent_chosen)

    def extent_chosen(self, path: str | None) -> None:
        row = self._extent_row
        if path and row is not None and row.survey_id is not None:
            survey_id = row.survey_id
            self.db("extent", lambda ctx: set_extent(ctx, survey_id, Path(path).expanduser()))

    def db_extent_failed(self, error: BaseException) -> None:
        problems = getattr(error, "problems", None) or []
        if problems:
            self.notify("\n".join(str(getattr(p, "message", p)) for p in problems[:8]), title=_("Extent refused"),
                        severity="error", markup=False, timeout=15)

    def db_extent(self, saved: SavedSurvey) -> None:
        row = self._extent_row
        assert row is not None
        self.notify("\n".join(saved_lines(row.mine_name, row.round, saved)), title=_("Special survey"),
                    markup=False, timeout=12, severity="warning" if saved.findings else "information")
        self.recorded(saved)
