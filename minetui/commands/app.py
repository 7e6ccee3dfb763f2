"""`minetui` without a command: open (or create) the database and run the app."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    """Resolve the DB path, open it and run MineApp; a start-up failure is one line on stderr, exit 2."""
    from minetui.paths import resolve_db_path
    from minetui.services.core.context import Context

    path = resolve_db_path(getattr(args, "db", None))
    try:
        ctx = Context.open(path, actor=getattr(args, "user", None), today=getattr(args, "today", None),
                           config=getattr(args, "config", None))
    except Exception as exc:  # the file is unreadable, too new, not a database, locked …
        print(f"minetui: cannot open the database {path}: {exc}", file=sys.stderr)
        return 2
    from minetui.tui.app import MineApp

    try:
        MineApp(ctx).run()
    finally:
        ctx.close()
    return 0
