"""The command line: `minetui` opens the app; subcommands script the same services.

Contract (../shared/formats.md): global options --db, --lang, --today (before or after the subcommand);
data to stdout (or --out), messages to stderr; exit 0 ok, 1 unexpected failure, 2 bad input or refused.
Each subcommand lives in minetui/commands/<name>.py and exposes `register(subparsers, common)`; heavy
imports happen inside the handlers so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_FAILURE, EXIT_REFUSED = 0, 1, 2

# Modules under minetui/commands, each registering one or more subcommands (order = order in --help).
COMMAND_MODULES = (
    "init",
    "demo",
    "import_",
    "export",
    "check",
    "zones",
    "audit",
    "backup",
    "patrols",
    "report",
    "calendar",
    "leads",
    "verification",
    "surveys",
    "spotchecks",
    "tasks",
    "users",
    "plan",
    "visits",
)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def common_options() -> argparse.ArgumentParser:
    """Options accepted before or after any subcommand (defaults suppressed so either place works)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="database file (default: $MINETUI_DB, else the user data dir)")
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="UI language")
    common.add_argument("--today", type=_iso_date, default=argparse.SUPPRESS, metavar="YYYY-MM-DD",
                        help='the date "now" means (overdue, due soon)')
    common.add_argument("--user", default=argparse.SUPPRESS,
                        help="who is acting: on a database with users, who signs in for a write "
                        "(password from $MINETUI_PASSWORD or asked); default the OS login")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="minetui",
        description="Mine supervision for a district natural resources bureau. Without a command: the app.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"minetui.commands.{name}")
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for key, default in (("db", None), ("lang", None), ("today", None), ("user", None)):
        if not hasattr(args, key):
            setattr(args, key, default)
    from minetui import i18n
    from minetui.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        print(f"minetui: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    args.config = config
    i18n.set_language(args.lang or config.language)
    handler = getattr(args, "handler", None)
    if handler is None:
        from minetui.commands.app import run_app

        handler = run_app
    return run_handler(handler, args)


def run_handler(handler, args: argparse.Namespace) -> int:
    """Run a subcommand, turning refusals into exit 2 and crashes into exit 1 with one clear line."""
    import sqlite3

    from minetui.services.core.context import ServiceError
    from minetui.store.db import DatabaseBusy, DatabaseTooNew

    try:
        return int(handler(args) or EXIT_OK)
    except (ServiceError, DatabaseTooNew) as exc:
        print(f"minetui: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except DatabaseBusy:
        print("minetui: the database is busy (another minetui is writing); try again", file=sys.stderr)
        return EXIT_REFUSED
    except sqlite3.DatabaseError as exc:
        if type(exc) is not sqlite3.DatabaseError:  # only "malformed" / "not a database", never a bug's error
            raise
        print(f"minetui: the database file cannot be read ({exc}); run `minetui check`, and if it fails "
              "`minetui restore` the last backup", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_OK


def open_context(args: argparse.Namespace):
    """The service context for a subcommand, from the global options."""
    from minetui.paths import resolve_db_path
    from minetui.services.core.context import Context

    path: Path = resolve_db_path(args.db)
    warn_network_share(path)
    ctx = Context.open(path, actor=args.user, today=args.today, config=args.config)
    from minetui.commands.users import attach_sign_in

    attach_sign_in(ctx, args)  # a database with users: the first write asks for --user's password
    return ctx


def warn_network_share(path: Path) -> None:
    """One line on stderr when the database lies on a network share (WAL is not used there)."""
    from minetui.services.core.maintenance import network_warning

    warning = network_warning(path)
    if warning:
        print(f"minetui: {warning}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
