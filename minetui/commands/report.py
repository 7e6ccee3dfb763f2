"""`minetui report NAME [params] --format …`, `minetui report --list`, `minetui report view:NAME`.

A thin face over the catalogue of services/reporting/catalogue.py: each report becomes a sub-command with its parameters
as options; rows go through io/output.py (table, Markdown, CSV, XLSX, JSON), a Word draft through the
report's own writer. Every output carries its provenance where the format allows (see io/output.py): the
XLSX title row and properties, a footer line under text, the Word footer, and JSON only with --provenance.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from minetui.i18n import _

VIEW_PREFIX = "view:"
VIEW_PARSER = "view:NAME"


class _Names(dict):  # type: ignore[type-arg]
    """Sub-command names where any 'view:…' stands for the saved-view parser."""

    def _is_view(self, key: object) -> bool:
        return isinstance(key, str) and key.startswith(VIEW_PREFIX) and dict.__contains__(self, VIEW_PARSER)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or self._is_view(key)

    def __getitem__(self, key: Any) -> Any:
        if not dict.__contains__(self, key) and self._is_view(key):
            key = VIEW_PARSER
        return dict.__getitem__(self, key)


class _ReportSubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-parsers that also accept `view:NAME` (a saved view's name is not known when parsing starts)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = _Names()
        self.choices = self._name_parser_map


def _arg_type(param: Any) -> Any:
    def parse(text: str) -> Any:
        try:
            return param.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{param.flag}: {exc}") from exc

    parse.__name__ = param.kind
    return parse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options
    from minetui.services.reporting.catalogue import catalogue

    parser = sub.add_parser("report", parents=[common], help="reports of the catalogue; --list names them",
                            description="Produce one of the catalogue's reports (`--list` lists them), or run a"
                                        " saved view with `minetui report view:NAME`.")
    parser.add_argument("--list", action="store_true", help="list the reports and their parameters")
    parser.set_defaults(handler=run, report_name=None)
    rsub = parser.add_subparsers(dest="report_name", metavar="NAME", action=_ReportSubParsers)
    for spec in catalogue().values():
        p = rsub.add_parser(spec.name, parents=[common], help=spec.en, description=f"{spec.en} ({spec.zh})")
        for param in spec.params:
            if param.kind == "bool":
                p.add_argument(param.flag, action="store_true", default=None, help=param.help)
            else:
                p.add_argument(param.flag, type=_arg_type(param), default=None, required=param.required,
                               choices=param.choices, help=param.help)
        add_output_options(p, formats=spec.formats)
    view = rsub.add_parser(VIEW_PARSER, parents=[common], help="run a saved view (saved in the app with v)",
                           description="Run one of your saved views: minetui report view:NAME")
    add_output_options(view)


def catalogue_lines() -> list[str]:
    """One line per report: name, title in the UI language, parameters (required ones without brackets)."""
    from minetui.services.reporting.catalogue import catalogue

    lines = []
    for spec in catalogue().values():
        params = " ".join(p.flag if p.required else f"[{p.flag}]" for p in spec.params)
        lines.append(f"{spec.name}\t{spec.title()}\t{params}\t--format {'|'.join(spec.formats)}")
    lines.append(f"{VIEW_PARSER}\t{_('a saved view')}\t\t--format table|csv|json|xlsx|markdown")
    return lines


def run(args: argparse.Namespace) -> int:
    from minetui.errors import ServiceError

    name: str | None = args.report_name
    if args.list or name is None:
        if name is None and not args.list:
            raise ServiceError(_("name a report, or list them with `minetui report --list`"))
        print("\n".join(catalogue_lines()))
        return 0
    return run_report_command(name, args)


def run_report_command(name: str, args: argparse.Namespace) -> int:
    """Produce report (or saved view) `name` as the command line asks."""
    from minetui.commands.common import emit, output_format, session
    from minetui.io.brief_writer import markdown_footer, with_docx_footer
    from minetui.services.core.provenance import provenance
    from minetui.services.reporting.catalogue import get_report, run_report
    from minetui.services.reporting.views import run_view

    with session(args) as ctx:
        stamp = provenance(ctx)
        if name.startswith(VIEW_PREFIX):
            result = run_view(ctx, name.removeprefix(VIEW_PREFIX))
        else:
            spec = get_report(name)
            values = spec.resolve(ctx, {p.name: getattr(args, p.name, None) for p in spec.params})
            fmt = "docx" if _wants_docx(spec, args) else output_format(args)
            if fmt == "docx" and spec.docx is not None:
                deliver(args, with_docx_footer(spec.docx(ctx, **values), stamp), binary=True)
                return 0
            if fmt == "markdown" and spec.markdown is not None:
                text = spec.markdown(ctx, **values) + markdown_footer(stamp)
                deliver(args, text.encode("utf-8"), binary=False)
                return 0
            result = run_report(ctx, spec, values)
        title = result.report.heading(result.params, ctx.today)
        count = emit(args, result.columns, result.rows, title=title, provenance=stamp)
    print(_("{report}: {count} rows").format(report=name, count=count), file=sys.stderr)
    return 0


def _wants_docx(spec: Any, args: argparse.Namespace) -> bool:
    if spec.docx is None:
        return False
    if args.format:
        return bool(args.format == "docx")
    return bool(args.out) and Path(args.out).suffix.lower() == ".docx"


def deliver(args: argparse.Namespace, data: bytes, *, binary: bool) -> None:
    """Write a whole file's bytes to --out (atomically) or stdout; binary data never goes to a terminal."""
    from minetui.errors import ServiceError

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
