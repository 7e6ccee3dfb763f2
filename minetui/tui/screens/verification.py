"""Field verification (实地核查, R-VER-1): the year's list with why each mine is on it, its state and verdict;
`c` shows who joined or left since last year; `a` adds a mine (双随机 or by decision, with a reason), `x` takes
an addition back; `r` records the result; Enter shows the record with its items and the findings raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from minetui.domain.inspections.verification import AdditionKind, Answer, ChangeKind, ListBasis, VerificationState
from minetui.i18n import N_, _, label, language
from minetui.services.core.context import Context
from minetui.services.inspections.verification import (
    ChangeRow,
    ListRow,
    SavedVerification,
    add_to_list,
    check_items,
    list_changes,
    remove_addition,
    verification_detail,
    verification_due,
    verification_list,
)
from minetui.services.mines.browse import mine_detail, office_choices
from minetui.tui.format import text
from minetui.tui.screens.base import BaseDialog
from minetui.tui.screens.inspection_common import (
    InspectionDetailScreen,
    InspectionList,
    ListData,
    findings_view,
    heading,
    page,
    pairs,
    state_text,
)
from minetui.tui.screens.verification_form import VerificationForm, VerificationTarget, item_title
from minetui.tui.widgets.choice import ChoiceField
from minetui.tui.widgets.dialogs import MinePicker

ANSWER_STYLES = {Answer.INCONSISTENT: "bold red", Answer.UNVERIFIABLE: "yellow", Answer.CONSISTENT: "green"}


def basis_word(basis: ListBasis) -> str:
    """Why a mine is on the list, in the UI language (the enum's English value is a bare key)."""
    if language() == "zh":
        return label(basis)
    return {ListBasis.RULE: "producing in a zone", ListBasis.RANDOM: "random draw",
            ListBasis.DECISION: "by decision"}[basis]


def bases_text(bases: Sequence[ListBasis], reason: str = "") -> str:
    """e.g. 决定列入：理由 — every basis, then the reason of a hand addition."""
    words = "、".join(basis_word(b) for b in bases)
    return f"{words}：{reason}" if reason else words


def load_verification(ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
    """(worker) The year's list (of one office, or one mine) and the changes since last year."""
    rows = [r for r in verification_list(ctx, year) if office in (None, r.office_code) and mine_id in (None, r.mine_id)]
    changes = [c for c in list_changes(ctx, year) if mine_id in (None, c.mine_id)]
    name = mine_detail(ctx, mine_id).mine["name"] if mine_id is not None else ""
    return ListData(year, office, mine_id, rows, office_choices(ctx), changes, name)


def verification_page(ctx: Context, year: int, row: ListRow) -> RenderableType:
    """(worker) One mine's place on the list and, when recorded, its verification with items and findings."""
    title = Text(f"{row.mine_name}  {row.licence_no}", style="bold")
    listing = pairs([(_("Year"), year), (_("On the list because"), bases_text(row.bases, row.reason)),
                     (_("Due"), row.due), (_("State"), state_text(row.state))])
    if row.verification_id is None:
        return page(title, listing, Text(_("Not verified yet: press r on the list to record the result."),
                                         style="dim"))
    detail = verification_detail(ctx, row.verification_id)
    items = check_items(ctx)
    record = detail.record
    facts = pairs([(_("Date"), record.date), (_("Inspectors"), "、".join(record.inspectors)),
                   (_("Verdict"), text(detail.verdict, style=ANSWER_STYLES[detail.verdict])),
                   (_("Conclusion"), record.conclusion), (_("Evidence"), "、".join(record.evidence)),
                   (_("Recorded by"), f"{detail.created_by}  {detail.created_at[:16].replace('T', ' ')}")])
    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in (_("Check item"), _("Judgement"), _("Note")):
        table.add_column(column)
    for key, judgement in record.items.items():
        table.add_row(text(item_title(items, key)), text(judgement.answer, style=ANSWER_STYLES[judgement.answer]),
                      text(judgement.note))
    return page(title, listing, heading(_("Verification")), facts, heading(_("Check items")), table,
                heading(_("Findings and leads")), findings_view(detail.findings, lambda k: item_title(items, k)))


def saved_row(ctx: Context, target: VerificationTarget, verification_id: int) -> ListRow:
    """(worker) The list row of a verification just saved (a mine off the list gets a row of its own)."""
    found = [r for r in verification_list(ctx, target.year) if r.verification_id == verification_id]
    if found:
        return found[0]
    detail = verification_detail(ctx, verification_id)
    return ListRow(target.mine_id, target.licence_no, target.mine_name, None, (), "",
                   verification_due(ctx, target.year), VerificationState.DONE, verification_id, detail.verdict)


def verification_target(ctx: Context, mine_id: int, year: int) -> VerificationTarget:
    """(worker) What the record form needs."""
    mine = mine_detail(ctx, mine_id).mine
    return VerificationTarget(mine_id, mine["name"], mine["licence_no"], year, check_items(ctx))


@dataclass(frozen=True, slots=True)
class AdditionInput:
    how: AdditionKind
    reason: str


class AddDialog(BaseDialog):
    """How a mine comes onto the list (双随机 or decision) and why; the reason is required."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Label(_("How"))
            yield ChoiceField([(label(k), k) for k in AdditionKind], AdditionKind.DECISION, id="how")
            yield Label(_("Reason"))
            yield Input(id="reason", compact=True, placeholder=_("e.g. the draw of 2025-03-02, or the decision"))
            yield Static(Text(_("Enter saves, esc cancels."), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.notify(_("A mine added to the list needs a reason."), severity="warning")
            return
        how = self.query_one("#how", ChoiceField).value or AdditionKind.DECISION
        self.dismiss(AdditionInput(how, reason))


class VerificationScreen(InspectionList):
    SCOPE = "verification"
    TITLE_TEXT = N_("Field verification")

    def __init__(self, year: int | None = None, mine_id: int | None = None) -> None:
        super().__init__(year, mine_id)
        self.view = "list"
        self._adding: int | None = None
        self._target: VerificationTarget | None = None

    def load(self, ctx: Context, year: int, office: str | None, mine_id: int | None) -> ListData:
        return load_verification(ctx, year, office, mine_id)

    @property
    def changes(self) -> list[ChangeRow]:
        return self.data.extra if self.data else []

    def shown_rows(self) -> list[Any]:
        return self.changes if self.view == "changes" else super().shown_rows()

    def columns(self) -> list[str]:
        if self.view == "changes":
            return [_("Change"), _("Mine"), _("Why"), _("Licence no.")]
        return [_("Mine"), _("State"), _("Due"), _("Verdict"), _("On the list because"), _("NR office"),
                _("Licence no.")]

    def cells(self, row: Any) -> list[Text]:
        if isinstance(row, ChangeRow):
            kind = ChangeKind.JOINED if row.joined else ChangeKind.LEFT
            why = bases_text(row.bases) if row.joined else "、".join(label(r) for r in row.left_reasons)
            return [text(kind, style="green" if row.joined else "yellow"), text(row.mine_name), text(why),
                    text(row.licence_no)]
        verdict = text(row.verdict, style=ANSWER_STYLES.get(row.verdict, "")) if row.verdict else Text("")
        return [text(row.mine_name), state_text(row.state), text(row.due), verdict,
                text(bases_text(row.bases, row.reason)), text(row.office_code), text(row.licence_no)]

    def key_of(self, row: Any) -> object:
        return (type(row).__name__, row.mine_id)

    def bar_extra(self) -> str:
        if self.view == "changes":
            return _("changes since {year}").format(year=(self.year or 0) - 1)
        rows = self.data.rows if self.data else []
        return " · ".join(f"{label(s)} {sum(r.state is s for r in rows)}" for s in VerificationState)

    def note(self) -> RenderableType:
        if self.view == "changes":
            return Text(_("c: back to the list · Enter opens the mine"))
        joined = sum(c.joined for c in self.changes)
        return Text(_("Since {year}: {joined} joined, {left} left — c shows them").format(
            year=(self.year or 0) - 1, joined=joined, left=len(self.changes) - joined))

    def empty_message(self) -> str:
        if self.view == "changes":
            return _("The {year} list is the same as last year's.").format(year=self.year)
        if self.mine_id is not None:
            return _("{mine} is not on the {year} verification list. a adds it; r records a verification all the "
                     "same.").format(mine=self.data.mine_name if self.data else "", year=self.year)
        return _("No mine is on the {year} verification list: it holds every producing mine in a key "
                 "monitoring zone of the year. a adds a mine by hand.").format(year=self.year)

    async def open_row(self, row: Any) -> None:
        if isinstance(row, ChangeRow):
            await self.mine_app.open_mine(row.mine_id)
            return
        year = self.year or self.ctx.today.year
        await self.app.push_screen(InspectionDetailScreen(
            _("Field verification"), lambda ctx: verification_page(ctx, year, row)))

    # --- keys ------------------------------------------------------------------------------------------------

    def action_toggle_changes(self) -> None:
        self.view = "list" if self.view == "changes" else "changes"
        self.show_rows()

    def target_mine(self) -> int | None:
        """The mine the next record or addition is for: the row's, or the screen's own mine."""
        row = self.current_row()
        if isinstance(row, ListRow):
            return row.mine_id
        if self.mine_id is not None:
            return self.mine_id
        self.notify(_("Choose a row first."), severity="warning")
        return None

    def action_record(self) -> None:
        row = self.current_row()
        if isinstance(row, ListRow) and row.verification_id is not None:
            self.notify(_("This mine's {year} verification is recorded: Enter shows it.").format(year=self.year),
                        severity="warning")
            return
        mine_id = self.target_mine()
        if mine_id is not None:
            year = self.year or self.ctx.today.year
            self.db("target", lambda ctx: verification_target(ctx, mine_id, year))

    def db_target(self, target: VerificationTarget) -> None:
        self._target = target
        self.app.push_screen(VerificationForm(target, self.ctx.today), self.recorded)

    def recorded(self, saved: SavedVerification | None) -> None:
        if saved is not None:
            target = self._target
            assert target is not None
            self.db("saved", lambda ctx: saved_row(ctx, target, saved.id))

    async def db_saved(self, row: ListRow) -> None:
        await self.open_row(row)

    def action_add(self) -> None:
        if self.mine_id is not None:
            self.ask_reason(self.mine_id)
            return
        self.app.push_screen(MinePicker(_("Add a mine to the {year} verification list").format(year=self.year)),
                             self.ask_reason)

    def ask_reason(self, mine_id: int | None) -> None:
        if mine_id is None:
            return
        self._adding = mine_id
        self.app.push_screen(AddDialog(_("Add to the {year} verification list").format(year=self.year)),
                             self.add_chosen)

    def add_chosen(self, answer: AdditionInput | None) -> None:
        mine_id, year = self._adding, self.year or self.ctx.today.year
        if answer is None or mine_id is None:
            return
        self.db("added", lambda ctx: add_to_list(ctx, year, mine_id, answer.reason, answer.how))

    def db_added(self, _value: None) -> None:
        self.notify(_("Added to the {year} verification list.").format(year=self.year))
        self.reload()

    def action_remove_addition(self) -> None:
        row = self.current_row()
        if not isinstance(row, ListRow) or row.bases == (ListBasis.RULE,):
            self.notify(_("Only a mine added by hand can be taken off the list."), severity="warning")
            return
        year = self.year or self.ctx.today.year
        self.db("removed", lambda ctx: remove_addition(ctx, year, row.mine_id))

    def db_removed(self, _value: None) -> None:
        self.notify(_("The addition was taken back."))
        self.reload()
