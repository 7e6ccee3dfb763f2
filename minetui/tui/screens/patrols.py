"""All patrol records, newest first: a keyset-paged list that stays instant on millions of rows.

The table holds a PageWindow (tui/paging.py) of at most two pages around the cursor. When the cursor nears
an edge of the window the next (or previous) page is fetched in a worker from the edge row's keyset cursor,
and the far page is dropped. `G` reads the oldest page directly (the order reversed in SQL); the total is
counted once, in its own worker, and shown as "N of M".
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from minetui.domain.paging import PageCursor
from minetui.domain.patrols.record import ChecklistItem, PatrolMode
from minetui.i18n import _, label
from minetui.services.patrols.listing import PatrolListRow, PatrolPage, count_patrols, page_patrols
from minetui.tui.format import text
from minetui.tui.paging import Fetch, PageWindow
from minetui.tui.screens.base import BaseScreen
from minetui.tui.widgets.window_table import WindowTable
from minetui.tui.workers import DbResult, thread_context


def columns() -> list[tuple[str, int]]:
    """(title, width in cells): fixed widths, so that a page of rows is added without measuring each cell."""
    return [(_("Date"), 10), (_("Licence no."), 23), (_("Mine"), 20), (_("NR office"), 8), (_("Mode"), 6),
            (_("Abnormal items"), 16), (_("Inspectors"), 16)]


def row_cells(row: PatrolListRow) -> list[Text]:
    """The cells of a patrol, as Text (names are shown as typed, never as markup)."""
    abnormal = "、".join(label(ChecklistItem(k)) for k in row.abnormal_items
                        if k in ChecklistItem._value2member_map_)
    return [text(row.patrol_date), text(row.licence_no), text(row.mine_name), text(row.office_code),
            text(label(PatrolMode(row.mode))), text(abnormal, "bold red" if abnormal else ""), text(row.inspectors)]


class PatrolPageLoaded(Message):
    def __init__(self, fetch: Fetch, page: PatrolPage) -> None:
        super().__init__()
        self.fetch, self.page = fetch, page


class PatrolCountLoaded(Message):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class PatrolsScreen(BaseScreen):
    SCOPE = "patrols"

    def __init__(self, office: str | None = None) -> None:
        super().__init__()
        self.office = office
        self.window: PageWindow[PatrolListRow] = PageWindow(self.page_size)
        self.total: int | None = None
        self.generation = 0
        self.fetching = False

    @property
    def page_size(self) -> int:
        return max(10, self.ctx.config.page_size)

    @property
    def margin(self) -> int:
        """Fetch more when the cursor is this close to an edge of the window."""
        return max(3, self.page_size // 5)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="patrols-body"):
            yield WindowTable(id="patrols", cursor_type="row", zebra_stripes=True)
            yield Static(id="patrols-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Patrol records")
        table = self.query_one("#patrols", DataTable)
        for title, width in columns():
            table.add_column(title, width=max(width, cell_len(title)))
        table.focus()
        self.load_count(self.office)
        self.restart()

    # --- loading ---------------------------------------------------------------------------------------------

    def restart(self, *, from_end: bool = False) -> None:
        self.generation += 1
        self.fetching = True
        self.load_page(Fetch("end" if from_end else "start", self.generation), None, from_end)

    @work(thread=True, exclusive=True, group="patrols-page", exit_on_error=False)
    def load_page(self, fetch: Fetch, after: PageCursor | None, backwards: bool) -> None:
        try:
            with thread_context(self.ctx) as ctx:
                page = page_patrols(ctx, after, office=self.office, backwards=backwards, limit=self.page_size)
        except Exception as exc:
            self.post_message(DbResult("page", error=exc))
        else:
            self.post_message(PatrolPageLoaded(fetch, page))

    @work(thread=True, exclusive=True, group="patrols-count", exit_on_error=False)
    def load_count(self, office: str | None) -> None:
        try:
            with thread_context(self.ctx) as ctx:
                total = count_patrols(ctx, office)
        except Exception as exc:
            self.post_message(DbResult("count", error=exc))
        else:
            self.post_message(PatrolCountLoaded(total))

    def db_page_failed(self, _error: BaseException) -> None:
        self.fetching = False

    def db_count_failed(self, _error: BaseException) -> None:
        return None

    def fetch_more(self, forward: bool) -> None:
        rows = self.window.rows
        if self.fetching or not rows:
            return
        self.fetching = True
        edge = rows[-1] if forward else rows[0]
        self.load_page(Fetch("next" if forward else "prev", self.generation), edge.cursor, not forward)

    @on(PatrolCountLoaded)
    def count_loaded(self, message: PatrolCountLoaded) -> None:
        self.total = message.total
        self.window.learn_total(message.total)
        self.show_status()

    @on(PatrolPageLoaded)
    def page_loaded(self, message: PatrolPageLoaded) -> None:
        if message.fetch.generation != self.generation:
            return
        self.fetching = False
        page, mode, window = message.page, message.fetch.mode, self.window
        keep = self.current_row()
        if mode == "start":
            window.reset_from_start(page.rows, page.more)
            target = 0
        elif mode == "end":
            window.reset_from_end(page.rows, page.more, self.total)
            target = len(page.rows) - 1
        else:
            (window.append if mode == "next" else window.prepend)(page.rows, page.more)
            target = window.index_of(lambda r: r.id, keep.id if keep else None)
        self.render_rows(max(0, target))

    def render_rows(self, cursor: int) -> None:
        """Put the window into the table, the cursor on row `cursor`, and keep that row where it was on screen."""
        table = self.query_one("#patrols", WindowTable)
        offset = table.cursor_row - round(table.scroll_y)
        table.replace_rows([row_cells(r) for r in self.window.rows])
        if self.window.rows:
            table.move_cursor(row=min(cursor, len(self.window.rows) - 1), animate=False, scroll=False)
            table.scroll_to(y=max(0, table.cursor_row - max(0, offset)), animate=False, immediate=True)
        self.show_status()

    # --- what is shown around the table ----------------------------------------------------------------------

    def current_row(self) -> PatrolListRow | None:
        table = self.query_one("#patrols", DataTable)
        rows = self.window.rows
        if not rows or table.row_count == 0:
            return None
        return rows[min(table.cursor_row, len(rows) - 1)]

    def position_text(self) -> str:
        """'N of M' without counting on every key: M is counted once when the list opens."""
        total = "…" if self.total is None else f"{self.total:,}"
        if not self.window.rows:
            return _("{n} of {m}").format(n=0, m=total)
        place = self.window.position(self.query_one("#patrols", DataTable).cursor_row)
        return _("{n} of {m}").format(n="?" if place is None else f"{place:,}", m=total)

    def show_status(self) -> None:
        line = Text(self.position_text())
        line.append("   " + _("newest first"), style="dim")
        self.query_one("#patrols-status", Static).update(line)

    # --- reacting to the user --------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#patrols")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_status()
        # The table's cursor now, not the event's: events queued before a re-render are stale.
        row, window = self.query_one("#patrols", DataTable).cursor_row, self.window
        if row >= len(window.rows) - self.margin and not window.at_end:
            self.fetch_more(forward=True)
        elif row < self.margin and not window.at_start:
            self.fetch_more(forward=False)

    @on(DataTable.RowSelected, "#patrols")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    def action_cursor_down(self) -> None:
        self.query_one("#patrols", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#patrols", DataTable).action_cursor_up()

    def action_first(self) -> None:
        if self.window.at_start:
            self.query_one("#patrols", DataTable).move_cursor(row=0)
        else:
            self.restart()

    def action_last(self) -> None:
        if self.window.at_end and self.window.rows:
            self.query_one("#patrols", DataTable).move_cursor(row=len(self.window.rows) - 1)
        else:
            self.restart(from_end=True)

    async def action_open(self) -> None:
        row = self.current_row()
        if row is not None:
            await self.mine_app.open_mine(row.mine_id)
