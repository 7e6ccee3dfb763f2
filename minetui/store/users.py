"""The `users` table: logins, roles and scrypt password hashes (services/core/auth.py is the only caller)."""

from __future__ import annotations

import sqlite3
from typing import Any

# Columns that never leave the store in a listing or an audit row.
SECRET_COLUMNS = ("pw_salt", "pw_hash")


def has_users(conn: sqlite3.Connection) -> bool:
    """True once any user exists (then writes need a signed-in user); False in single-user mode."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0] == 1


def get_user(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return dict(row) if row else None


def all_users(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every user by name, without the password columns."""
    return [public(dict(r)) for r in conn.execute("SELECT * FROM users ORDER BY name")]


def public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in SECRET_COLUMNS}


def insert_user(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    keys = list(row)
    cur = conn.execute(
        f"INSERT INTO users ({', '.join(keys)}) VALUES ({', '.join('?' for _ in keys)})",
        [row[k] for k in keys],
    )
    return int(cur.lastrowid or 0)


def update_user(conn: sqlite3.Connection, user_id: int, changes: dict[str, Any], version: int) -> bool:
    """Apply `changes` when the row still has `version` (then version + 1); False when it changed meanwhile."""
    sets = ", ".join(f"{k} = ?" for k in changes)
    cur = conn.execute(
        f"UPDATE users SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
        [*changes.values(), user_id, version],
    )
    return cur.rowcount == 1
