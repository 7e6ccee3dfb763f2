"""`minetui demo [--scale district|province] [--seed N] [--open] [--force]` — a database filled with the
fictional demo district (minetui/seeds), or with a generated province (services/demo/province.py: 20,000 mines,
~2.4 million patrols) for trying minetui at scale.

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
    parser.add_argument("--scale", choices=("district", "province"), default="district",
                        help="district: the demo district from the seeds (default); province: a generated province "
                             "(20,000 mines, ~2.4 million patrols; written to province.db beside demo.db)")
    parser.add_argument("--seed", type=int, default=1, help="the province generator's seed (same seed, same data)")
    parser.set_defaults(handler=run)


def demo_target(args: argparse.Namespace) -> Path:
    """--db if given, else the platform's demo.db (province.db for --scale province; never the real one)."""
    from minetui.paths import demo_db_path

    if args.db:
        return Path(args.db).expanduser()
    if getattr(args, "scale", "district") == "province":
        return demo_db_path().with_name("province.db")
    return demo_db_path()


def build(args: argparse.Namespace, path: Path) -> None:
    """The seeds' district, or the generated province with its progress on stderr."""
    if getattr(args, "scale", "district") == "district":
        from minetui.services.demo.district import build_demo

        build_demo(path, force=args.force)
        return
    from minetui.services.demo.province import SCALES, build_province

    def progress(table: str, rows: int) -> None:
        print(f"  {table}: {rows:,}", file=sys.stderr, flush=True)

    build_province(path, SCALES[args.scale], seed=args.seed, force=args.force, progress=progress)


def run(args: argparse.Namespace) -> int:
    path = demo_target(args)
    print(_("Building the demo database (fictional data) at {path} …").format(path=path), file=sys.stderr)
    build(args, path)
    print(_("Demo database ready: {path}").format(path=path), file=sys.stderr)
    if not args.open:
        return 0
    from minetui.commands.app import run_app

    args.db = str(path)
    return int(run_app(args) or 0)
