"""Opening the database: PRAGMAs on every connection, write transactions, and schema migrations.

Every connection runs in autocommit mode (`isolation_level=None`); a write is wrapped in `write(conn)`, which
issues `BEGIN IMMEDIATE` so that two writers queue on the lock (busy_timeout) instead of failing halfway.
A new file gets `schema.sql`; an older one is backed up with `VACUUM INTO` and then migrated step by step
with the numbered files in `store/migrations/`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from minetui import resources
from minetui.errors import DatabaseBusy, DatabaseTooNew

BUSY_TIMEOUT_MS = 5000
# Where the mounted file systems are listed (Linux); a module attribute so tests can point at a fake list.
MOUNTS_FILE = Path("/proc/mounts")
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "davfs",
                        "fuse.davfs2", "glusterfs", "ceph"})


def schema_sql() -> str:
    return resources.schema_sql()


def latest_version() -> int:
    """The schema version of schema.sql: the highest numbered migration (1 when there is none yet)."""
    return max(resources.migration_files(), default=1)


def _apply_pragmas(conn: sqlite3.Connection, path: Path | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def _use_wal(conn: sqlite3.Connection, path: Path | None) -> None:
    """WAL on a local disk only (never on a network share); set after the version check, so that a file
    from a newer minetui is refused without a byte of it changed."""
    if path is not None and not is_network_path(path):
        conn.execute("PRAGMA journal_mode = WAL")


def is_network_path(path: Path, mounts: Path | None = None) -> bool:
    """True for UNC paths and for files on a network file system (by the longest matching mount point in
    `mounts`, default /proc/mounts), where WAL must not be used and locking may be unreliable."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    try:
        listing = (mounts or MOUNTS_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    resolved = str(path.resolve())
    best, fstype = "", ""
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, fstype = point, parts[2]
    return fstype in NETWORK_FS


def connect(path: str | os.PathLike[str], *, migrate: bool = True,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path`, with PRAGMAs set and the schema up to date.

    A writer waits up to `busy_timeout_ms` for another process's write lock, then fails (DatabaseBusy)."""
    db_path = Path(path)
    is_new = not db_path.exists() or db_path.stat().st_size == 0
    if is_new:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by its owner only: the file holds tip-givers' contacts and the audit trail.
        fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    _apply_pragmas(conn, db_path, busy_timeout_ms)
    try:
        if user_version(conn) > latest_version():
            raise DatabaseTooNew(
                f"{db_path}: database schema version {user_version(conn)} is newer than this minetui "
                f"({latest_version()}); upgrade minetui"
            )
        _use_wal(conn, db_path)
        if migrate:
            migrate_to_latest(conn, db_path)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_memory() -> sqlite3.Connection:
    """An in-memory database with the current schema (for what-if planning and scratch work)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    _apply_pragmas(conn, None)
    migrate_to_latest(conn, None)
    return conn


@contextlib.contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: `BEGIN IMMEDIATE` … `COMMIT`, rolled back whole on any error.

    Nested use joins the outer transaction through a savepoint, so a service may call another service.
    """
    if conn.in_transaction:
        name = f"sp_{id(conn)}_{os.urandom(4).hex()}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy(str(exc)) from exc
        raise
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def inspect_file(path: Path) -> tuple[str, int]:
    """(integrity_check result, user_version) of a database file, opened read-only and left untouched."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], user_version(conn)
    finally:
        conn.close()


def backup_copy(conn: sqlite3.Connection, dest: Path) -> Path:
    """A consistent copy of the open database (VACUUM INTO), readable by its owner only."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        dest.unlink()
    conn.execute("VACUUM INTO ?", (str(dest),))
    os.chmod(dest, 0o600)
    return dest


def migrate_to_latest(conn: sqlite3.Connection, path: Path | None) -> int:
    """Bring the schema to the latest version; returns the version found before. Backs up first."""
    found = user_version(conn)
    target = latest_version()
    if found > target:
        raise DatabaseTooNew(f"database schema version {found} is newer than this minetui ({target})")
    if found == target:
        return found
    if found == 0 and not _has_tables(conn):
        with write(conn):
            _run_script(conn, schema_sql())
            conn.execute(f"PRAGMA user_version = {target}")
        return found
    if path is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup_copy(conn, path.with_name(f"{path.stem}.v{found}-{stamp}.bak{path.suffix}"))
    steps = resources.migration_files()
    with write(conn):
        for version in range(found + 1, target + 1):
            _run_script(conn, steps[version])
        conn.execute(f"PRAGMA user_version = {target}")
    return found


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(row[0])


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a multi-statement script inside the caller's transaction (executescript would COMMIT it)."""
    for statement in split_sql(script):
        conn.execute(statement)


def split_sql(script: str) -> list[str]:
    """Split a script into complete statements (triggers included) with sqlite3.complete_statement."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        stripped = line.strip()
        if not buffer and (not stripped or stripped.startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
