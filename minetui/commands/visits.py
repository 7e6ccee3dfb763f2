"""`minetui visits list|move|cancel|sheet|external|settings` — committed combined visits (R-VISIT-1).

- `visits list [--from D] [--to D] [--office O] [--state planned|done|cancelled|all]` — one row per visit;
- `visits move ID YYYY-MM-DD [--version N]`, `visits cancel ID [--version N]` (its tasks go back to the pool);
- `visits sheet ID --format markdown|xlsx [--out FILE]` — the visit sheet for printing;
- `visits external add --licence L --date D --agency A [--label T]`, `visits external list [--from --to]`;
- `visits settings [KEY VALUE]` — show the visit settings, or set one (visits.capacity, …); kept for scripts,
  `minetui settings list|get|set` is the one place for every setting.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from minetui.commands.verification import iso_date
from minetui.i18n import _

STATES = ("planned", "done", "cancelled", "all")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("visits", parents=[common], help="committed combined visits: list, move, cancel, sheet")
    vsub = parser.add_subparsers(dest="visits_command", metavar="ACTION", required=True)
    p = vsub.add_parser("list", parents=[common], help="list visits")
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--office", help="only this office (code)")
    p.add_argument("--state", choices=STATES, default="all")
    add_output_options(p)
    p.set_defaults(handler=run_list)
    p = vsub.add_parser("move", parents=[common], help="move a planned visit to another day")
    p.add_argument("id", type=int)
    p.add_argument("day", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--version", type=int, help="the version you saw (refused if it changed)")
    p.set_defaults(handler=run_move)
    p = vsub.add_parser("cancel", parents=[common], help="cancel a planned visit (its tasks go back to the pool)")
    p.add_argument("id", type=int)
    p.add_argument("--version", type=int, help="the version you saw (refused if it changed)")
    p.set_defaults(handler=run_cancel)
    p = vsub.add_parser("sheet", parents=[common], help="the visit sheet (Markdown or XLSX) for printing")
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=("markdown", "xlsx"), default=None)
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(handler=run_sheet)
    _register_external(vsub, common, add_output_options)
    p = vsub.add_parser("settings", parents=[common], help="show the visit settings, or set one"
                                                            " (see also `minetui settings`)")
    p.add_argument("key", nargs="?", help="visits.capacity, visits.yearly_cap or visits.min_gap_days"
                                          " (holidays: see `minetui settings`)")
    p.add_argument("value", nargs="?")
    p.set_defaults(handler=run_settings)


def _register_external(vsub: Any, common: argparse.ArgumentParser, add_output_options: Any) -> None:
    ext = vsub.add_parser("external", parents=[common], help="other agencies' visits entered by hand")
    esub = ext.add_subparsers(dest="external_command", metavar="ACTION", required=True)
    p = esub.add_parser("add", parents=[common], help="note another agency's visit to a mine")
    p.add_argument("--licence", required=True, help="the mine's licence no.")
    p.add_argument("--date", dest="day", type=iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--agency", required=True, help="who visits (e.g. 市局)")
    p.add_argument("--label", default="", help="what for")
    p.set_defaults(handler=run_external_add)
    p = esub.add_parser("list", parents=[common], help="list other agencies' visits")
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD")
    add_output_options(p)
    p.set_defaults(handler=run_external_list)


def visit_columns() -> list[Any]:
    from minetui.io.output import Column

    return [Column("id", "Id", "int"), Column("licence_no", "Licence no.", "licence"),
            Column("mine", "Mine"), Column("office", "Office"),
            Column("date", "Visit date", "date"), Column("window_start", "Window start", "date"),
            Column("window_end", "Window end", "date"), Column("state", "State"),
            Column("tasks", "Tasks"), Column("sections", "Sections"),
            Column("joins", "Joins")]


def _range(ctx: Any, args: argparse.Namespace) -> tuple[date, date]:
    year = ctx.today.year
    return args.date_from or date(year, 1, 1), args.date_to or date(year, 12, 31)


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.visits.visits import list_visits, visit_rows

    with session(args) as ctx:
        start, end = _range(ctx, args)
        states = STATES[:3] if args.state == "all" else (args.state,)
        rows = visit_rows(list_visits(ctx, start, end, office=args.office, states=states))
        count = emit(args, visit_columns(), rows, title=_("Visits {start} – {end}").format(start=start, end=end))
    print(_("visits: {count} rows").format(count=count), file=sys.stderr)
    return 0


def run_move(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.visits.changes import move_visit

    with session(args) as ctx:
        moved = move_visit(ctx, args.id, args.day, expected_version=args.version)
    for warning in moved.warnings:
        print(_("warning: {problem}").format(problem=warning), file=sys.stderr)
    print(_("visit {id} moved to {date}").format(id=args.id, date=moved.visit.date), file=sys.stderr)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.visits.changes import cancel_visit

    with session(args) as ctx:
        visit = cancel_visit(ctx, args.id, expected_version=args.version)
    print(_("visit {id} cancelled; its tasks are back in the pool: {tasks}").format(id=args.id, tasks=visit.task_ids),
          file=sys.stderr)
    return 0


def run_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from minetui.commands.common import session
    from minetui.commands.report import deliver
    from minetui.io.visit_sheet import sheet_xlsx
    from minetui.services.visits.sheets import sheet_markdown, visit_sheet

    fmt = args.format or ("xlsx" if args.out and Path(args.out).suffix.lower() == ".xlsx" else "markdown")
    with session(args) as ctx:
        sheet = visit_sheet(ctx, args.id)
    if fmt == "xlsx":
        deliver(args, sheet_xlsx(sheet), binary=True)
    else:
        deliver(args, sheet_markdown(sheet).encode("utf-8"), binary=False)
    return 0


def run_external_add(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.visits.external import add_external

    with session(args) as ctx:
        external_id = add_external(ctx, args.licence, args.day, args.agency, args.label)
    print(_("external visit {id} added").format(id=external_id), file=sys.stderr)
    return 0


def run_external_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.io.output import Column
    from minetui.services.visits.external import external_rows

    columns = [Column("id", "Id", "int"), Column("licence_no", "Licence no.", "licence"),
               Column("mine", "Mine"), Column("date", "Date", "date"),
               Column("agency", "Agency"), Column("label", "What")]
    with session(args) as ctx:
        start, end = _range(ctx, args)
        count = emit(args, columns, external_rows(ctx, start, end), title=_("External visits"))
    print(_("visits: {count} rows").format(count=count), file=sys.stderr)
    return 0


def run_settings(args: argparse.Namespace) -> int:
    """The visit settings as `key<TAB>value` lines (the value in force), after setting one when asked."""
    from minetui.commands.common import session
    from minetui.errors import ServiceError
    from minetui.services.core import settings

    with session(args) as ctx:
        if args.key is not None:
            if args.value is None:
                raise ServiceError(_("give the new value of {key}").format(key=args.key))
            settings.set_setting(ctx, args.key, args.value)
        for row in settings.setting_rows(ctx):
            if row.setting.group == settings.VISIT_CAPACITY.group:
                print(f"{row.setting.key}\t{row.text}")
    return 0
