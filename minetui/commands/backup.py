"""`minetui backup [DEST]` and `minetui restore SRC` — consistent copies with their SHA-256."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    backup = sub.add_parser("backup", parents=[common],
                            help="write a consistent copy of the database (VACUUM INTO) and its .sha256")
    backup.add_argument("dest", nargs="?", type=Path, help="file or folder (default: backups/ beside the database)")
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser("restore", parents=[common],
                             help="replace the database with a backup after checking its hash and integrity")
    restore.add_argument("src", type=Path)
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.core.maintenance import backup

    with session(args) as ctx:
        path = backup(ctx, args.dest)
    print(f"minetui: backup written to {path} (+ {path.name}.sha256)", file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from minetui.paths import resolve_db_path
    from minetui.services.core.maintenance import restore

    target = resolve_db_path(args.db)
    restore(args.src, target)
    print(f"minetui: {target} restored from {args.src}; the replaced file is kept as "
          f"{target.name}.before-restore", file=sys.stderr)
    return 0
