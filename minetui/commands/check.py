"""`minetui check` — report data problems (R-GEO-1 boundaries, licence validity, gaps, database integrity)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minetui.domain.validation import Problem

EPILOG = """exit status:
  0  no error-severity problem (warnings may have been reported)
  2  at least one error-severity problem was found (or the command was refused)

A summary count goes to stderr; the problems go to stdout or --out."""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser(
        "check", parents=[common], help="report data problems; exit 2 if any error is found",
        description="Check licence boundaries (R-GEO-1), licence validity, missing offices, corner points and"
                    " status history, and the database file itself (integrity_check, foreign_key_check, the"
                    " audit chain); with --evidence also every evidence file against its SHA-256.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--evidence", action="store_true",
                        help="also re-hash every file in the evidence store and name any missing or changed")
    add_output_options(parser)
    parser.set_defaults(handler=run)


def columns():
    """The output columns of a check report."""
    from minetui.domain.validation import Severity
    from minetui.io.output import Column

    return (
        Column("severity", "severity", "enum", Severity),
        Column("licence_no", "licence no.", "licence"),
        Column("mine_name", "mine"),
        Column("code", "problem code"),
        Column("message", "problem"),
    )


def _row(problem: Problem) -> dict[str, str]:
    return {"severity": problem.severity, "licence_no": problem.licence_no, "mine_name": problem.mine_name,
            "code": problem.code, "message": problem.message}


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import EXIT_OK, EXIT_REFUSED, emit, session
    from minetui.domain.checks import ERROR
    from minetui.i18n import _
    from minetui.services.reporting.check import check_evidence, run_checks

    with session(args) as ctx:
        problems = run_checks(ctx)
        if getattr(args, "evidence", False):
            problems += check_evidence(ctx)
        emit(args, columns(), (_row(p) for p in problems), title=f"{_('Data check')} {ctx.today.isoformat()}")
    errors = sum(1 for p in problems if p.severity == ERROR)
    print(_("check: {errors} errors, {warnings} warnings").format(errors=errors, warnings=len(problems) - errors),
          file=sys.stderr)
    return EXIT_REFUSED if errors else EXIT_OK
