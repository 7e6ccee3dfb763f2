"""One mine: licence facts, status history, corner points by ring, zones by year, and its change history."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from minetui.domain.model import ZoneState
from minetui.i18n import _, label
from minetui.services.mines.browse import MineDetail, mine_detail
from minetui.services.mines.edit import MineEditView, edit_view
from minetui.tui.format import number, text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.screens.patrol_form import PatrolStarter
from minetui.tui.widgets.lead_section import MineLeads, lead_section, mine_leads_view
from minetui.tui.widgets.patrol_section import MinePatrols, mine_patrols_view, patrol_section


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def _depth(mine: dict[str, Any]) -> str:
    top, bottom = mine["depth_top_m"], mine["depth_bottom_m"]
    if top is None and bottom is None:
        return ""
    return _("{top} m to {bottom} m").format(top="?" if top is None else f"{top:g}",
                                             bottom="?" if bottom is None else f"{bottom:g}")


def _validity(mine: dict[str, Any]) -> str:
    if not mine["valid_from"] and not mine["valid_to"]:
        return ""
    return f"{mine['valid_from'] or '?'} — {mine['valid_to'] or '?'}"


def facts_table(detail: MineDetail) -> Table:
    """The licence's facts as label / value pairs (values as plain Text)."""
    mine = detail.mine
    office = mine["office_name"] or mine["office_code"]
    rows: list[tuple[str, object]] = [
        (_("Licence no."), mine["licence_no"]),
        (_("Rights holder"), mine["holder"]),
        (_("Credit code"), mine["credit_code"]),
        (_("Minerals"), mine["minerals"]),
        (_("Method"), detail.method),
        (_("Scale"), detail.scale),
        (_("NR office"), office),
        (_("Town"), mine["town"]),
        (_("Villages"), mine["villages"] or _("none")),
        (_("Area km²"), "" if mine["area_km2"] is None else f"{mine['area_km2']:.4f}"),
        (_("Depth range"), _depth(mine)),
        (_("Validity"), _validity(mine)),
        (_("Affects forest/grassland"), _("yes") if mine["forest_grass"] else _("no")),
        ("EPSG", mine["epsg"]),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, value in rows:
        table.add_row(title, text(value))
    return table


def status_table(detail: MineDetail) -> RenderableType:
    if not detail.statuses:
        return Text(_("No status recorded."), style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False)
    table.add_column(_("From"))
    table.add_column(_("Status"))
    for change in detail.statuses:
        table.add_row(text(change.effective_from), text(change.status))
    return table


def corners_view(detail: MineDetail) -> RenderableType:
    rings = detail.rings()
    if not rings:
        return Text(_("No corner points recorded."), style="dim")
    parts: list[RenderableType] = []
    for ring, corners in rings.items():
        table = Table(box=None, show_edge=False, pad_edge=False, title=Text(_("Ring {n}").format(n=ring)),
                      title_justify="left")
        table.add_column(_("Point"))
        table.add_column("X", justify="right")
        table.add_column("Y", justify="right")
        for corner in corners:
            table.add_row(text(corner.point_no), number(corner.x), number(corner.y))
        parts.append(table)
    return Group(*parts)


def zones_view(detail: MineDetail) -> RenderableType:
    if not detail.zones_by_year:
        return Text(_("Not in any key monitoring zone."), style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for year in sorted(detail.zones_by_year, reverse=True):
        line = Text()
        for index, zone in enumerate(detail.zones_by_year[year]):
            if index:
                line.append(" · ")
            line.append(f"{label(zone.level)} ")
            line.append(zone.name)
            if zone.state is not ZoneState.APPROVED:
                line.append(f" ({label(zone.state)})", style="italic")
        table.add_row(str(year), line)
    return table


def _changed_fields(before: str | None, after: str | None) -> str:
    """The names of the fields an audit row changed ('' for an insert or delete)."""
    if not before or not after:
        return ""
    old, new = json.loads(before), json.loads(after)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ""
    return ", ".join(k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k) and k != "version")


def history_table(detail: MineDetail) -> RenderableType:
    if not detail.history:
        return Text(_("No changes recorded."), style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False)
    for title in (_("When"), _("Who"), _("Action"), _("Fields")):
        table.add_column(title)
    for row in detail.history:
        table.add_row(text(row["at"][:16].replace("T", " ")), text(row["actor"]), text(row["action"]),
                      text(_changed_fields(row["before"], row["after"])))
    return table


class MineDetailScreen(PatrolStarter, BaseScreen):
    SCOPE = "detail"

    def __init__(self, mine_id: int) -> None:
        super().__init__()
        self.mine_id = mine_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(_("Loading…"), id="detail-content")
            yield Static(id="detail-patrols")
            yield Static(id="detail-leads")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Mine")
        self.query_one("#detail-body").focus()
        self.db("detail", lambda ctx: mine_detail(ctx, self.mine_id))

    def on_screen_resume(self) -> None:
        """The patrol section is read again whenever the screen shows (a patrol may have been saved)."""
        self.db("patrols", lambda ctx: mine_patrols_view(ctx, self.mine_id))
        self.db("leads", lambda ctx: mine_leads_view(ctx, self.mine_id))

    def db_patrols(self, view: MinePatrols) -> None:
        self.query_one("#detail-patrols", Static).update(Group(Text(""), patrol_section(view)))

    def db_leads(self, view: MineLeads) -> None:
        self.query_one("#detail-leads", Static).update(Group(Text(""), lead_section(view)))

    def action_new_patrol(self) -> None:
        self.start_patrol(self.mine_id, self.ctx.today)

    def action_edit_mine(self) -> None:
        """E: the edit form, filled from the database as it is now (its version remembered)."""
        self.db("edit", lambda ctx: edit_view(ctx, self.mine_id))

    def db_edit(self, view: MineEditView) -> None:
        from minetui.tui.screens.mine_edit import MineEditScreen

        self.app.push_screen(MineEditScreen(view), self.after_edit)

    def after_edit(self, saved: bool | None) -> None:
        if saved:
            self.db("detail", lambda ctx: mine_detail(ctx, self.mine_id))

    def db_detail(self, detail: MineDetail) -> None:
        self.detail = detail
        self.sub_title = detail.mine["licence_no"]
        title = Text(detail.mine["name"], style="bold")
        sections: list[RenderableType] = [title, Text(""), facts_table(detail)]
        for heading, body in (
            (_("Status history"), status_table(detail)),
            (_("Corner points"), corners_view(detail)),
            (_("Key monitoring zones"), zones_view(detail)),
            (_("Change history"), history_table(detail)),
        ):
            sections += [Text(""), _heading(heading), body]
        self.query_one("#detail-content", Static).update(Group(*sections))

    async def action_inspections(self, kind: str) -> None:
        """The mine's field verification, special surveys or joint spot-checks (v, u, c)."""
        from minetui.tui.screens.inspection_common import inspection_screen

        await self.app.push_screen(inspection_screen(kind, mine_id=self.mine_id))

    def action_scroll_body(self, step: int) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_relative(y=3 * step, animate=False)
