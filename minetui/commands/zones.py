"""`minetui zones …` — key monitoring zones (R-ZONE-1, R-ZONE-2): list, copy a year, propose, decide, edit.

`zones list` writes one row per mine in a zone with the keys of the zones import (formats.md), so a CSV
written by it imports again. Everything else reports on stderr; `propose` prints the new zone's id on stdout.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from minetui.i18n import _

STATE_CHOICES = ("approved", "proposed", "rejected", "all")


def _level(text: str):
    """argparse type: a zone level by key or Chinese word."""
    from minetui.domain.zones import parse_level

    level = parse_level(text)
    if level is None:
        raise argparse.ArgumentTypeError(f"unknown level {text!r} (national|provincial|municipal|district, 部级…)")
    return level


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("zones", parents=[common], help="key monitoring zones: list, copy, propose, decide")
    zsub = parser.add_subparsers(dest="zones_command", metavar="ACTION", required=True)
    _register_list(zsub, common)
    _register_writes(zsub, common)


def _register_list(zsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    p = zsub.add_parser("list", parents=[common], help="one row per mine in a zone of a year")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--level", type=_level, help="national|provincial|municipal|district (or 部级/省级/市级/区级)")
    p.add_argument("--state", choices=STATE_CHOICES, default="approved",
                   help="which zones: approved (the official list, default), proposed, rejected or all")
    add_output_options(p)
    p.set_defaults(handler=run_list)


def _register_writes(zsub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = zsub.add_parser("copy", parents=[common], help="start a year's list as a copy of another year's")
    p.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
    p.add_argument("--to", dest="to_year", type=int, required=True, metavar="YEAR")
    p.set_defaults(handler=run_copy)

    p = zsub.add_parser("propose", parents=[common], help="an office proposes a district zone")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--office", required=True, help="code of the proposing office")
    p.add_argument("--mine", dest="mines", action="extend", nargs="+", default=[], metavar="LICENCE",
                   help="licence numbers of the mines in the zone")
    p.add_argument("--basis", default="")
    p.set_defaults(handler=run_propose)

    for name, handler, help_text in (("approve", run_approve, "approve a proposed zone"),
                                     ("reject", run_reject, "reject a proposed zone")):
        p = zsub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("zone_id", type=int, metavar="ZONE_ID")
        p.add_argument("--expect-version", type=int, metavar="N",
                       help="refuse if the zone changed since version N was read")
        if name == "approve":
            p.add_argument("--note", default="")
        else:
            p.add_argument("--reason", required=True)
        p.set_defaults(handler=handler)

    for name, handler, help_text in (("add", run_add, "put a mine into a zone"),
                                     ("remove", run_remove, "take a mine out of a zone")):
        p = zsub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("zone_id", type=int, metavar="ZONE_ID")
        p.add_argument("licence_no", metavar="LICENCE_NO")
        if name == "add":
            p.add_argument("--basis", default="")
        p.set_defaults(handler=handler)


def _columns() -> list[Any]:
    """The zones import's columns (formats.md), in its order."""
    from minetui.domain.model import ZoneLevel
    from minetui.io.output import Column

    return [
        Column("year", "年度", "Year", "int"),
        Column("level", "级别", "Level", "enum", ZoneLevel),
        Column("zone", "监测矿区", "Zone", "text"),
        Column("zone_code", "编号", "Zone code", "text"),
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("basis", "依据", "Basis", "text"),
    ]


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.domain.model import ZoneState
    from minetui.services.mines import zones

    states = tuple(ZoneState) if args.state == "all" else (ZoneState(args.state),)
    with session(args) as ctx:
        rows = zones.listing(ctx, args.year, args.level, states)
    emit(args, _columns(), rows, title=_("Key monitoring zones {year}").format(year=args.year))
    return 0


def _with_context(args: argparse.Namespace, action) -> int:
    """Run `action(ctx)` on an open context and close it whatever happens."""
    from minetui.commands.common import session

    with session(args) as ctx:
        action(ctx)
    return 0


def _say(message: str) -> None:
    print(f"minetui: {message}", file=sys.stderr)


def run_copy(args: argparse.Namespace) -> int:
    from minetui.services.mines import zones

    def act(ctx) -> None:
        report = zones.copy_year(ctx, args.from_year, args.to_year)
        _say(_("copied {zones} zones with {mines} mines from {src} to {dst}").format(
            zones=report.zones, mines=report.memberships, src=args.from_year, dst=args.to_year))

    return _with_context(args, act)


def run_propose(args: argparse.Namespace) -> int:
    from minetui.services.mines import zones
    from minetui.services.mines.lookup import mine_id_for

    def act(ctx) -> None:
        mine_ids = [mine_id_for(ctx, licence) for licence in args.mines]
        zone_id = zones.propose_zone(ctx, args.year, args.name, args.office, mine_ids, basis=args.basis)
        print(zone_id)
        _say(_("proposed zone {id}").format(id=zone_id))

    return _with_context(args, act)


def _decide(args: argparse.Namespace, approve: bool) -> int:
    from minetui.services.mines import zones

    def act(ctx) -> None:
        version = args.expect_version
        if version is None:
            version = zones.get_zone(ctx, args.zone_id).version
        if approve:
            zones.approve_zone(ctx, args.zone_id, version, note=args.note)
            _say(_("zone {id} approved").format(id=args.zone_id))
        else:
            zones.reject_zone(ctx, args.zone_id, version, reason=args.reason)
            _say(_("zone {id} rejected").format(id=args.zone_id))

    return _with_context(args, act)


def run_approve(args: argparse.Namespace) -> int:
    return _decide(args, approve=True)


def run_reject(args: argparse.Namespace) -> int:
    return _decide(args, approve=False)


def run_add(args: argparse.Namespace) -> int:
    from minetui.services.mines import zones
    from minetui.services.mines.lookup import mine_id_for

    def act(ctx) -> None:
        zones.add_mine(ctx, args.zone_id, mine_id_for(ctx, args.licence_no), basis=args.basis)
        _say(_("added {licence} to zone {id}").format(licence=args.licence_no, id=args.zone_id))

    return _with_context(args, act)


def run_remove(args: argparse.Namespace) -> int:
    from minetui.services.mines import zones
    from minetui.services.mines.lookup import mine_id_for

    def act(ctx) -> None:
        zones.remove_mine(ctx, args.zone_id, mine_id_for(ctx, args.licence_no))
        _say(_("removed {licence} from zone {id}").format(licence=args.licence_no, id=args.zone_id))

    return _with_context(args, act)
