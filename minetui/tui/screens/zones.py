"""Key monitoring zones of one year (R-ZONE-1): the zone list, the selected zone's mines, and the R-ZONE-2
actions — copy the list to next year, add/remove a mine, propose, approve, reject. Refusals are notified."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from minetui.domain.model import ZoneLevel, ZoneState
from minetui.domain.zones import CopyReport, ZoneMineRow, ZoneRow
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.mines import zones as zone_service
from minetui.services.mines.browse import office_choices
from minetui.tui.format import short_office, text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.table_io import TableIO
from minetui.tui.widgets.dialogs import ConfirmDialog, MinePicker, Proposal, ProposeDialog, TextDialog

LEVEL_KEYS: dict[int, ZoneLevel | None] = {0: None, **{i + 1: level for i, level in enumerate(ZoneLevel)}}


def default_year(today_year: int, years: list[int]) -> int:
    """This year when it has zones, else the latest year that has any, else this year."""
    if today_year in years or not years:
        return today_year
    return max(years)


def zone_cells(zone: ZoneRow) -> list[Text]:
    state = text(zone.state, style="" if zone.state is ZoneState.APPROVED else "bold italic")
    return [text(zone.level), text(zone.name), text(zone.mine_count), state, text(zone.proposed_by),
            text(zone.basis)]


def zone_mine_cells(row: ZoneMineRow) -> list[Text]:
    office = short_office(row.office_name or row.office_code)
    return [text(row.licence_no), text(row.name), text(row.status), text(office), text(row.basis)]


class ZonesScreen(TableIO, BaseScreen):
    SCOPE = "zones"

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.level: ZoneLevel | None = None
        self.zones: list[ZoneRow] = []
        self.members: list[ZoneMineRow] = []
        self.select_zone_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="zones-body"):
            yield Static(id="zones-bar", classes="status-line")
            yield DataTable(id="zones", cursor_type="row", zebra_stripes=True)
            yield Static(id="zones-empty", classes="empty")
            yield Static(id="members-title", classes="status-line")
            yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Key monitoring zones")
        zones = self.query_one("#zones", DataTable)
        for title in (_("Level"), _("Zone"), _("Mines"), _("State"), _("Proposed by"), _("Basis")):
            zones.add_column(title)
        members = self.query_one("#members", DataTable)
        for title in (_("Licence no."), _("Name"), _("Status"), _("NR office"), _("Basis")):
            members.add_column(title)
        self.query_one("#zones-empty").display = False
        zones.focus()
        self.db("years", zone_service.years)

    # --- loading ---------------------------------------------------------------------------------------------

    def db_years(self, years: list[int]) -> None:
        if self.year is None:
            self.year = default_year(self.ctx.today.year, years)
        self.reload()

    def reload(self, select_zone_id: int | None = None) -> None:
        """Read the year's zones again (keeping the selected zone when it is still there)."""
        if self.year is None:
            return
        current = self.current_zone()
        self.select_zone_id = select_zone_id or (current.id if current else None)
        year, level = self.year, self.level
        self.show_bar()
        self.db("zones", lambda ctx: zone_service.list_zones(ctx, year, level))

    def db_zones(self, zones: list[ZoneRow]) -> None:
        self.zones = zones
        table = self.query_one("#zones", DataTable)
        table.clear()
        table.add_rows([zone_cells(z) for z in zones])
        ids = [z.id for z in zones]
        if zones:
            target = ids.index(self.select_zone_id) if self.select_zone_id in ids else 0
            table.move_cursor(row=target, animate=False)
        self.show_bar()
        self.show_empty()
        self.load_members()

    def load_members(self) -> None:
        zone = self.current_zone()
        if zone is None:
            self.db_members([])
            return
        self.db("members", lambda ctx: zone_service.zone_mines(ctx, zone.id))

    def db_members(self, members: list[ZoneMineRow]) -> None:
        self.members = members
        table = self.query_one("#members", DataTable)
        table.clear()
        table.add_rows([zone_mine_cells(m) for m in members])
        zone = self.current_zone()
        title = Text(_("Mines in the zone") + " · ", style="bold")
        if zone is not None:
            title.append(zone.name)
            title.append(f"  ({len(members)})", style="dim")
        self.query_one("#members-title", Static).update(title)

    # --- display ---------------------------------------------------------------------------------------------

    def current_zone(self) -> ZoneRow | None:
        table = self.query_one("#zones", DataTable)
        if not self.zones or table.row_count == 0:
            return None
        return self.zones[min(table.cursor_row, len(self.zones) - 1)]

    def current_member(self) -> ZoneMineRow | None:
        table = self.query_one("#members", DataTable)
        if not self.members or table.row_count == 0:
            return None
        return self.members[min(table.cursor_row, len(self.members) - 1)]

    def show_bar(self) -> None:
        level = label(self.level) if self.level else _("all levels")
        bar = Text(_("Year {year}").format(year=self.year), style="bold")
        bar.append(f"  ·  {level}", style="")
        proposals = sum(1 for z in self.zones if z.state is ZoneState.PROPOSED)
        if proposals:
            bar.append("  ·  " + _("{n} proposals waiting").format(n=proposals), style="bold")
        self.query_one("#zones-bar", Static).update(bar)

    def show_empty(self) -> None:
        empty = self.query_one("#zones-empty", Static)
        nothing = not self.zones
        empty.display = nothing
        self.query_one("#zones", DataTable).display = not nothing
        if nothing:
            empty.update(Text(_(
                "No key monitoring zones in {year}. Import the year's list (minetui import zones FILE), "
                "press c on the previous year to copy its list here, or p to propose a district zone."
            ).format(year=self.year)))

    # --- navigation ------------------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#zones")
    def zone_highlighted(self) -> None:
        self.load_members()

    @on(DataTable.RowSelected, "#zones")
    def zone_selected(self) -> None:
        self.query_one("#members", DataTable).focus()

    @on(DataTable.RowSelected, "#members")
    async def member_selected(self) -> None:
        await self.action_open_mine()

    def action_year(self, step: int) -> None:
        if self.year is not None:
            self.year += step
            self.reload()

    def action_level(self, key: int) -> None:
        self.level = LEVEL_KEYS[key]
        self.reload()

    async def action_open_mine(self) -> None:
        member = self.current_member()
        if member is None:
            self.notify(_("Choose a mine in the lower table first (tab moves there)."), severity="warning")
            return
        await self.mine_app.open_mine(member.mine_id)

    # --- writes ----------------------------------------------------------------------------------------------

    def write(self, tag: str, fn: Any, done: str) -> None:
        """Run a zones service write in a worker; on success notify `done` and reload."""
        self._done_message = done
        self.db(tag, fn)

    def db_written(self, new_zone_id: Any) -> None:
        self.notify(self._done_message)
        self.reload(new_zone_id if isinstance(new_zone_id, int) else None)

    def action_copy_year(self) -> None:
        if self.year is None:
            return
        source, target = self.year, self.year + 1
        question = _("Copy the approved zones of {source} and their mines to {target}?").format(
            source=source, target=target)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.db("copied", lambda ctx: zone_service.copy_year(ctx, source, target))

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def db_copied(self, report: CopyReport) -> None:
        assert self.year is not None
        self.year += 1
        self.notify(_("Copied {zones} zones with {mines} mines to {year}.").format(
            zones=report.zones, mines=report.memberships, year=self.year))
        self.reload()

    def action_add_mine(self) -> None:
        zone = self.current_zone()
        if zone is None:
            self.notify(_("Choose a zone first."), severity="warning")
            return

        def picked(mine_id: int | None) -> None:
            if mine_id is not None:
                self.write("written", lambda ctx: zone_service.add_mine(ctx, zone.id, mine_id),
                           _("Mine added to {zone}.").format(zone=zone.name))

        self.app.push_screen(MinePicker(_("Add a mine to {zone}").format(zone=zone.name)), picked)

    def action_remove_mine(self) -> None:
        zone, member = self.current_zone(), self.current_member()
        if zone is None or member is None:
            self.notify(_("Choose a mine in the lower table first (tab moves there)."), severity="warning")
            return
        question = _("Remove {mine} from {zone}?").format(mine=member.name, zone=zone.name)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.write("written", lambda ctx: zone_service.remove_mine(ctx, zone.id, member.mine_id),
                           _("Mine removed from {zone}.").format(zone=zone.name))

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_propose(self) -> None:
        self.db("offices", office_choices)

    def db_offices(self, offices: list[tuple[str, str]]) -> None:
        if not offices:
            self.notify(_("There are no NR offices yet; import them first."), severity="warning")
            return
        year = self.year or self.ctx.today.year

        def proposed(proposal: Proposal | None) -> None:
            if proposal is not None:
                self.write("written", lambda ctx: propose(ctx, year, proposal),
                           _("Zone {name} proposed.").format(name=proposal.name))

        self.app.push_screen(ProposeDialog(year, offices), proposed)

    def _proposal_or_warn(self) -> ZoneRow | None:
        zone = self.current_zone()
        if zone is None:
            self.notify(_("Choose a zone first."), severity="warning")
        return zone

    def action_approve(self) -> None:
        zone = self._proposal_or_warn()
        if zone is None:
            return
        question = _("Approve the proposed zone {name}?").format(name=zone.name)

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.write("written", lambda ctx: zone_service.approve_zone(ctx, zone.id, zone.version),
                           _("Zone {name} approved.").format(name=zone.name))

        self.app.push_screen(ConfirmDialog(question), confirmed)

    def action_reject(self) -> None:
        zone = self._proposal_or_warn()
        if zone is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.write("written", lambda ctx: zone_service.reject_zone(ctx, zone.id, zone.version, reason),
                           _("Zone {name} rejected.").format(name=zone.name))

        dialog = TextDialog(_("Reject {name}").format(name=zone.name), _("Reason (required):"))
        self.app.push_screen(dialog, answered)

    # --- copy and export (tui/table_io.py) -------------------------------------------------------------------

    def action_copy_rows(self) -> None:
        """y: the selected zone's mines as TSV."""
        from minetui.domain.model import MineStatus
        from minetui.io.output import Column

        columns = [Column("licence_no", "Licence no.", "licence"), Column("name", "Name"),
                   Column("status", "Status", "enum", MineStatus),
                   Column("office_code", "NR office"), Column("basis", "Basis")]
        rows = [{"licence_no": m.licence_no, "name": m.name, "status": m.status, "office_code": m.office_code,
                 "basis": m.basis} for m in self.members]
        self.copy_rows(columns, rows)

    def action_export(self) -> None:
        """e: the year's zone list (every mine of every approved zone, the level filter kept) to a file."""
        if self.year is not None:
            params = {"year": self.year, "level": str(self.level) if self.level else None}
            self.export_report("zones", params)


def propose(ctx: Context, year: int, proposal: Proposal) -> int:
    return zone_service.propose_zone(ctx, year, proposal.name, proposal.office_code, [], proposal.basis)
