"""Help: every key of the current screen and the global ones, from the actions registry."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from minetui.i18n import _
from minetui.tui import actions
from minetui.tui.screens.base import BaseDialog, app_may


def help_table(scope: str, may: actions.Allowed = None) -> Table:
    """Key / description rows: the screen's own actions first, then the global ones (without those the
    signed-in user may never do)."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for action in actions.for_scope(scope, with_global=True, may=may):
        table.add_row(Text(actions.key_label(action)), Text(action.title))
    return table


class HelpScreen(BaseDialog):
    """A modal list of keys; esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape,q,question_mark", "cancel", "Close")]

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(Text(_("Keys"), style="bold"))
            with VerticalScroll():
                yield Static(help_table(self.scope, app_may(self)), id="help-keys")
            yield Static(Text(_("ctrl+p lists the same actions in the command palette. esc closes."), style="dim"))
