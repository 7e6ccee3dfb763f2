"""`minetui tasks --from D1 --to D2 [--office O]` — the open inspection tasks the planner combines (R-VISIT-1).

Patrol duties, field verification, the district's own survey rounds and open spot-checks whose windows overlap
the range, each window clipped to it; `--external` lists instead the city's and province's survey visits dated
in the range (the fixed visits tasks may join). Columns: task_id, kind, licence_no, office, earliest, latest,
sections, checklist.
"""

from __future__ import annotations

import argparse
import sys

from minetui.commands.verification import iso_date
from minetui.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    p = sub.add_parser("tasks", parents=[common], help="open inspection tasks of a date range (for planning)")
    p.add_argument("--from", dest="date_from", type=iso_date, required=True, metavar="YYYY-MM-DD",
                   help="first day of the range")
    p.add_argument("--to", dest="date_to", type=iso_date, required=True, metavar="YYYY-MM-DD",
                   help="last day of the range (included)")
    p.add_argument("--office", help="only this office (code)")
    p.add_argument("--external", action="store_true", help="the city's and province's survey visits instead")
    add_output_options(p)
    p.set_defaults(handler=run)


def external_columns() -> list:
    from minetui.io.output import Column

    return [Column("licence_no", "Licence no.", "licence"), Column("date", "Date", "date"),
            Column("label", "What")]


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.reporting.inspections import task_columns, task_dicts
    from minetui.services.visits.tasks import external_visits, inspection_tasks

    with session(args) as ctx:
        if args.external:
            visits = external_visits(ctx, args.date_from, args.date_to, args.office)
            rows = [{"licence_no": v.mine_key, "date": v.date, "label": v.label} for v in visits]
            count = emit(args, external_columns(), rows, title=_("External visits"))
        else:
            tasks = inspection_tasks(ctx, args.date_from, args.date_to, args.office)
            count = emit(args, task_columns(), task_dicts(tasks), title=_("Open inspection tasks"))
    print(_("tasks: {count} rows").format(count=count), file=sys.stderr)
    return 0
