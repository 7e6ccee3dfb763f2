"""`minetui lists …`: the abnormal and serious-dishonesty lists (R-LIST-1) — add, remove, list."""

from __future__ import annotations

import argparse

from minetui.commands.common import iso_date, say, session
from minetui.domain.leads.lists import ListKind
from minetui.i18n import _
from minetui.services.reporting.leads import entry_columns, entry_dicts

LIST_KINDS = tuple(str(kind) for kind in ListKind)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("lists", parents=[common], help="abnormal and serious-dishonesty lists (R-LIST-1)")
    ssub = parser.add_subparsers(dest="lists_command", metavar="ACTION", required=True)
    p = ssub.add_parser("add", parents=[common], help="put a mine's rights holder on a list")
    p.add_argument("licence")
    p.add_argument("--kind", required=True, choices=LIST_KINDS)
    p.add_argument("--reason", required=True)
    p.add_argument("--authority")
    p.add_argument("--basis", help="legal basis (default: MNR Order 13, 2024)")
    p.add_argument("--date", type=iso_date, help="date in (default: today)")
    p.set_defaults(handler=run_list_add)
    p = ssub.add_parser("remove", parents=[common], help="take an entry off its list")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", type=iso_date, help="date out (default: today)")
    p.add_argument("--version", type=int)
    p.set_defaults(handler=run_list_remove)
    p = ssub.add_parser("list", parents=[common], help="entries (current ones unless --all)")
    p.add_argument("--kind", choices=LIST_KINDS)
    p.add_argument("--all", action="store_true", help="also entries already removed")
    add_output_options(p)
    p.set_defaults(handler=run_list_list)


def run_list_add(args: argparse.Namespace) -> int:
    from minetui.errors import ServiceError
    from minetui.services.leads.lists import add_entry
    from minetui.services.mines.lookup import mine_id_for

    with session(args) as ctx:
        listed = add_entry(ctx, mine_id_for(ctx, args.licence), args.kind, args.reason, authority=args.authority,
                           legal_basis=args.basis, date_in=args.date)
    if listed.entry_id is None:
        raise ServiceError(f"{listed.message} — " + _("lead {id} drafted to the registering authority").format(
            id=listed.forwarded_lead_id))
    print(listed.entry_id)
    return 0


def run_list_remove(args: argparse.Namespace) -> int:
    from minetui.services.leads.lists import remove_entry

    with session(args) as ctx:
        entry = remove_entry(ctx, args.id, args.reason, date_out=args.date, version=args.version)
    say(_("list entry {id} removed on {day}").format(id=entry.id, day=entry.date_out))
    return 0


def run_list_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.services.leads.lists import entries

    with session(args) as ctx:
        emit(args, entry_columns(), entry_dicts(entries(ctx, kind=args.kind, current_only=not args.all)),
             title=_("Lists"))
    return 0
