"""`minetui import KIND FILE [--dry-run]` — import one of the bureau's spreadsheets (formats.md).

Exit 0 when imported (a one-line summary on stderr), 2 when refused (every problem on stderr, one per line,
then the summary of the refusal). `--dry-run` prints to stdout what would be added, changed or left as is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

# = services.imports.KINDS, kept light here
KINDS = ("offices", "mines", "corners", "status", "zones", "patrols", "patches")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("import", parents=[common], help="import a spreadsheet (CSV or XLSX)",
                            description="Import a CSV or XLSX file of one kind; all rows or none.")
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    parser.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
    parser.add_argument("--dry-run", action="store_true", help="show what would change without writing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import EXIT_REFUSED, session
    from minetui.i18n import _
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.importing import import_file

    with session(args) as ctx:
        try:
            report = import_file(ctx, args.kind, args.file, dry_run=args.dry_run)
        except ImportRefused as refused:
            for problem in refused.problems:
                print(problem, file=sys.stderr)
            for problem in refused.warnings:
                print(_("warning: {problem}").format(problem=problem), file=sys.stderr)
            print(f"minetui: {refused}", file=sys.stderr)
            return EXIT_REFUSED
    if report.dry_run:
        for line in dry_run_lines(report):
            print(line)
    for problem in report.warnings:
        print(_("warning: {problem}").format(problem=problem), file=sys.stderr)
    for note in report.notes:
        print(f"minetui: {note}", file=sys.stderr)
    print(summary(report), file=sys.stderr)
    return 0


def summary(report: Any) -> str:
    """One line: what was (or would be) added, changed and left unchanged, and how many warnings."""
    from minetui.i18n import _

    text = _("{file}: {added} added, {changed} changed, {unchanged} unchanged, {warnings} warning(s)").format(
        file=report.file, added=report.added, changed=report.changed, unchanged=report.unchanged,
        warnings=len(report.warnings))
    if report.dry_run:
        text += _(" (dry run: nothing was written)")
    return f"minetui: {text}"


_MARKS = {"add": "+", "change": "~", "same": "="}


def dry_run_lines(report: Any) -> list[str]:
    """`+ key` added, `~ key: field old → new; …` changed, `= key` unchanged, in file order."""
    lines = []
    for change in report.details:
        line = f"{_MARKS[change.action]} {change.key}"
        if change.action == "change":
            line += ": " + "; ".join(f"{name}: {_show(old)} → {_show(new)}"
                                     for name, (old, new) in change.changes.items())
        lines.append(line)
    return lines


def _show(value: Any) -> str:
    return "∅" if value is None or value == "" else str(value)
