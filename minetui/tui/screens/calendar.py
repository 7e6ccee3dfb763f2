"""The patrol calendar (R-PAT-1, R-PAT-2): one month or quarter, one office or all — counts per office at the
top, each mine's duty in the period below (coloured by state), Enter opens the mine, `n` records a patrol.

Duties are computed by the patrol service on ctx.today; the screen reads them again whenever it comes back
into view, so a patrol saved from the form (or from a mine's detail) shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from minetui.domain.patrols.duties import DutyState
from minetui.domain.periods import Period, PeriodKind, month_of, quarter_of
from minetui.i18n import _, label, language
from minetui.services.core.context import Context
from minetui.services.mines.browse import office_choices
from minetui.services.mines.zones import mines_in_zones
from minetui.services.patrols.duties import DutyRow, duty_rows, office_counts
from minetui.services.patrols.form import prefill_date
from minetui.tui.format import next_in_cycle, text
from minetui.tui.screens.base import BaseScreen
from minetui.tui.screens.patrol_form import PatrolStarter
from minetui.tui.widgets.patrol_section import STATE_STYLE

STATE_FILTERS: tuple[DutyState | None, ...] = (None, DutyState.OVERDUE, DutyState.DUE_SOON, DutyState.OPEN,
                                               DutyState.MET)
COUNTED = (DutyState.MET, DutyState.OPEN, DutyState.DUE_SOON, DutyState.OVERDUE)


@dataclass(frozen=True, slots=True)
class CalendarData:
    """One period's duties (of one office or all), the counts of every office, and whether the year has zones."""

    period: Period
    office: str | None
    has_zones: bool
    rows: list[DutyRow]
    counts: dict[str, dict[DutyState, int]]
    offices: list[tuple[str, str]]


def load_calendar(ctx: Context, period: Period, office: str | None) -> CalendarData:
    """(worker) The duties overlapping `period`, most urgent first, with the per-office counts."""
    offices = office_choices(ctx)
    if not mines_in_zones(ctx, period.year):
        return CalendarData(period, office, False, [], {}, offices)
    rows = duty_rows(ctx, period.year, office=office, period=period)
    rows.sort(key=lambda r: (-r.state.urgency, r.due, r.licence_no))
    return CalendarData(period, office, True, rows, office_counts(ctx, period.year, period), offices)


def period_label(period: Period) -> str:
    return period.zh if language() == "zh" else str(period)


def toggled(period: Period) -> Period:
    """Month ↔ quarter: a month becomes its quarter; a quarter becomes its first month."""
    if period.kind is PeriodKind.MONTH:
        return quarter_of(period.start)
    return month_of(period.start)


def duty_cells(row: DutyRow) -> list[Text]:
    """Mine, period, kind, due, days left, state (coloured), the patrol that met it, licence no."""
    style = STATE_STYLE[row.state]
    days = "" if row.state is DutyState.MET else str(row.days_left)
    return [text(row.mine_name), text(str(row.period)), text(row.kind), text(row.due),
            Text(days, justify="right", style=style), text(row.state, style=style), text(row.met_by),
            text(row.licence_no)]


def column_titles() -> list[str]:
    return [_("Mine"), _("Period"), _("Kind"), _("Due"), _("Days left"), _("State"), _("Patrolled on"),
            _("Licence no.")]


def counts_table(data: CalendarData) -> Table:
    """Per office: met / open / due soon / overdue in the period (only the chosen office when one is)."""
    names = dict(data.offices)
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column(_("NR office"), no_wrap=True)
    for state in COUNTED:
        table.add_column(Text(label(state), style=STATE_STYLE[state]), justify="right")
    codes = [data.office] if data.office else [c for c in data.counts if c or any(data.counts[c].values())]
    for code in codes:
        counts = data.counts.get(code or "", {})
        title = names.get(code, code) if code else _("(no office)")
        table.add_row(Text(title), *(Text(str(counts.get(s, 0)), style=STATE_STYLE[s] if counts.get(s) else "dim")
                                     for s in COUNTED))
    if not data.office and len(codes) > 1:
        totals = [sum(c.get(s, 0) for c in data.counts.values()) for s in COUNTED]
        table.add_row(Text(_("Total"), style="bold"), *(Text(str(n), style="bold") for n in totals))
    return table


class CalendarScreen(PatrolStarter, BaseScreen):
    SCOPE = "calendar"

    DEFAULT_CSS = """
    CalendarScreen #calendar-body { height: 1fr; }
    CalendarScreen #calendar-counts { height: auto; padding: 0 1; }
    CalendarScreen #duties { height: 1fr; }
    """

    def __init__(self, period: Period | None = None, office: str | None = None) -> None:
        super().__init__()
        self.period = period
        self.office = office
        self.state_filter: DutyState | None = None
        self.data: CalendarData | None = None
        self.rows: list[DutyRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="calendar-body"):
            yield Static(id="calendar-bar", classes="status-line")
            yield Static(id="calendar-counts")
            yield DataTable(id="duties", cursor_type="row", zebra_stripes=True)
            yield Static(id="calendar-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Patrol calendar")
        if self.period is None:
            self.period = month_of(self.ctx.today)
        table = self.query_one("#duties", DataTable)
        for title in column_titles():
            table.add_column(title)
        self.query_one("#calendar-empty").display = False
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- loading ---------------------------------------------------------------------------------------------

    def reload(self) -> None:
        period, office = self.period or month_of(self.ctx.today), self.office
        self.show_bar()
        self.db("calendar", lambda ctx: load_calendar(ctx, period, office))

    def db_calendar(self, data: CalendarData) -> None:
        if data.period != self.period or data.office != self.office:
            return  # an older request; the newer one is on its way
        keep = self.current_row()
        self.data = data
        self.query_one("#calendar-counts", Static).update(counts_table(data) if data.has_zones else "")
        self.show_rows(keep)

    def show_rows(self, keep: DutyRow | None = None) -> None:
        """The duties that pass the state filter, with the cursor on the same duty as before when it is there."""
        data = self.data
        rows = [] if data is None else [r for r in data.rows if self.state_filter in (None, r.state)]
        self.rows = rows
        table = self.query_one("#duties", DataTable)
        table.clear()
        table.add_rows([duty_cells(r) for r in rows])
        if rows:
            keys = [(r.mine_id, r.period) for r in rows]
            target = keys.index((keep.mine_id, keep.period)) if keep and (keep.mine_id, keep.period) in keys else 0
            table.move_cursor(row=target, animate=False)
        self.show_bar()
        self.show_empty()

    # --- what is shown around the table ----------------------------------------------------------------------

    def office_name(self) -> str:
        if self.office is None:
            return _("all offices")
        names = dict(self.data.offices) if self.data else {}
        return names.get(self.office, self.office)

    def show_bar(self) -> None:
        period = self.period or month_of(self.ctx.today)
        line = Text(period_label(period), style="bold")
        line.append(" · " + self.office_name())
        line.append(" · " + _("state: {state}").format(
            state=label(self.state_filter) if self.state_filter else _("all")))
        if self.data is not None and self.data.has_zones:
            line.append(" · " + _("{n} duties").format(n=len(self.rows)), style="dim")
        self.query_one("#calendar-bar", Static).update(line)

    def show_empty(self) -> None:
        empty = self.query_one("#calendar-empty", Static)
        table = self.query_one("#duties", DataTable)
        data = self.data
        nothing = data is not None and not self.rows
        empty.display, table.display = nothing, not nothing
        self.query_one("#calendar-counts").display = data is not None and data.has_zones
        if not nothing or data is None:
            return
        if not data.has_zones:
            message = _("There is no key monitoring zone list for {year}, so there are no patrol duties. First "
                        "build this year's list under key monitoring zones: press z to go there.").format(
                year=data.period.year)
        elif self.state_filter is not None:
            message = _("No duty in {period} is “{state}”. Press f to change the filter.").format(
                period=period_label(data.period), state=label(self.state_filter))
        else:
            message = _("No patrol duties in {period} for {office}.").format(
                period=period_label(data.period), office=self.office_name())
        empty.update(Text(message))

    def current_row(self) -> DutyRow | None:
        table = self.query_one("#duties", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys ------------------------------------------------------------------------------------------------

    def action_shift(self, step: int) -> None:
        self.period = (self.period or month_of(self.ctx.today)).shift(step)
        self.reload()

    def action_toggle_view(self) -> None:
        self.period = toggled(self.period or month_of(self.ctx.today))
        self.reload()

    def action_this_period(self) -> None:
        today = self.ctx.today
        kind = (self.period or month_of(today)).kind
        self.period = month_of(today) if kind is PeriodKind.MONTH else quarter_of(today)
        self.reload()

    def action_cycle_office(self) -> None:
        codes: list[str | None] = [None, *(code for code, _name in (self.data.offices if self.data else []))]
        self.office = next_in_cycle(codes, self.office)
        self.reload()

    def action_cycle_filter(self) -> None:
        index = STATE_FILTERS.index(self.state_filter)
        self.state_filter = STATE_FILTERS[(index + 1) % len(STATE_FILTERS)]
        self.show_rows(self.current_row())

    def action_cursor_down(self) -> None:
        self.query_one("#duties", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#duties", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#duties")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        row = self.current_row()
        if row is not None:
            await self.mine_app.open_mine(row.mine_id)

    def action_new_patrol(self) -> None:
        row = self.current_row()
        if row is None:
            self.notify(_("Choose a duty first."), severity="warning")
            return
        self.start_patrol(row.mine_id, prefill_date(self.ctx.today, row.period.end))
