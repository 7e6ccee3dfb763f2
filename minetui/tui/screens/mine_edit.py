"""Edit a mine's licence facts (key E on the mine detail), saved through services.mines.update_mine.

The form remembers the version it was read at. When someone else saved the mine in between, the save is
refused (StaleRecord) and `StaleDialog` shows, field by field, what the database holds now beside what the
clerk typed: "reload" discards the clerk's values and shows theirs; "keep editing" takes their values and the
new version for every field the clerk did not touch and keeps what the clerk changed, so that the next save —
after the clerk has seen both — deliberately replaces theirs only in those fields.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from minetui.domain.model import MineScale, MiningMethod
from minetui.errors import StaleRecord
from minetui.i18n import _, label
from minetui.services.mines.edit import EDITABLE, MineEditRefused, MineEditView, edit_view, update_mine
from minetui.tui import actions
from minetui.tui.screens.base import BaseDialog, DbMixin
from minetui.tui.widgets.dialogs import ConfirmDialog

SELECTS = ("method", "scale", "forest_grass")


def field_titles() -> dict[str, str]:
    """The label of each editable field, in the UI language."""
    return {
        "name": _("Mine name"), "holder": _("Rights holder"), "credit_code": _("Credit code"),
        "minerals": _("Minerals"), "method": _("Method"), "scale": _("Scale"), "town": _("Town"),
        "villages": _("Villages"), "area_km2": _("Area km²"), "depth_top_m": _("Depth top (m)"),
        "depth_bottom_m": _("Depth bottom (m)"), "valid_from": _("Valid from"), "valid_to": _("Valid to"),
        "forest_grass": _("Affects forest/grassland"),
    }


def shown(field: str, value: str) -> str:
    """A form value as a person reads it (enum words, yes/no); text stays exactly as typed."""
    if field == "method" and value in {m.value for m in MiningMethod}:
        return label(MiningMethod(value))
    if field == "scale" and value in {s.value for s in MineScale}:
        return label(MineScale(value))
    if field == "forest_grass":
        return _("yes") if value == "1" else _("no")
    return value


def _select(field: str, value: str) -> Select[str]:
    if field == "method":
        options = [(label(m), str(m.value)) for m in MiningMethod]
    elif field == "scale":
        options = [(label(s), str(s.value)) for s in MineScale]
    else:
        options = [(_("yes"), "1"), (_("no"), "0")]
    return Select(options, id=f"f-{field}", compact=True, allow_blank=field == "scale",
                  value=value if value else Select.NULL, prompt=_("not given"))


class MineEditScreen(DbMixin, Screen[bool | None]):
    """The edit form; dismisses with True after a save, None when left without saving."""

    SCOPE = "mine_form"
    holds_input = True

    DEFAULT_CSS = """
    MineEditScreen #edit-title { height: auto; padding: 0 1; background: $boost; }
    MineEditScreen #edit-body { height: 1fr; padding: 0 1; }
    MineEditScreen .form-field, MineEditScreen .form-row { height: auto; }
    MineEditScreen .form-label { width: 22; }
    MineEditScreen .form-row Input, MineEditScreen .form-row Select { width: 1fr; }
    MineEditScreen .form-problem { padding-left: 22; color: $text-error; display: none; }
    """

    def __init__(self, view: MineEditView) -> None:
        super().__init__()
        self._bindings = actions.bindings_map(self.SCOPE, self._bindings)
        self.view = view
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="edit-title")
        with VerticalScroll(id="edit-body"):
            for field, title in field_titles().items():
                value = self.view.values[field]
                widget = _select(field, value) if field in SELECTS else Input(value, id=f"f-{field}", compact=True)
                yield Vertical(Horizontal(Label(Text(title), classes="form-label"), widget, classes="form-row"),
                               Static(id=f"problem-{field}", classes="form-problem"), classes="form-field")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Edit the mine")
        self.sub_title = self.view.licence_no
        self.show_title()
        self.query_one("#f-name", Input).focus()

    def show_title(self) -> None:
        line = Text(_("Edit the mine") + " · ", style="bold")
        line.append(f"{self.view.licence_no}  v{self.view.version}")
        self.query_one("#edit-title", Static).update(line)

    # --- values ----------------------------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """Every field's current text ('' for a blank select)."""
        values = {}
        for field in EDITABLE:
            if field in SELECTS:
                value = self.query_one(f"#f-{field}", Select).value
                values[field] = value if isinstance(value, str) else ""
            else:
                values[field] = self.query_one(f"#f-{field}", Input).value
        return values

    def changes(self) -> dict[str, str]:
        """The fields the clerk changed since the form was filled."""
        return {f: v for f, v in self.typed().items() if v != self.view.values[f]}

    def fill(self, view: MineEditView) -> None:
        """Show `view`'s values (after a reload) and remember its version."""
        self.view = view
        for field in EDITABLE:
            value = view.values[field]
            if field in SELECTS:
                self.query_one(f"#f-{field}", Select).value = value if value else Select.NULL
            else:
                self.query_one(f"#f-{field}", Input).value = value
        self.show_problems([])
        self.show_title()

    def show_problems(self, problems: list[Any]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for field in EDITABLE:
            place = self.query_one(f"#problem-{field}", Static)
            place.update(Text("; ".join(by_field.get(field, []))))
            place.display = field in by_field

    # --- saving ----------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.busy:
            return
        changes, version, mine_id = self.changes(), self.view.version, self.view.mine_id
        if not changes:
            self.dismiss(None)
            return
        self.busy = True
        self.db("saved", lambda ctx: update_mine(ctx, mine_id, changes, version))

    def db_saved(self, _row: dict[str, Any]) -> None:
        self.busy = False
        self.notify(_("Mine saved."), markup=False)
        self.dismiss(True)

    def db_saved_failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, MineEditRefused):
            self.show_problems(error.problems)
        elif isinstance(error, StaleRecord):
            mine_id = self.view.mine_id
            self.db("theirs", lambda ctx: edit_view(ctx, mine_id))

    def db_theirs(self, theirs: MineEditView) -> None:
        typed = self.typed()
        self.app.push_screen(StaleDialog(theirs, typed), lambda answer: self.after_stale(answer, theirs, typed))

    def after_stale(self, answer: str | None, theirs: MineEditView, typed: dict[str, str]) -> None:
        if answer == "reload":
            self.fill(theirs)
            self.notify(_("Reloaded: the form shows the mine as it is now."), markup=False)
            return
        mine = {f: v for f, v in typed.items() if v != self.view.values[f]}
        self.fill(theirs)  # the fields the clerk did not touch take their values …
        for field, value in mine.items():  # … the ones the clerk changed keep what was typed
            if field in SELECTS:
                self.query_one(f"#f-{field}", Select).value = value if value else Select.NULL
            else:
                self.query_one(f"#f-{field}", Input).value = value
        self.notify(_("Your changes are kept; saving now replaces their values of those fields."), markup=False)

    # --- leaving ---------------------------------------------------------------------------------------------

    def action_leave(self) -> None:
        if not self.changes():
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Discard your changes to this mine?")), self.discard)

    def discard(self, answer: bool | None) -> None:
        if answer:
            self.dismiss(None)


class StaleDialog(BaseDialog):
    """Someone saved the mine meanwhile: their values beside the clerk's; r reloads, k (or esc) keeps editing."""

    BINDINGS: ClassVar[list[BindingType]] = [("r", "reload", "Reload"), ("k", "keep", "Keep editing")]

    def __init__(self, theirs: MineEditView, typed: dict[str, str]) -> None:
        super().__init__()
        self.theirs, self.typed = theirs, typed

    def differences(self) -> list[str]:
        return [f for f in EDITABLE if self.theirs.values[f] != self.typed[f]]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(Text(_("Someone else saved this mine while you were editing (now version {v}).").format(
                v=self.theirs.version), style="bold"))
            yield Static(self.table(), id="stale-table")
            with Horizontal(classes="buttons"):
                yield Button(_("Reload (r)"), id="reload", variant="primary", compact=True)
                yield Button(_("Keep editing (k)"), id="keep", compact=True)

    def table(self) -> Table:
        titles = field_titles()
        table = Table(box=None, show_edge=False, pad_edge=False)
        for title in (_("Field"), _("Now in the database"), _("You typed")):
            table.add_column(title)
        for field in self.differences():
            table.add_row(Text(titles[field]), Text(shown(field, self.theirs.values[field])),
                          Text(shown(field, self.typed[field]), style="bold"))
        return table

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def action_reload(self) -> None:
        self.dismiss("reload")

    def action_keep(self) -> None:
        self.dismiss("keep")

    def action_cancel(self) -> None:
        self.dismiss("keep")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss("reload" if event.button.id == "reload" else "keep")
