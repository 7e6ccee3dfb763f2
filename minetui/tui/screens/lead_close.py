"""Closing a lead: its outcome and, for an R-LEAD-2/R-LEAD-4 lead, the list decision (R-LIST-1) — list it on
the 异常名录 or the 严重失信主体名单, or do not list it, with a reason. When the bureau did not register the right,
the dialog says that listing becomes a lead to the registering authority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from minetui.domain.leads.leads import DecisionNeed
from minetui.domain.leads.lists import ListDecision, ListKind, Registrar, decision_problems
from minetui.i18n import _, label
from minetui.services.leads.leads import LeadRow
from minetui.tui.screens.base import BaseDialog
from minetui.tui.widgets.choice import ChoiceField

NOT_LISTED = "not_listed"


@dataclass(frozen=True, slots=True)
class CloseAnswer:
    outcome: str
    decision: ListDecision | None = None
    kind: ListKind | None = None
    reason: str = ""


def decision_options() -> list[tuple[str, str]]:
    """List on one of the two lists, or not."""
    return [(_("List: {list}").format(list=label(k)), str(k)) for k in ListKind] + [
        (label(ListDecision.NOT_LISTED), NOT_LISTED)]


def answer_of(outcome: str, choice: str | None, reason: str,
              need: DecisionNeed | bool) -> tuple[CloseAnswer | None, str]:
    """The answer, or None with what is missing (the domain's words for a list decision). `need` says whether
    a list decision is required, optional (a lead enforcement received: left unchosen = no decision) or none."""
    if not outcome.strip():
        return None, _("Closing a lead needs its outcome")
    need = _need(need)
    if need is DecisionNeed.NONE or (need is DecisionNeed.OPTIONAL and choice is None):
        return CloseAnswer(outcome.strip()), ""
    decision = None if choice is None else (ListDecision.NOT_LISTED if choice == NOT_LISTED else ListDecision.LISTED)
    kind = ListKind(choice) if decision is ListDecision.LISTED and choice else None
    problems = decision_problems(decision, kind, reason)
    if problems:
        return None, "；".join(problems)
    return CloseAnswer(outcome.strip(), decision, kind, reason.strip()), ""


def _need(need: DecisionNeed | bool) -> DecisionNeed:
    if isinstance(need, DecisionNeed):
        return need
    return DecisionNeed.REQUIRED if need else DecisionNeed.NONE


class CloseDialog(BaseDialog):
    """Dismisses with a CloseAnswer (None when cancelled). Enter in the last field or F2 closes the lead."""

    holds_input = True
    BINDINGS: ClassVar[list[BindingType]] = [("f2", "submit", "Close the lead")]

    DEFAULT_CSS = """
    CloseDialog .close-row { height: auto; }
    CloseDialog .close-label { width: 14; }
    CloseDialog .close-row Input { background: $primary 15%; }
    CloseDialog .close-row Input { width: 1fr; margin: 0; }
    CloseDialog #close-warning { color: $text-warning; }
    CloseDialog #close-problem { color: $text-error; }
    """

    def __init__(self, lead: LeadRow, need: DecisionNeed | bool, registrar: Registrar | None) -> None:
        super().__init__()
        self.lead, self.need, self.registrar = lead, _need(need), registrar

    @property
    def needs_decision(self) -> bool:
        """Whether the dialog offers a list decision (required or optional)."""
        return self.need is not DecisionNeed.NONE

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Close lead {id}").format(id=self.lead.id), style="bold"))
            yield Static(Text(self.lead.where or self.lead.description))
            with Horizontal(classes="close-row"):
                yield Label(_("Outcome"), classes="close-label")
                yield Input(id="close-outcome", compact=True)
            if self.needs_decision:
                hint = (_("This lead closes with a list decision (R-LIST-1); 1–3 choose:")
                        if self.need is DecisionNeed.REQUIRED else
                        _("A filed case may close with a list decision (R-LIST-1); 1–3 choose, or leave it:"))
                yield Static(Text(hint, style="dim"))
                yield ChoiceField(decision_options(), id="close-decision")
                with Horizontal(classes="close-row"):
                    yield Label(_("Reason"), classes="close-label")
                    yield Input(id="close-reason", compact=True, placeholder=_("needed when not listed"))
                if self.registrar is not None and self.registrar is not Registrar.DISTRICT:
                    yield Static(Text(_("The bureau did not register this right ({registrar}): listing it drafts "
                                        "a lead to the registering authority instead.").format(
                        registrar=label(self.registrar))), id="close-warning")
            yield Static(id="close-problem")
            with Horizontal(classes="buttons"):
                yield Button(_("Close the lead (F2)"), id="ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        for field in self.query(".close-row Input"):
            field.styles.margin = 0  # one line per field (app.tcss spaces dialog inputs out)
        self.query_one("#close-outcome", Input).focus()

    @on(Input.Submitted, "#close-outcome")
    def outcome_entered(self) -> None:
        if self.needs_decision:
            self.query_one("#close-decision", ChoiceField).focus()
        else:
            self.action_submit()

    @on(Input.Submitted, "#close-reason")
    def reason_entered(self) -> None:
        self.action_submit()

    def submit(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        outcome = self.query_one("#close-outcome", Input).value
        choice, reason = None, ""
        if self.needs_decision:
            choice = self.query_one("#close-decision", ChoiceField).value
            reason = self.query_one("#close-reason", Input).value
        answer, problem = answer_of(outcome, choice, reason, self.need)
        if answer is None:
            self.query_one("#close-problem", Static).update(Text(problem))
            return
        self.dismiss(answer)
