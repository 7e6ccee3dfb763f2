"""The joint spot-check forms (R-SPOT-1): opening one from a trigger — media (outlet, date, link) or a typical
case named by 环保督察 (central/provincial/city), 巡视/巡察 or 审计 (document, date) — with the sections that
take part; and recording its result with a finding for each section that must act."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import Label

from minetui.domain.inspections.spotchecks import (
    REQUIRED_SECTIONS,
    InspectionLevel,
    SpotCheckResult,
    Trigger,
    TriggerKind,
)
from minetui.domain.model import Section
from minetui.domain.validation import Problem
from minetui.i18n import _, label
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import Opened, SpotCheckRow, open_spotcheck, record_result
from minetui.services.mines.browse import mine_detail
from minetui.tui.screens.inspection_common import findings_lines
from minetui.tui.screens.inspection_form import InspectionForm, field_row, read_date, stacked_row, text_input
from minetui.tui.screens.verification_form import names_of
from minetui.tui.widgets.checks import CheckField
from minetui.tui.widgets.choice import ChoiceField

SECTION_CHOICES = (*REQUIRED_SECTIONS, Section.ENFORCEMENT, Section.FORESTRY, Section.REGISTRATION,
                   Section.TASK_FORCE)
FINDING_RECEIVERS = (Section.ENFORCEMENT, Section.RESTORATION, Section.FORESTRY, Section.MINERAL)


@dataclass(frozen=True, slots=True)
class SpotTarget:
    """The mine a spot-check is opened at, and the window length (a setting)."""

    mine_id: int
    mine_name: str
    licence_no: str
    window_days: int


def spot_target(ctx: Context, mine_id: int) -> SpotTarget:
    """(worker) What the opening form needs."""
    mine = mine_detail(ctx, mine_id).mine
    return SpotTarget(mine_id, mine["name"], mine["licence_no"], settings.get(ctx, settings.SPOTCHECK_WINDOW_DAYS))


def trigger_word(kind: TriggerKind) -> str:
    """The short word of a trigger for the one-line choice (the list shows the full label)."""
    return {TriggerKind.MEDIA: _("Media"), TriggerKind.ENV_INSPECTION: _("Env. inspection"),
            TriggerKind.INSPECTION_TOUR: _("Inspection tour"), TriggerKind.AUDIT: _("Audit")}[kind]


def finding_sections(row: SpotCheckRow) -> list[Section]:
    """The sections a finding can go to: the usual receivers, then the others taking part."""
    return list(dict.fromkeys([*FINDING_RECEIVERS, *row.sections]))


class OpenSpotCheckForm(InspectionForm):
    """Record the trigger and open the spot-check; dismisses with Opened (None: left)."""

    FIELD_ALIASES: ClassVar[dict[str, str]] = {"day": "date"}

    def __init__(self, target: SpotTarget, today: date) -> None:
        super().__init__()
        self.target, self.today = target, today

    def heading(self) -> Text:
        line = Text(_("Open a joint spot-check") + " · ", style="bold")
        line.append(f"{self.target.mine_name}  {self.target.licence_no}")
        return line

    def fields(self) -> Iterable[Widget]:
        kinds = ChoiceField([(trigger_word(k), k) for k in TriggerKind], TriggerKind.MEDIA, id="f-kind")
        levels = ChoiceField([(label(v), v) for v in InspectionLevel], id="f-level")
        sections = CheckField([(label(s), s) for s in SECTION_CHOICES], fixed=REQUIRED_SECTIONS, id="f-sections")
        yield stacked_row("kind", _("Trigger (1–4)"), kinds)
        yield field_row("level", _("Inspection level"), levels)
        yield field_row("source", _("Media outlet"),
                        text_input("source", placeholder=_("the outlet, or the document no.")))
        yield field_row("date", _("Trigger date"), text_input("date", self.today.isoformat()))
        yield field_row("link", _("Link"), text_input("link", placeholder="https://"))
        yield field_row("note", _("Note"), text_input("note", placeholder=_("optional")))
        yield stacked_row("sections", _("Sections taking part"), sections,
                          _("* always take part; space or digits add others"))
        yield Label(Text(_("Window: {days} days from the trigger's date").format(days=self.target.window_days)),
                    classes="form-hint")

    def on_mount(self) -> None:
        self.title = _("Joint spot-check")
        self.sub_title = self.target.licence_no
        self.show_kind()
        super().on_mount()

    @property
    def kind(self) -> TriggerKind:
        return self.query_one("#f-kind", ChoiceField).value or TriggerKind.MEDIA

    @on(ChoiceField.Changed, "#f-kind")
    def kind_changed(self) -> None:
        self.show_kind()

    def show_kind(self) -> None:
        """The level only for 环保督察, the link only for media; the source is an outlet or a document."""
        media = self.kind is TriggerKind.MEDIA
        self.query_one("#row-level").display = self.kind is TriggerKind.ENV_INSPECTION
        self.query_one("#row-link").display = media
        self.query_one("#row-source .form-label", Label).update(Text(_("Media outlet") if media else _("Document")))

    def read(self) -> tuple[tuple[Trigger, list[Section]], list[Problem]]:
        problems: list[Problem] = []
        day = read_date(self.text_of("date"), "date", problems, self.today)
        kind = self.kind
        level = self.query_one("#f-level", ChoiceField).value if kind is TriggerKind.ENV_INSPECTION else None
        trigger = Trigger(kind, self.text_of("source"), day, self.text_of("link") if kind is TriggerKind.MEDIA else "",
                          level, self.text_of("note"))
        chosen = [s for s in self.query_one("#f-sections", CheckField).value if s not in REQUIRED_SECTIONS]
        return (trigger, chosen), problems

    def submit(self, ctx: Context, draft: Any) -> Opened:
        trigger, chosen = draft
        return open_spotcheck(ctx, self.target.mine_id, trigger, chosen)

    def saved_text(self, result: Any) -> str:
        return _("Spot-check opened at {mine}: window {start} – {end} (due {end}); sections: {sections}.").format(
            mine=self.target.mine_name, start=result.window_start, end=result.window_end,
            sections="、".join(label(s) for s in result.sections))


class SpotCheckResultForm(InspectionForm):
    """Record (or correct) a spot-check's result and findings; dismisses with the SpotCheckRow (None: left)."""

    FIELD_ALIASES: ClassVar[dict[str, str]] = {"day": "date"}

    def __init__(self, row: SpotCheckRow, today: date) -> None:
        super().__init__()
        self.row, self.today = row, today

    def heading(self) -> Text:
        row = self.row
        line = Text(_("Joint spot-check result") + " · ", style="bold")
        line.append(f"{row.mine_name}  {label(row.trigger.kind)}  {row.window_start} – {row.window_end}")
        return line

    def fields(self) -> Iterable[Widget]:
        row = self.row
        notes = {f.kind: f.note for f in row.findings}
        yield field_row("date", _("Date"), text_input("date", (row.check_date or self.today).isoformat()))
        yield field_row("inspectors", _("Checked by"), text_input(
            "inspectors", "、".join(row.inspectors), placeholder=_("at least two names, separated by 、")))
        yield field_row("result", _("Result"), text_input("result", row.result), _("what the spot-check found"))
        yield Label(Text(_("Findings: one per section that must act (blank: none)")), classes="form-section")
        yield Label(Text(""), id="problem-findings", classes="form-problem")
        for section in finding_sections(row):
            yield field_row(f"finding-{section.value}", "→ " + label(section),
                            text_input(f"finding-{section.value}", notes.get(section.value, ""),
                                       placeholder=_("blank: none")))

    def on_mount(self) -> None:
        self.title = _("Joint spot-check")
        self.sub_title = self.row.licence_no
        super().on_mount()

    def read(self) -> tuple[tuple[SpotCheckResult, list[tuple[Section, str]]], list[Problem]]:
        problems: list[Problem] = []
        day = read_date(self.text_of("date"), "date", problems, self.today)
        result = SpotCheckResult(day, names_of(self.text_of("inspectors")), self.text_of("result"))
        found = [(s, self.text_of(f"finding-{s.value}")) for s in finding_sections(self.row)]
        return (result, [(s, note) for s, note in found if note]), problems

    def submit(self, ctx: Context, draft: Any) -> SpotCheckRow:
        result, found = draft
        return record_result(ctx, self.row.id, result, found, expected_version=self.row.version)

    def saved_text(self, result: Any) -> str:
        lines = [_("Spot-check result saved: {mine}, {date}.").format(mine=self.row.mine_name,
                                                                      date=self.text_of("date"))]
        return "\n".join([*lines, *findings_lines(result.findings, lambda k: label(Section(k)))])
