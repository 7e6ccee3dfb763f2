"""What the verification, survey and spot-check screens share: a year's list with an office filter (or one
mine's), a read-only detail screen, and how findings and states are shown.

A list screen loads its rows in a worker (`load`), shows them in one DataTable with the cursor kept on the
same row across reloads, switches the year with `[`/`]` and the office with `f`; Enter opens the detail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.inspections.findings import FindingView
from minetui.tui.format import next_in_cycle, text
from minetui.tui.screens.base import BaseScreen

STATE_STYLES = {"done": "green", "overdue": "bold red"}


def state_text(state: Enum) -> Text:
    """A task state in its colour: done green, overdue red, open/planned plain."""
    return text(state, style=STATE_STYLES.get(str(state.value), ""))


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def pairs(rows: Sequence[tuple[str, object]]) -> Table:
    """Label / value lines; values are plain Text (never markup)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, value in rows:
        table.add_row(title, value if isinstance(value, Text) else text(value))
    return table


def findings_view(findings: Sequence[FindingView], kind_title: Callable[[str], str] = str) -> RenderableType:
    """The findings an inspection raised, each with the section its lead goes to."""
    if not findings:
        return Text(_("No finding raised."), style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False)
    for title in (_("Finding"), _("Lead to"), _("Rule"), _("Note")):
        table.add_column(title)
    for finding in findings:
        table.add_row(text(kind_title(finding.kind)), text(finding.receiver, style="bold"), text(finding.rule),
                      text(finding.note))
    return table


def findings_lines(findings: Sequence[FindingView], kind_title: Callable[[str], str] = str) -> list[str]:
    """One line per finding for a notification: what, and the section the lead goes to."""
    return [_("Finding: {kind} → lead to {receiver}").format(kind=kind_title(f.kind), receiver=label(f.receiver))
            for f in findings]


@dataclass(frozen=True, slots=True)
class ListData:
    """One load of a list screen: the filter it was made for, its rows, and the offices to cycle through."""

    year: int
    office: str | None
    mine_id: int | None
    rows: list[Any]
    offices: list[tuple[str, str]]
    extra: Any = None
    mine_name: str = ""


class InspectionList(BaseScreen):
    """A year's tasks of one kind. Subclasses give `TITLE_TEXT`, `load`, `columns`, `cells`, `key_of`, `open_row`."""

    TITLE_TEXT = ""

    DEFAULT_CSS = """
    InspectionList #insp-body { height: 1fr; }
    InspectionList #insp-rows { height: 1fr; }
    InspectionList #insp-note { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, year: int | None = None, mine_id: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.mine_id = mine_id
        self.office: str | None = None
        self.data: ListData | None = None
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="insp-body"):
            yield Static(id="insp-bar", classes="status-line")
            yield DataTable(id="insp-rows", cursor_type="row", zebra_stripes=True)
            yield Static(id="insp-empty", classes="empty")
            yield Static(id="insp-note")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _(self.TITLE_TEXT)
        if self.year is None:
            self.year = self.ctx.today.year
        self.query_one("#insp-empty").display = False
        self.query_one("#insp-rows", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- for subclasses --------------------------------------------------------------------------------------

    def load(self, ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
        raise NotImplementedError

    def columns(self) -> list[str]:
        raise NotImplementedError

    def cells(self, row: Any) -> list[Text]:
        raise NotImplementedError

    def key_of(self, row: Any) -> object:
        raise NotImplementedError

    async def open_row(self, row: Any) -> None:
        raise NotImplementedError

    def empty_message(self) -> str:
        return _("Nothing in {year}.").format(year=self.year)

    def note(self) -> RenderableType:
        return ""

    def bar_extra(self) -> str:
        return ""

    def shown_rows(self) -> list[Any]:
        return self.data.rows if self.data else []

    # --- loading ---------------------------------------------------------------------------------------------

    def reload(self) -> None:
        year, office, mine_id = self.year or self.ctx.today.year, self.office, self.mine_id
        self.db("rows", lambda ctx: self.load(ctx, year, office, mine_id))

    def db_rows(self, data: ListData) -> None:
        if (data.year, data.office, data.mine_id) != (self.year, self.office, self.mine_id):
            return  # an older request; the newer one is on its way
        keep = self.current_row()
        self.data = data
        self.show_rows(keep)

    def show_rows(self, keep: Any = None) -> None:
        """The rows, with the cursor on the same one as before when it is still there."""
        self.rows = self.shown_rows()
        table = self.query_one("#insp-rows", DataTable)
        table.clear(columns=True)
        for title in self.columns():
            table.add_column(title)
        table.add_rows([self.cells(r) for r in self.rows])
        if self.rows:
            keys = [self.key_of(r) for r in self.rows]
            wanted = self.key_of(keep) if keep is not None else None
            table.move_cursor(row=keys.index(wanted) if wanted in keys else 0, animate=False)
        nothing = not self.rows
        table.display = not nothing
        empty = self.query_one("#insp-empty", Static)
        empty.display = nothing
        empty.update(Text(self.empty_message()))
        self.query_one("#insp-note", Static).update(self.note())
        self.show_bar()

    def office_name(self) -> str:
        if self.office is None:
            return _("all offices")
        return dict(self.data.offices if self.data else []).get(self.office, self.office)

    def show_bar(self) -> None:
        line = Text(str(self.year), style="bold")
        if self.mine_id is not None:
            line.append(" · " + (self.data.mine_name if self.data else ""))
        else:
            line.append(" · " + self.office_name())
        extra = self.bar_extra()
        if self.data is not None and not extra:
            line.append(" · " + _("{n} rows").format(n=len(self.rows)), style="dim")
        if extra:
            line.append(" · " + extra)
        self.query_one("#insp-bar", Static).update(line)

    def current_row(self) -> Any:
        table = self.query_one("#insp-rows", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys ------------------------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        self.year = (self.year or self.ctx.today.year) + step
        self.reload()

    def action_cycle_office(self) -> None:
        codes: list[str | None] = [None, *(code for code, _name in (self.data.offices if self.data else []))]
        self.office = next_in_cycle(codes, self.office)
        self.reload()

    def action_cursor_down(self) -> None:
        self.query_one("#insp-rows", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#insp-rows", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#insp-rows")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        row = self.current_row()
        if row is not None:
            await self.open_row(row)

    def chosen(self) -> Any:
        """The row under the cursor, or a warning that there is none."""
        row = self.current_row()
        if row is None:
            self.notify(_("Choose a row first."), severity="warning")
        return row


class InspectionDetailScreen(BaseScreen):
    """A read-only page about one task (built in a worker by `build`); j/k scroll, esc goes back."""

    SCOPE = "inspection_detail"

    def __init__(self, title: str, build: Callable[[Context], RenderableType]) -> None:
        super().__init__()
        self.page_title, self.build = title, build

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(_("Loading…"), id="insp-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.page_title
        self.query_one("#detail-body").focus()
        self.db("page", self.build)

    def db_page(self, page: RenderableType) -> None:
        self.query_one("#insp-detail", Static).update(page)

    def action_scroll_body(self, step: int) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_relative(y=3 * step, animate=False)


def page(*parts: RenderableType) -> Group:
    """Sections of a detail page separated by blank lines."""
    found: list[RenderableType] = []
    for part in parts:
        if found:
            found.append(Text(""))
        found.append(part)
    return Group(*found)


def inspection_screen(kind: str, year: int | None = None, mine_id: int | None = None) -> InspectionList:
    """The list screen of one kind: 'verification', 'surveys' or 'spotchecks' (of one mine when given)."""
    from minetui.tui.screens.spotchecks import SpotChecksScreen
    from minetui.tui.screens.surveys import SurveysScreen
    from minetui.tui.screens.verification import VerificationScreen

    screens: dict[str, type[InspectionList]] = {"verification": VerificationScreen, "surveys": SurveysScreen,
                                                "spotchecks": SpotChecksScreen}
    return screens[kind](year, mine_id)
