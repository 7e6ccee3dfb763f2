"""`minetui verification list|add|remove|record` — the year's field-verification list (R-VER-1) and its records.

`list` prints the list with states (or, with --changes, who joined and left since last year); `add` puts a mine
on the list by hand (--random: drawn by 双随机, else by decision) with its reason; `record` saves one mine's
verification: `--item KEY=ANSWER[:NOTE]` per check item (answers 一致/不一致/无法核实 or consistent/…),
`--rest-consistent` for the items not named, `--evidence FILE` (repeat).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from minetui.i18n import _


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def split_names(text: str) -> list[str]:
    """Names separated by 、 , ， ; or spaces."""
    for separator in (",", "，", ";", "；", " "):
        text = text.replace(separator, "、")
    return [n for n in text.split("、") if n.strip()]


def mine_id(ctx: Any, licence: str) -> int:
    from minetui.services.mines.lookup import mine_id_for

    return mine_id_for(ctx, licence)


def print_problems(problems: Any) -> None:
    for problem in problems:
        if not problem.is_error:
            print(_("warning: {problem}").format(problem=problem.message), file=sys.stderr)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("verification", parents=[common], help="field verification list and records (R-VER-1)")
    vsub = parser.add_subparsers(dest="verification_command", metavar="ACTION", required=True)
    p = vsub.add_parser("list", parents=[common], help="the year's verification list with states")
    p.add_argument("--year", type=int, help="the year (default: this year)")
    p.add_argument("--office", help="only this office (code)")
    p.add_argument("--changes", action="store_true", help="who joined and left since last year instead")
    add_output_options(p)
    p.set_defaults(handler=run_list)
    p = vsub.add_parser("add", parents=[common], help="add a mine to a year's list by hand, with a reason")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--random", action="store_true", help="drawn at random (双随机); default: by decision")
    p.set_defaults(handler=run_add)
    p = vsub.add_parser("remove", parents=[common], help="take back a mine added by hand")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(handler=run_remove)
    p = vsub.add_parser("record", parents=[common], help="record a mine's verification (all or nothing)")
    p.add_argument("licence", metavar="LICENCE")
    p.add_argument("--year", type=int, help="the year (default: the date's year)")
    p.add_argument("--date", type=iso_date, required=True)
    p.add_argument("--inspectors", required=True, help="at least two names, 、-separated")
    p.add_argument("--item", action="append", default=[], metavar="KEY=ANSWER[:NOTE]",
                   help="one check item's judgement (repeat)")
    p.add_argument("--rest-consistent", action="store_true", help="items not named are 一致")
    p.add_argument("--conclusion", required=True)
    p.add_argument("--evidence", action="append", default=[], type=Path, metavar="FILE")
    p.set_defaults(handler=run_record)


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.reporting import inspections as reports

    with session(args) as ctx:
        year = args.year or ctx.today.year
        if args.changes:
            columns, rows = reports.change_columns(), reports.change_rows(ctx, year)
            title = _("Verification list changes {year}").format(year=year)
        else:
            columns, rows = reports.verification_columns(), reports.verification_rows(ctx, year, args.office)
            title = _("Field verification list {year}").format(year=year)
    emit(args, columns, rows, title=title)
    return 0


def run_add(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.domain.inspections.verification import AdditionKind
    from minetui.services.inspections.verification import add_to_list

    with session(args) as ctx:
        how = AdditionKind.RANDOM if args.random else AdditionKind.DECISION
        add_to_list(ctx, args.year, mine_id(ctx, args.licence), args.reason, how)
    print(_("{licence} added to the {year} verification list").format(licence=args.licence, year=args.year),
          file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.inspections.verification import remove_addition

    with session(args) as ctx:
        remove_addition(ctx, args.year, mine_id(ctx, args.licence))
    return 0


def parse_items(texts: list[str], keys: list[str], rest_consistent: bool) -> dict[str, Any]:
    """`KEY=ANSWER[:NOTE]` texts → judgements; ServiceError naming a bad one."""
    from minetui.domain.inspections.verification import Answer, ItemJudgement
    from minetui.errors import ServiceError

    items: dict[str, ItemJudgement] = {}
    for text in texts:
        key, _sep, rest = text.partition("=")
        word, _sep, note = rest.partition(":")
        answer = next((a for a in Answer if word.strip() in (a.value, a.zh)), None)
        if not key.strip() or answer is None:
            raise ServiceError(_("--item {text}: expected KEY=一致|不一致|无法核实[:note]").format(text=text))
        items[key.strip()] = ItemJudgement(answer, note.strip())
    if rest_consistent:
        for key in keys:
            items.setdefault(key, ItemJudgement(Answer.CONSISTENT))
    return items


def run_record(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.domain.inspections.verification import VerificationRecord
    from minetui.services.inspections.verification import check_items, record_verification

    with session(args) as ctx:
        keys = [item.key for item in check_items(ctx)]
        record = VerificationRecord(args.date, split_names(args.inspectors),
                                    parse_items(args.item, keys, args.rest_consistent), args.conclusion)
        saved = record_verification(ctx, mine_id(ctx, args.licence), args.year or args.date.year, record,
                                    evidence=args.evidence)
    print_problems(saved.warnings)
    for finding in saved.findings:
        print(_("finding {kind} → {receiver} ({rule}): {note}").format(
            kind=finding.kind, receiver=finding.receiver.zh, rule=finding.rule, note=finding.note), file=sys.stderr)
    print(saved.id)
    return 0
