"""Keeping the database sound: backups with a SHA-256 beside them, verified restores, audit verification.

A backup is a consistent copy made with `VACUUM INTO` while others may be reading; `restore` checks the
SHA-256 file and `PRAGMA integrity_check` of the copy before anything is replaced.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.store import audit, db


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_file_for(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def default_backup_path(db_path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.parent / "backups" / f"{db_path.stem}-{stamp}.db"


def backup(ctx: Context, dest: Path | None = None) -> Path:
    """Write a consistent copy of the open database and `<copy>.sha256` beside it (sha256sum format)."""
    if ctx.db_path is None:
        raise ServiceError("an in-memory database cannot be backed up")
    target = dest or default_backup_path(ctx.db_path)
    if target.is_dir():
        target = target / default_backup_path(ctx.db_path).name
    if target.resolve() == ctx.db_path.resolve():
        raise ServiceError("the backup must not overwrite the database itself")
    db.backup_copy(ctx.conn, target)
    hash_file_for(target).write_text(f"{sha256_of(target)}  {target.name}\n", encoding="utf-8")
    return target


@dataclass(frozen=True, slots=True)
class RestoreCheck:
    sha256: str
    schema_version: int


def verify_backup(src: Path) -> RestoreCheck:
    """Refuse a copy whose hash does not match its .sha256 file, that is damaged, or that is too new."""
    if not src.is_file():
        raise ServiceError(f"{src}: no such backup file")
    hash_path = hash_file_for(src)
    if not hash_path.is_file():
        raise ServiceError(f"{src}: the hash file {hash_path.name} is missing; refusing to restore unverified data")
    expected = hash_path.read_text(encoding="utf-8").split()[0].lower() if hash_path.stat().st_size else ""
    actual = sha256_of(src)
    if actual != expected:
        raise ServiceError(f"{src}: SHA-256 {actual[:12]}… does not match {hash_path.name} ({expected[:12]}…)")
    try:
        result, version = db.inspect_file(src)
    except sqlite3.DatabaseError as exc:
        raise ServiceError(f"{src}: not a readable SQLite database ({exc})") from exc
    if result != "ok":
        raise ServiceError(f"{src}: integrity_check failed: {result}")
    if version > db.latest_version():
        raise ServiceError(f"{src}: schema version {version} is newer than this minetui")
    return RestoreCheck(actual, version)


def restore(src: Path, target: Path) -> Path:
    """Replace `target` with a verified backup. The replaced file is kept as `<target>.before-restore`."""
    verify_backup(src)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    shutil.copyfile(src, staging)
    os.chmod(staging, 0o600)
    if target.exists():
        keep = target.with_name(target.name + ".before-restore")
        conn = db.connect(target, migrate=False)
        try:
            db.backup_copy(conn, keep)
        finally:
            conn.close()
    for suffix in ("-wal", "-shm"):
        stale = target.with_name(target.name + suffix)
        if stale.exists():
            stale.unlink()  # a stale WAL would be replayed onto the restored file
    os.replace(staging, target)
    return target


@dataclass(frozen=True, slots=True)
class AuditVerdict:
    rows: int
    head: audit.AuditHead
    first_broken: int | None


def verify_audit(ctx: Context, *, expected_head: audit.AuditHead | None = None) -> AuditVerdict:
    """Re-compute the chain; with `expected_head` (from an export) also detect a removed tail."""
    first_broken = audit.first_broken_row(ctx.conn)
    head = audit.head(ctx.conn)
    rows = audit.count(ctx.conn)
    if first_broken is None and expected_head is not None:
        if head.seq < expected_head.seq:
            first_broken = head.seq + 1
        elif audit.hash_at(ctx.conn, expected_head.seq) != expected_head.hash:
            first_broken = expected_head.seq
    return AuditVerdict(rows, head, first_broken)


def parse_head(text: str) -> audit.AuditHead:
    """An audit head written as SEQ:HASH (as exports and reports print it); ServiceError otherwise."""
    seq, _sep, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ServiceError(_("--head must be SEQ:HASH (64 hex digits), not {text!r}").format(text=text))
    return audit.AuditHead(int(seq), digest.lower())


def audit_log(ctx: Context, *, entity: str | None = None, actor: str | None = None,
              limit: int = 1000) -> list[dict[str, object]]:
    """The audit trail newest first, optionally one entity kind (or 'kind:id') and/or one actor."""
    return [dict(r) for r in audit.log(ctx.conn, entity=entity, actor=actor, limit=limit)]


# --- daily backups and network shares ----------------------------------------------------------------------

DAILY_TAG = "daily"


def backups_dir(db_path: Path) -> Path:
    """Where backups live: `backups/` beside the database."""
    return db_path.parent / "backups"


def daily_backup_path(db_path: Path, day: date) -> Path:
    return backups_dir(db_path) / f"{db_path.stem}-{DAILY_TAG}-{day.isoformat()}.db"


def daily_backups(db_path: Path) -> list[Path]:
    """The daily backups of this database, oldest first (named by their day, so names sort by age)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-{DAILY_TAG}-????-??-??.db"))


def daily_backup(ctx: Context, day: date | None = None) -> Path | None:
    """On the first start of a day (config `daily_backup`), a backup named by the day; older daily backups
    beyond the last `backup_keep` are removed (other backups are never touched). None: nothing to do."""
    if not ctx.config.daily_backup or ctx.db_path is None:
        return None
    target = daily_backup_path(ctx.db_path, day or date.today())
    if target.exists() and hash_file_for(target).exists():
        return None
    written = backup(ctx, target)
    prune_daily_backups(ctx.db_path, ctx.config.backup_keep)
    return written


def prune_daily_backups(db_path: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` daily backups (with their .sha256 files); returns the removed copies."""
    found = daily_backups(db_path)
    removed = found[: max(len(found) - max(keep, 1), 0)]
    for path in removed:
        path.unlink(missing_ok=True)
        hash_file_for(path).unlink(missing_ok=True)
    return removed


def network_warning(path: Path | None) -> str | None:
    """The warning to show when the database lies on a network share (None on a local disk)."""
    if path is None or not db.is_network_path(path):
        return None

    return _("{path} lies on a network share: minetui does not use WAL there and SQLite's locking over a "
             "network can fail; keep the database on a local disk").format(path=str(path))
