"""The combined-visit planner (综合检查, R-VISIT-1): one quarter, one office or all.

Top: the proposed visits of the open tasks (date, mine, tasks, who attends) and the totals — "N visits for M
tasks; one visit per task would be M; proven minimum L". Below: the visits already committed. Keys: `m` moves
a task to another visit of the mine, `d` moves a visit's date, `x` cancels a visit, `c` commits the
proposal, `s` opens a committed visit's sheet, `r` records a committed visit's results in one pass.
The planning is services/visits/visits.py's; changes to the proposal use the planner core's move/cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from minetui.domain.inspections.tasks import task_words
from minetui.domain.periods import Period, quarter_of
from minetui.domain.visits import changes as plan_changes
from minetui.domain.visits import model
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.mines.browse import office_choices
from minetui.services.visits.visits import PeriodPlan, VisitRow, base_task_id, list_visits, plan_period, visit_attending
from minetui.tui.format import next_in_cycle, tasks_words
from minetui.tui.screens.base import BaseDialog, BaseScreen
from minetui.tui.widgets.dialogs import ConfirmDialog, TextDialog


@dataclass(frozen=True, slots=True)
class PlannerData:
    period: Period
    office: str | None
    plan: PeriodPlan
    committed: list[VisitRow]
    offices: list[tuple[str, str]]


def load_planner(ctx: Context, period: Period, office: str | None) -> PlannerData:
    """(worker) The proposal for the quarter's open tasks, and the visits already committed in it."""
    return PlannerData(period, office, plan_period(ctx, period.start, period.end, office),
                       list_visits(ctx, period.start, period.end, office=office), office_choices(ctx))


def totals_text(pp: PeriodPlan) -> str:
    s = pp.summary
    return _("{visits} visits for {tasks} tasks; one visit per task would be {one}; proven minimum {low}").format(
        visits=s["visits"], tasks=s["tasks"], one=s["one_visit_per_task"], low=s["lower_bound"])


def proposed_cells(pp: PeriodPlan, visit: model.Visit) -> list[Text]:
    joins = pp.joins(visit)
    joined = (_("visit {id}").format(id=joins) if joins is not None
              else visit.external.label if visit.external is not None else "")
    return [Text(visit.date.isoformat()), Text(pp.mine_name(visit.mine_key) or visit.mine_key),
            Text(tasks_words([base_task_id(t) for t in visit.task_ids])), Text("、".join(visit_attending(pp, visit))),
            Text(joined, style="dim")]


def committed_cells(visit: VisitRow) -> list[Text]:
    return [Text(str(visit.id)), Text(visit.date.isoformat()), Text(visit.mine_name), Text(tasks_words(visit.task_ids)),
            Text(_(visit.state)), Text(visit.joined or "", style="dim")]


class ChoiceDialog(BaseDialog):
    """Pick one of several labelled choices (dismisses with its index)."""

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text, self.choices = title, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield OptionList(*(Option(Text(c), id=str(i)) for i, c in enumerate(self.choices)), id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class PlannerScreen(BaseScreen):
    SCOPE = "planner"

    DEFAULT_CSS = """
    PlannerScreen #planner-body { height: 1fr; }
    PlannerScreen #proposed { height: 2fr; }
    PlannerScreen #committed { height: 1fr; }
    PlannerScreen .planner-title { padding: 0 1; text-style: bold; }
    PlannerScreen #planner-totals { padding: 0 1; }
    """

    def __init__(self, period: Period | None = None, office: str | None = None) -> None:
        super().__init__()
        self.period = period
        self.office = office
        self.data: PlannerData | None = None
        self.pp: PeriodPlan | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="planner-body"):
            yield Static(id="planner-bar", classes="status-line")
            yield Static(id="planner-totals")
            yield Label(_("Proposed visits"), classes="planner-title")
            yield DataTable(id="proposed", cursor_type="row", zebra_stripes=True)
            yield Label(_("Committed visits"), classes="planner-title")
            yield DataTable(id="committed", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Combined inspection planner")
        if self.period is None:
            self.period = quarter_of(self.ctx.today).shift(1)
        self.query_one("#proposed", DataTable).add_columns(_("Date"), _("Mine"), _("Tasks"), _("Must attend"),
                                                           _("Joins"))
        self.query_one("#committed", DataTable).add_columns(_("No."), _("Date"), _("Mine"), _("Tasks"), _("State"),
                                                            _("Joins"))
        self.query_one("#proposed", DataTable).focus()
        self.reload()

    # --- loading and showing ---------------------------------------------------------------------------------

    def reload(self) -> None:
        period, office = self.period or quarter_of(self.ctx.today), self.office
        self.db("planner", lambda ctx: load_planner(ctx, period, office))

    def db_planner(self, data: PlannerData) -> None:
        if data.period != self.period or data.office != self.office:
            return
        self.data, self.pp = data, data.plan
        self.show()

    def show(self) -> None:
        data, pp = self.data, self.pp
        if data is None or pp is None:
            return
        office = dict(data.offices).get(data.office or "", data.office) if data.office else _("all offices")
        self.query_one("#planner-bar", Static).update(Text(f"{data.period} · {office}", style="bold"))
        notes = [totals_text(pp)] + [u.message for u in pp.plan.unplaced] + [w.message for w in pp.plan.warnings]
        if not pp.plan.visits and not data.committed:
            notes.append(_("No open inspection task in this quarter: [ and ] move to another quarter."))
        self.query_one("#planner-totals", Static).update(Text("\n".join(notes)))
        proposed = self.query_one("#proposed", DataTable)
        row = proposed.cursor_row
        proposed.clear()
        proposed.add_rows([proposed_cells(pp, v) for v in pp.plan.visits])
        if pp.plan.visits:
            proposed.move_cursor(row=min(row, len(pp.plan.visits) - 1), animate=False)
        committed = self.query_one("#committed", DataTable)
        committed.clear()
        committed.add_rows([committed_cells(v) for v in data.committed])

    def proposed_visit(self) -> model.Visit | None:
        if self.pp is None or not self.pp.plan.visits:
            return None
        return self.pp.plan.visits[min(self.query_one("#proposed", DataTable).cursor_row, len(self.pp.plan.visits) - 1)]

    def committed_visit(self) -> VisitRow | None:
        if self.data is None or not self.data.committed:
            return None
        rows = self.data.committed
        return rows[min(self.query_one("#committed", DataTable).cursor_row, len(rows) - 1)]

    def on_committed_table(self) -> bool:
        return self.focused is self.query_one("#committed", DataTable)

    def apply(self, result: model.Plan | model.Refusal) -> None:
        """Show a changed proposal, or why the change was refused."""
        if isinstance(result, model.Refusal):
            self.notify(result.message, title=_("Refused"), severity="error", markup=False)
            return
        assert self.pp is not None
        self.pp = self.pp.with_plan(result)
        self.show()

    # --- keys ------------------------------------------------------------------------------------------------

    def action_shift(self, step: int) -> None:
        self.period = (self.period or quarter_of(self.ctx.today)).shift(step)
        self.reload()

    def action_cycle_office(self) -> None:
        codes: list[str | None] = [None, *(code for code, _name in (self.data.offices if self.data else []))]
        self.office = next_in_cycle(codes, self.office)
        self.reload()

    def action_move_task(self) -> None:
        visit, pp = self.proposed_visit(), self.pp
        if visit is None or pp is None or self.on_committed_table():
            self.notify(_("Choose a proposed visit first."), severity="warning")
            return
        moves = [(task, target) for task in visit.tasks for target in pp.plan.visits if target.mine_key ==
                 visit.mine_key and target != visit and task.earliest <= target.date <= task.latest]
        if not moves:
            self.notify(_("No other visit of this mine falls inside the task's window."), severity="warning")
            return
        labels = [_("{task} → visit on {date}").format(task=task_words(base_task_id(t.task_id)),
                                                       date=v.date.isoformat()) for t, v in moves]

        def done(index: Any) -> None:
            if index is not None and self.pp is not None:
                task, target = moves[index]
                self.apply(plan_changes.move_task(self.pp.plan, task, target))

        self.app.push_screen(ChoiceDialog(_("Move a task to another visit"), labels), done)

    def action_move_date(self) -> None:
        committed = self.on_committed_table()
        target: Any = self.committed_visit() if committed else self.proposed_visit()
        if target is None:
            return

        def done(text: Any) -> None:
            if not text:
                return
            try:
                day = date.fromisoformat(str(text))
            except ValueError:
                self.notify(_("not a date YYYY-MM-DD: {text}").format(text=text), severity="error", markup=False)
                return
            if committed:
                from minetui.services.visits.changes import move_visit

                self.db("changed", lambda ctx: move_visit(ctx, target.id, day, expected_version=target.version))
            elif self.pp is not None:
                self.apply(plan_changes.move_visit(self.pp.plan, target, day))

        prompt = _("New date (YYYY-MM-DD), within {start} – {end}").format(start=target.window_start,
                                                                          end=target.window_end)
        self.app.push_screen(TextDialog(_("Move the visit"), prompt), done)

    def action_cancel_visit(self) -> None:
        if self.on_committed_table():
            visit = self.committed_visit()
            if visit is None:
                return

            def confirmed(yes: Any) -> None:
                if yes:
                    from minetui.services.visits.changes import cancel_visit

                    self.db("changed", lambda ctx: cancel_visit(ctx, visit.id, expected_version=visit.version))

            self.app.push_screen(ConfirmDialog(_("Cancel visit {id}? Its tasks go back to the pool.").format(
                id=visit.id)), confirmed)
            return
        proposed = self.proposed_visit()
        if proposed is not None and self.pp is not None:
            self.apply(plan_changes.cancel_visit(self.pp.plan, proposed))

    def action_commit(self) -> None:
        pp = self.pp
        if pp is None or not pp.plan.visits:
            self.notify(_("Nothing to commit."), severity="warning")
            return
        from minetui.services.visits.visits import commit_plan

        self.db("committed", lambda ctx: commit_plan(ctx, pp))

    def db_committed(self, ids: list[int]) -> None:
        self.notify(_("committed: {n} visits stored").format(n=len(ids)))
        self.reload()

    def db_changed(self, _value: Any) -> None:
        self.reload()

    def action_sheet(self) -> None:
        visit = self.committed_visit()
        if visit is None:
            self.notify(_("Commit the plan first: a sheet is printed for a committed visit."), severity="warning")
            return
        from minetui.tui.screens.visit_record import VisitSheetScreen

        self.app.push_screen(VisitSheetScreen(visit.id))

    def action_record(self) -> None:
        visit = self.committed_visit()
        if visit is None or visit.state != "planned":
            self.notify(_("Choose a planned committed visit first."), severity="warning")
            return
        from minetui.tui.screens.visit_record import RecordVisitScreen

        self.app.push_screen(RecordVisitScreen(visit), lambda saved: self.reload() if saved else None)
