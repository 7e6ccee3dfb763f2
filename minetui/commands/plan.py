"""`minetui plan --from D1 --to D2 [--office O] [--commit]` — combined visits for a period (R-VISIT-1).

One row per visit: licence_no, mine, office, date, window_start, window_end, tasks (`patrol:2025-07;…`),
sections (who must attend), joins (the visit it joins: another agency's, or a committed one). The totals —
tasks, visits, the proven minimum (lower bound) and visits with one visit per task — follow the table as a
footer, and go to stderr for csv/json/xlsx so the data keeps its shape. `--commit` stores the plan.
`--tasks FILE` plans a CSV/XLSX of tasks (licence_no, office, task_id, kind, earliest, latest, sections)
without touching the database (what-if); a bad file is refused with every row/column error (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from minetui.commands.verification import iso_date
from minetui.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    p = sub.add_parser("plan", parents=[common], help="plan combined visits for a period (or a what-if task file)",
                       description="Plan combined single visits (综合检查) for the open tasks of a period.")
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD",
                   help="first day of the period to plan (with --to)")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD",
                   help="last day of the period to plan (included)")
    p.add_argument("--office", help="only this office's mines (code)")
    p.add_argument("--commit", action="store_true", help="store the planned visits")
    p.add_argument("--tasks", type=Path, metavar="FILE", help="what-if: plan the tasks of this CSV/XLSX instead"
                                                              " (the database is not touched)")
    add_output_options(p, formats=("table", "csv", "json", "xlsx", "markdown"))
    p.set_defaults(handler=run)


def plan_columns() -> list[Any]:
    from minetui.io.output import Column

    return [Column("licence_no", "Licence no.", "licence"), Column("mine", "Mine"),
            Column("office", "Office"), Column("date", "Visit date", "date"),
            Column("window_start", "Window start", "date"),
            Column("window_end", "Window end", "date"),
            Column("tasks", "Tasks"), Column("sections", "Sections"),
            Column("joins", "Joins")]


def totals_lines(pp: Any) -> list[str]:
    """The totals line, then each unplaced task and each warning."""
    s = pp.summary
    lines = [_("{visits} visits for {tasks} tasks; one visit per task would be {one}; proven minimum {low}").format(
        visits=s["visits"], tasks=s["tasks"], one=s["one_visit_per_task"], low=s["lower_bound"])]
    if s["external_visits"]:
        lines.append(_("{n} visits of others joined (no extra visit)").format(n=s["external_visits"]))
    lines += [_("not placed: {message}").format(message=u.message) for u in pp.plan.unplaced]
    lines += [_("warning: {message}").format(message=w.message) for w in pp.plan.warnings]
    return lines


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import EXIT_REFUSED
    from minetui.errors import ServiceError
    from minetui.services.core.import_engine import ImportRefused

    if args.tasks is None and (args.date_from is None or args.date_to is None):
        raise ServiceError(_("give --from and --to (or --tasks FILE)"))
    if args.tasks is not None and args.commit:
        raise ServiceError(_("a what-if plan (--tasks) cannot be committed"))
    try:
        _what_if(args) if args.tasks is not None else _plan(args)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(f"minetui: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def _what_if(args: argparse.Namespace) -> Any:
    from minetui.paths import resolve_db_path
    from minetui.services.core.settings import visit_settings_in_file
    from minetui.services.visits.visits import plan_file

    pp = plan_file(args.tasks, visit_settings_in_file(resolve_db_path(args.db)))
    _show(args, pp)
    return pp


def _plan(args: argparse.Namespace) -> Any:
    from minetui.commands.common import session
    from minetui.services.visits.visits import commit_plan, plan_period

    with session(args) as ctx:
        pp = plan_period(ctx, args.date_from, args.date_to, args.office)
        _show(args, pp)
        if args.commit:
            ids = commit_plan(ctx, pp)
            print(_("committed: {n} visits stored").format(n=len(ids)), file=sys.stderr)
    return pp


def _show(args: argparse.Namespace, pp: Any) -> None:
    from minetui.commands.common import emit, output_format
    from minetui.services.visits.visits import plan_rows

    title = _("Combined visits {start} – {end}").format(start=pp.date_from, end=pp.date_to)
    emit(args, plan_columns(), plan_rows(pp), title=title)
    as_footer = output_format(args) in ("table", "markdown") and not (args.out and args.out != "-")
    stream = sys.stdout if as_footer else sys.stderr
    if as_footer:
        print(file=stream)
    for line in totals_lines(pp):
        print(line, file=stream)
