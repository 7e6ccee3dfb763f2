"""One lead: every field, its trail (who, when, from → to state, why), evidence, list entries and replies, and
the steps of its lifecycle on keys — send `s`, receive `r`, start handling `h`, return `t` (with a reason),
close `c` (with the outcome and, for R-LEAD-2/R-LEAD-4, a list decision). Each step is confirmed first.

Only the steps the state machine allows (domain.leads.allowed_actions) show in the footer; pressing another
key of a step says why it is not possible now. A refusal (LeadRefused, StaleRecord) is a notification, and
after every step the page is read again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from minetui.domain.leads.leads import (
    DecisionNeed,
    LeadAction,
    LeadState,
    Rule,
    allowed_actions,
    apply,
    list_decision_need,
)
from minetui.domain.leads.lists import ListKind, Registrar
from minetui.errors import StaleRecord
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.leads import leads as lead_service
from minetui.services.leads.leads import Closed, LeadDetail, LeadRow
from minetui.services.mines.browse import office_choices
from minetui.tui.format import text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.screens.inspection_common import heading, page, pairs
from minetui.tui.screens.lead_close import CloseAnswer, CloseDialog
from minetui.tui.screens.leads import OVERDUE_STYLE, STATE_STYLE, sender_name
from minetui.tui.widgets.dialogs import ConfirmDialog, TextDialog

STEP_KEYS = {LeadAction.SEND: "s", LeadAction.RECEIVE: "r", LeadAction.HANDLE: "h", LeadAction.RETURN: "t",
             LeadAction.CLOSE: "c"}


@dataclass(frozen=True, slots=True)
class LeadPage:
    """Everything the page shows: the detail, who registered the mine's right, and the leads it is linked to."""

    detail: LeadDetail
    registrar: Registrar | None
    offices: dict[str, str]
    forwarded: list[LeadRow]  # R-LIST-1 leads drafted to the registering authority when this one was closed
    origin: LeadRow | None    # for an R-LIST-1 lead: the lead whose closing forwarded it

    @property
    def lead(self) -> LeadRow:
        return self.detail.lead

    @property
    def linked(self) -> LeadRow | None:
        return self.forwarded[0] if self.forwarded else self.origin


def _origin_lead_id(row: LeadRow) -> int | None:
    """The lead an R-LIST-1 forward came from ('list:{mine}:{kind}:{lead}' as services.lists writes it)."""
    parts = (row.origin_key or "").split(":")
    return int(parts[3]) if row.rule == str(Rule.LIST) and len(parts) == 4 and parts[3].isdigit() else None


def load_page(ctx: Context, lead_id: int) -> LeadPage:
    """(worker) The lead's detail, its mine's registrar, and its forwarded or originating lead."""
    from minetui.services.mines.browse import mine_detail

    detail = lead_service.lead_detail(ctx, lead_id)
    lead = detail.lead
    registrar = None
    forwarded: list[LeadRow] = []
    if lead.mine_id is not None:
        registrar = Registrar(mine_detail(ctx, lead.mine_id).mine["registered_by"])
        forwarded = [r for r in lead_service.list_leads(ctx, mine_id=lead.mine_id, rules=[str(Rule.LIST)])
                     if _origin_lead_id(r) == lead.id]
    origin_id = _origin_lead_id(lead)
    origin = lead_service.get_lead(ctx, origin_id) if origin_id is not None else None
    return LeadPage(detail, registrar, dict(office_choices(ctx)), forwarded, origin)


def needs_list_decision(lead: LeadRow) -> DecisionNeed:
    """Whether closing this lead takes a list decision (domain.leads.list_decision_need)."""
    return list_decision_need(lead.rule, lead.kind)


# --- the page ------------------------------------------------------------------------------------------------


def state_line(lead: LeadRow) -> Text:
    line = text(lead.state, style=STATE_STYLE[lead.state])
    if lead.overdue.sending:
        line.append("  " + _("overdue: not yet received"), style=OVERDUE_STYLE)
    elif lead.overdue.handling:
        line.append("  " + _("overdue: not yet closed"), style=OVERDUE_STYLE)
    return line


def deadline_line(lead: LeadRow, calendar_note: str = "") -> Text:
    """The deadline, the days left or overdue, and the working-day calendar's warning when it did not know the
    deadline's year (R-DAY-1)."""
    line = text(lead.deadline)
    if lead.state is not LeadState.CLOSED:
        style = OVERDUE_STYLE if lead.overdue.any else "dim"
        when = (_("{n} days left").format(n=lead.days_left) if lead.days_left >= 0
                else _("{n} days overdue").format(n=-lead.days_left))
        line.append("  " + when, style=style)
    if calendar_note:
        line.append("\n" + calendar_note, style="bold yellow")
    return line


def where_value(lead: LeadRow) -> Text:
    value = Text(lead.where)
    if lead.licence_no and lead.location:
        value.append(f"  {lead.location}")
    return value


def fields_table(page_: LeadPage) -> Table:
    lead = page_.lead
    rows: list[tuple[str, object]] = [
        (_("Rule"), lead.rule), (_("Source"), lead.source),
        *([(_("Kind"), kind_word(lead.kind))] if lead.kind else []),
        (_("Sender"), sender_name(lead, page_.offices)), (_("Receiving side"), lead.to_section),
        (_("Mine or location"), where_value(lead)), (_("Description"), lead.description),
        (_("State"), state_line(lead)), (_("Deadline"), deadline_line(lead, page_.detail.calendar_note)),
        (_("Sent on"), lead.sent_on), (_("Received on"), lead.received_on), (_("Closed on"), lead.closed_on),
    ]
    if lead.return_reason:
        rows.append((_("Return reason"), lead.return_reason))
    if lead.outcome:
        rows.append((_("Outcome"), lead.outcome))
    if lead.list_decision is not None:
        rows.append((_("List decision"), lead.list_decision))
    if page_.registrar is not None:
        rows.append((_("Right registered by"), page_.registrar))
    if lead.package_id:
        rows.append((_("Transfer package"), lead.package_id))
    rows.append((_("Created"), f"{lead.created_at[:16].replace('T', ' ')}  {lead.created_by}"))
    return pairs(rows)


def kind_word(kind: str) -> str:
    """A finding's kind in the UI language ('' when the lead has none)."""
    from minetui.domain.patrols.record import ChecklistItem

    try:
        return label(ChecklistItem(kind))
    except ValueError:
        return kind


def _table(*titles: str) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False)
    for title in titles:
        table.add_column(title)
    return table


def action_word(action: str) -> str:
    if action == "create":
        return _("drafted")
    try:
        return label(LeadAction(action))
    except ValueError:
        return action


def trail_table(detail: LeadDetail) -> Table:
    table = _table(_("When"), _("Who"), _("Step"), _("State change"), _("Why"))
    for event in detail.trail:
        states = f"{label(event.from_state)} → {label(event.to_state)}" if event.from_state else label(event.to_state)
        table.add_row(text(event.on_day), text(event.actor), text(action_word(event.action)), text(states),
                      text(event.reason))
    return table


def evidence_view(detail: LeadDetail) -> RenderableType:
    if not detail.evidence:
        return Text(_("No evidence attached."), style="dim")
    table = _table(_("File"), _("Size"), "SHA-256")
    for item in detail.evidence:
        table.add_row(text(item["original_name"]), Text(f"{item['size']:,}", justify="right"),
                      text(item["sha256"][:16] + "…"))
    return table


def entries_view(detail: LeadDetail) -> RenderableType:
    if not detail.list_entries:
        return Text(_("No list entry from this lead."), style="dim")
    table = _table(_("List"), _("Date in"), _("Review on"), _("Date out"), _("Reason"))
    for entry in detail.list_entries:
        table.add_row(text(ListKind(entry["kind"])), text(entry["date_in"]), text(entry["review_on"]),
                      text(entry["date_out"]), text(entry["reason"]))
    return table


def replies_view(detail: LeadDetail) -> RenderableType:
    if not detail.replies:
        return Text(_("No reply received."), style="dim")
    table = _table(_("Received on"), _("Outcome"), _("Note"), _("File"))
    for reply in detail.replies:
        table.add_row(text(reply["received_on"]), text(reply["outcome"]), text(reply["note"]),
                      text(reply["file_name"]))
    return table


def linked_view(page_: LeadPage) -> RenderableType | None:
    """The lead forwarded to the registering authority (R-LIST-1), or the lead this forward came from."""
    if page_.forwarded:
        lines = [Text(_("The bureau did not register this right: lead {id} to {to} ({state}) instead of a "
                        "list entry — press g to open it.").format(id=r.id, to=label(r.to_section),
                                                                   state=label(r.state)), style="bold")
                 for r in page_.forwarded]
        return Group(*lines)
    if page_.origin is not None:
        return Text(_("Forwarded when lead {id} was closed — press g to open it.").format(id=page_.origin.id))
    return None


def lead_page(page_: LeadPage) -> Group:
    lead = page_.lead
    title = Text(_("Lead {id}").format(id=lead.id) + "  ", style="bold")
    title.append(lead.where or "")
    parts: list[RenderableType] = [title, fields_table(page_)]
    linked = linked_view(page_)
    if linked is not None:
        parts.append(linked)
    for name, body in ((_("Trail"), trail_table(page_.detail)), (_("Evidence"), evidence_view(page_.detail)),
                       (_("List entries"), entries_view(page_.detail)), (_("Replies"), replies_view(page_.detail))):
        parts.append(Group(heading(name), body))
    return page(*parts)


def closed_lines(closed: Closed) -> list[str]:
    """What closing did, for a notification."""
    lines = [_("Lead {id} closed.").format(id=closed.lead.id)]
    if closed.entry_id is not None:
        lines.append(_("List entry {id} recorded.").format(id=closed.entry_id))
    if closed.forwarded_lead_id is not None:
        lines.append(_("Not listed here: lead {id} drafted to the registering authority.").format(
            id=closed.forwarded_lead_id))
    return lines


# --- the screen ----------------------------------------------------------------------------------------------


class LeadDetailScreen(BaseScreen):
    SCOPE = "lead"

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.page: LeadPage | None = None
        # A step's key that the state machine does not allow now says why, instead of falling through to a
        # global key of the same letter (h is Home).
        refusals = [Binding(key, f"refuse('{action}')", show=False) for action, key in STEP_KEYS.items()]
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(refusals)])

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(_("Loading…"), id="lead-content")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Lead")
        self.query_one("#detail-body").focus()
        self.reload()

    def reload(self) -> None:
        lead_id = self.lead_id
        self.db("page", lambda ctx: load_page(ctx, lead_id))

    def db_page(self, loaded: LeadPage) -> None:
        self.page = loaded
        self.sub_title = _("Lead {id}").format(id=loaded.lead.id)
        self.query_one("#lead-content", Static).update(lead_page(loaded))
        self.refresh_bindings()

    @property
    def lead(self) -> LeadRow | None:
        return self.page.lead if self.page is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Steps only when the state machine allows them; the mine and the linked lead only when there is one."""
        lead = self.lead
        if action == "step":
            return lead is not None and LeadAction(str(parameters[0])) in allowed_actions(lead.state)
        if action == "open_mine":
            return lead is not None and lead.mine_id is not None
        if action == "open_linked":
            return self.page is not None and self.page.linked is not None
        return True

    # --- steps -----------------------------------------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """A stale save in the UI's words (the page is read again after every failed step)."""
        if isinstance(error, StaleRecord):
            self.notify(_("Lead {id} was changed by someone else meanwhile; nothing was saved. It has been read "
                          "again: check it and try once more.").format(id=self.lead_id),
                        title=_("Refused"), severity="error", markup=False)
        else:
            super().report_error(error)

    def action_refuse(self, action: str) -> None:
        lead = self.lead
        if lead is not None:
            reason = apply(lead.state, action, "-").reason
            self.notify(reason, title=_("Not possible now"), severity="warning", markup=False)

    def action_step(self, action: str) -> None:
        lead = self.lead
        if lead is None:
            return
        step = LeadAction(action)
        if step is LeadAction.RETURN:
            self.app.push_screen(TextDialog(_("Return lead {id}").format(id=lead.id),
                                            _("Why is it returned to the sender?")),
                                 lambda reason: self.take(step, reason) if reason else None)
        elif step is LeadAction.CLOSE:
            self.app.push_screen(CloseDialog(lead, needs_list_decision(lead), self.page.registrar if self.page
                                             else None), self.close_lead)
        else:
            self.app.push_screen(ConfirmDialog(self.confirm_text(lead, step)),
                                 lambda yes: self.take(step) if yes else None)

    def confirm_text(self, lead: LeadRow, step: LeadAction) -> str:
        target = label(apply(lead.state, step).new_state)
        return _("{action} lead {id} ({where})? It becomes “{state}”.").format(
            action=label(step), id=lead.id, where=lead.where, state=target)

    def take(self, step: LeadAction, note: str = "") -> None:
        lead = self.lead
        if lead is None:
            return
        lead_id, version = lead.id, lead.version
        self.db("stepped", lambda ctx: lead_service.act(ctx, lead_id, step, note, version=version))

    def db_stepped(self, row: LeadRow) -> None:
        self.notify(_("Lead {id}: {state}").format(id=row.id, state=label(row.state)), markup=False)
        self.reload()

    def db_stepped_failed(self, error: BaseException) -> None:
        self.reload()

    def close_lead(self, answer: CloseAnswer | None) -> None:
        lead = self.lead
        if answer is None or lead is None:
            return
        lead_id, version = lead.id, lead.version
        self.db("closed", lambda ctx: lead_service.close(
            ctx, lead_id, answer.outcome, decision=answer.decision, list_kind=answer.kind,
            decision_reason=answer.reason, version=version))

    async def db_closed(self, closed: Closed) -> None:
        self.notify("\n".join(closed_lines(closed)), markup=False, timeout=10)
        self.reload()
        if closed.forwarded_lead_id is not None:
            await self.app.push_screen(LeadDetailScreen(closed.forwarded_lead_id))

    def db_closed_failed(self, error: BaseException) -> None:
        self.reload()

    # --- moving around ---------------------------------------------------------------------------------------

    async def action_open_mine(self) -> None:
        lead = self.lead
        if lead is not None and lead.mine_id is not None:
            await self.mine_app.open_mine(lead.mine_id)

    async def action_open_linked(self) -> None:
        linked = self.page.linked if self.page is not None else None
        if linked is not None:
            await self.app.push_screen(LeadDetailScreen(linked.id))

    def action_scroll_body(self, step: int) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_relative(y=3 * step, animate=False)

