"""Visits per enterprise per year against the yearly cap (R-VISIT-1): `minetui report visits --year Y`.

An enterprise is visited on a day when anything is done at it that day: a recorded patrol, verification,
survey (whoever organised it) or spot-check, a recorded combined visit, or another agency's visit entered by
hand. Counted per mine (one licence, one enterprise), as distinct days:
- done: days up to today with such a visit; planned: days of planned visits (and of other agencies' visits or
  the city's/province's scheduled surveys) after today, not already counted as done;
- one visit per task: what it would have been without combining — every record, every task of a planned
  visit, every other agency's visit and scheduled outside survey counted on its own;
- cap: the yearly cap setting (visits.yearly_cap); over cap: how many visits (done + planned) exceed it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from minetui.i18n import _
from minetui.io.output import Column
from minetui.services.core.context import Context
from minetui.services.core.settings import visit_settings
from minetui.services.reporting.model import OFFICE, YEAR, BriefSection, Figure, Panel, PanelRow, Report
from minetui.store import reports as report_store
from minetui.store import visits as store


@dataclass(frozen=True, slots=True)
class VisitCount:
    mine_id: int
    licence_no: str
    mine: str
    office: str
    done: int
    planned: int
    one_per_task: int
    cap: int

    @property
    def total(self) -> int:
        return self.done + self.planned

    @property
    def saved(self) -> int:
        return self.one_per_task - self.total

    @property
    def over_cap(self) -> int:
        return max(0, self.total - self.cap)


def visit_counts(ctx: Context, year: int, office: str | None = None) -> list[VisitCount]:
    """Every enterprise with a visit done or planned in `year` (see the module docstring), by licence no."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    done: dict[int, set[str]] = defaultdict(set)
    planned: dict[int, set[str]] = defaultdict(set)
    tasks: dict[int, int] = defaultdict(int)
    today = ctx.today.isoformat()

    def seen(mine_id: int, day: str, count: int = 1) -> None:
        (done if day <= today else planned)[mine_id].add(day)
        tasks[mine_id] += count

    for mine_id, day in store.inspection_records(ctx.conn, start, end):
        seen(mine_id, day)
    for mine_id, day in store.done_visit_days(ctx.conn, start, end):
        done[mine_id].add(day)
    for mine_id, day, count in store.planned_task_counts(ctx.conn, start, end):
        planned[mine_id].add(day)
        tasks[mine_id] += count
    for row in store.external_between(ctx.conn, start, end):
        seen(row["mine_id"], row["visit_date"])
    for mine_id, day in store.scheduled_outside_surveys(ctx.conn, start, end):
        if day > today:
            seen(mine_id, day)
    cap = visit_settings(ctx).yearly_cap
    mines = {m["id"]: m for m in store.mines_by_licence(ctx.conn).values()}
    rows = []
    for mine_id in set(done) | set(planned):
        mine = mines[mine_id]
        if office is not None and mine["office_code"] != office:
            continue
        rows.append(VisitCount(mine_id, mine["licence_no"], mine["name"], mine["office_code"] or "",
                               len(done[mine_id]), len(planned[mine_id] - done[mine_id]), tasks[mine_id], cap))
    return sorted(rows, key=lambda r: r.licence_no)


def count_columns() -> list[Column]:
    return [Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("office", "Office"),
            Column("done", "Done (visits)", "int"),
            Column("planned", "Planned (visits)", "int"),
            Column("total", "Total (visits)", "int"),
            Column("one_per_task", "One visit per task (visits)", "int"),
            Column("saved", "Saved (visits)", "int"),
            Column("cap", "Yearly cap (visits)", "int"),
            Column("over_cap", "Over cap (visits)", "int")]


def count_rows(ctx: Context, year: int, office: str | None = None) -> list[dict[str, Any]]:
    return [{"mine_id": r.mine_id, "licence_no": r.licence_no, "mine": r.mine, "office": r.office, "done": r.done,
             "planned": r.planned, "total": r.total, "one_per_task": r.one_per_task, "saved": r.saved,
             "cap": r.cap, "over_cap": r.over_cap} for r in visit_counts(ctx, year, office)]


VISIT_REPORTS = (
    Report("visits", "Visits per enterprise", (YEAR, OFFICE), count_columns, count_rows,
           group="visits", description="R-VISIT-1: done, planned, one visit per task, against the yearly cap"),
)


# --- the home screen's panel and the meeting brief's section ---------------------------------------------

def dashboard_panel(ctx: Context) -> Panel | None:
    """Visits this month per office: planned and done (None: no visit planned or done this month)."""

    start = ctx.today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"planned": 0, "done": 0})
    for row in store.visits_between(ctx.conn, start, end):
        counts[row["office_code"] or ""][row["state"]] += 1
    if not counts:
        return None
    names = report_store.office_names(ctx.conn)
    rows = [PanelRow(names.get(code, code) or _("(no office)"), [Figure(c["planned"]), Figure(c["done"])])
            for code, c in sorted(counts.items())]
    return Panel("visits", _("Visits this month: planned and done"), [_("NR office"), _("planned"), _("done")], rows)


def brief_section(ctx: Context) -> BriefSection | None:
    """This year's visits against one visit per task, and the enterprises over the yearly cap (None until a
    combined visit is planned or done this year: the placeholder says there is no data yet)."""

    year = ctx.today.year
    if not store.visits_between(ctx.conn, date(year, 1, 1), date(year, 12, 31)):
        return None
    rows = visit_counts(ctx, year)
    total = sum(r.total for r in rows)
    one = sum(r.one_per_task for r in rows)
    over = [r for r in rows if r.over_cap]
    lines = [_("{total} visits to {n} enterprises this year; one visit per task would be {one}: {saved} saved").format(
        total=total, n=len(rows), one=one, saved=one - total)]
    if over:
        lines.append(_("Over the yearly cap: {names}").format(names="、".join(r.mine for r in over[:5])))
    return BriefSection("visits", _("Visits saved by combined inspections"), lines)
