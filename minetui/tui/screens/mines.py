"""The mine list: filter as you type, sort, and keyset paging through SQL.

The table holds a window of at most two pages around the cursor. When the cursor nears an edge of the
window the next (or previous) page is fetched from the last (first) row's keyset cursor and the far page
is dropped. `G` reads the last page with the order reversed. Counting runs once per filter change.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from minetui.domain.paging import PageCursor
from minetui.i18n import _
from minetui.services.mines.browse import MineListRow, MinePage, MineQuery, count_mines, page_mines
from minetui.tui.format import short_office, text
from minetui.tui.paging import Fetch
from minetui.tui.screens.base import BaseScreen
from minetui.tui.table_io import TableIO
from minetui.tui.widgets.window_table import WindowTable
from minetui.tui.workers import DbResult, thread_context

FILTER_DEBOUNCE_S = 0.2


def column_titles() -> list[str]:
    """What a clerk scans first comes first, so that at 80 columns the status and office stay on screen;
    the long rights-holder name goes last."""
    return [_("Licence no."), _("Name"), _("Status"), _("NR office"), _("Method"), _("Valid to"),
            _("Rights holder")]


def sort_titles() -> dict[str, str]:
    return {"licence_no": _("Licence no."), "name": _("Name"), "holder": _("Rights holder"),
            "office": _("NR office")}


def row_cells(row: MineListRow) -> list[Text]:
    """The table cells of a mine, as Text (a name like `[b]甲[/b]矿` keeps its brackets)."""
    office = short_office(row.office_name or row.office_code)
    return [text(row.licence_no), text(row.name), text(row.status), text(office), text(row.method),
            text(row.valid_to), text(row.holder)]


class PageLoaded(Message):
    def __init__(self, fetch: Fetch, page: MinePage) -> None:
        super().__init__()
        self.fetch, self.page = fetch, page


class CountLoaded(Message):
    def __init__(self, text: str, total: int) -> None:
        super().__init__()
        self.text, self.total = text, total


class MinesScreen(TableIO, BaseScreen):
    SCOPE = "mines"

    def __init__(self, query: MineQuery | None = None) -> None:
        super().__init__()
        self.query_state = query or MineQuery()
        self.rows: list[MineListRow] = []
        self.window_start: int | None = 0  # absolute position of rows[0] in the whole list, when known
        self.at_start = True
        self.at_end = True
        self.total: int | None = None
        self.generation = 0
        self.fetching = False
        self._debounce: Timer | None = None

    @property
    def page_size(self) -> int:
        return max(10, self.ctx.config.page_size)

    @property
    def margin(self) -> int:
        """Fetch more when the cursor is this close to an edge of the window."""
        return max(3, self.page_size // 5)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="mines-body"):
            hint = _("/ filter: licence no., name, holder, office, mineral")
            yield Input(placeholder=hint, id="filter", compact=True)
            yield WindowTable(id="mines", cursor_type="row", zebra_stripes=True)
            yield Static(id="mines-empty", classes="empty")
            yield Static(id="mines-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Mines")
        table = self.query_one("#mines", DataTable)
        for title in column_titles():
            table.add_column(title)
        self.query_one("#mines-empty").display = False
        self.query_one("#filter", Input).value = self.query_state.text
        table.focus()
        self.restart(count=True)

    # --- loading ---------------------------------------------------------------------------------------------

    def restart(self, *, count: bool, from_end: bool = False) -> None:
        """Drop the window and read it again from the start (or the end) of the list."""
        self.generation += 1
        self.fetching = True
        if count:
            self.total = None
            self.load_count(self.query_state)
        self.load_page(Fetch("end" if from_end else "start", self.generation), self.query_state, None, from_end)

    @work(thread=True, exclusive=True, group="mines-page", exit_on_error=False)
    def load_page(self, fetch: Fetch, query: MineQuery, after: PageCursor | None, backwards: bool) -> None:
        try:
            with thread_context(self.ctx) as ctx:
                page = page_mines(ctx, query, after, backwards=backwards, limit=self.page_size)
        except Exception as exc:
            self.post_message(DbResult("page", error=exc))
        else:
            self.post_message(PageLoaded(fetch, page))

    @work(thread=True, exclusive=True, group="mines-count", exit_on_error=False)
    def load_count(self, query: MineQuery) -> None:
        try:
            with thread_context(self.ctx) as ctx:
                total = count_mines(ctx, query)
        except Exception as exc:
            self.post_message(DbResult("count", error=exc))
        else:
            self.post_message(CountLoaded(query.text, total))

    def db_page_failed(self, _error: BaseException) -> None:
        self.fetching = False

    def fetch_more(self, forward: bool) -> None:
        """One more page after the window's last row (or before its first)."""
        if self.fetching or not self.rows:
            return
        self.fetching = True
        edge = self.rows[-1] if forward else self.rows[0]
        fetch = Fetch("next" if forward else "prev", self.generation)
        self.load_page(fetch, self.query_state, edge.cursor, not forward)

    @on(CountLoaded)
    def count_loaded(self, message: CountLoaded) -> None:
        if message.text != self.query_state.text:
            return
        self.total = message.total
        if self.window_start is None and self.at_end:
            self.window_start = max(0, self.total - len(self.rows))
        self.show_status()
        self.show_empty()

    @on(PageLoaded)
    def page_loaded(self, message: PageLoaded) -> None:
        if message.fetch.generation != self.generation:
            return
        self.fetching = False
        page, mode = message.page, message.fetch.mode
        keep = self.current_row()
        if mode == "start":
            self.rows, self.window_start, self.at_start, self.at_end = page.rows, 0, True, not page.more
            target = 0
        elif mode == "end":
            self.rows, self.at_start, self.at_end = page.rows, not page.more, True
            self.window_start = None if self.total is None else max(0, self.total - len(page.rows))
            target = len(page.rows) - 1
        elif mode == "next":
            self.extend_window(page)
            target = self.index_of(keep)
        else:
            self.prepend_window(page)
            target = self.index_of(keep)
        self.render_rows(max(0, target))

    def extend_window(self, page: MinePage) -> None:
        self.rows = self.rows + page.rows
        self.at_end = not page.more
        excess = len(self.rows) - 2 * self.page_size
        if excess > 0:
            self.rows = self.rows[excess:]
            self.at_start = False
            if self.window_start is not None:
                self.window_start += excess

    def prepend_window(self, page: MinePage) -> None:
        self.rows = page.rows + self.rows
        self.at_start = not page.more
        if self.window_start is not None:
            self.window_start = max(0, self.window_start - len(page.rows))
        if len(self.rows) > 2 * self.page_size:
            self.rows = self.rows[: 2 * self.page_size]
            self.at_end = False

    def index_of(self, row: MineListRow | None) -> int:
        if row is None:
            return 0
        for index, candidate in enumerate(self.rows):
            if candidate.id == row.id:
                return index
        return 0

    def render_rows(self, cursor: int) -> None:
        """Put the window into the table and the cursor on row `cursor`."""
        table = self.query_one("#mines", WindowTable)
        table.replace_rows([row_cells(r) for r in self.rows])
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1), animate=False)
        self.show_status()
        self.show_empty()

    # --- what is shown around the table ----------------------------------------------------------------------

    def current_row(self) -> MineListRow | None:
        table = self.query_one("#mines", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def position_text(self) -> str:
        """'N of M': the cursor's place in the whole (filtered) list, M counted once per filter."""
        total = "…" if self.total is None else str(self.total)
        if not self.rows:
            return _("{n} of {m}").format(n=0, m=total)
        row = self.query_one("#mines", DataTable).cursor_row
        place = "?" if self.window_start is None else str(self.window_start + row + 1)
        return _("{n} of {m}").format(n=place, m=total)

    def show_status(self) -> None:
        sort = sort_titles()[self.query_state.sort] + (" ↓" if self.query_state.descending else " ↑")
        line = Text(self.position_text())
        line.append("   " + _("sorted by {column}").format(column=sort), style="dim")
        if self.query_state.text:
            line.append("   " + _("filter: "), style="dim")
            line.append(self.query_state.text)
        self.query_one("#mines-status", Static).update(line)

    def show_empty(self) -> None:
        empty = self.query_one("#mines-empty", Static)
        table = self.query_one("#mines", DataTable)
        nothing = not self.rows and self.total == 0
        empty.display = nothing
        table.display = not nothing
        if not nothing:
            return
        if self.query_state.text:
            message = Text(_("No mine matches “{text}”. Press esc to clear the filter.").format(
                text=self.query_state.text))
        else:
            message = Text(_("No mines yet. Import the bureau's list first:") + "\n\n"
                           "  minetui import offices FILE\n  minetui import mines FILE\n\n"
                           + _("or open the demo database from the home screen (h, then d)."))
        empty.update(message)

    # --- reacting to the user --------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#mines")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_status()
        row = self.query_one("#mines", DataTable).cursor_row
        if row >= len(self.rows) - self.margin and not self.at_end:
            self.fetch_more(forward=True)
        elif row < self.margin and not self.at_start:
            self.fetch_more(forward=False)

    @on(DataTable.RowSelected, "#mines")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(FILTER_DEBOUNCE_S, self.apply_filter)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.apply_filter()
        self.query_one("#mines", DataTable).focus()

    def apply_filter(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        text_now = self.query_one("#filter", Input).value.strip()
        if text_now == self.query_state.text:
            return
        self.query_state = MineQuery(text_now, self.query_state.sort, self.query_state.descending)
        self.restart(count=True)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        """esc: clear the filter (and leave its input); with no filter, go back."""
        box = self.query_one("#filter", Input)
        if box.value or self.query_state.text:
            box.value = ""
            self.apply_filter()
            self.query_one("#mines", DataTable).focus()
        elif box.has_focus:
            self.query_one("#mines", DataTable).focus()
        else:
            self.app.pop_screen()

    def action_cycle_sort(self) -> None:
        self.query_state = self.query_state.next_sort()
        self.restart(count=False)

    def action_reverse_sort(self) -> None:
        self.query_state = self.query_state.reversed()
        self.restart(count=False)

    def action_cursor_down(self) -> None:
        self.query_one("#mines", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#mines", DataTable).action_cursor_up()

    def action_first(self) -> None:
        if self.at_start:
            self.query_one("#mines", DataTable).move_cursor(row=0)
        else:
            self.restart(count=False)

    def action_last(self) -> None:
        if self.at_end and self.rows:
            self.query_one("#mines", DataTable).move_cursor(row=len(self.rows) - 1)
        else:
            self.restart(count=False, from_end=True)

    async def action_open(self) -> None:
        row = self.current_row()
        if row is not None:
            await self.mine_app.open_mine(row.id)

    # --- copy, export and saved views (tui/table_io.py) ------------------------------------------------------

    def view_params(self) -> dict[str, object]:
        """The list's filter and sort as the parameters of the catalogue's `mines` report."""
        query = self.query_state
        return {"text": query.text, "sort": query.sort, "descending": query.descending}

    def action_copy(self) -> None:
        """y: the rows the table holds now (the window around the cursor) as TSV."""
        from minetui.services.reporting.rows import mine_columns

        rows = [{"licence_no": r.licence_no, "name": r.name, "status": r.status, "office_name": r.office_name,
                 "method": r.method, "valid_to": r.valid_to, "holder": r.holder, "minerals": r.minerals}
                for r in self.rows]
        self.copy_rows(mine_columns(), rows)

    def action_export(self) -> None:
        """e: the whole filtered list, in the list's order, to a file."""
        self.export_report("mines", self.view_params())

    def action_save_view(self) -> None:
        query = self.query_state
        self.ask_save_view("mines", self.view_params(), query.sort, query.descending)

    def action_open_view(self) -> None:
        self.ask_open_view()
