"""Modal dialogs: confirm, one required text, a district-zone proposal form, and a mine picker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from minetui.i18n import _
from minetui.services.mines.browse import MineListRow, find_mines
from minetui.tui.screens.base import BaseDialog


class ConfirmDialog(BaseDialog):
    """Yes/no: y or Enter on "Yes" confirms (True); n or esc cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [("y", "confirm", "Yes"), ("n", "cancel", "No")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.message))
            with Horizontal(classes="buttons"):
                yield Button(_("Yes (y)"), id="yes", variant="primary", compact=True)
                yield Button(_("No (n)"), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True if event.button.id == "yes" else None)


class TextDialog(BaseDialog):
    """Ask for one line of text; a required one refuses to close empty."""

    def __init__(self, title: str, prompt: str, *, required: bool = True) -> None:
        super().__init__()
        self.title_text, self.prompt, self.required = title, prompt, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Label(Text(self.prompt))
            yield Input(id="answer", compact=True)
            yield Static(Text(_("Enter saves, esc cancels."), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.required and not value:
            self.notify(_("This cannot be empty."), severity="warning")
            return
        self.dismiss(value)


@dataclass(frozen=True, slots=True)
class Proposal:
    name: str
    office_code: str
    basis: str


class ProposeDialog(BaseDialog):
    """The R-ZONE-2 proposal form: zone name, proposing office, basis. Enter in the last field submits."""

    def __init__(self, year: int, offices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.year, self.offices = year, offices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Propose a district zone for {year}").format(year=self.year), style="bold"))
            yield Label(_("Zone name"))
            yield Input(id="zone-name", compact=True)
            yield Label(_("Proposing NR office"))
            yield Select([(name, code) for code, name in self.offices], id="office", allow_blank=True,
                         prompt=_("choose an office"), compact=True)
            yield Label(_("Basis (document no.)"))
            yield Input(id="basis", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Propose"), id="ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#zone-name", Input).focus()
        if len(self.offices) == 1:
            self.query_one("#office", Select).value = self.offices[0][0]

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.submit()

    def submit(self) -> None:
        name = self.query_one("#zone-name", Input).value.strip()
        office = self.query_one("#office", Select).value
        if not name:
            self.notify(_("A zone needs a name."), severity="warning")
            return
        if not isinstance(office, str):
            self.notify(_("Choose the proposing office."), severity="warning")
            return
        self.dismiss(Proposal(name, office, self.query_one("#basis", Input).value.strip()))


class MinePicker(BaseDialog):
    """Find a mine by licence no. or name as you type; Enter picks it (dismisses with its id)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.found: list[MineListRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=_("licence no. or name"), id="search", compact=True)
            yield OptionList(id="found")
            yield Static(Text(_("↓ to the list, Enter picks, esc cancels."), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self.search("")

    def search(self, text: str) -> None:
        self.db("found", lambda ctx: find_mines(ctx, text))

    @on(Input.Changed, "#search")
    def changed(self, event: Input.Changed) -> None:
        self.search(event.value.strip())

    @on(Input.Submitted, "#search")
    def submitted(self) -> None:
        if len(self.found) == 1:
            self.dismiss(self.found[0].id)
        elif self.found:
            self.query_one("#found", OptionList).focus()

    def key_down(self) -> None:
        if self.query_one("#search", Input).has_focus and self.found:
            self.query_one("#found", OptionList).focus()

    def db_found(self, rows: list[MineListRow]) -> None:
        self.found = rows
        options = self.query_one("#found", OptionList)
        options.clear_options()
        options.add_options([Option(Text(f"{r.licence_no}  {r.name}"), id=str(r.id)) for r in rows])
        if rows:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#found")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))
