"""Public tip intake (群众举报): who reported it, how to reach them (kept private), where, what and when. Saving
records the tip and drafts its lead to the section that kind goes to (services.tips.add_tip); the dialog
dismisses with the new lead's id so the caller can open it. A refusal keeps the dialog and what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from minetui.domain.normalize import ParseError, parse_date
from minetui.domain.patrols.record import ChecklistItem
from minetui.i18n import _, label
from minetui.services.leads.tips import AddedTip, TipInput, add_tip, tip_receiver
from minetui.tui.screens.base import BaseDialog

FIELDS = ("reporter", "contact", "place", "licence", "kind", "what", "happened", "received")


def kind_options() -> list[tuple[str, str]]:
    """Every kind of thing a tip can report, with the section it goes to."""
    return [(f"{label(k)} → {label(tip_receiver(k))}", str(k)) for k in ChecklistItem]


def optional_day(value: str, field: str) -> date | None:
    """A typed date ('' → None); ValueError naming the field when it cannot be read."""
    if not value.strip():
        return None
    try:
        return parse_date(value)
    except ParseError as exc:
        raise ValueError(_("{field}: not a date (use 2025-06-15)").format(field=field)) from exc


def tip_input(values: dict[str, str], kind: str | None, today: date) -> TipInput:
    """The tip from the typed values; ValueError with a message when a date or the kind is missing or wrong."""
    if kind is None:
        raise ValueError(_("Choose what kind of thing was reported."))
    return TipInput(what=values["what"], kind=kind, place=values["place"], licence_no=values["licence"].strip() or None,
                    reporter=values["reporter"], contact=values["contact"],
                    received_on=optional_day(values["received"], _("Received on")) or today,
                    happened_on=optional_day(values["happened"], _("When it happened")))


def _row(title: str, widget: Widget) -> Horizontal:
    return Horizontal(Label(Text(title), classes="tip-label"), widget, classes="tip-row")


class TipDialog(BaseDialog):
    """The intake form; Enter moves to the next field, Enter in the last (or F2) saves."""

    holds_input = True
    BINDINGS: ClassVar[list[BindingType]] = [("f2", "save", "Save the tip")]

    DEFAULT_CSS = """
    TipDialog .tip-row { height: auto; }
    TipDialog .tip-label { width: 16; }
    TipDialog .tip-row Input { background: $primary 15%; }
    TipDialog .tip-row Input, TipDialog .tip-row Select { width: 1fr; margin: 0; }
    TipDialog #tip-private { color: $text-muted; padding-left: 16; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Public tip (群众举报)"), style="bold"))
            yield _row(_("Reporter"), Input(id="tip-reporter", compact=True, placeholder=_("may stay anonymous")))
            yield _row(_("Contact"), Input(id="tip-contact", compact=True))
            yield Static(Text(_("The contact is kept private: shown only in the tip itself, never listed.")),
                         id="tip-private")
            yield _row(_("Where"), Input(id="tip-place", compact=True))
            yield _row(_("Licence no."), Input(id="tip-licence", compact=True, placeholder=_("if known")))
            yield _row(_("Kind"), Select(kind_options(), id="tip-kind", compact=True, prompt=_("choose a kind")))
            yield _row(_("What was seen"), Input(id="tip-what", compact=True))
            yield _row(_("When it happened"), Input(id="tip-happened", compact=True, placeholder="YYYY-MM-DD"))
            yield _row(_("Received on"), Input(id="tip-received", compact=True))
            with Horizontal(classes="buttons"):
                yield Button(_("Save (F2)"), id="ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        for field in self.query(".tip-row Input, .tip-row Select"):
            field.styles.margin = 0  # one line per field (app.tcss spaces dialog inputs out)
        self.query_one("#tip-received", Input).value = self.ctx.today.isoformat()
        self.query_one("#tip-reporter", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "tip-received":
            self.action_save()
        else:
            self.focus_next()

    @on(Select.Changed, "#tip-kind")
    def kind_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.select.has_focus:
            self.focus_next()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#tip-{name}", Input).value for name in FIELDS if name != "kind"}

    def submit(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        kind = self.query_one("#tip-kind", Select).value
        try:
            tip = tip_input(self.values(), kind if isinstance(kind, str) else None, self.ctx.today)
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.db("tip", lambda ctx: add_tip(ctx, tip))

    def db_tip(self, added: AddedTip) -> None:
        self.notify(_("Tip {tip} recorded; lead {lead} drafted.").format(tip=added.tip_id, lead=added.lead_id),
                    markup=False)
        self.dismiss(added.lead_id)
