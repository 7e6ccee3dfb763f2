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

# Each module under minetui/commands and the subcommands it registers (order = order in --help).
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("init", ("init",)),
    ("demo", ("demo",)),
    ("import_", ("import",)),
    ("export", ("export",)),
    ("check", ("check",)),
    ("zones", ("zones",)),
    ("audit", ("audit",)),
    ("backup", ("backup", "restore")),
    ("patrols", ("duties", "patrols")),
    ("report", ("report",)),
    ("calendar", ("calendar",)),
    ("leads", ("leads",)),
    ("tips", ("tips",)),
    ("lists", ("lists",)),
    ("patches", ("patches",)),
    ("verification", ("verification",)),
    ("surveys", ("surveys",)),
    ("spotchecks", ("spotchecks",)),
    ("tasks", ("tasks",)),
    ("users", ("users",)),
    ("plan", ("plan",)),
    ("visits", ("visits",)),
    ("settings", ("settings",)),
)
COMMAND_MODULES = tuple(module for module, _names in COMMANDS)
# Global options that take a value as the next word (`--db PATH`), to find the command word in argv.
_VALUED_OPTIONS = ("--db", "--lang", "--today", "--user")


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (the first word that is neither an option nor an option's value), or None;
    '--help' before any command also gives None."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word in _VALUED_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules a run needs: the one that registers the command named in argv; none to open the app
    (no command, no --help); every one otherwise (--help, a typo — argparse then lists them all). Registering
    `report` alone loads the whole report catalogue, so start-up registers only what the run asks for."""
    if argv is None:
        return COMMAND_MODULES
    word = command_word(argv)
    if word is None:
        return () if not any(w in ("-h", "--help") for w in argv) else COMMAND_MODULES
    owner = tuple(module for module, names in COMMANDS if word in names and module in COMMAND_MODULES)
    return owner or COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands `argv` needs (all of them when `argv` is None)."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="minetui",
        description="Mine supervision for a district natural resources bureau. Without a command: the app.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules_for(argv):
        module = importlib.import_module(f"minetui.commands.{name}")
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
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
