"""`minetui report NAME …` — the catalogue of reports; `minetui report --list` names them.

Each report is a `ReportSpec`: its name, Chinese and English titles, its parameters, its output columns and
the function giving its rows — so a new report plugs in by adding one spec to `REPORTS`. Every report has
the tabular formats of minetui.io.output; a report with a `docx` writer also offers a Word draft, written to
--out or to a pipe (never to a terminal).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minetui.i18n import _

TABULAR_FORMATS = ("table", "csv", "json", "xlsx", "markdown")


@dataclass(frozen=True, slots=True)
class ReportParam:
    """One command-line parameter of a report (`--year`)."""

    flag: str
    type: Callable[[str], Any]
    help: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """A report of the catalogue. `rows(ctx, args)` gives its rows; `docx(ctx, args) -> bytes` its Word draft."""

    name: str
    zh: str
    en: str
    params: tuple[ReportParam, ...]
    columns: Callable[[], list[Any]]
    rows: Callable[[Any, argparse.Namespace], Iterable[Mapping[str, Any]]]
    docx: Callable[[Any, argparse.Namespace], bytes] | None = None

    def title(self, lang: str | None = None) -> str:
        from minetui import i18n

        return self.zh if (lang or i18n.language()) == "zh" else self.en

    @property
    def formats(self) -> tuple[str, ...]:
        return (*TABULAR_FORMATS, "docx") if self.docx else TABULAR_FORMATS


# --- patrol-summary (R-PAT-6) ---------------------------------------------------------------------------

def patrol_summary_columns() -> list[Any]:
    from minetui.io.output import Column

    return [
        Column("office", "编号", "Office", "text"),
        Column("office_name", "自然资源所", "NR office", "text"),
        Column("mines", "巡查矿山数", "Mines under duty", "int"),
        Column("duties", "应巡查次数", "Duties", "int"),
        Column("met", "已巡查", "Met", "int"),
        Column("missed", "逾期未巡查", "Missed", "int"),
        Column("open", "未到期", "Open", "int"),
        Column("met_pct", "完成率(%)", "Met % of due", "float"),
        Column("patrols", "巡查次数", "Patrols", "int"),
        Column("on_site", "现场巡查", "On site", "int"),
        Column("drone", "无人机巡飞", "Drone", "int"),
        Column("drone_road_blocked", "交通阻断", "Drone: road blocked", "int"),
        Column("drone_safety_hazard", "安全隐患", "Drone: safety hazard", "int"),
        Column("drone_other", "其他原因", "Drone: other reason", "int"),
        Column("findings", "发现问题", "Findings", "int"),
        Column("findings_by_kind", "问题类型", "Findings by kind", "text"),
    ]


def patrol_summary_rows(ctx: Any, args: argparse.Namespace) -> list[dict[str, object]]:
    from minetui.services.patrol_report import patrol_report, report_rows

    return report_rows(patrol_report(ctx, args.year, args.office))


def patrol_summary_docx(ctx: Any, args: argparse.Namespace) -> bytes:
    import io

    from minetui.io.docx_report import write_patrol_report
    from minetui.services.patrol_report import patrol_report, report_unit

    report = patrol_report(ctx, args.year, args.office)
    buffer = io.BytesIO()
    write_patrol_report(buffer, report, unit=report_unit(ctx, args.office), by_office=args.office is not None)
    return buffer.getvalue()


PATROL_SUMMARY = ReportSpec(
    name="patrol-summary",
    zh="年度巡查工作总结报告",
    en="Annual patrol report",
    params=(
        ReportParam("--year", int, "the report's year", required=True),
        ReportParam("--office", str, "only this office (code); default: every office and the district total"),
    ),
    columns=patrol_summary_columns,
    rows=patrol_summary_rows,
    docx=patrol_summary_docx,
)

REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in (PATROL_SUMMARY,)}


# --- the command ------------------------------------------------------------------------------------------

def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.io.output import add_output_options

    parser = sub.add_parser("report", parents=[common], help="reports: patrol-summary (R-PAT-6) …; --list names them",
                            description="Produce one of the catalogue's reports; `--list` lists them.")
    parser.add_argument("--list", action="store_true", help="list the reports and their parameters")
    parser.set_defaults(handler=run, report_spec=None)
    rsub = parser.add_subparsers(dest="report_name", metavar="NAME")
    for spec in REPORTS.values():
        p = rsub.add_parser(spec.name, parents=[common], help=spec.en, description=f"{spec.en} ({spec.zh})")
        for param in spec.params:
            p.add_argument(param.flag, type=param.type, required=param.required, help=param.help)
        add_output_options(p, formats=spec.formats)
        p.set_defaults(report_spec=spec)


def catalogue_lines() -> list[str]:
    """One line per report: name, title in the UI language, parameters (required ones without brackets)."""
    lines = []
    for spec in REPORTS.values():
        params = " ".join(p.flag if p.required else f"[{p.flag}]" for p in spec.params)
        lines.append(f"{spec.name}\t{spec.title()}\t{params}\t--format {'|'.join(spec.formats)}")
    return lines


def run(args: argparse.Namespace) -> int:
    from minetui.services.context import ServiceError

    spec: ReportSpec | None = args.report_spec
    if args.list or spec is None:
        if spec is None and not args.list:
            raise ServiceError(_("name a report, or list them with `minetui report --list`"))
        print("\n".join(catalogue_lines()))
        return 0
    return run_report(spec, args)


def run_report(spec: ReportSpec, args: argparse.Namespace) -> int:
    """Produce `spec` as the command line asks: a Word draft, or any tabular format."""
    from minetui.cli import open_context
    from minetui.io.output import emit, output_format

    fmt = "docx" if _wants_docx(spec, args) else output_format(args)
    ctx = open_context(args)
    try:
        if fmt == "docx":
            assert spec.docx is not None
            deliver(args, spec.docx(ctx, args), binary=True)
            count = None
        else:
            count = emit(args, spec.columns(), spec.rows(ctx, args), title=_report_title(spec, args))
    finally:
        ctx.close()
    if count is not None:
        print(_("{report}: {count} rows").format(report=spec.name, count=count), file=sys.stderr)
    return 0


def _report_title(spec: ReportSpec, args: argparse.Namespace) -> str:
    from minetui import i18n

    year = getattr(args, "year", None)
    if not year:
        return spec.title()
    return f"{year}{spec.title()}" if i18n.language() == "zh" else f"{year} {spec.title()}"


def _wants_docx(spec: ReportSpec, args: argparse.Namespace) -> bool:
    if spec.docx is None:
        return False
    if args.format:
        return bool(args.format == "docx")
    return bool(args.out) and Path(args.out).suffix.lower() == ".docx"


def deliver(args: argparse.Namespace, data: bytes, *, binary: bool) -> None:
    """Write a whole file's bytes to --out (atomically) or stdout; binary data never goes to a terminal."""
    from minetui.services.context import ServiceError

    if args.out and args.out != "-":
        path = Path(args.out)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError as exc:
            raise ServiceError(f"{path}: {exc.strerror or exc}") from exc
        finally:
            temporary.unlink(missing_ok=True)
        return
    if binary and sys.stdout.isatty():
        raise ServiceError(_("this is a binary file: give --out FILE or redirect the output"))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
