"""`minetui patches list`: satellite change patches (R-SAT-1) with their licence, deadline and state."""

from __future__ import annotations

import argparse

from minetui.commands.common import session
from minetui.i18n import _
from minetui.services.reporting.leads import patch_columns, patch_dicts


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("patches", parents=[common], help="satellite change patches (R-SAT-1)")
    psub = parser.add_subparsers(dest="patches_command", metavar="ACTION", required=True)
    p = psub.add_parser("list", parents=[common], help="patches with their licence, deadline and state")
    p.add_argument("--year", type=int)
    p.add_argument("--unlinked", action="store_true", help="only patches inside no licence (possible 无证开采)")
    add_output_options(p)
    p.set_defaults(handler=run_patch_list)


def run_patch_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.services.leads.patches import patch_rows

    with session(args) as ctx:
        emit(args, patch_columns(), patch_dicts(patch_rows(ctx, year=args.year, unlinked=args.unlinked)),
             title=_("Satellite patches"))
    return 0
