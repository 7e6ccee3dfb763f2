"""Satellite change patches (图斑, R-SAT-1) of one year, by batch: verdict, handling, the licence whose polygon holds
the centre — or "无证？" when none does (a possible 无证开采 site) —, forest/grassland damage and its R-LEAD-6 lead,
the deadline. `[`/`]` change the year, `f` the batch, `u` shows only patches outside every licence; Enter
opens the patch's lead, else its mine.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from minetui.domain.leads.leads import Rule
from minetui.domain.leads.patches import Verdict
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.leads.leads import LeadRow, list_leads
from minetui.services.leads.patches import PatchRow, patch_rows
from minetui.tui.format import number, text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.screens.leads import OVERDUE_STYLE, STATE_STYLE

VERDICT_STYLE = {Verdict.LEGAL: "green", Verdict.ILLEGAL: "bold red", Verdict.FALSE_CHANGE: "dim"}


@dataclass(frozen=True, slots=True)
class PatchData:
    rows: list[PatchRow]
    leads: dict[tuple[int, str], LeadRow]  # (year, patch no.) → its R-LEAD-6 lead

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.rows})


def patch_key(lead: LeadRow) -> tuple[int, str] | None:
    """The (year, patch no.) of an R-LEAD-6 lead ('patch:{year}:{no}' as services.leads writes it)."""
    parts = (lead.origin_key or "").split(":", 2)
    if len(parts) != 3 or parts[0] != "patch" or not parts[1].isdigit():
        return None
    return int(parts[1]), parts[2]


def load_patches(ctx: Context) -> PatchData:
    """(worker) Every patch with its lead."""
    leads = {}
    for lead in list_leads(ctx, rules=[str(Rule.LEAD_6)]):
        key = patch_key(lead)
        if key is not None:
            leads[key] = lead
    return PatchData(patch_rows(ctx), leads)


def licence_text(row: PatchRow) -> Text:
    if row.mine_id is None:
        return Text(_("no licence?"), style="bold red")
    return text(row.mine_name)


def lead_text(lead: LeadRow | None) -> Text:
    if lead is None:
        return Text("")
    return Text(f"{lead.id} {label(lead.state)}", style=OVERDUE_STYLE if lead.overdue.any else STATE_STYLE[lead.state])


def patch_cells(row: PatchRow, lead: LeadRow | None) -> list[Text]:
    """Batch, number, verdict, handling, mine (or 无证？), forest damage, lead, area, deadline, licence, reason."""
    verdict = text(row.verdict, style=VERDICT_STYLE.get(row.verdict, "") if row.verdict else "")
    deadline = text(row.deadline, style=OVERDUE_STYLE if row.overdue else ("dim" if row.settled else ""))
    damage = Text(_("yes"), style="bold red") if row.forest_grass_damage else Text("")
    return [text(row.batch), text(row.patch_no), verdict, text(row.handling), licence_text(row), damage,
            lead_text(lead), number(row.area_mu, 1), deadline, text(row.licence_no), text(row.reason)]


def column_titles() -> list[str]:
    return [_("Batch"), _("Patch no."), _("Legality"), _("Handling"), _("Mine"), _("Forest damage"), _("Lead"),
            _("Area (mu)"), _("Deadline"), _("Licence no."), _("Reason")]


def filtered(rows: list[PatchRow], year: int | None, batch: int | None, unlinked: bool) -> list[PatchRow]:
    return [r for r in rows if r.year == year and batch in (None, r.batch) and (r.mine_id is None or not unlinked)]


class PatchesScreen(BaseScreen):
    SCOPE = "patches"

    DEFAULT_CSS = """
    PatchesScreen #patches-body { height: 1fr; }
    PatchesScreen #patches { height: 1fr; }
    """

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.batch: int | None = None
        self.unlinked = False
        self.data: PatchData | None = None
        self.rows: list[PatchRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="patches-body"):
            yield Static(id="patches-bar", classes="status-line")
            yield DataTable(id="patches", cursor_type="row", zebra_stripes=True)
            yield Static(id="patches-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Satellite patches")
        table = self.query_one("#patches", DataTable)
        for title in column_titles():
            table.add_column(title)
        self.query_one("#patches-empty").display = False
        table.focus()

    def on_screen_resume(self) -> None:
        self.db("patches", load_patches)

    def db_patches(self, data: PatchData) -> None:
        keep = self.current_row()
        self.data = data
        if self.year is None or (self.year not in data.years and data.years):
            today = self.ctx.today.year
            self.year = today if today in data.years or not data.years else max(data.years)
        self.show_rows(keep)

    def show_rows(self, keep: PatchRow | None = None) -> None:
        data = self.data
        self.rows = filtered(data.rows, self.year, self.batch, self.unlinked) if data else []
        table = self.query_one("#patches", DataTable)
        table.clear()
        table.add_rows([patch_cells(r, data.leads.get((r.year, r.patch_no)) if data else None) for r in self.rows])
        if self.rows:
            ids = [r.id for r in self.rows]
            table.move_cursor(row=ids.index(keep.id) if keep is not None and keep.id in ids else 0, animate=False)
        nothing = data is not None and not self.rows
        table.display = not nothing
        empty = self.query_one("#patches-empty", Static)
        empty.display = nothing
        if nothing:
            empty.update(Text(_("No patch here: press [ ] for another year, f or u to change the filter.")
                              if data and data.rows else
                              _("No satellite patches yet: minetui import patches FILE brings a batch in.")))
        self.show_bar()

    def show_bar(self) -> None:
        line = Text(str(self.year or ""), style="bold")
        line.append(" · " + (_("batch {n}").format(n=self.batch) if self.batch else _("all batches")))
        if self.unlinked:
            line.append(" · " + _("outside every licence"), style="bold red")
        if self.data is not None:
            year_rows = [r for r in self.data.rows if r.year == self.year]
            outside = sum(r.mine_id is None for r in year_rows)
            late = sum(r.overdue for r in year_rows)
            line.append(" · " + _("{n} patches").format(n=len(self.rows)), style="dim")
            if outside:
                line.append(" · " + _("{n} outside every licence").format(n=outside), style="bold red")
            if late:
                line.append(" · " + _("{n} overdue").format(n=late), style=OVERDUE_STYLE)
        self.query_one("#patches-bar", Static).update(line)

    def current_row(self) -> PatchRow | None:
        table = self.query_one("#patches", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys ------------------------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        years = self.data.years if self.data else []
        if not years:
            return
        index = years.index(self.year) if self.year in years else 0
        self.year = years[max(0, min(len(years) - 1, index + step))]
        self.batch = None
        self.show_rows()

    def action_cycle_batch(self) -> None:
        batches: list[int | None] = [None, *sorted({r.batch for r in (self.data.rows if self.data else [])
                                                    if r.year == self.year and r.batch is not None})]
        index = batches.index(self.batch) if self.batch in batches else 0
        self.batch = batches[(index + 1) % len(batches)]
        self.show_rows(self.current_row())

    def action_toggle_unlinked(self) -> None:
        self.unlinked = not self.unlinked
        self.show_rows(self.current_row())

    def action_cursor_down(self) -> None:
        self.query_one("#patches", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#patches", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#patches")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        from minetui.tui.screens.lead_detail import LeadDetailScreen

        row = self.current_row()
        if row is None or self.data is None:
            return
        lead = self.data.leads.get((row.year, row.patch_no))
        if lead is not None:
            await self.app.push_screen(LeadDetailScreen(lead.id))
        elif row.mine_id is not None:
            await self.mine_app.open_mine(row.mine_id)
        else:
            self.notify(_("Patch {no} has no lead and lies outside every licence.").format(no=row.patch_no),
                        markup=False)
