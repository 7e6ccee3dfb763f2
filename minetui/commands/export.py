"""`minetui export KIND` — a table as CSV (UTF-8 with BOM), XLSX or JSON, with formats.md column keys."""

from __future__ import annotations

import argparse
import sys

KINDS = ("offices", "mines", "corners", "status", "zones", "patrols")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser(
        "export", parents=[common], help="export a table (re-importable with `minetui import`)",
        description="Export one table with the column keys of the import format, so the file re-imports."
                    " zones: one row per mine in an approved zone. mines: the status in force on --today.",
    )
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    add_output_options(parser, formats=("csv", "xlsx", "json"), default="csv")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.i18n import _
    from minetui.services.core.provenance import provenance
    from minetui.services.reporting.export import export_rows

    with session(args) as ctx:
        columns, rows = export_rows(ctx, args.kind)
        # Provenance in XLSX properties (the header stays row 1: the file re-imports) and, with
        # --provenance, in a JSON envelope; CSV keeps the shape scripts rely on.
        count = emit(args, columns, rows, provenance=provenance(ctx))
    where = args.out if args.out and args.out != "-" else "stdout"
    print(_("Exported {count} rows of {kind} to {where}").format(count=count, kind=args.kind, where=where),
          file=sys.stderr)
    return 0
