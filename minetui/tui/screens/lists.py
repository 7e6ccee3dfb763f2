"""The lists (R-LIST-1): entries on the 异常名录 and the 严重失信主体名单 — kind, holder, licence, dates in, review and
out, reason, deciding authority, legal basis. `f` shows current / due for review / removed / all entries, `t`
one list or both; `x` removes the entry under the cursor (reason and date out); Enter opens the lead the entry
came from, or the mine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from minetui.domain.leads.lists import ListKind
from minetui.domain.normalize import ParseError, parse_date
from minetui.i18n import N_, _, label
from minetui.services.core.context import Context
from minetui.services.leads.lists import EntryRow, entries, remove_entry
from minetui.tui.format import text
from minetui.tui.screens.base import BaseDialog, BaseScreen


class Shown(StrEnum):
    CURRENT = "current"
    DUE = "due"
    REMOVED = "removed"
    ALL = "all"


SHOWN_TITLES = {Shown.CURRENT: N_("current entries"), Shown.DUE: N_("due for review"),
                Shown.REMOVED: N_("removed entries"), Shown.ALL: N_("all entries")}
KINDS: tuple[ListKind | None, ...] = (None, *ListKind)
HOLDER_WIDTH = 20


def load_entries(ctx: Context) -> list[EntryRow]:
    """(worker) Every entry, current and removed, newest first."""
    return entries(ctx, current_only=False)


def shown(rows: list[EntryRow], which: Shown, kind: ListKind | None) -> list[EntryRow]:
    def passes(row: EntryRow) -> bool:
        return {Shown.CURRENT: row.date_out is None, Shown.DUE: row.review_due,
                Shown.REMOVED: row.date_out is not None, Shown.ALL: True}[which]

    return [r for r in rows if passes(r) and kind in (None, r.kind)]


def entry_cells(row: EntryRow) -> list[Text]:
    """List, date in, review on (red when due), date out, holder, reason, licence, authority, legal basis — the
    dates first, so that they stay in view at 80 columns."""
    kind = text(row.kind, style="bold red" if row.kind is ListKind.SERIOUS else "bold")
    review = text(row.review_on, style="bold red" if row.review_due else "")
    holder = text(row.holder)
    holder.truncate(HOLDER_WIDTH, overflow="ellipsis")
    return [kind, text(row.date_in), review, text(row.date_out), holder, text(row.reason), text(row.licence_no),
            text(row.authority), text(row.legal_basis)]


def column_titles() -> list[str]:
    return [_("List"), _("Date in"), _("Review on"), _("Date out"), _("Rights holder"), _("Reason"),
            _("Licence no."), _("Deciding authority"), _("Legal basis")]


@dataclass(frozen=True, slots=True)
class Removal:
    reason: str
    date_out: date


class RemoveDialog(BaseDialog):
    """Why and when the entry comes off its list (移出); dismisses with a Removal."""

    holds_input = True

    DEFAULT_CSS = """
    RemoveDialog .remove-row { height: auto; }
    RemoveDialog .remove-label { width: 12; }
    RemoveDialog .remove-row Input { background: $primary 15%; }
    RemoveDialog .remove-row Input { width: 1fr; margin: 0; }
    """

    def __init__(self, entry: EntryRow, today: date) -> None:
        super().__init__()
        self.entry, self.today = entry, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Remove from the {list}").format(list=label(self.entry.kind)), style="bold"))
            yield Static(Text(f"{self.entry.holder}  {self.entry.licence_no}"))
            with Horizontal(classes="remove-row"):
                yield Label(_("Reason"), classes="remove-label")
                yield Input(id="remove-reason", compact=True, placeholder=_("e.g. rectified"))
            with Horizontal(classes="remove-row"):
                yield Label(_("Date out"), classes="remove-label")
                yield Input(self.today.isoformat(), id="remove-date", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Remove"), id="ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        for field in self.query(".remove-row Input"):
            field.styles.margin = 0  # one line per field (app.tcss spaces dialog inputs out)
        self.query_one("#remove-reason", Input).focus()

    @on(Input.Submitted, "#remove-reason")
    def reason_entered(self) -> None:
        self.query_one("#remove-date", Input).focus()

    @on(Input.Submitted, "#remove-date")
    def date_entered(self) -> None:
        self.submit()

    def submit(self) -> None:
        reason = self.query_one("#remove-reason", Input).value.strip()
        if not reason:
            self.notify(_("Removing an entry needs a reason."), severity="warning")
            return
        try:
            day = parse_date(self.query_one("#remove-date", Input).value)
        except ParseError:
            self.notify(_("The date out is not a date (use 2025-06-15)."), severity="warning")
            return
        self.dismiss(Removal(reason, day))


class ListsScreen(BaseScreen):
    SCOPE = "lists"

    DEFAULT_CSS = """
    ListsScreen #lists-body { height: 1fr; }
    ListsScreen #entries { height: 1fr; }
    """

    def __init__(self, which: Shown = Shown.CURRENT) -> None:
        super().__init__()
        self.which = which
        self.kind: ListKind | None = None
        self.all_rows: list[EntryRow] | None = None
        self.rows: list[EntryRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="lists-body"):
            yield Static(id="lists-bar", classes="status-line")
            yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
            yield Static(id="lists-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Abnormal and serious-dishonesty lists")
        table = self.query_one("#entries", DataTable)
        for title in column_titles():
            table.add_column(title)
        self.query_one("#lists-empty").display = False
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.db("entries", load_entries)

    def db_entries(self, rows: list[EntryRow]) -> None:
        keep = self.current_row()
        self.all_rows = rows
        self.show_rows(keep)

    def show_rows(self, keep: EntryRow | None = None) -> None:
        self.rows = shown(self.all_rows or [], self.which, self.kind)
        table = self.query_one("#entries", DataTable)
        table.clear()
        table.add_rows([entry_cells(r) for r in self.rows])
        if self.rows:
            ids = [r.id for r in self.rows]
            table.move_cursor(row=ids.index(keep.id) if keep is not None and keep.id in ids else 0, animate=False)
        nothing = self.all_rows is not None and not self.rows
        table.display = not nothing
        empty = self.query_one("#lists-empty", Static)
        empty.display = nothing
        if nothing:
            empty.update(Text(_("No entry here: press f or t to show others.") if self.all_rows
                              else _("No one is on either list yet.")))
        self.show_bar()

    def show_bar(self) -> None:
        line = Text(_(SHOWN_TITLES[self.which]), style="bold")
        line.append(" · " + (label(self.kind) if self.kind else _("both lists")))
        if self.all_rows is not None:
            due = sum(r.review_due for r in self.all_rows)
            line.append(" · " + _("{n} entries").format(n=len(self.rows)), style="dim")
            if due:
                line.append(" · " + _("{n} due for review").format(n=due), style="bold red")
        self.query_one("#lists-bar", Static).update(line)

    def current_row(self) -> EntryRow | None:
        table = self.query_one("#entries", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys ------------------------------------------------------------------------------------------------

    def action_cycle_shown(self) -> None:
        order = list(Shown)
        self.which = order[(order.index(self.which) + 1) % len(order)]
        self.show_rows(self.current_row())

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.show_rows(self.current_row())

    def action_remove(self) -> None:
        row = self.current_row()
        if row is None:
            self.notify(_("Choose an entry first."), severity="warning")
            return
        if row.date_out is not None:
            self.notify(_("This entry was removed on {day}.").format(day=row.date_out), severity="warning")
            return
        self.app.push_screen(RemoveDialog(row, self.ctx.today), lambda removal: self.remove_entry(row, removal))

    def remove_entry(self, row: EntryRow, removal: Removal | None) -> None:
        if removal is not None:
            self.db("removed", lambda ctx: remove_entry(ctx, row.id, removal.reason, date_out=removal.date_out,
                                                        version=row.version))

    def db_removed(self, row: EntryRow) -> None:
        self.notify(_("{holder} removed from the {list} on {day}.").format(
            holder=row.holder, list=label(row.kind), day=row.date_out), markup=False)
        self.reload()

    def db_removed_failed(self, error: BaseException) -> None:
        self.reload()

    def action_cursor_down(self) -> None:
        self.query_one("#entries", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#entries", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#entries")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        from minetui.tui.screens.lead_detail import LeadDetailScreen

        row = self.current_row()
        if row is None:
            return
        if row.lead_id is not None:
            await self.app.push_screen(LeadDetailScreen(row.lead_id))
        else:
            await self.mine_app.open_mine(row.mine_id)
