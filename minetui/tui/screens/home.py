"""Home: the district's counts and where to go next; on an empty database, how to fill it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from minetui.domain.model import MineStatus, ZoneLevel
from minetui.i18n import _, label
from minetui.services.context import ServiceError
from minetui.services.mines import DistrictSummary, district_summary
from minetui.tui.screens.base import BaseScreen
from minetui.tui.workers import DbResult

IMPORT_ORDER = ("offices", "mines", "corners", "status", "zones")


def empty_guide() -> Group:
    """What to do with an empty database: the imports in order, or the demo."""
    lines = Table.grid(padding=(0, 2))
    lines.add_column()
    for step, kind in enumerate(IMPORT_ORDER, start=1):
        lines.add_row(Text(f"{step}. minetui import {kind} FILE", style="bold"))
    return Group(
        Text(_("The database is empty. What to do next:"), style="bold"),
        Text(""),
        Text(_("Import the bureau's lists, in this order (.xlsx or .csv; `--help` shows the columns):")),
        lines,
        Text(""),
        Text(_("Or press d to open the demo database and look around.")),
    )


def summary_table(summary: DistrictSummary) -> Table:
    """The district's counts: offices, mines by current status, this year's zones by level."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row(_("NR offices"), Text(str(summary.offices)))
    statuses = [s for s in (*MineStatus, None) if summary.mines_by_status.get(s)]
    by_status = " · ".join(f"{label(s) if s else _('no status')} {summary.mines_by_status[s]}" for s in statuses)
    table.add_row(_("Mines"), Text(f"{summary.mines}" + (f"  ({by_status})" if by_status else "")))
    zones = " · ".join(f"{label(level)} {summary.zones_by_level.get(level, 0)}" for level in ZoneLevel)
    if summary.proposals:
        zones += "  " + _("{n} proposals waiting").format(n=summary.proposals)
    table.add_row(_("Zones {year}").format(year=summary.year), Text(zones))
    return table


def keys_hint() -> Text:
    return Text(_("m mines · z key monitoring zones · ? help · q quit"), style="dim")


class HomeScreen(BaseScreen):
    SCOPE = "home"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-body")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.db("summary", district_summary)

    def db_summary(self, summary: DistrictSummary) -> None:
        self.summary = summary
        body = self.query_one("#home-body", Static)
        where = Text(_("Database: {path}").format(path=self.ctx.db_path), style="dim")
        if summary.is_empty:
            body.update(Group(empty_guide(), Text(""), where))
        else:
            body.update(Group(summary_table(summary), Text(""), keys_hint(), where))

    def action_open_demo(self) -> None:
        from minetui.paths import demo_db_path

        self.notify(_("Opening the demo database…"))
        self.run_worker(lambda: self._build_demo(demo_db_path()), thread=True, exclusive=True, group="demo",
                        exit_on_error=False)

    def _build_demo(self, path: Path) -> None:
        """(worker) Build the demo database unless it is already there; the handler switches to it."""
        try:
            if not path.exists() or path.stat().st_size == 0:
                try:
                    from minetui.services.demo import build_demo
                except ImportError as exc:
                    raise ServiceError(_("the demo database is not available in this version")) from exc
                build_demo(path)
        except Exception as exc:
            self.post_message(DbResult("demo", error=exc))
        else:
            self.post_message(DbResult("demo", path))

    async def db_demo(self, path: Path) -> None:
        await self.mine_app.switch_database(path)
