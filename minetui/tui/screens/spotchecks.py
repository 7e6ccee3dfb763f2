"""Joint spot-checks (联合抽查, R-SPOT-1): the spot-checks triggered in a year with trigger, window, due day,
state and sections; `o` opens one at any mine from a trigger, `r` records the result and findings; Enter
shows the trigger, the window and what was found.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from minetui.domain.inspections.spotchecks import SpotCheckState
from minetui.domain.model import Section
from minetui.i18n import N_, _, label
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import Opened, SpotCheckRow, spotcheck_detail, spotcheck_rows
from minetui.services.mines.browse import mine_detail, office_choices
from minetui.tui.format import text
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
from minetui.tui.screens.spotcheck_form import OpenSpotCheckForm, SpotCheckResultForm, SpotTarget, spot_target
from minetui.tui.widgets.dialogs import MinePicker


def load_spotchecks(ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
    """(worker) The spot-checks triggered in `year` (of one office, or one mine), with their findings."""
    rows = [spotcheck_detail(ctx, r.id) for r in spotcheck_rows(ctx, year=year, mine_id=mine_id)
            if office in (None, r.office_code)]
    name = mine_detail(ctx, mine_id).mine["name"] if mine_id is not None else ""
    return ListData(year, office, mine_id, rows, office_choices(ctx), None, name)


def trigger_text(row: SpotCheckRow) -> str:
    """e.g. 环保督察典型案例（中央）."""
    level = f"（{label(row.trigger.level)}）" if row.trigger.level else ""
    return label(row.trigger.kind) + level


def spotcheck_page(ctx: Context, spotcheck_id: int) -> RenderableType:
    """(worker) The trigger, the window and sections, the result and the findings raised."""
    row = spotcheck_detail(ctx, spotcheck_id)
    trigger = row.trigger
    title = Text(f"{row.mine_name}  {row.licence_no}", style="bold")
    source = _("Media outlet") if trigger.link or trigger.kind.value == "media" else _("Document")
    task = pairs([(_("Trigger"), trigger_text(row)), (source, trigger.source), (_("Trigger date"), trigger.day),
                  (_("Link"), trigger.link), (_("Window"), f"{row.window_start} – {row.window_end}"),
                  (_("Due"), row.window_end), (_("Sections"), "、".join(label(s) for s in row.sections)),
                  (_("State"), state_text(row.state))])
    if row.check_date is None:
        return page(title, task, Text(_("No result yet: press r on the list to record it."), style="dim"))
    result = pairs([(_("Date"), row.check_date), (_("Inspectors"), "、".join(row.inspectors)),
                    (_("Result"), row.result)])
    return page(title, task, heading(_("Result")), result, heading(_("Findings and leads")),
                findings_view(row.findings, lambda k: label(Section(k))))


class SpotChecksScreen(InspectionList):
    SCOPE = "spotchecks"
    TITLE_TEXT = N_("Joint spot-checks")

    def load(self, ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
        return load_spotchecks(ctx, year, office, mine_id)

    def columns(self) -> list[str]:
        return [_("Mine"), _("Trigger"), _("State"), _("Due"), _("Checked on"), _("Findings"), _("Source"),
                _("Trigger date"), _("Sections"), _("Licence no.")]

    def cells(self, row: Any) -> list[Text]:
        return [text(row.mine_name), text(trigger_text(row)), state_text(row.state), text(row.window_end),
                text(row.check_date), Text(str(len(row.findings)) if row.findings else "", justify="right"),
                text(row.trigger.source), text(row.trigger.day), text("、".join(label(s) for s in row.sections)),
                text(row.licence_no)]

    def key_of(self, row: Any) -> object:
        return row.id

    def bar_extra(self) -> str:
        return " · ".join(f"{label(s)} {sum(r.state is s for r in self.rows)}" for s in SpotCheckState)

    def note(self) -> RenderableType:
        return Text(_("o opens a spot-check at any mine from a trigger: media, environmental inspection, "
                      "inspection tour or audit"))

    def empty_message(self) -> str:
        return _("No joint spot-check was triggered in {year}. Press o to open one from a trigger.").format(
            year=self.year)

    async def open_row(self, row: Any) -> None:
        await self.app.push_screen(InspectionDetailScreen(_("Joint spot-check"),
                                                          lambda ctx: spotcheck_page(ctx, row.id)))

    # --- keys ------------------------------------------------------------------------------------------------

    def action_open_spotcheck(self) -> None:
        if self.mine_id is not None:
            self.mine_chosen(self.mine_id)
            return
        self.app.push_screen(MinePicker(_("Open a joint spot-check at which mine?")), self.mine_chosen)

    def mine_chosen(self, mine_id: int | None) -> None:
        if mine_id is not None:
            self.db("target", lambda ctx: spot_target(ctx, mine_id))

    def db_target(self, target: SpotTarget) -> None:
        self.app.push_screen(OpenSpotCheckForm(target, self.ctx.today), self.opened)

    def opened(self, opened: Opened | None) -> None:
        if opened is None:
            return
        self.year = opened.window_start.year  # show the year the new spot-check is in
        self.reload()
        self.app.push_screen(InspectionDetailScreen(_("Joint spot-check"),
                                                    lambda ctx: spotcheck_page(ctx, opened.id)))

    def action_record(self) -> None:
        row = self.chosen()
        if row is not None:
            self.app.push_screen(SpotCheckResultForm(row, self.ctx.today), self.recorded)

    def recorded(self, row: SpotCheckRow | None) -> None:
        if row is not None:
            self.app.push_screen(InspectionDetailScreen(_("Joint spot-check"),
                                                        lambda ctx: spotcheck_page(ctx, row.id)))
