"""The field verification record form (R-VER-1, DZ/T 0463-2024): each check item 一致/不一致/无法核实 with a
note, the overall conclusion, at least two inspectors and the evidence files; saved through
services.verification.record_verification (all or nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from minetui.domain.inspections.verification import Answer, CheckItem, ItemJudgement, VerificationRecord
from minetui.domain.normalize import split_list
from minetui.domain.validation import Problem
from minetui.i18n import N_, _, label, language
from minetui.services.core.context import Context
from minetui.services.inspections.verification import (
    SavedVerification,
    VerificationRefused,
    prepare_verification,
    record_verification,
)
from minetui.tui.screens.inspection_common import findings_lines
from minetui.tui.screens.inspection_form import InspectionForm, field_row, read_date, text_input
from minetui.tui.widgets.choice import ChoiceField

ANSWERS = (Answer.CONSISTENT, Answer.INCONSISTENT, Answer.UNVERIFIABLE)


@dataclass(frozen=True, slots=True)
class VerificationTarget:
    """The mine and year a verification is recorded for, and the configured check items."""

    mine_id: int
    mine_name: str
    licence_no: str
    year: int
    items: tuple[CheckItem, ...]


@dataclass(slots=True)
class VerificationDraft:
    record: VerificationRecord
    evidence: list[Path] = field(default_factory=list)


def names_of(text: str) -> list[str]:
    """Names typed in one field: separated by 、，,；; or spaces."""
    return split_list(" ".join(text.split()).replace(" ", "、"))


def item_title(items: Iterable[CheckItem], key: str) -> str:
    """The check item's title in the UI language (the key when the item is no longer configured)."""
    return next((i.title(language()) for i in items if i.key == key), key)


def file_problems(paths: Iterable[Path], field_name: str) -> list[Problem]:
    """(worker) A problem for each file that cannot be read."""
    from minetui.io.evidence import check_readable

    found = []
    for path in paths:
        reason = check_readable(path)
        if reason is not None:
            found.append(Problem("file.unreadable", N_("File {file} cannot be read: {reason}"),
                                    {"file": str(path), "reason": reason}, field=field_name))
    return found


def save_verification(ctx: Context, target: VerificationTarget, draft: VerificationDraft) -> SavedVerification:
    """(worker) Check the files and the record, then save; VerificationRefused with every problem otherwise."""
    _record, problems = prepare_verification(ctx, target.mine_id, target.year, draft.record, draft.evidence)
    problems = [*file_problems(draft.evidence, "evidence"), *problems]
    if any(p.is_error for p in problems):
        raise VerificationRefused(problems)
    return record_verification(ctx, target.mine_id, target.year, draft.record, evidence=draft.evidence)


class VerificationForm(InspectionForm):
    """A new verification of one mine in one year; dismisses with the SavedVerification (None: left)."""

    def __init__(self, target: VerificationTarget, today: date) -> None:
        super().__init__()
        self.target, self.today = target, today

    def heading(self) -> Text:
        line = Text(_("Field verification {year}").format(year=self.target.year) + " · ", style="bold")
        line.append(f"{self.target.mine_name}  {self.target.licence_no}")
        return line

    def fields(self) -> Iterable[Widget]:
        yield field_row("date", _("Date"), text_input("date", self.today.isoformat()))
        yield field_row("inspectors", _("Verified by"),
                        text_input("inspectors", placeholder=_("at least two names, separated by 、")))
        yield Static(Text(_("Check items: 1 consistent · 2 inconsistent · 3 cannot verify; a note unless "
                            "consistent; ⚑ inconsistent → lead to enforcement")), classes="form-section")
        yield Static(id="problem-items", classes="form-problem")
        yield from self.item_fields()
        yield field_row("conclusion", _("Conclusion"), text_input("conclusion"))
        yield field_row("evidence", _("Evidence"), text_input("evidence", placeholder=_("paths, separated by 、")),
                        _("photos, records, the signed check sheet"))

    def item_fields(self) -> Iterable[Widget]:
        choices = [(label(a), a) for a in ANSWERS]
        for item in self.target.items:
            title = item.title(language()) + (" ⚑" if item.violation else "")
            yield Vertical(
                Label(Text(title)),
                Horizontal(ChoiceField(choices, id=f"answer-{item.key}"),
                           Input(id=f"note-{item.key}", compact=True, placeholder=_("note")), classes="form-row"),
                Static(id=f"problem-{item.key}", classes="form-problem"),
                id=f"row-{item.key}", classes="form-field")

    def on_mount(self) -> None:
        self.title = _("Field verification")
        self.sub_title = self.target.licence_no
        super().on_mount()

    def read(self) -> tuple[VerificationDraft, list[Problem]]:
        problems: list[Problem] = []
        day = read_date(self.text_of("date"), "date", problems, self.today)
        items = {}
        for item in self.target.items:
            answer = self.query_one(f"#answer-{item.key}", ChoiceField).value
            if answer is not None:
                items[item.key] = ItemJudgement(answer, self.query_one(f"#note-{item.key}", Input).value.strip())
        record = VerificationRecord(day, names_of(self.text_of("inspectors")), items, self.text_of("conclusion"))
        evidence = [Path(p).expanduser() for p in split_list(self.text_of("evidence"))]
        return VerificationDraft(record, evidence), problems

    def submit(self, ctx: Context, draft: Any) -> SavedVerification:
        return save_verification(ctx, self.target, draft)

    def saved_text(self, result: Any) -> str:
        lines = [_("Verification saved: {mine}, {date}.").format(mine=self.target.mine_name,
                                                                 date=self.text_of("date"))]
        return "\n".join([*lines, *findings_lines(result.findings, lambda k: item_title(self.target.items, k))])
