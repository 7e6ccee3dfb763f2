"""The report catalogue: each report declared once and rendered by one pipeline (io/output.py).

A `Report` names itself (name, Chinese and English title), its parameters with their types and defaults,
its columns (io.output.Column: kind and unit in the title), a `rows(ctx, **params)` function, and optional
Word (`docx(ctx, **params) -> bytes`) or Markdown (`markdown(ctx, **params) -> str`) writers. A new report is
one more declaration: add it to BUILTIN here, or define `REPORTS` in a service module listed under the
"reports" hook of services/capabilities.py. The CLI (`minetui report`), the app's report screen and saved
views all go through `catalogue()`, `get_report()` and `run_report()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from minetui import i18n
from minetui.i18n import _
from minetui.io.output import FORMATS, Column
from minetui.services.capabilities import hooks
from minetui.services.core.context import Context, ServiceError
from minetui.services.reporting import rows as rr

PARAM_KINDS = ("int", "text", "date", "bool", "office")


def _today_year(ctx: Context) -> int:
    return ctx.today.year


@dataclass(frozen=True, slots=True)
class Param:
    """A report parameter: `name` (the keyword of rows(); `--name-with-dashes` on the command line), its
    kind (int, text, date, bool, office code), a help text, and a default (a value or `fn(ctx)`)."""

    name: str
    kind: str
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, text: str) -> Any:
        """The typed value of a command-line or dialog text; ValueError when it is not one."""
        value: Any
        if self.kind == "int":
            value = int(text)
        elif self.kind == "date":
            value = date.fromisoformat(text.strip())
        elif self.kind == "bool":
            value = text.strip().lower() in ("1", "true", "yes", "是", "y")
        else:
            value = text.strip()
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.flag}: {value!r} is not one of {', '.join(self.choices)}")
        return value

    def default_for(self, ctx: Context) -> Any:
        return self.default(ctx) if callable(self.default) else self.default


YEAR = Param("year", "int", "the year (default: this year)", _today_year)
OFFICE = Param("office", "office", "only this NR office (code); default: every office")


@dataclass(frozen=True, slots=True)
class Report:
    """A report of the catalogue."""

    name: str
    zh: str
    en: str
    params: tuple[Param, ...]
    columns: Callable[[], Sequence[Column]]
    rows: Callable[..., Iterable[Mapping[str, Any]]]
    docx: Callable[..., bytes] | None = None
    markdown: Callable[..., str] | None = None
    group: str = "general"
    description: str = ""

    def title(self, lang: str | None = None) -> str:
        return self.zh if (lang or i18n.language()) == "zh" else self.en

    @property
    def formats(self) -> tuple[str, ...]:
        extra = ("docx",) if self.docx else ()
        return (*FORMATS, *extra)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def resolve(self, ctx: Context, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter's value: the given one, else its default; refused when unknown or missing."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise ServiceError(_("report {report} has no parameter {param}").format(
                report=self.name, param=", ".join(unknown)))
        values = {}
        for param in self.params:
            value = given.get(param.name)
            values[param.name] = param.default_for(ctx) if value is None else value
            if param.required and values[param.name] is None:
                raise ServiceError(_("report {report} needs {flag}").format(report=self.name, flag=param.flag))
        return values

    def heading(self, params: Mapping[str, Any], as_of: date | None = None) -> str:
        """The title with the year first (when there is one), the other set parameters, and 'data as of'."""
        zh = i18n.language() == "zh"
        year = params.get("year")
        title = self.title()
        if year:
            title = (f"{year}{title}" if title.startswith("年") else f"{year}年{title}") if zh else f"{year} {title}"
        shown = [f"{p.flag.removeprefix('--')}={params[p.name]}" for p in self.params
                 if p.name != "year" and params.get(p.name) not in (None, "", False)]
        if shown:
            title += f"（{'，'.join(shown)}）" if zh else f" ({', '.join(shown)})"
        if as_of is not None:
            title += (" · " + _("data as of {day}").format(day=as_of.isoformat()))
        return title


@dataclass(frozen=True, slots=True)
class ReportResult:
    """A report run: its resolved parameters, columns and rows (a list, so it can be sorted and paged)."""

    report: Report
    params: dict[str, Any]
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


# --- the built-in catalogue --------------------------------------------------------------------------------

BUILTIN: tuple[Report, ...] = (
    Report("zones", "重点监测矿区名单", "Key monitoring zone lists",
           (YEAR, Param("level", "text", "only this level: national, provincial, municipal or district",
                        choices=("national", "provincial", "municipal", "district"))),
           rr.zone_columns, rr.zone_rows, group="zones"),
    Report("patrol-compliance", "日常巡查完成情况（按所、按月）", "Patrol compliance by office and month",
           (YEAR,), rr.compliance_columns, rr.compliance_rows, group="patrols",
           description="met/duties of the duties falling due in each month"),
    Report("overdue-duties", "逾期未巡查任务", "Overdue patrol duties", (YEAR, OFFICE),
           rr.overdue_columns, rr.overdue_rows, group="patrols"),
    Report("upcoming-deadlines", "近期到期事项", "Upcoming deadlines",
           (Param("days", "int", "how many days ahead (default 90)", 90),),
           rr.deadline_columns, rr.deadline_rows, group="deadlines"),
    Report("licence-expiry", "采矿许可证到期", "Licence expiries",
           (Param("days", "int", "licences ending within this many days, and those already ended"
                                 " (default 180)", 180), OFFICE),
           rr.expiry_columns, rr.expiry_rows, group="mines"),
    Report("patrol-summary", "年度巡查工作总结报告", "Annual patrol report", (YEAR, OFFICE),
           rr.patrol_summary_columns, rr.patrol_summary_rows, docx=rr.patrol_summary_docx, group="patrols"),
    Report("mines", "矿山名单", "Mines",
           (Param("text", "text", "filter: every word must occur (licence no., name, holder, office, mineral)"),
            Param("sort", "text", "sort by licence_no, name, holder or office", "licence_no",
                  choices=("licence_no", "name", "holder", "office")),
            Param("descending", "bool", "reverse the order", False)),
           rr.mine_columns, rr.mine_rows, group="mines"),
)


def _brief_report() -> Report:
    from minetui.services.reporting import brief

    return Report("brief", "调度会议简报", "Coordination meeting brief", (), brief.brief_columns,
                  brief.brief_rows, docx=brief.brief_docx, markdown=brief.brief_markdown, group="brief")


def catalogue() -> dict[str, Report]:
    """Every report by name: the built-in ones, the brief, then those of the "reports" hook."""
    found = {r.name: r for r in BUILTIN}
    found["brief"] = _brief_report()
    for _spec, reports in hooks("reports"):
        for report in reports:
            found.setdefault(report.name, report)
    return found


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

    from minetui.io.output import render
    from minetui.services.core.provenance import provenance

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
