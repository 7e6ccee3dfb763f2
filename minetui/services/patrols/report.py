"""The annual patrol report (R-PAT-6) and the patrol calendar's rows, for the CLI and the TUI.

Read-only: figures come from the patrol service (duties with their states on ctx.today, and the year's
patrols); the aggregation itself is pure (domain.patrol_report).
"""

from __future__ import annotations

from minetui.domain.patrols.report import DutyFact, PatrolFact, PatrolReport, report_row, summarise
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.patrols import duties as patrol_duties
from minetui.services.patrols import reading
from minetui.services.patrols.duties import DutyRow
from minetui.store import offices


def office_names(ctx: Context, office: str | None = None) -> dict[str, str]:
    """code → name of every office (or only `office`, refused when unknown), by code."""
    if office is not None:
        row = offices.get_office(ctx.conn, office)
        if row is None:
            raise ServiceError(_("no office with code {code}").format(code=office))
        return {row["code"]: row["name"]}
    return {row["code"]: row["name"] for row in sorted(offices.all_offices(ctx.conn), key=lambda r: r["code"])}


def report_unit(ctx: Context, office: str | None = None) -> str:
    """Who signs the report: the office's name, else the bureau's (setting `bureau_name`)."""
    if office is not None:
        return office_names(ctx, office)[office]
    return settings.get(ctx, settings.BUREAU_NAME)


def patrol_report(ctx: Context, year: int, office: str | None = None) -> PatrolReport:
    """R-PAT-6: the year's figures per office (every office, or only `office`) and the district's aggregate."""
    names = office_names(ctx, office)
    duties = [DutyFact(r.office_code, r.mine_id, r.state) for r in patrol_duties.duty_rows(ctx, year, office=office)]
    stats = [
        PatrolFact(r.office_code, r.mine_id, r.mode, r.drone_reason, r.abnormal_kinds)
        for r in reading.patrol_stats(ctx, year, office)
    ]
    return summarise(year, duties, stats, names)


def report_rows(report: PatrolReport) -> list[dict[str, object]]:
    """The report as output rows (offices, then the aggregate) keyed like the report's columns."""
    return [report_row(summary) for summary in report.rows]


def calendar_rows(ctx: Context, year: int, office: str | None = None) -> list[DutyRow]:
    """The year's duties (the patrol service's DutyRow), for the calendar's table and ICS."""
    if office is not None:
        office_names(ctx, office)
    return patrol_duties.duty_rows(ctx, year, office=office)


