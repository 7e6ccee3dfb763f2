"""The mine detail's patrol section: this year's duty states by period, the mine's patrols and its findings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from minetui.domain.patrols.duties import DutyState
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.patrols.duties import DutyRow, duty_rows
from minetui.services.patrols.reading import FindingRow, PatrolListRow, mine_findings, mine_patrols
from minetui.tui.format import text

STATE_STYLE = {DutyState.OVERDUE: "bold red", DutyState.DUE_SOON: "bold yellow", DutyState.MET: "green",
               DutyState.OPEN: "", DutyState.NOT_REQUIRED: "dim"}


@dataclass(frozen=True, slots=True)
class MinePatrols:
    year: int
    duties: list[DutyRow]
    patrols: list[PatrolListRow]
    findings: list[FindingRow]


def mine_patrols_view(ctx: Context, mine_id: int) -> MinePatrols:
    """(worker) The year of ctx.today's duties of one mine, with its patrols and findings."""
    year = ctx.today.year
    return MinePatrols(year, duty_rows(ctx, year, mine_id=mine_id), mine_patrols(ctx, mine_id),
                       mine_findings(ctx, mine_id))


def state_text(state: DutyState) -> Text:
    return text(state, style=STATE_STYLE[state])


def _table(*titles: str) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False)
    for title in titles:
        table.add_column(title)
    return table


def duties_view(view: MinePatrols) -> RenderableType:
    if not view.duties:
        return Text(_("No patrol duties in {year}: the mine is in no key monitoring zone that year, or has no "
                      "status.").format(year=view.year), style="dim")
    table = _table(_("Period"), _("Kind"), _("State"), _("Patrolled on"))
    for row in view.duties:
        table.add_row(text(str(row.period)), text(row.kind), state_text(row.state), text(row.met_by))
    return table


def patrols_view(view: MinePatrols) -> RenderableType:
    if not view.patrols:
        return Text(_("No patrols recorded. Press n to record one."), style="dim")
    table = _table(_("Date"), _("Mode"), _("Inspectors"), _("Abnormal"))
    for row in view.patrols:
        abnormal = Text(str(row.abnormal), style="bold red" if row.abnormal else "", justify="right")
        table.add_row(text(row.date), text(row.mode), text("、".join(row.inspectors)), abnormal)
    return table


def findings_view(view: MinePatrols) -> RenderableType:
    if not view.findings:
        return Text(_("No findings."), style="dim")
    table = _table(_("Date"), _("Finding"), _("To"), _("Note"))
    for row in view.findings:
        kind = text(row.kind, style="bold")
        if row.suspected:
            kind.append(" " + _("(suspected)"), style="italic")
        table.add_row(text(row.patrol_date), kind, text(row.receiver), text(row.note))
    return table


def patrol_section(view: MinePatrols) -> Group:
    """Headed blocks: duties of the year, patrols, findings."""
    heading = Text(_("Patrols"), style="bold underline")
    return Group(
        heading,
        Text(_("Duties {year}").format(year=view.year), style="bold"), duties_view(view), Text(""),
        Text(_("Patrol records"), style="bold"), patrols_view(view), Text(""),
        Text(_("Findings"), style="bold"), findings_view(view),
    )
