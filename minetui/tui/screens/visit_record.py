"""A committed visit's sheet (to read before going) and its one-pass record form (after the visit).

The form asks once for what the tasks share — day, inspectors, corner points, route, evidence — and for the
few things that differ (verification conclusion, surveyor, spot-check result); checklist items start normal
and the exceptions are typed as `item: note` lines, the item in the user's words (越界开采：东侧越界).
Saving records every task in one transaction (services/visits/record_form.py); a refusal names the task or
the line and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Markdown, Static, TextArea

from minetui.i18n import _
from minetui.services.visits.record_form import VisitForm, record_with_form
from minetui.services.visits.visits import VisitRow
from minetui.tui.format import tasks_words
from minetui.tui.screens.base import BaseDialog, BaseScreen

SEPARATORS = "、,，;；"


def split(text: str) -> list[str]:
    for sep in SEPARATORS:
        text = text.replace(sep, " ")
    return [part for part in text.split() if part]


def abnormal_lines(text: str) -> list[tuple[str, str]]:
    """'越界开采：东侧越界' lines → (item, note) pairs; only blank lines are skipped (a line the service cannot
    place is refused there with its number, never dropped here)."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        item, _sep, note = line.replace("：", ":").partition(":")
        found.append((item.strip(), note.strip()))
    return found


class VisitSheetScreen(BaseScreen):
    SCOPE = "visit_sheet"

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Markdown(id="sheet")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Combined inspection visit sheet")
        from minetui.services.visits.sheets import sheet_markdown, visit_sheet

        visit_id = self.visit_id
        self.db("sheet", lambda ctx: sheet_markdown(visit_sheet(ctx, visit_id)))

    async def db_sheet(self, text: str) -> None:
        await self.query_one("#sheet", Markdown).update(text)


class RecordVisitScreen(BaseDialog):
    """The one-pass record of a visit; dismisses with True when saved."""

    def __init__(self, visit: VisitRow) -> None:
        super().__init__()
        self.visit = visit

    def compose(self) -> ComposeResult:
        v = self.visit
        kinds = {t.task_id.partition(":")[0] for t in v.tasks}
        with VerticalScroll(classes="dialog"):
            title = _("Record visit {id}: {mine} — {tasks}").format(id=v.id, mine=v.mine_name,
                                                                   tasks=tasks_words(v.task_ids))
            yield Static(Text(title, style="bold"))
            yield from self.field("day", _("Date"), v.date.isoformat())
            yield from self.field("inspectors", _("Inspectors (、-separated)"))
            if "patrol" in kinds:
                yield from self.field("corners", _("Corner points checked"))
                yield from self.field("route", _("Route file"))
                yield from self.field("village", _("Village inquiry"))
            yield from self.field("evidence", _("Photos and evidence files"))
            if "verification" in kinds:
                yield from self.field("conclusion", _("Verification conclusion"))
            if "survey" in kinds:
                yield from self.field("surveyor", _("Surveyor"))
            if "spotcheck" in kinds:
                yield from self.field("result", _("Spot-check result"))
            yield Label(_("Exceptions, one per line as item: note (all other items normal / consistent)"))
            yield TextArea(id="abnormal")
            yield Button(_("Save all tasks (F2)"), id="save", variant="primary", compact=True)

    def field(self, name: str, title: str, value: str = "") -> ComposeResult:
        yield Label(title)
        yield Input(value=value, id=name, compact=True)

    def on_mount(self) -> None:
        self.query_one("#inspectors", Input).focus()

    def value(self, name: str) -> str:
        found = self.query(f"#{name}")
        return found.first(Input).value.strip() if found else ""

    def form(self) -> VisitForm:
        return VisitForm(date.fromisoformat(self.value("day")), split(self.value("inspectors")),
                         split(self.value("corners")), self.value("route"), split(self.value("evidence")),
                         village_inquiry=self.value("village"),
                         conclusion=self.value("conclusion"), surveyor=self.value("surveyor"),
                         spotcheck_result=self.value("result"),
                         abnormal=abnormal_lines(self.query_one("#abnormal", TextArea).text))

    def key_f2(self) -> None:
        self.save()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            form = self.form()
        except ValueError:
            self.notify(_("not a date YYYY-MM-DD: {text}").format(text=self.value("day")), severity="error",
                        markup=False)
            return
        visit_id = self.visit.id
        self.db("record", lambda ctx: record_with_form(ctx, visit_id, form))

    def db_record(self, recorded: Any) -> None:
        self.notify(_("Visit {id} recorded: {n} tasks done").format(id=recorded.visit.id, n=len(recorded.saved)))
        self.dismiss(True)
