"""`minetui spotchecks open|list|result` — joint spot-checks (R-SPOT-1) at any mine, zone or not.

`open LICENCE --trigger media --source OUTLET --date D --link URL` (or env_inspection with --level, inspection_tour,
audit with the document as --source) opens the task with its window and sections (--section adds one);
`result ID --date D --inspectors … --result TEXT [--finding SECTION=TEXT …]` records what was found.
"""

from __future__ import annotations

import argparse
import sys

from minetui.commands.verification import iso_date, mine_id, print_problems, split_names
from minetui.i18n import _

TRIGGERS = ("media", "env_inspection", "inspection_tour", "audit")
LEVELS = ("central", "provincial", "city")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("spotchecks", parents=[common], help="joint spot-checks (R-SPOT-1)")
    ssub = parser.add_subparsers(dest="spotchecks_command", metavar="ACTION", required=True)
    p = ssub.add_parser("open", parents=[common], help="record a trigger and open a spot-check")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--trigger", choices=TRIGGERS, required=True)
    p.add_argument("--source", required=True, help="the media outlet, or the document")
    p.add_argument("--date", type=iso_date, required=True, help="the trigger's date")
    p.add_argument("--link", default="")
    p.add_argument("--level", choices=LEVELS, help="an environmental inspection's level")
    p.add_argument("--note", default="")
    p.add_argument("--section", action="append", default=[], help="another section that takes part (repeat)")
    p.set_defaults(handler=run_open)
    p = ssub.add_parser("list", parents=[common], help="spot-checks triggered in a year")
    p.add_argument("--year", type=int, help="the year (default: this year)")
    add_output_options(p)
    p.set_defaults(handler=run_list)
    p = ssub.add_parser("result", parents=[common], help="record a spot-check's result and findings")
    p.add_argument("spotcheck_id", type=int, metavar="ID")
    p.add_argument("--date", type=iso_date, required=True)
    p.add_argument("--inspectors", required=True, help="at least two names, 、-separated")
    p.add_argument("--result", required=True)
    p.add_argument("--finding", action="append", default=[], metavar="SECTION=TEXT")
    p.add_argument("--version", type=int, help="the version shown, to correct a recorded result")
    p.set_defaults(handler=run_result)


def run_open(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.domain.inspections.spotchecks import InspectionLevel, Trigger, TriggerKind
    from minetui.services.inspections.spotchecks import open_spotcheck

    trigger = Trigger(TriggerKind(args.trigger), args.source, args.date, args.link,
                      InspectionLevel(args.level) if args.level else None, args.note)
    with session(args) as ctx:
        opened = open_spotcheck(ctx, mine_id(ctx, args.licence), trigger, args.section)
    print_problems(opened.warnings)
    print(_("spot-check {id}: {start} – {end}").format(id=opened.id, start=opened.window_start,
                                                       end=opened.window_end), file=sys.stderr)
    print(opened.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.reporting.inspections import spotcheck_columns, spotcheck_rows

    with session(args) as ctx:
        year = args.year or ctx.today.year
        rows = spotcheck_rows(ctx, year)
    emit(args, spotcheck_columns(), rows, title=_("Joint spot-checks {year}").format(year=year))
    return 0


def run_result(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.domain.inspections.spotchecks import SpotCheckResult
    from minetui.services.inspections.spotchecks import record_result

    found = []
    for text in args.finding:
        section, _sep, note = text.partition("=")
        found.append((section.strip(), note))
    with session(args) as ctx:
        row = record_result(ctx, args.spotcheck_id, SpotCheckResult(args.date, split_names(args.inspectors),
                                                                    args.result), found,
                            expected_version=args.version)
    print(_("spot-check {id}: {count} finding(s)").format(id=row.id, count=len(row.findings)), file=sys.stderr)
    return 0
