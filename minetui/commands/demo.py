"""`minetui demo [--open] [--force]` — a database filled with the fictional demo district (minetui/seeds).

It writes to --db when given, else to the demo path beside (never on top of) the real database; $MINETUI_DB
is ignored on purpose, since it usually names the real one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minetui.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("demo", parents=[common],
                            help="create the demo database (a fictional district) and optionally open it")
    parser.add_argument("--open", action="store_true", help="open the app on the demo database afterwards")
    parser.add_argument("--force", action="store_true",
                        help="replace the file even if it is not a demo database (the old file is kept beside it)")
    parser.set_defaults(handler=run)


def demo_target(args: argparse.Namespace) -> Path:
    """--db if given, else the platform's demo.db (never the real default database)."""
    from minetui.paths import demo_db_path

    return Path(args.db).expanduser() if args.db else demo_db_path()


def run(args: argparse.Namespace) -> int:
    from minetui.services.demo import build_demo

    path = demo_target(args)
    print(_("Building the demo database (fictional data) at {path} …").format(path=path), file=sys.stderr)
    build_demo(path, force=args.force)
    print(_("Demo database ready: {path}").format(path=path), file=sys.stderr)
    if not args.open:
        return 0
    from minetui.commands.app import run_app

    args.db = str(path)
    return int(run_app(args) or 0)
