"""`minetui tips …`: public tips (群众举报) — take one in (a draft lead goes to the right section), list, show."""

from __future__ import annotations

import argparse

from minetui.commands.common import iso_date, say, session
from minetui.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("tips", parents=[common], help="public tips (群众举报)")
    tsub = parser.add_subparsers(dest="tips_command", metavar="ACTION", required=True)
    p = tsub.add_parser("add", parents=[common], help="take in a tip; a draft lead goes to the right section")
    p.add_argument("--what", required=True, help="what was seen")
    p.add_argument("--kind", required=True, help="outside_boundary, unlicensed, eco_damage, forest_grass_damage …"
                                                 " (or the Chinese word)")
    p.add_argument("--place", default="")
    p.add_argument("--licence", help="the mine's licence number, when known")
    p.add_argument("--reporter", default="")
    p.add_argument("--contact", default="", help="how to reach the reporter (kept private)")
    p.add_argument("--received", type=iso_date, help="day the tip came in (default: today)")
    p.add_argument("--happened", type=iso_date, help="day it happened")
    p.set_defaults(handler=run_tip_add)
    p = tsub.add_parser("list", parents=[common], help="tips (without reporter and contact)")
    add_output_options(p)
    p.set_defaults(handler=run_tip_list)
    p = tsub.add_parser("show", parents=[common], help="one tip, with the reporter's contact")
    p.add_argument("id", type=int)
    p.set_defaults(handler=run_tip_show)


def run_tip_add(args: argparse.Namespace) -> int:
    from minetui.commands.leads import warn_calendar
    from minetui.services.leads.tips import TipInput, add_tip

    with session(args) as ctx:
        added = add_tip(ctx, TipInput(args.what, args.kind, args.place, args.licence, args.reporter, args.contact,
                                      args.received, args.happened))
        warn_calendar(ctx, [added.lead_id] if added.lead_id is not None else [])
    print(added.tip_id)
    say(_("tip {tip}: lead {lead} drafted").format(tip=added.tip_id, lead=added.lead_id))
    return 0


def run_tip_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.domain.leads.leads import LeadState
    from minetui.domain.patrols.record import ChecklistItem
    from minetui.io.output import Column
    from minetui.services.leads.tips import tip_rows

    columns = [Column("id", "Id", "int"), Column("received_on", "Received", "date"),
               Column("kind", "Tip kind", "enum", ChecklistItem), Column("place", "Place", "text"),
               Column("licence_no", "Licence no.", "licence"), Column("what", "Content", "text"),
               Column("lead_id", "Lead id", "int"),
               Column("lead_state", "Lead state", "enum", LeadState)]
    with session(args) as ctx:
        emit(args, columns, tip_rows(ctx), title=_("Public tips"))
    return 0


def run_tip_show(args: argparse.Namespace) -> int:
    from minetui.services.leads.tips import tip_detail

    with session(args) as ctx:
        tip = tip_detail(ctx, args.id)
    print("\n".join([
        f"{_('Tip')} {tip.id}  {tip.received_on.isoformat()}  {tip.kind.zh}",
        f"{_('Reporter')}: {tip.reporter}  {_('Contact')}: {tip.contact}",
        f"{_('Place')}: {tip.place or ''} {tip.licence_no or ''}".rstrip(),
        f"{_('What')}: {tip.what}",
        f"{_('Lead')}: {tip.lead_id or ''}",
    ]))
    return 0
