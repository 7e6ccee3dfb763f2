"""The dashboard (the app's home screen): the month at a glance, every number linked to the list behind it.

Panels: this month's patrol duties per office (met / open / due soon, as the patrol calendar counts them,
and the year's overdue duties), the next deadlines with days left, and the panels each capability contributes
(CAPABILITY_PANELS: leads per section, visits, verification and surveys) — a "no data yet" placeholder where a
capability has nothing to show yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from minetui.domain.patrols.duties import DutyState
from minetui.domain.periods import Period, month_of
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.mines.browse import DistrictSummary, district_summary
from minetui.services.patrols.duties import duty_rows
from minetui.services.reporting import inspection_panels, lead_panels, visits
from minetui.services.reporting.deadlines import merged_patrols, upcoming
from minetui.services.reporting.model import Figure, Link, Panel, PanelRow, PanelSource
from minetui.store import reports as report_store

DEADLINES_SHOWN = 6
DEADLINE_DAYS = 90
MONTH_STATES = (DutyState.MET, DutyState.OPEN, DutyState.DUE_SOON)


@dataclass(frozen=True, slots=True)
class Dashboard:
    month: Period
    panels: list[Panel]


# The panels each capability contributes (a None answer shows the placeholder of its key).
CAPABILITY_PANELS: tuple[PanelSource, ...] = (lead_panels.dashboard_panel, visits.dashboard_panel,
                                              inspection_panels.dashboard_panel)


def _placeholders() -> list[tuple[str, str]]:
    return [("leads", _("Open and overdue leads by section")), ("visits", _("Visits this month: planned and done")),
            ("verification", _("Verification and survey progress"))]


def build_dashboard(ctx: Context) -> Dashboard:
    """Every panel of the home screen (one pass over the year's duties for the patrol panel)."""
    month = month_of(ctx.today)
    panels = [patrol_panel(ctx, month), deadline_panel(ctx)]
    provided: dict[str, Panel] = {}
    for source in CAPABILITY_PANELS:
        panel = source(ctx)
        if panel is not None:
            provided[panel.key] = panel
    for key, title in _placeholders():
        panels.append(provided.pop(key, None) or Panel(key, title, [], note=_("No data yet.")))
    panels.extend(provided.values())
    return Dashboard(month, panels)


def summary(ctx: Context) -> DistrictSummary:
    return district_summary(ctx)


def _overlaps(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def patrol_panel(ctx: Context, month: Period) -> Panel:
    """Per office: this month's duties met / open / due soon (the calendar's month view) and the year's
    overdue duties; a total row. Offices without any duty this year are left out."""
    year = month.year
    names = report_store.office_names(ctx.conn)
    counts: dict[str, dict[str, int]] = {}
    for row in duty_rows(ctx, year):
        code = row.office_code or ""
        cell = counts.setdefault(code, {"met": 0, "open": 0, "due_soon": 0, "overdue": 0})
        if row.state is DutyState.OVERDUE:
            cell["overdue"] += 1
        if _overlaps(row.period, month) and row.state in MONTH_STATES:
            cell[str(row.state)] += 1
    rows = [_patrol_row(names.get(code, code) or _("(no office)"), code, cell, month)
            for code, cell in sorted(counts.items(), key=lambda item: item[0] or "~")]
    if len(rows) > 1:
        total = {k: sum(c[k] for c in counts.values()) for k in ("met", "open", "due_soon", "overdue")}
        rows.append(_patrol_row(_("Total"), None, total, month))
    headers = [_("NR office"), _("Met"), _("Open"), _("Due soon"), _("Overdue this year")]
    title = _("Patrol duties, {month}").format(month=str(month))
    return Panel("patrols", title, headers, rows, "" if rows else _("No patrol duties this year."))


def _patrol_row(label: str, office: str | None, cell: dict[str, int], month: Period) -> PanelRow:
    def calendar(state: str) -> Link:
        return Link("calendar", {"period": str(month), "office": office, "state": state})

    overdue = Link("overdue-duties", {"year": month.year, "office": office})
    return PanelRow(label, [Figure(cell["met"], calendar("met")), Figure(cell["open"], calendar("open")),
                            Figure(cell["due_soon"], calendar("due_soon")), Figure(cell["overdue"], overdue)])


def deadline_panel(ctx: Context) -> Panel:
    """The next deadlines (from services/reporting/deadlines.py) with days left; each opens the full list."""
    link = Link("upcoming-deadlines", {"days": DEADLINE_DAYS})
    items = merged_patrols(upcoming(ctx, DEADLINE_DAYS))[:DEADLINES_SHOWN]
    rows = [PanelRow(d.what() + (f" · {d.owner}" if d.owner else ""),
                     [Figure(d.date.isoformat(), link), Figure(d.days_left(ctx.today), link)]) for d in items]
    headers = [_("What is due"), _("Due"), _("Days left")]
    return Panel("deadlines", _("Next deadlines"), headers, rows,
                 "" if rows else _("No deadline in the next {n} days.").format(n=DEADLINE_DAYS))
