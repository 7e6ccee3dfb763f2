"""`minetui init` — create an empty database (or bring an existing one to the current schema)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("init", parents=[common], help="create an empty database")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from minetui.commands.common import session

    with session(args) as ctx:
        print(f"minetui: database ready at {ctx.db_path}", file=sys.stderr)
    return 0
