"""The `settings` table: bureau-wide key/value settings stored in the database (e.g. 'demo' = '1')."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def put_setting(conn: sqlite3.Connection, key: str, value: str) -> str | None:
    """Insert or replace a setting; returns the value it had before (None if none)."""
    before = get_setting(conn, key)
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    return before


def delete_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """Remove a setting (its default applies again); returns the value it had (None if none)."""
    before = get_setting(conn, key)
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))
    return before


def setting_in_file(path: Path, key: str) -> str | None:
    """A setting read from a database file without migrating or changing it; None when the file is not a
    minetui database (not SQLite, no settings table) or has no such setting.

    Opened read-only and immutable, so that no -wal/-shm files are left beside someone else's database.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return get_setting(conn, key)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
