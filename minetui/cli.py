"""The command line: `minetui` opens the app; subcommands script the same services.

Contract (../shared/formats.md): global options --db, --lang, --today (before or after the subcommand);
data to stdout (or --out), messages to stderr; exit 0 ok, 1 unexpected failure, 2 bad input or refused.
Each subcommand lives in minetui/commands/<name>.py and exposes `register(subparsers, common)`; the plumbing
they share (global options, the service context, output options, exit codes) is commands/common.py. Heavy
imports happen inside the handlers so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from minetui.commands.common import EXIT_REFUSED, common_options, run_handler

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
    "settings",
)


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


if __name__ == "__main__":
    raise SystemExit(main())
