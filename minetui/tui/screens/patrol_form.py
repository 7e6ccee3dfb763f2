"""The patrol record form (R-PAT-3, R-PAT-4): keyboard only, scrolls at 80×24, saves through record_patrol.

F2 (or ctrl+s) first checks the record (the service's own validation, plus the files and the typed lines) and
shows every problem next to its field with a summary at the top; warnings need a confirm; then the record
is saved and a notification tells the findings raised and where the observed points lie. esc asks before
throwing away an edited form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, Static, TextArea

from minetui.domain.normalize import parse_date, split_list
from minetui.domain.patrols.record import (
    DRONE_REASONS,
    ChecklistItem,
    FieldProblem,
    ItemAnswer,
    ItemCheck,
    PatrolMode,
    PatrolRecord,
)
from minetui.i18n import _, label
from minetui.services.patrols.form import (
    OTHER_REASON,
    Draft,
    FormInputs,
    check_draft,
    checklist_items,
    form_inputs,
    names_of,
    parse_observed,
    saved_message,
)
from minetui.services.patrols.patrols import (
    EvidenceInput,
    EvidenceRole,
    SavedPatrol,
    record_patrol,
)
from minetui.tui import actions
from minetui.tui.screens.base import DbMixin
from minetui.tui.widgets.choice import ChoiceField
from minetui.tui.widgets.dialogs import ConfirmDialog

ANSWERS = (ItemAnswer.NORMAL, ItemAnswer.ABNORMAL, ItemAnswer.NOT_APPLICABLE)
# Where a problem of a service field is shown (the form has one place per field).
FIELD_ALIASES = {"points": "observed", "evidence": "route_file", "drone_reason": "drone_reason"}


# ================================================================================================
# What the form needs, and the text it parses
# ================================================================================================


# ================================================================================================
# Messages after a save
# ================================================================================================


# ================================================================================================
# The form
# ================================================================================================


def _field_row(name: str, title: str, widget: Widget, hint: str | None = None) -> Vertical:
    """A field: its label and input on one line, an optional hint, and the place for its problems."""
    parts: list[Widget] = [Horizontal(Label(Text(title), classes="form-label"), widget, classes="form-row")]
    if hint:
        parts.append(Static(Text(hint), classes="form-hint"))
    parts.append(Static(id=f"problem-{name}", classes="form-problem"))
    return Vertical(*parts, id=f"row-{name}", classes="form-field")


class PatrolFormScreen(DbMixin, Screen[SavedPatrol | None]):
    """A new patrol record for one mine; dismisses with the SavedPatrol (None when left without saving)."""

    SCOPE = "patrol_form"
    holds_input = True  # the app refuses to jump away (or quit) while the form is open

    DEFAULT_CSS = """
    PatrolFormScreen #form-body { height: 1fr; padding: 0 1; }
    PatrolFormScreen #form-title { height: auto; padding: 0 1; background: $boost; }
    PatrolFormScreen #form-summary { height: auto; max-height: 4; padding: 0 1; display: none; }
    PatrolFormScreen #form-summary.-errors { background: $error 25%; }
    PatrolFormScreen #form-summary.-warnings { background: $warning 25%; }
    PatrolFormScreen .form-field { height: auto; }
    PatrolFormScreen .form-row { height: auto; }
    PatrolFormScreen .form-label { width: 18; }
    PatrolFormScreen .form-row Input { width: 1fr; }
    PatrolFormScreen .form-row Select { width: 1fr; }
    PatrolFormScreen .form-hint { padding-left: 18; color: $text-muted; }
    PatrolFormScreen .form-problem { padding-left: 18; color: $text-error; display: none; }
    PatrolFormScreen .form-problem.-warning { color: $text-warning; }
    PatrolFormScreen .form-section { text-style: bold underline; margin-top: 1; }
    PatrolFormScreen #f-observed { height: 4; width: 1fr; }
    """

    def __init__(self, inputs: FormInputs, day: date) -> None:
        super().__init__()
        self._bindings = actions.bindings_map(self.SCOPE, self._bindings)
        self.inputs, self.day = inputs, day
        self.mine = inputs.facts.mine
        self.corner_points = list(dict.fromkeys(c.point_no for c in inputs.facts.corners))
        self.initial: dict[str, Any] = {}
        self.busy = False

    # --- building -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.title_text(), id="form-title")
        yield Static(id="form-summary")
        with VerticalScroll(id="form-body"):
            yield from self.general_fields()
            yield from self.mode_fields()
            yield from self.corner_fields()
            yield Static(Text(_("Checklist (R-PAT-3): 1 normal · 2 abnormal · 3 n.a.; * must be answered")),
                         classes="form-section")
            yield from self.checklist_fields()
            yield from self.closing_fields()
        yield Footer()

    def title_text(self) -> Text:
        line = Text(_("New patrol record") + " · ", style="bold")
        line.append(f"{self.mine.name}  {self.mine.licence_no}  {label(self.mine.method)}")
        return line

    def general_fields(self) -> list[Vertical]:
        offices = [(name, code) for code, name in self.inputs.offices]
        known = self.mine.office_code in {code for _name, code in offices}
        office = Select(offices, id="f-office_code", allow_blank=True, prompt=_("choose an office"), compact=True,
                        value=self.mine.office_code if known else Select.BLANK)
        return [
            _field_row("date", _("Date"), Input(self.day.isoformat(), id="f-date", compact=True)),
            _field_row("office_code", _("NR office"), office),
            _field_row("inspectors", _("Inspectors"), Input(id="f-inspectors", compact=True,
                                                            placeholder=_("names, separated by 、"))),
        ]

    def mode_fields(self) -> list[Vertical]:
        modes = ChoiceField([(label(m), m) for m in PatrolMode], PatrolMode.ON_SITE, id="f-mode")
        reasons = ChoiceField([*((r, r) for r in DRONE_REASONS), (_("other (write it)"), OTHER_REASON)],
                              id="f-drone_choice")
        return [
            _field_row("mode", _("Mode"), modes),
            _field_row("drone_reason", _("Drone reason"), reasons),
            _field_row("drone_text", _("Written reason"), Input(id="f-drone_text", compact=True)),
            _field_row("route_file", _("Route file"), Input(id="f-route_file", compact=True,
                                                            placeholder=_("path of the recorded route"))),
            _field_row("aerial_photos", _("Aerial photos"), Input(id="f-aerial_photos", compact=True,
                                                                 placeholder=_("paths, separated by 、"))),
            _field_row("photos", _("Photos"), Input(id="f-photos", compact=True,
                                                    placeholder=_("paths, separated by 、"))),
        ]

    def corner_fields(self) -> list[Vertical]:
        points = "、".join(self.corner_points) or _("none registered")
        hint = _("at least 3 distinct points; this licence's points: {points}").format(points=points)
        return [_field_row("corners_checked", _("Corner points"), Input(id="f-corners_checked", compact=True,
                                                                       placeholder="1、2、3"), hint)]

    def checklist_fields(self) -> list[Vertical]:
        rows = []
        choices = [(label(a), a) for a in ANSWERS]
        for item, required in checklist_items(self.mine.method):
            title = label(item) + (" *" if required else "")
            default = None if required else ItemAnswer.NOT_APPLICABLE
            row = Horizontal(Label(Text(title), classes="form-label"),
                             ChoiceField(choices, default, id=f"answer-{item.value}"),
                             Input(id=f"note-{item.value}", compact=True, placeholder=_("note")),
                             classes="form-row")
            rows.append(Vertical(row, Static(id=f"problem-{item.value}", classes="form-problem"),
                                 id=f"row-{item.value}", classes="form-field"))
        return rows

    def closing_fields(self) -> list[Vertical]:
        fields = []
        if self.mine.villages:
            hint = _("villages involved: {villages}").format(villages="、".join(self.mine.villages))
            fields.append(_field_row("village_inquiry", _("Village inquiry"), Input(
                id="f-village_inquiry", compact=True, placeholder=_("what the village committee said")), hint))
        observed = TextArea(id="f-observed", soft_wrap=False, tab_behavior="focus", compact=True)
        fields.append(_field_row("observed", _("Observed positions"), observed,
                                 _("optional, one per line: label X Y (e.g. 拐点3 3980500.00 38410500.00)")))
        fields.append(_field_row("findings", _("Findings"), Input(id="f-findings", compact=True)))
        return fields

    def on_mount(self) -> None:
        self.title = _("Patrol record")
        self.sub_title = self.mine.licence_no
        self.show_mode()
        self.query_one("#f-inspectors", Input).focus()
        self.call_after_refresh(self.remember_initial)

    def remember_initial(self) -> None:
        self.initial = self.values()

    # --- reading the form -----------------------------------------------------------------------------------

    def text_of(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value.strip()

    def values(self) -> dict[str, Any]:
        """Every field's current value (to tell whether the form was edited)."""
        found: dict[str, Any] = {}
        for widget in self.query("Input, Select, ChoiceField, TextArea"):
            if widget.id:
                found[widget.id] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return found

    @property
    def edited(self) -> bool:
        return bool(self.initial) and self.values() != self.initial

    @property
    def mode(self) -> PatrolMode:
        return self.query_one("#f-mode", ChoiceField).value or PatrolMode.ON_SITE

    def drone_reason(self) -> str | None:
        choice = self.query_one("#f-drone_choice", ChoiceField).value
        if choice == OTHER_REASON:
            return self.text_of("drone_text") or None
        return choice

    def checklist(self) -> dict[ChecklistItem, ItemCheck]:
        answers = {}
        for item, _required in checklist_items(self.mine.method):
            answer = self.query_one(f"#answer-{item.value}", ChoiceField).value
            if answer is not None:
                answers[item] = ItemCheck(answer, self.query_one(f"#note-{item.value}", Input).value.strip())
        return answers

    def files(self, name: str, role: EvidenceRole) -> list[tuple[str, EvidenceInput]]:
        return [(name, EvidenceInput(Path(p).expanduser(), role)) for p in split_list(self.text_of(name))]

    def read_draft(self) -> Draft:
        """The form as a record for the service, with what could not be read as problems."""
        problems: list[FieldProblem] = []
        try:
            day = parse_date(self.text_of("date"))
        except ValueError:
            day = self.ctx.today
            problems.append(FieldProblem("date", _("Date: write it as 2025-06-10 (or 2025/6/10, 2025年6月10日)")))
        drone = self.mode is PatrolMode.DRONE
        route = self.files("route_file", EvidenceRole.ROUTE)
        evidence = [*route, *self.files("photos", EvidenceRole.PHOTO)]
        if drone:
            evidence += self.files("aerial_photos", EvidenceRole.AERIAL)
        observed, bad_lines = parse_observed(self.query_one("#f-observed", TextArea).text, set(self.corner_points))
        problems += [FieldProblem("observed", message) for message in bad_lines]
        office = self.query_one("#f-office_code", Select).value
        village = self.text_of("village_inquiry") if self.mine.villages else ""
        record = PatrolRecord(
            date=day, office_code=office if isinstance(office, str) else "",
            inspectors=names_of(self.text_of("inspectors")), mode=self.mode,
            drone_reason=self.drone_reason() if drone else None,
            route_file=route[0][1].path.name if route else None,
            corners_checked=names_of(self.text_of("corners_checked")), checklist=self.checklist(),
            village_inquiry=village or None, findings=self.text_of("findings"),
        )
        return Draft(record, evidence, observed, problems)

    # --- showing problems -----------------------------------------------------------------------------------

    def place_of(self, problem: FieldProblem) -> str:
        name = FIELD_ALIASES.get(problem.field, problem.field)
        if name == "drone_reason" and self.drone_reason() is None and \
                self.query_one("#f-drone_choice", ChoiceField).value == OTHER_REASON:
            return "drone_text"
        return name

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Each problem under its field (errors red, warnings yellow) and a summary above the form."""
        by_place: dict[str, list[FieldProblem]] = {}
        for problem in problems:
            by_place.setdefault(self.place_of(problem), []).append(problem)
        for static in self.query(".form-problem").results(Static):
            place = (static.id or "").removeprefix("problem-")
            found = by_place.pop(place, [])
            static.update(Text("\n".join(("✗" if p.is_error else "!") + p.message for p in found)))
            static.display = bool(found)
            static.set_class(bool(found) and not any(p.is_error for p in found), "-warning")
        self.show_summary(problems, unplaced=[p for group in by_place.values() for p in group])

    def show_summary(self, problems: list[FieldProblem], unplaced: list[FieldProblem]) -> None:
        summary = self.query_one("#form-summary", Static)
        errors = [p for p in problems if p.is_error]
        warnings = [p for p in problems if not p.is_error]
        summary.display = bool(problems)
        summary.set_class(bool(errors), "-errors")
        summary.set_class(not errors and bool(warnings), "-warnings")
        if not problems:
            return
        if errors:
            line = Text(_("Not saved: {n} errors, marked at their fields.").format(n=len(errors)), style="bold")
        else:
            line = Text(_("{n} warnings, marked at their fields.").format(n=len(warnings)), style="bold")
        for problem in unplaced:
            line.append("\n" + problem.message)
        summary.update(line)

    def focus_first_problem(self, problems: list[FieldProblem]) -> None:
        places = {self.place_of(p) for p in problems if p.is_error}
        for row in self.query(".form-field"):
            name = (row.id or "").removeprefix("row-")
            if name in places and row.display:
                focusable = [w for w in row.query("*") if w.focusable]
                if focusable:
                    focusable[0].focus()
                    return

    # --- reacting -------------------------------------------------------------------------------------------

    @on(ChoiceField.Changed)
    def choice_changed(self, event: ChoiceField.Changed) -> None:
        if event.choice.id in ("f-mode", "f-drone_choice"):
            self.show_mode()

    def show_mode(self) -> None:
        """Drone fields only for a drone flight; the route is the flight route then."""
        drone = self.mode is PatrolMode.DRONE
        self.query_one("#row-drone_reason").display = drone
        self.query_one("#row-aerial_photos").display = drone
        other = self.query_one("#f-drone_choice", ChoiceField).value == OTHER_REASON
        self.query_one("#row-drone_text").display = drone and other
        title = _("Flight route") if drone else _("Route file")
        self.query_one("#row-route_file .form-label", Label).update(Text(title))

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        """F2 / ctrl+s: check everything, confirm warnings, then save."""
        if self.busy:
            return
        self.busy = True
        draft = self.read_draft()
        self.draft = draft
        self.db("check", lambda ctx: check_draft(ctx, self.inputs.mine_id, draft))

    def db_check_failed(self, _error: BaseException) -> None:
        self.busy = False

    def db_check(self, problems: list[FieldProblem]) -> None:
        self.show_problems(problems)
        if any(p.is_error for p in problems):
            self.busy = False
            self.focus_first_problem(problems)
            return
        if problems:
            question = _("Save the patrol record despite these warnings?") + "\n\n" + "\n".join(
                "! " + p.message for p in problems)
            self.app.push_screen(ConfirmDialog(question), self.confirmed)
            return
        self.save()

    def confirmed(self, answer: bool | None) -> None:
        if answer:
            self.save()
        else:
            self.busy = False

    def save(self) -> None:
        draft = self.draft
        self.db("save", lambda ctx: record_patrol(ctx, self.inputs.mine_id, draft.record, evidence=draft.files,
                                                  observed=draft.observed))

    def db_save_failed(self, error: BaseException) -> None:
        self.busy = False
        problems = getattr(error, "problems", None)
        if problems:
            self.show_problems(problems)

    def db_save(self, saved: SavedPatrol) -> None:
        self.busy = False
        message = saved_message(self.mine.name, self.draft.record.date, saved)
        self.app.notify(message, title=_("Patrol record"), markup=False, timeout=12,
                        severity="warning" if saved.findings else "information")
        self.dismiss(saved)

    def action_leave(self) -> None:
        """esc: leave; an edited form asks first."""
        if not self.edited:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmDialog(_("Discard this patrol record? What you typed is lost.")),
                             self.discard)

    def discard(self, answer: bool | None) -> None:
        if answer:
            self.dismiss(None)


class PatrolStarter(DbMixin):
    """For a screen that starts patrols: `start_patrol` loads the mine's facts, then opens the form.

    `patrol_saved` (if the screen has it) is called with the SavedPatrol after a save.
    """

    _patrol_day: date

    def start_patrol(self, mine_id: int, day: date) -> None:
        self._patrol_day = day
        self.db("patrol-form", lambda ctx: form_inputs(ctx, mine_id))

    def db_patrol_form(self, inputs: FormInputs) -> None:
        callback: Callable[[SavedPatrol | None], None] | None = getattr(self, "patrol_saved", None)
        self.mine_app.push_screen(PatrolFormScreen(inputs, self._patrol_day), callback)
