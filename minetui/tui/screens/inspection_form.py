"""The frame of the verification, survey and spot-check forms: fields with their problems, F2 saves, esc asks.

A form reads its fields into a draft (`read`: what cannot be parsed is a problem at once), then saves it in a
worker (`submit`, which calls the service). A refusal (an exception with `problems`) is shown field by field
— each problem under its field, a summary on top — and the form keeps what was typed. A saved form
dismisses with the service's result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Static, TextArea

from minetui.domain.normalize import parse_date
from minetui.domain.validation import Problem
from minetui.i18n import N_, _
from minetui.services.core.context import Context
from minetui.tui import actions
from minetui.tui.screens.base import DbMixin
from minetui.tui.widgets.dialogs import ConfirmDialog

LABEL_WIDTH = 16


def field_row(name: str, title: str, widget: Widget, hint: str | None = None) -> Vertical:
    """A field: its label and input on one line, an optional hint, and the place for its problems."""
    parts: list[Widget] = [Horizontal(Label(Text(title), classes="form-label"), widget, classes="form-row")]
    if hint:
        parts.append(Static(Text(hint), classes="form-hint"))
    parts.append(Static(id=f"problem-{name}", classes="form-problem"))
    return Vertical(*parts, id=f"row-{name}", classes="form-field")


def stacked_row(name: str, title: str, widget: Widget, hint: str | None = None) -> Vertical:
    """A field whose input is too wide to share a line with its label: the label above it."""
    parts: list[Widget] = [Label(Text(title), classes="form-label"), widget]
    if hint:
        parts.append(Static(Text(hint), classes="form-hint"))
    parts.append(Static(id=f"problem-{name}", classes="form-problem"))
    return Vertical(*parts, id=f"row-{name}", classes="form-field stacked")


def text_input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, id=f"f-{name}", compact=True, placeholder=placeholder)


def read_date(value: str, field_name: str, problems: list[Problem], fallback: date) -> date:
    """A typed date, or a problem at the field (and `fallback`, so the service checks the rest)."""
    try:
        return parse_date(value)
    except ValueError:
        problems.append(Problem("date.invalid", N_(
            "Date: write it as 2025-06-10 (or 2025/6/10, 2025年6月10日)"), field=field_name))
        return fallback


def read_number(value: str, field_name: str, problems: list[Problem]) -> float | None:
    """A typed number (blank: None), or a problem at the field."""
    value = value.strip().replace(",", "")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        problems.append(Problem("number.invalid", N_("Write a number, e.g. 820.5"), field=field_name))
        return None


class InspectionForm(DbMixin, Screen[Any]):
    """A keyboard form for one task; subclasses give `heading`, `fields`, `read`, `submit` and `saved_text`."""

    SCOPE = "inspection_form"
    holds_input = True  # the app refuses to jump away (or quit) while a form is open
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}

    DEFAULT_CSS = f"""
    InspectionForm #form-body {{ height: 1fr; padding: 0 1; }}
    InspectionForm #form-title {{ height: auto; padding: 0 1; background: $boost; }}
    InspectionForm #form-summary {{ height: auto; max-height: 4; padding: 0 1; display: none; }}
    InspectionForm #form-summary.-errors {{ background: $error 25%; }}
    InspectionForm .form-field {{ height: auto; }}
    InspectionForm .form-row {{ height: auto; }}
    InspectionForm .form-label {{ width: {LABEL_WIDTH}; text-wrap: nowrap; text-overflow: ellipsis; }}
    InspectionForm .form-row Input {{ width: 1fr; }}
    InspectionForm .form-hint {{ padding-left: {LABEL_WIDTH}; color: $text-muted; }}
    InspectionForm .stacked .form-label {{ width: 1fr; }}
    InspectionForm .stacked .form-hint, InspectionForm .stacked .form-problem {{ padding-left: 2; }}
    InspectionForm .form-problem {{ padding-left: {LABEL_WIDTH}; color: $text-error; display: none; }}
    InspectionForm .form-problem.-warning {{ color: $text-warning; }}
    InspectionForm .form-section {{ text-style: bold underline; margin-top: 1; }}
    InspectionForm TextArea {{ height: 4; width: 1fr; }}
    """

    def __init__(self) -> None:
        super().__init__()
        self._bindings = actions.bindings_map(self.SCOPE, self._bindings)
        self.initial: dict[str, Any] = {}
        self.busy = False

    # --- for subclasses --------------------------------------------------------------------------------------

    def heading(self) -> Text:
        raise NotImplementedError

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def read(self) -> tuple[Any, list[Problem]]:
        """The draft for `submit` and what could not be read."""
        raise NotImplementedError

    def submit(self, ctx: Context, draft: Any) -> Any:
        """(worker) Save through the service; a refusal raises an exception with `problems`."""
        raise NotImplementedError

    def saved_text(self, result: Any) -> str:
        raise NotImplementedError

    # --- building --------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.heading(), id="form-title")
        yield Static(id="form-summary")
        with VerticalScroll(id="form-body"):
            yield from self.fields()
        yield Footer()

    def on_mount(self) -> None:
        first = next((w for w in self.query("#form-body *") if w.focusable), None)
        if first is not None:
            first.focus()
        self.call_after_refresh(self.remember_initial)

    def remember_initial(self) -> None:
        self.initial = self.values()

    def text_of(self, name: str) -> str:
        widget = self.query_one(f"#f-{name}")
        return (widget.text if isinstance(widget, TextArea) else widget.value).strip()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """Every field's current value (to tell whether the form was edited)."""
        found: dict[str, Any] = {}
        for widget in self.query("Input, ChoiceField, CheckField, TextArea"):
            if widget.id:
                value = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
                found[widget.id] = list(value) if isinstance(value, list) else value
        return found

    @property
    def edited(self) -> bool:
        return bool(self.initial) and self.values() != self.initial

    # --- problems --------------------------------------------------------------------------------------------

    def place_of(self, problem: Problem) -> str:
        return self.FIELD_ALIASES.get(problem.field, problem.field)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Each problem under its field (errors red, warnings yellow) and a summary above the form."""
        by_place: dict[str, list[Problem]] = {}
        for problem in problems:
            by_place.setdefault(self.place_of(problem), []).append(problem)
        for static in self.query(".form-problem").results(Static):
            found = by_place.pop((static.id or "").removeprefix("problem-"), [])
            static.update(Text("\n".join(("✗ " if p.is_error else "! ") + p.message for p in found)))
            static.display = bool(found)
            static.set_class(bool(found) and not any(p.is_error for p in found), "-warning")
        errors = [p for p in problems if p.is_error]
        summary = self.query_one("#form-summary", Static)
        summary.display = bool(errors)
        summary.set_class(bool(errors), "-errors")
        line = Text(_("Not saved: {n} errors, marked at their fields.").format(n=len(errors)), style="bold")
        for problem in (p for group in by_place.values() for p in group):
            line.append("\n" + problem.message)
        summary.update(line)
        self.focus_first(errors)

    def focus_first(self, errors: Sequence[Problem]) -> None:
        places = {self.place_of(p) for p in errors}
        for row in self.query(".form-field"):
            if (row.id or "").removeprefix("row-") in places and row.display:
                focusable = [w for w in row.query("*") if w.focusable]
                if focusable:
                    focusable[0].focus()
                    return

    # --- saving and leaving ----------------------------------------------------------------------------------

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        """F2 / ctrl+s: read the form; what cannot be read is shown at once, else the service decides."""
        if self.busy:
            return
        draft, problems = self.read()
        if any(p.is_error for p in problems):
            self.show_problems(problems)
            return
        self.busy = True
        self.db("save", lambda ctx: self.submit(ctx, draft))

    def db_save_failed(self, error: BaseException) -> None:
        self.busy = False
        problems = getattr(error, "problems", None)
        if problems:
            self.show_problems(problems)

    def db_save(self, result: Any) -> None:
        self.busy = False
        warnings = getattr(result, "warnings", None) or []
        message = "\n".join([self.saved_text(result), *("! " + w.message for w in warnings)])
        self.app.notify(message, title=self.title or "", markup=False, timeout=12,
                        severity="warning" if getattr(result, "findings", None) else "information")
        self.dismiss(result)

    def action_leave(self) -> None:
        """esc: leave; an edited form asks first."""
        if not self.edited:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Discard this form? What you typed is lost.")), self.discard)

    def discard(self, answer: bool | None) -> None:
        if answer:
            self.dismiss(None)
