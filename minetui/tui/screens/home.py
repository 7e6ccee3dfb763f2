"""Home: the dashboard — the district's counts, this month's patrol duties per office, the next deadlines and
the panels other services add — every number opening the list behind it with Enter; on an empty database,
how to fill it.

The counts load first (one quick query), the dashboard panels after, each in a worker: the screen never
waits. Each panel is a DataTable with a cell cursor, so every number is focusable (tab moves between panels).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from minetui.domain.model import MineStatus, ZoneLevel
from minetui.errors import ServiceError
from minetui.i18n import _, label
from minetui.services.mines.browse import DistrictSummary, district_summary
from minetui.tui import actions
from minetui.tui.screens.base import BaseScreen
from minetui.tui.workers import DbResult

if TYPE_CHECKING:
    from minetui.services.core.context import Context
    from minetui.services.reporting.dashboard import Dashboard
    from minetui.services.reporting.model import Link, Panel


def build_dashboard(ctx: Context) -> Dashboard:
    """The dashboard's panels, read in a worker after the first paint; the dashboard service (and what it
    pulls in) is imported there, off the start-up path (issue 9: start → first paint ≤ 1.7× a bare app)."""
    from minetui.services.reporting.dashboard import build_dashboard as build

    return build(ctx)

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


# Shown in the footer or elsewhere on the home screen, so not repeated in the line of where to go.
_NOT_IN_HINT = frozenset({"app.back", "app.palette", "app.home", "home.refresh", "home.demo", "app.help", "app.quit"})


def keys_hint(may: actions.Allowed = None) -> Text:
    """Where to go from here, from the actions registry (so a new screen's key appears by itself), then help and
    quit; actions the user may never do are left out."""
    places = [a for a in actions.for_scope("home", with_global=True, may=may) if a.id not in _NOT_IN_HINT]
    words = [f"{actions.key_label(a)} {a.title}" for a in places] + [f"? {_('Help')}", f"q {_('Quit')}"]
    return Text(" · ".join(words), style="dim")


def figure_cell(value: object) -> Text:
    return Text(str(value), justify="right", style="bold" if value not in (0, "0", "") else "dim")


def label_width(panel: Panel, screen_width: int) -> int | None:
    """How wide the label column may be so that every number of the panel stays on screen (None: as wide as
    its longest label); never narrower than 12 cells."""
    figures = [
        max([cell_len(header), *(cell_len(str(row.figures[i].value)) for row in panel.rows if i < len(row.figures))])
        for i, header in enumerate(panel.headers[1:])]
    room = screen_width - 4 - sum(width + 2 for width in figures) - 2  # margins, cell padding, scroll bar
    longest = max([cell_len(panel.headers[0]) if panel.headers else 0, *(cell_len(r.label) for r in panel.rows)])
    return None if longest <= room else max(12, room)


def panel_widgets(index: int, panel: Panel, screen_width: int = 0) -> list[Static | DataTable]:
    """A panel's title and its table (a cell cursor on the numbers), or its note. With `screen_width`, long
    labels are cut (…) so that the numbers stay visible."""
    title = Static(Text(panel.title, style="bold"), classes="panel-title")
    if not panel.rows:
        return [title, Static(Text(panel.note or _("No data yet."), style="dim"), classes="panel-note")]
    table: DataTable = DataTable(id=f"panel-{index}", cursor_type="cell", zebra_stripes=False,
                                 classes="panel-table")
    first_width = label_width(panel, screen_width) if screen_width else None
    for column, header in enumerate(panel.headers):
        table.add_column(Text(header, justify="left" if column == 0 else "right"), key=str(column),
                         width=first_width if column == 0 else None)
    for row in panel.rows:
        table.add_row(Text(row.label, no_wrap=True, overflow="ellipsis"), *(figure_cell(f.value) for f in row.figures))
    table.styles.height = len(panel.rows) + 1
    return [title, table]


class HomeScreen(BaseScreen):
    SCOPE = "home"

    DEFAULT_CSS = """
    HomeScreen #home-scroll { height: 1fr; }
    HomeScreen #dashboard { height: auto; }
    HomeScreen .panel-title { margin-top: 1; padding: 0 1; }
    HomeScreen .panel-note { padding: 0 2; }
    HomeScreen .panel-table { margin: 0 1; width: auto; max-width: 100%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-scroll"):
            yield Static(id="home-body")
            yield Vertical(id="dashboard")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.dashboard is not None:  # back from a list where a patrol may have been saved
            self.db("dashboard", build_dashboard)

    def action_refresh(self) -> None:
        self.db("summary", district_summary)

    def db_summary(self, summary: DistrictSummary) -> None:
        self.summary = summary
        body = self.query_one("#home-body", Static)
        where = Text(_("Database: {path}").format(path=self.ctx.db_path), style="dim")
        if summary.is_empty:
            body.update(Group(empty_guide(), Text(""), where))
            self.query_one("#dashboard").remove_children()
        else:
            body.update(Group(summary_table(summary), Text(""), keys_hint(self.mine_app.may), where))
            self.db("dashboard", build_dashboard)

    async def db_dashboard(self, dashboard: Dashboard) -> None:
        """Show the panels; the cursor stays on the same cell of the same panel when they are shown again."""
        focused = self.focused.id if isinstance(self.focused, DataTable) else None
        cursor = self.focused.cursor_coordinate if isinstance(self.focused, DataTable) else None
        self.dashboard = dashboard
        container = self.query_one("#dashboard", Vertical)
        await container.remove_children()
        width = self.app.size.width
        widgets = [w for index, panel in enumerate(dashboard.panels) for w in panel_widgets(index, panel, width)]
        await container.mount_all(widgets)
        tables = list(container.query(DataTable))
        target = next((t for t in tables if t.id == focused), tables[0] if tables else None)
        if target is not None:
            target.focus()
            if cursor is not None and target.id == focused:
                target.cursor_coordinate = cursor
            elif len(target.columns) > 1:
                target.cursor_coordinate = target.cursor_coordinate._replace(column=1)

    # --- opening the list behind a number ----------------------------------------------------------------

    def link_at(self, table_id: str, row: int, column: int) -> Link | None:
        """The link of the number in a panel's cell (the label column opens its row's first number)."""
        if self.dashboard is None or not table_id.startswith("panel-"):
            return None
        panel = self.dashboard.panels[int(table_id.removeprefix("panel-"))]
        if row >= len(panel.rows):
            return None
        figures = panel.rows[row].figures
        if not figures:
            return None
        return figures[max(0, min(column - 1, len(figures) - 1))].link

    @on(DataTable.CellSelected)
    async def cell_selected(self, event: DataTable.CellSelected) -> None:
        link = self.link_at(event.data_table.id or "", event.coordinate.row, event.coordinate.column)
        if link is not None:
            await open_link(self.app, link)

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
                    from minetui.services.demo.district import build_demo
                except ImportError as exc:
                    raise ServiceError(_("the demo database is not available in this version")) from exc
                build_demo(path)
        except Exception as exc:
            self.post_message(DbResult("demo", error=exc))
        else:
            self.post_message(DbResult("demo", path))

    async def db_demo(self, path: Path) -> None:
        await self.mine_app.switch_database(path)


async def open_link(app: object, link: Link) -> None:
    """Open what a dashboard number stands for: the patrol calendar (period, office, state), a list screen
    (leads, verification, surveys) or a report."""
    from minetui.domain.patrols.duties import DutyState
    from minetui.domain.periods import Period

    if link.target == "calendar":
        from minetui.tui.screens.calendar import CalendarScreen

        period = link.params.get("period")
        screen = CalendarScreen(Period.parse(period) if period else None, link.params.get("office"))
        state = link.params.get("state")
        screen.state_filter = DutyState(state) if state else None
        await app.push_screen(screen)  # type: ignore[attr-defined]
        return
    screen = list_screen(link)
    if screen is not None:
        await app.push_screen(screen)  # type: ignore[attr-defined]
        return
    from minetui.tui.screens.report import ReportScreen

    params = {k: v for k, v in link.params.items() if v is not None}
    await app.push_screen(ReportScreen(link.target, params))  # type: ignore[attr-defined]


def list_screen(link: Link) -> BaseScreen | None:
    """The screen a 'leads' (section or office, box, overdue), 'verification' or 'surveys' (year, external) link
    opens; None for any other target."""
    params = link.params
    if link.target == "leads":
        from minetui.domain.model import Section
        from minetui.tui.screens.leads import Desk, LeadsScreen

        section = Section(params["section"]) if params.get("section") else None
        desk = Desk(office=params["office"], name=params.get("name") or params["office"]) \
            if params.get("office") else None
        return LeadsScreen(section, params.get("box", "in"), desk=desk, overdue=params.get("overdue"))
    if link.target == "verification":
        from minetui.tui.screens.verification import VerificationScreen

        return VerificationScreen(params.get("year"))
    if link.target == "surveys":
        from minetui.tui.screens.surveys import SurveysScreen

        surveys = SurveysScreen(params.get("year"))
        surveys.who = params.get("external")
        return surveys
    return None
