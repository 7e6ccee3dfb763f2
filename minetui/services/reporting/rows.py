"""The columns and rows of the built-in reports of the catalogue (services/reporting/catalogue.py declares them).

Each `*_rows(ctx, **params)` returns a list of dicts keyed by its columns' keys (plus `mine_id` where a row is
about one mine, so the app can open it); figures come from the same services the screens use.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from minetui.domain.model import MineStatus, MiningMethod, ZoneLevel
from minetui.domain.patrols.duties import DutyKind, DutyState
from minetui.i18n import NC_, _
from minetui.io.docx_report import write_patrol_report
from minetui.io.output import Column
from minetui.services.core.context import Context
from minetui.services.mines.zones import listing
from minetui.services.patrols.duties import duty_rows
from minetui.services.patrols.report import patrol_report, report_rows, report_unit
from minetui.services.reporting.deadlines import upcoming
from minetui.store import browse
from minetui.store import reports as report_store

# Month column titles (msgids of context "column": 1月 … 12月).
MONTHS = (NC_("column", "Jan"), NC_("column", "Feb"), NC_("column", "Mar"), NC_("column", "Apr"),
          NC_("column", "May"), NC_("column", "Jun"), NC_("column", "Jul"), NC_("column", "Aug"),
          NC_("column", "Sep"), NC_("column", "Oct"), NC_("column", "Nov"), NC_("column", "Dec"))


def _office_name(names: dict[str, str], code: str | None) -> str:
    return names.get(code or "", code or "") or _("(no office)")


# --- zones ------------------------------------------------------------------------------------------------

def zone_columns() -> list[Column]:
    return [Column("year", "Year", "int"), Column("level", "Level", "enum", ZoneLevel),
            Column("zone", "Zone"), Column("zone_code", "Code"),
            Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("basis", "Basis")]


def zone_rows(ctx: Context, year: int, level: str | None = None) -> list[dict[str, Any]]:
    """One row per mine in an approved zone of `year` (highest level first)."""
    return listing(ctx, year, ZoneLevel(level) if level else None)


# --- patrol compliance: office × month --------------------------------------------------------------------

def compliance_columns() -> list[Column]:
    months = [Column(f"m{m:02d}", MONTHS[m - 1]) for m in range(1, 13)]
    return [Column("office", "Office code"), Column("office_name", "NR office"), *months,
            Column("duties", "Duties", "int"), Column("met", "Met", "int"),
            Column("overdue", "Overdue patrols", "int")]


def compliance_rows(ctx: Context, year: int) -> list[dict[str, Any]]:
    """Per office, per month: 'met/duties' of the duties falling due that month (empty when none), then the
    year's duties, met and overdue; a district total row last."""
    names = report_store.office_names(ctx.conn)
    cells: dict[str, dict[int, list[int]]] = {code: {} for code in names}
    overdue: dict[str, int] = defaultdict(int)
    for row in duty_rows(ctx, year):
        code = row.office_code or ""
        met, due = cells.setdefault(code, {}).setdefault(row.due.month, [0, 0])
        cells[code][row.due.month] = [met + (row.state is DutyState.MET), due + 1]
        overdue[code] += row.state is DutyState.OVERDUE
    rows = [_compliance_row(code, _office_name(names, code), months, overdue[code])
            for code, months in cells.items()]
    total: dict[int, list[int]] = {}
    for months in cells.values():
        for month, (met, due) in months.items():
            total.setdefault(month, [0, 0])
            total[month] = [total[month][0] + met, total[month][1] + due]
    rows.append(_compliance_row("", _("District total"), total, sum(overdue.values())))
    return rows


def _compliance_row(code: str, name: str, months: dict[int, list[int]], overdue: int) -> dict[str, Any]:
    row: dict[str, Any] = {"office": code, "office_name": name}
    for month in range(1, 13):
        met, due = months.get(month, (0, 0))
        row[f"m{month:02d}"] = f"{met}/{due}" if due else ""
    row["duties"] = sum(due for _met, due in months.values())
    row["met"] = sum(met for met, _due in months.values())
    row["overdue"] = overdue
    return row


# --- overdue duties ---------------------------------------------------------------------------------------

def overdue_columns() -> list[Column]:
    return [Column("office_name", "NR office"),
            Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("period", "Period"),
            Column("kind", "Kind", "enum", DutyKind), Column("due", "Due", "date"),
            Column("days_overdue", "Days overdue", "int"), Column("office", "Office code")]


def overdue_rows(ctx: Context, year: int, office: str | None = None) -> list[dict[str, Any]]:
    """The year's overdue patrol duties on ctx.today, by office, due date, licence no."""
    names = report_store.office_names(ctx.conn)
    found = [r for r in duty_rows(ctx, year, office=office or None) if r.state is DutyState.OVERDUE]
    found.sort(key=lambda r: (r.office_code or "", r.due, r.licence_no))
    return [{"office_name": _office_name(names, r.office_code), "licence_no": r.licence_no, "mine": r.mine_name,
             "period": str(r.period), "kind": str(r.kind), "due": r.due, "days_overdue": (ctx.today - r.due).days,
             "office": r.office_code or "", "mine_id": r.mine_id} for r in found]


# --- upcoming deadlines -----------------------------------------------------------------------------------

def deadline_columns() -> list[Column]:
    return [Column("date", "Due", "date"), Column("days_left", "Days left", "int"),
            Column("rule", "Rule"), Column("what", "What is due"), Column("owner", "Owner"),
            Column("subject", "Subject", "licence")]


def deadline_rows(ctx: Context, days: int = 90) -> list[dict[str, Any]]:
    return [{"date": d.date, "days_left": d.days_left(ctx.today), "rule": d.rule, "what": d.what(),
             "owner": d.owner, "subject": d.subject} for d in upcoming(ctx, days)]


# --- licence expiry ---------------------------------------------------------------------------------------

def expiry_columns() -> list[Column]:
    return [Column("valid_to", "Valid to", "date"), Column("days_left", "Days left", "int"),
            Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("holder", "Rights holder"), Column("office_name", "NR office"),
            Column("status", "Status", "enum", MineStatus)]


def expiry_rows(ctx: Context, days: int = 180, office: str | None = None) -> list[dict[str, Any]]:
    """Licences ending within `days` days of ctx.today, and those already ended, of mines not closed."""
    rows = report_store.licence_expiries(ctx.conn, ctx.today, ctx.today + timedelta(days=days), office or None)
    for row in rows:
        row["valid_to"] = date.fromisoformat(row["valid_to"])
        row["days_left"] = (row["valid_to"] - ctx.today).days
        row["office_name"] = row["office_name"] or ""
    return rows


# --- the annual patrol report (R-PAT-6) -------------------------------------------------------------------

def patrol_summary_columns() -> list[Column]:
    return [
        Column("office", "Office code", "text"),
        Column("office_name", "NR office", "text"),
        Column("mines", "Mines under duty", "int"),
        Column("duties", "Duties", "int"),
        Column("met", "Met", "int"),
        Column("missed", "Missed", "int"),
        Column("open", "Open", "int"),
        Column("met_pct", "Met % of due", "float"),
        Column("patrols", "Patrols", "int"),
        Column("on_site", "On site", "int"),
        Column("drone", "Drone", "int"),
        Column("drone_road_blocked", "Drone: road blocked", "int"),
        Column("drone_safety_hazard", "Drone: safety hazard", "int"),
        Column("drone_other", "Drone: other reason", "int"),
        Column("findings", "Findings", "int"),
        Column("findings_by_kind", "Findings by kind", "text"),
    ]


def patrol_summary_rows(ctx: Context, year: int, office: str | None = None) -> list[dict[str, object]]:
    return report_rows(patrol_report(ctx, year, office or None))


def patrol_summary_docx(ctx: Context, year: int, office: str | None = None) -> bytes:
    report = patrol_report(ctx, year, office or None)
    buffer = io.BytesIO()
    write_patrol_report(buffer, report, unit=report_unit(ctx, office or None), by_office=bool(office))
    return buffer.getvalue()


# --- the mine list (what the mines screen shows; saved views of it run through here) ------------------------

def mine_columns() -> list[Column]:
    return [Column("licence_no", "Licence no.", "licence"), Column("name", "Name"),
            Column("status", "Status", "enum", MineStatus),
            Column("office_name", "NR office"),
            Column("method", "Method", "enum", MiningMethod),
            Column("valid_to", "Valid to", "date"),
            Column("holder", "Rights holder"), Column("minerals", "Minerals")]


def mine_rows(ctx: Context, text: str | None = None, sort: str = "licence_no", descending: bool = False
              ) -> list[dict[str, Any]]:
    """Every mine matching the filter text, in the mines screen's order (status as of ctx.today)."""
    rows = browse.mine_page(ctx.conn, text=text or "", sort=sort, descending=descending, cursor=None,
                            today=ctx.today.isoformat(), limit=-1)
    return [{**r, "mine_id": r["id"], "office_name": r["office_name"] or r["office_code"] or ""} for r in rows]
