"""The report catalogue: each report declared once and rendered by one pipeline (io/output.py).

A `Report` (reporting/model.py) names itself (name, Chinese and English title), its parameters with their types
and defaults, its columns (io.output.Column: kind and unit in the title), a `rows(ctx, **params)` function, and
optional Word (`docx(ctx, **params) -> bytes`) or Markdown (`markdown(ctx, **params) -> str`) writers. A new
report is one more declaration: add it to BUILTIN here, or to its capability's module in reporting/ and to
REPORTS. The CLI (`minetui report`), the app's report screen and saved views all go through `catalogue()`,
`get_report()` and `run_report()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.io.output import render
from minetui.services.core.context import Context
from minetui.services.core.provenance import provenance
from minetui.services.reporting import brief, inspections, leads, visits
from minetui.services.reporting import rows as rr
from minetui.services.reporting.model import OFFICE, YEAR, Param, Report, ReportResult

# --- the built-in catalogue --------------------------------------------------------------------------------

BUILTIN: tuple[Report, ...] = (
    Report("zones", "Key monitoring zone lists",
           (YEAR, Param("level", "text", "only this level: national, provincial, municipal or district",
                        choices=("national", "provincial", "municipal", "district"))),
           rr.zone_columns, rr.zone_rows, group="zones"),
    Report("patrol-compliance", "Patrol compliance by office and month",
           (YEAR,), rr.compliance_columns, rr.compliance_rows, group="patrols",
           description="met/duties of the duties falling due in each month"),
    Report("overdue-duties", "Overdue patrol duties", (YEAR, OFFICE),
           rr.overdue_columns, rr.overdue_rows, group="patrols"),
    Report("upcoming-deadlines", "Upcoming deadlines",
           (Param("days", "int", "how many days ahead (default 90)", 90),),
           rr.deadline_columns, rr.deadline_rows, group="deadlines"),
    Report("licence-expiry", "Licence expiries",
           (Param("days", "int", "licences ending within this many days, and those already ended"
                                 " (default 180)", 180), OFFICE),
           rr.expiry_columns, rr.expiry_rows, group="mines"),
    Report("patrol-summary", "Annual patrol report", (YEAR, OFFICE),
           rr.patrol_summary_columns, rr.patrol_summary_rows, docx=rr.patrol_summary_docx, group="patrols"),
    Report("mines", "Mines",
           (Param("text", "text", "filter: every word must occur (licence no., name, holder, office, mineral)"),
            Param("sort", "text", "sort by licence_no, name, holder or office", "licence_no",
                  choices=("licence_no", "name", "holder", "office")),
            Param("descending", "bool", "reverse the order", False)),
           rr.mine_columns, rr.mine_rows, group="mines"),
)


BRIEF = Report("brief", "Coordination meeting brief", (), brief.brief_columns, brief.brief_rows,
               docx=brief.brief_docx, markdown=brief.brief_markdown, group="brief")

# Every report, in the order the catalogue lists them: the general ones, then each capability's.
REPORTS: tuple[Report, ...] = (
    *BUILTIN, BRIEF, *leads.LEAD_REPORTS, *leads.LIST_REPORTS, *inspections.VERIFICATION_REPORTS,
    *inspections.SURVEY_REPORTS, *inspections.SPOTCHECK_REPORTS, *leads.PATCH_REPORTS, *visits.VISIT_REPORTS,
)


def catalogue() -> dict[str, Report]:
    """Every report by name."""
    return {report.name: report for report in REPORTS}


def get_report(name: str) -> Report:
    report = catalogue().get(name)
    if report is None:
        raise ServiceError(_("no report named {name}; `minetui report --list` names them").format(name=name))
    return report


def run_report(ctx: Context, report: Report | str, params: Mapping[str, Any] | None = None) -> ReportResult:
    """Resolve the parameters and read the rows."""
    spec = get_report(report) if isinstance(report, str) else report
    values = spec.resolve(ctx, params or {})
    return ReportResult(spec, values, list(spec.columns()), [dict(r) for r in spec.rows(ctx, **values)])


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool = False) -> list[dict[str, Any]]:
    """Rows ordered by one column; empty values last whichever the direction, numbers as numbers."""
    present = [r for r in rows if r.get(key) not in (None, "")]
    missing = [r for r in rows if r.get(key) in (None, "")]

    def value(row: dict[str, Any]) -> tuple[int, Any]:
        cell = row[key]
        return (0, cell) if isinstance(cell, int | float) else (1, str(cell))

    return sorted(present, key=value, reverse=descending) + missing


EXPORT_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}


def write_report_file(ctx: Context, result: ReportResult, path: Path) -> int:
    """Write a report's rows to `path` as XLSX or CSV (by suffix; anything else gets .xlsx appended
    first — the caller passes the final path), with its heading and provenance; returns the row count.
    Written under a temporary name and moved into place when complete."""
    import os

    fmt = EXPORT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ServiceError(_("export to a .xlsx or .csv file, not {name}").format(name=path.name))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            count = render(result.columns, iter(result.rows), fmt, handle,
                           title=result.report.heading(result.params, ctx.today), provenance=provenance(ctx))
        os.replace(temporary, path)
    except OSError as exc:
        raise ServiceError(f"{path}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return count
