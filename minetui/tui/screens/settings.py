"""The bureau's settings (services/core/settings): every setting with its label, value and source (default or set),
the working-day calendar above them (where its official holidays come from, the years it knows, the bureau's
closures, and a warning for a year it does not know), and below the table what the highlighted setting means.

Everyone may read it; only a user whose role may change a setting (the admin) sees the keys to edit (Enter, e)
and to put a setting back to its default (x). The edit dialog checks the value as it is saved and shows what is
wrong in words, keeping what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from minetui.errors import ServiceError
from minetui.i18n import _, label
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.core.settings import CalendarSummary, Setting, SettingRefused, SettingRow, Source
from minetui.services.core.settings.kinds import write_dates
from minetui.tui.screens.base import BaseDialog, BaseScreen
from minetui.tui.widgets.dialogs import ConfirmDialog

VALUE_WIDTH = 24  # cells of a value in the table; the whole value is below it


@dataclass(frozen=True, slots=True)
class SettingsPage:
    rows: list[SettingRow]
    calendar: CalendarSummary


def load_page(ctx: Context) -> SettingsPage:
    """(worker) Every setting as listed, and what the working-day calendar knows."""
    return SettingsPage(settings.setting_rows(ctx), settings.calendar_summary(ctx))


def cut(value: str, width: int = VALUE_WIDTH) -> Text:
    line = Text(" ".join(value.split()), no_wrap=True, overflow="ellipsis")
    if cell_len(line.plain) > width:
        line.truncate(width, overflow="ellipsis")
    return line


def row_cells(row: SettingRow) -> list[Text]:
    """Label, value (red when the stored value does not parse), source, key."""
    source = Text(label(row.source), style="bold" if row.source is Source.STORED else "dim")
    value = cut(row.shown)
    if row.problem:
        value.stylize("bold red")
    return [Text(row.setting.title), value, source, Text(row.setting.key, style="dim")]


def calendar_text(summary: CalendarSummary, may_edit: bool) -> Text:
    """The calendar in one line or two, its warnings, and whether the user may change anything."""
    line = Text(_("Working days: {source} ({first}–{last}); bureau closures: {closures}").format(
        source=summary.source, first=summary.first_year, last=summary.last_year,
        closures=write_dates(summary.closures) or _("none")))
    for warning in summary.warnings:
        line.append("\n" + warning, style="bold yellow")
    if not may_edit:
        line.append("\n" + _("Read only: only an administrator may change settings."), style="dim")
    return line


def detail_text(row: SettingRow) -> Text:
    """What the highlighted setting means, its whole value and its default."""
    setting = row.setting
    text = Text(f"{setting.title}  ", style="bold")
    text.append(setting.key, style="dim")
    text.append("\n" + setting.explanation)
    text.append("\n" + _("Value: {value}").format(value=row.shown))
    if row.source is Source.STORED:
        text.append("  " + _("(default: {value})").format(value=setting.kind.shown(setting.default)), style="dim")
    if row.problem:
        text.append("\n" + row.problem, style="bold red")
    return text


class SettingDialog(BaseDialog):
    """Change one setting: the value is checked when saved; what is wrong is said in the dialog, and what was typed
    stays. Dismisses with the stored text."""

    holds_input = True

    DEFAULT_CSS = """
    SettingDialog #setting-error { color: $error; text-style: bold; height: auto; }
    """

    def __init__(self, row: SettingRow) -> None:
        super().__init__()
        self.row = row

    @property
    def setting(self) -> Setting[Any]:
        return self.row.setting

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Change the setting: {label}").format(label=self.setting.title), style="bold"))
            yield Static(Text(self.setting.explanation))
            default = self.setting.kind.shown(self.setting.default)
            yield Static(Text(_("Default: {value}").format(value=default) + f"   {self.setting.key}", style="dim"))
            yield Label(_("New value"))
            yield Input(self.row.text, id="setting-value", compact=True)
            yield Static(id="setting-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#setting-error").display = False
        self.query_one("#setting-value", Input).focus()

    @on(Input.Submitted, "#setting-value")
    def submitted(self) -> None:
        self.submit()

    def submit(self) -> None:
        text = self.query_one("#setting-value", Input).value
        try:
            self.setting.read(text.strip())  # said at once, before anything is written
        except SettingRefused as refused:
            self.show_error(refused.why)
            return
        key = self.setting.key
        self.db("saved", lambda ctx: settings.set_setting(ctx, key, text))

    def db_saved(self, stored: str) -> None:
        self.dismiss(stored)

    def db_saved_failed(self, error: BaseException) -> None:
        self.show_error(str(error))

    def report_error(self, error: BaseException) -> None:
        """A refusal is said in the dialog (db_saved_failed), not as a notification that would cover it."""
        if not isinstance(error, ServiceError):
            super().report_error(error)

    def show_error(self, message: str) -> None:
        error = self.query_one("#setting-error", Static)
        error.update(Text(message))
        error.display = True
        self.query_one("#setting-value", Input).focus()


class SettingsScreen(BaseScreen):
    SCOPE = "settings"

    DEFAULT_CSS = """
    SettingsScreen #settings-body { height: 1fr; }
    SettingsScreen #settings-calendar { height: auto; padding: 0 1; background: $boost; }
    SettingsScreen #settings-table { height: 1fr; }
    SettingsScreen #settings-detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SettingRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="settings-body"):
            yield Static(id="settings-calendar")
            yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="settings-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Settings")
        table = self.query_one("#settings-table", DataTable)
        for title in (_("Setting"), _("Value"), _("Source"), _("Key")):
            table.add_column(title)
        table.focus()
        self.reload()

    @property
    def may_edit(self) -> bool:
        """Whether the user may change any setting at all (else the screen says it is read only)."""
        return any(self.mine_app.may(s.action) for s in settings.SETTINGS)

    def reload(self) -> None:
        self.db("page", load_page)

    def db_page(self, page: SettingsPage) -> None:
        table = self.query_one("#settings-table", DataTable)
        keep = table.cursor_row if table.row_count else 0
        self.rows = page.rows
        table.clear()
        table.add_rows([row_cells(r) for r in self.rows])
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1), animate=False)
        self.query_one("#settings-calendar", Static).update(calendar_text(page.calendar, self.may_edit))
        self.show_detail()

    def current_row(self) -> SettingRow | None:
        table = self.query_one("#settings-table", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def show_detail(self) -> None:
        row = self.current_row()
        self.query_one("#settings-detail", Static).update(detail_text(row) if row is not None else "")

    @on(DataTable.RowHighlighted, "#settings-table")
    def highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#settings-table")
    def selected(self) -> None:
        self.action_edit()

    # --- keys ------------------------------------------------------------------------------------------------

    def action_edit(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not self.mine_app.may(row.setting.action):
            self.notify(_("Read only: only an administrator may change settings."), severity="warning")
            return
        self.app.push_screen(SettingDialog(row), lambda stored: self.edited(row, stored))

    def edited(self, row: SettingRow, stored: str | None) -> None:
        if stored is not None:
            self.notify(_("{label} is now {value}.").format(label=row.setting.title, value=stored), markup=False)
            self.reload()

    def action_reset(self) -> None:
        row = self.current_row()
        if row is None or not self.mine_app.may(row.setting.action):
            return
        if row.source is Source.DEFAULT:
            self.notify(_("{label} already has its default value.").format(label=row.setting.title),
                        severity="warning", markup=False)
            return
        question = _("Put {label} back to its default ({value})?").format(
            label=row.setting.title, value=row.setting.kind.shown(row.setting.default))
        self.app.push_screen(ConfirmDialog(question), lambda yes: self.reset(row) if yes else None)

    def reset(self, row: SettingRow) -> None:
        key = row.setting.key
        self.db("reset", lambda ctx: settings.reset_setting(ctx, key))

    def db_reset(self, _result: None) -> None:
        row = self.current_row()
        if row is not None:
            self.notify(_("{label} is back to its default.").format(label=row.setting.title), markup=False)
        self.reload()
