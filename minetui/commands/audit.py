"""`minetui audit verify|log` — check the hash chain of the audit trail and read it."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("audit", parents=[common], help="verify or list the audit trail")
    verbs = parser.add_subparsers(dest="audit_verb", metavar="VERB", required=True)
    verify = verbs.add_parser("verify", parents=[common],
                              help="re-compute the hash chain; exit 2 naming the first broken row")
    verify.add_argument("--head", metavar="SEQ:HASH",
                        help="the chain head printed on an export, to detect a removed tail")
    verify.set_defaults(handler=run_verify)
    log = verbs.add_parser("log", parents=[common], help="list audit rows, newest first")
    log.add_argument("--entity", help="entity kind, or kind:id (e.g. mine:12)")
    log.add_argument("--actor", "--by", dest="actor", help="only rows by this user")
    log.add_argument("--limit", type=int, default=1000)
    from minetui.commands.common import add_output_options

    add_output_options(log)
    log.set_defaults(handler=run_log)


def run_verify(args: argparse.Namespace) -> int:
    from minetui.commands.common import EXIT_REFUSED, session
    from minetui.i18n import _
    from minetui.services.core.maintenance import parse_head, verify_audit

    expected = parse_head(args.head) if args.head else None
    with session(args) as ctx:
        verdict = verify_audit(ctx, expected_head=expected)
    if verdict.first_broken is not None:
        print(_("audit trail broken at row {seq}").format(seq=verdict.first_broken), file=sys.stderr)
        return EXIT_REFUSED
    print(_("audit trail intact: {rows} rows, head {seq}:{hash}").format(
        rows=verdict.rows, seq=verdict.head.seq, hash=verdict.head.hash), file=sys.stderr)
    return 0


AUDIT_COLUMNS = (
    ("seq", "序号", "Seq", "int"),
    ("at", "时间", "When (UTC)", "text"),
    ("actor", "操作人", "Who", "text"),
    ("action", "操作", "Action", "text"),
    ("entity", "对象", "Entity", "text"),
    ("entity_id", "对象编号", "Entity id", "text"),
    ("before", "修改前", "Before", "text"),
    ("after", "修改后", "After", "text"),
)


def run_log(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.io.output import Column
    from minetui.services.core.maintenance import audit_log

    with session(args) as ctx:
        rows = audit_log(ctx, entity=args.entity, actor=args.actor, limit=args.limit)
    columns = [Column(key, zh, en, kind) for key, zh, en, kind in AUDIT_COLUMNS]
    emit(args, columns, rows)
    return 0
