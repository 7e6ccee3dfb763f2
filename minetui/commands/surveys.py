"""`minetui surveys list|schedule|record|extent` — special surveys (R-SUR-1, R-SUR-2).

`list` shows every round owed (and recorded) with organiser, window, state and results; `schedule` notes the
day a round is planned for (the city's or province's when they tell it); `record` saves results (a correction
needs --version); `extent SURVEY_ID FILE` reads the surveyed extent from a corners-format file and prints the
area outside the licensed area.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minetui.commands.verification import iso_date, mine_id, print_problems
from minetui.i18n import _

ORGANISERS = ("province", "city", "district")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("surveys", parents=[common], help="special surveys (R-SUR-1, R-SUR-2)")
    ssub = parser.add_subparsers(dest="surveys_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list", parents=[common], help="the year's survey rounds with organiser and state")
    p.add_argument("--year", type=int, help="the year (default: this year)")
    p.add_argument("--office", help="only this office (code)")
    p.add_argument("--organiser", choices=ORGANISERS)
    add_output_options(p)
    p.set_defaults(handler=run_list)
    p = ssub.add_parser("schedule", parents=[common], help="the day a round is planned for")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--round", type=int, choices=(1, 2), required=True)
    p.add_argument("--date", type=iso_date, required=True)
    p.set_defaults(handler=run_schedule)
    p = ssub.add_parser("record", parents=[common], help="record a round's results")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--year", type=int, help="the year (default: the date's year)")
    p.add_argument("--round", type=int, choices=(1, 2), required=True)
    p.add_argument("--date", type=iso_date, required=True)
    p.add_argument("--surveyor", required=True)
    p.add_argument("--method", action="append", default=[], help="measurement, drone or underground (repeat)")
    p.add_argument("--area", type=float, help="area of the surveyed extent, m²")
    p.add_argument("--deepest", type=float, help="the deepest elevation reached, m")
    p.add_argument("--highest", type=float, help="the highest elevation of the workings, m")
    p.add_argument("--note", default="")
    p.add_argument("--version", type=int, help="the version shown, to correct recorded results")
    p.set_defaults(handler=run_record)
    p = ssub.add_parser("extent", parents=[common], help="the surveyed extent from a corners file (CSV/XLSX)")
    p.add_argument("survey_id", type=int, metavar="SURVEY_ID")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=run_extent)


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.reporting.inspections import survey_columns, survey_rows

    with session(args) as ctx:
        year = args.year or ctx.today.year
        rows = survey_rows(ctx, year, args.office, args.organiser)
    emit(args, survey_columns(), rows, title=_("Special surveys {year}").format(year=year))
    return 0


def run_schedule(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.inspections.surveys import schedule_survey

    with session(args) as ctx:
        print(schedule_survey(ctx, mine_id(ctx, args.licence), args.year, args.round, args.date))
    return 0


def _report(saved) -> None:
    print_problems(saved.warnings)
    if saved.outside_area_m2 is not None:
        print(_("outside the licensed area: {area:.1f} m²").format(area=saved.outside_area_m2), file=sys.stderr)
    for finding in saved.findings:
        print(_("finding {kind} → {receiver} ({rule}): {note}").format(
            kind=finding.kind, receiver=finding.receiver.zh, rule=finding.rule, note=finding.note), file=sys.stderr)


def run_record(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.domain.inspections.surveys import parse_methods
    from minetui.errors import ServiceError
    from minetui.services.inspections.surveys import SurveyResult, record_survey

    try:
        methods = parse_methods(args.method)
    except ValueError as exc:
        raise ServiceError(_("unknown survey method {method}").format(method=exc)) from exc
    with session(args) as ctx:
        result = SurveyResult(args.date, args.surveyor, methods, args.area, args.deepest, args.highest, args.note)
        saved = record_survey(ctx, mine_id(ctx, args.licence), args.year or args.date.year, args.round, result,
                              expected_version=args.version)
    _report(saved)
    print(saved.id)
    return 0


def run_extent(args: argparse.Namespace) -> int:
    from minetui.commands.common import EXIT_REFUSED, session
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.inspections.surveys import set_extent

    with session(args) as ctx:
        try:
            saved = set_extent(ctx, args.survey_id, args.file)
        except ImportRefused as refused:
            for problem in refused.problems:
                print(problem, file=sys.stderr)
            print(f"minetui: {refused}", file=sys.stderr)
            return EXIT_REFUSED
    _report(saved)
    print(f"{saved.outside_area_m2:.2f}")
    return 0
