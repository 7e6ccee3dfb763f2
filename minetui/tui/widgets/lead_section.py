"""The mine detail's lead section (线索): the mine's leads with their state and deadline, and its list entries."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from minetui.domain.leads.leads import LeadState
from minetui.domain.leads.lists import ListKind
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.leads.leads import LeadRow, list_leads
from minetui.services.leads.lists import EntryRow, entries
from minetui.tui.format import text

OVERDUE_STYLE = "bold red"


@dataclass(frozen=True, slots=True)
class MineLeads:
    leads: list[LeadRow]
    entries: list[EntryRow]


def mine_leads_view(ctx: Context, mine_id: int) -> MineLeads:
    """(worker) The mine's leads (by deadline) and its list entries, current and removed."""
    return MineLeads(list_leads(ctx, mine_id=mine_id), entries(ctx, current_only=False, mine_id=mine_id))


def _table(*titles: str) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False)
    for title in titles:
        table.add_column(title)
    return table


def leads_table(rows: list[LeadRow]) -> RenderableType:
    if not rows:
        return Text(_("No lead about this mine."), style="dim")
    table = _table(_("No."), _("Rule"), _("Receiving side"), _("State"), _("Deadline"), _("Description"))
    for row in rows:
        late = row.overdue.any and row.state is not LeadState.CLOSED
        table.add_row(text(row.id), text(row.rule), text(row.to_section),
                      text(row.state, style=OVERDUE_STYLE if late else ""),
                      text(row.deadline, style=OVERDUE_STYLE if late else ""), text(row.description))
    return table


def entries_table(rows: list[EntryRow]) -> RenderableType:
    if not rows:
        return Text(_("Not on the abnormal or serious-dishonesty list."), style="dim")
    table = _table(_("List"), _("Date in"), _("Review on"), _("Date out"), _("Reason"))
    for row in rows:
        table.add_row(text(row.kind, style="bold red" if row.kind is ListKind.SERIOUS and not row.date_out else ""),
                      text(row.date_in), text(row.review_on, style="bold red" if row.review_due else ""),
                      text(row.date_out), text(row.reason))
    return table


def lead_section(view: MineLeads) -> Group:
    """The heading and the leads, then the list entries."""
    return Group(Text(_("Leads"), style="bold underline"), leads_table(view.leads), Text(""),
                 Text(_("Lists"), style="bold underline"), entries_table(view.entries))
