"""`minetui calendar --year Y [--office O]` — the year's patrol duties as a listing or an ICS calendar file.

`--format ics` writes the duties (each on its due day, with a reminder unless met) and the notice's dated
deadlines of that year (domain.deadlines) for Outlook, WPS or a phone; the tabular formats list the duties
with the columns licence_no, mine, office, period, kind, due, state, patrol_dates.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from minetui.i18n import _

FORMATS = ("table", "csv", "json", "xlsx", "markdown", "ics")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser(
        "calendar", parents=[common], help="the year's patrol duties; --format ics for Outlook/WPS",
        description="List a year's patrol duties (R-PAT-2) with their states on --today, or export them and the"
                    " notice's deadlines as an iCalendar (.ics) file.",
    )
    parser.add_argument("--year", type=int, required=True, help="the year of the duties")
    parser.add_argument("--office", help="only this office (code)")
    add_output_options(parser, formats=FORMATS)
    parser.set_defaults(handler=run)


def _format(args: argparse.Namespace) -> str:
    from minetui.commands.common import output_format

    if not args.format and args.out and Path(args.out).suffix.lower() == ".ics":
        return "ics"
    return output_format(args)


def ics_bytes(duties: list[Any], year: int, office: str | None) -> bytes:
    """The calendar file of `duties` plus the notice's deadlines of `year`."""
    from minetui import i18n
    from minetui.domain.deadlines import notice_deadlines
    from minetui.io.ics import calendar_text, deadline_event, duty_event

    events = [*(duty_event(d) for d in duties),
              *(deadline_event(d, i18n.language()) for d in notice_deadlines(year))]
    name = _("Patrol calendar {year}").format(year=year) + (f" {office}" if office else "")
    return calendar_text(events, name=name).encode("utf-8")


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.commands.patrols import duty_columns, duty_dicts
    from minetui.commands.report import deliver
    from minetui.services.patrols.report import calendar_rows

    fmt = _format(args)
    with session(args) as ctx:
        duties = calendar_rows(ctx, args.year, args.office)
    if fmt == "ics":
        deliver(args, ics_bytes(duties, args.year, args.office), binary=False)
    else:
        title = _("Patrol duties {year}").format(year=args.year)
        emit(args, duty_columns(), duty_dicts(duties), title=title)
    print(_("calendar: {count} duties").format(count=len(duties)), file=sys.stderr)
    return 0
