"""Any catalogue report as a table in the app (paged, sortable), and the catalogue itself as a list.

The report runs in a worker; the table shows one page of `page_size` rows (`[` `]` turn pages), `s` sorts by
the next column and `S` reverses; `y` copies the page as TSV, `e` exports the whole table, `v` saves the
report with its parameters and sort as a view. Enter on a row about a mine opens the mine.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from minetui.i18n import _, language
from minetui.io.output import NUMERIC_KINDS, Column
from minetui.services.reporting.catalogue import catalogue, run_report, sort_rows
from minetui.services.reporting.model import Report, ReportResult
from minetui.services.reporting.views import report_screen
from minetui.tui.format import text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.table_io import TableIO


def cell(value: Any, column: Column) -> Text:
    """A report value as table text: enum words, ISO dates, numbers right-aligned; never markup."""
    from minetui.i18n import label

    if value is not None and column.kind == "enum" and column.enum is not None:
        try:
            return Text(label(column.enum(value)))
        except ValueError:
            pass
    if column.kind == "bool" and value is not None:
        return Text(_("yes") if value else _("no"))
    shown = text(value)
    if column.kind in NUMERIC_KINDS:
        shown.justify = "right"
    return shown


class ReportScreen(TableIO, BaseScreen):
    SCOPE = "report"

    DEFAULT_CSS = """
    ReportScreen #report-body { height: 1fr; }
    ReportScreen #report-table { height: 1fr; }
    """

    def __init__(self, name: str, params: dict[str, Any] | None = None, *, sort_key: str | None = None,
                 descending: bool = False, view_name: str | None = None) -> None:
        super().__init__()
        self.report_name = name
        self.params = dict(params or {})
        self.sort_key = sort_key
        self.descending = descending
        self.view_name = view_name
        self.result: ReportResult | None = None
        self.rows: list[dict[str, Any]] = []
        self.page = 0

    @property
    def page_size(self) -> int:
        return max(10, self.ctx.config.page_size)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="report-body"):
            yield Static(_("Loading…"), id="report-bar", classes="status-line")
            yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="report-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-empty").display = False
        self.query_one("#report-table", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        name, params = self.report_name, dict(self.params)
        self.db("report", lambda ctx: run_report(ctx, name, params))

    def db_report(self, result: ReportResult) -> None:
        self.result = result
        self.params = dict(result.params)
        self.title = result.report.title()
        self.sub_title = self.view_name or ""
        self.rows = sort_rows(result.rows, self.sort_key, self.descending) if self.sort_key else result.rows
        self.page = 0
        table = self.query_one("#report-table", DataTable)
        table.clear(columns=True)
        for column in result.columns:
            table.add_column(column.title(language()), key=column.key)
        self.show_page()

    # --- what is shown -----------------------------------------------------------------------------------

    def page_rows(self) -> list[dict[str, Any]]:
        start = self.page * self.page_size
        return self.rows[start:start + self.page_size]

    def show_page(self) -> None:
        assert self.result is not None
        table = self.query_one("#report-table", DataTable)
        table.clear()
        columns = self.result.columns
        table.add_rows([[cell(row.get(c.key), c) for c in columns] for row in self.page_rows()])
        nothing = not self.rows
        table.display = not nothing
        empty = self.query_one("#report-empty", Static)
        empty.display = nothing
        empty.update(Text(_("This report has no rows for these parameters.")))
        self.show_bar()

    def pages(self) -> int:
        return max(1, -(-len(self.rows) // self.page_size))

    def show_bar(self) -> None:
        assert self.result is not None
        line = Text(self.result.report.heading(self.result.params), style="bold")
        line.append("   " + _("{n} rows · page {page} of {pages}").format(
            n=len(self.rows), page=self.page + 1, pages=self.pages()), style="dim")
        if self.sort_key:
            titles = {c.key: c.title(language()) for c in self.result.columns}
            arrow = " ↓" if self.descending else " ↑"
            line.append("   " + _("sorted by {column}").format(column=titles.get(self.sort_key, "") + arrow),
                        style="dim")
        self.query_one("#report-bar", Static).update(line)

    # --- keys ---------------------------------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        if self.result is None:
            return
        self.page = min(max(0, self.page + step), self.pages() - 1)
        self.show_page()

    def action_cycle_sort(self) -> None:
        if self.result is None or not self.result.columns:
            return
        keys = [c.key for c in self.result.columns]
        index = keys.index(self.sort_key) + 1 if self.sort_key in keys else 0
        self.sort_key, self.descending = keys[index % len(keys)], False
        self.resort()

    def action_reverse_sort(self) -> None:
        if self.result is None:
            return
        self.sort_key = self.sort_key or self.result.columns[0].key
        self.descending = not self.descending
        self.resort()

    def resort(self) -> None:
        assert self.result is not None and self.sort_key is not None
        self.rows = sort_rows(self.result.rows, self.sort_key, self.descending)
        self.page = 0
        self.show_page()

    def action_copy(self) -> None:
        if self.result is not None:
            self.copy_rows(self.result.columns, self.page_rows())

    def action_export(self) -> None:
        if self.result is None:
            return
        result = ReportResult(self.result.report, self.result.params, self.result.columns, self.rows)
        self.ask_export(self.report_name, lambda _ctx: result)

    def action_save_view(self) -> None:
        if self.result is not None:
            self.ask_save_view(report_screen(self.report_name), self.params, self.sort_key, self.descending)

    def action_open_view(self) -> None:
        self.ask_open_view()

    def current_row(self) -> dict[str, Any] | None:
        rows = self.page_rows()
        table = self.query_one("#report-table", DataTable)
        return rows[table.cursor_row] if rows and table.cursor_row < len(rows) else None

    @on(DataTable.RowSelected, "#report-table")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.current_row()
        if row is not None and row.get("mine_id"):
            await self.mine_app.open_mine(int(row["mine_id"]))


class ReportsScreen(TableIO, BaseScreen):
    """The catalogue: every report with its title; Enter opens it with default parameters."""

    SCOPE = "reports"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="catalogue", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Reports")
        self.reports: list[Report] = list(catalogue().values())
        table = self.query_one("#catalogue", DataTable)
        table.add_columns(_("Report"), _("Command-line name"), _("Parameters"))
        for report in self.reports:
            params = " ".join(p.flag for p in report.params)
            table.add_row(Text(report.title()), Text(report.name), Text(params))
        table.focus()

    @on(DataTable.RowSelected, "#catalogue")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        report = self.reports[event.cursor_row]
        await self.app.push_screen(ReportScreen(report.name))

    def action_open_view(self) -> None:
        self.ask_open_view()
