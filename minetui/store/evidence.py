"""The evidence tables: one `evidence` row per stored file (by SHA-256), `patrol_evidence` rows referencing it."""

from __future__ import annotations

import sqlite3
from typing import Any


def put_file(conn: sqlite3.Connection, sha256: str, size: int, suffix: str, stored_at: str) -> bool:
    """Record a stored file unless it is known already; True when the row is new."""
    cur = conn.execute(
        "INSERT INTO evidence (sha256, size, suffix, first_stored_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (sha256) DO NOTHING",
        (sha256, size, suffix, stored_at),
    )
    return cur.rowcount == 1


def attach(conn: sqlite3.Connection, patrol_id: int, sha256: str, role: str, original_name: str,
           added_at: str) -> bool:
    """Reference a stored file from a patrol in a role; the same file in the same role once. True if new."""
    cur = conn.execute(
        "INSERT INTO patrol_evidence (patrol_id, sha256, role, original_name, added_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (patrol_id, sha256, role) DO NOTHING",
        (patrol_id, sha256, role, original_name, added_at),
    )
    return cur.rowcount == 1


def is_known(conn: sqlite3.Connection, sha256: str) -> bool:
    """True when a committed row records this file (so its stored copy must stay)."""
    return conn.execute("SELECT 1 FROM evidence WHERE sha256 = ?", (sha256,)).fetchone() is not None


def of_patrol(conn: sqlite3.Connection, patrol_id: int) -> list[dict[str, Any]]:
    """The patrol's evidence with file facts, in the order added (route, photos, aerial, documents)."""
    return [dict(r) for r in conn.execute(
        "SELECT pe.sha256, pe.role, pe.original_name, pe.added_at, e.size, e.suffix"
        " FROM patrol_evidence pe JOIN evidence e ON e.sha256 = pe.sha256"
        " WHERE pe.patrol_id = ? ORDER BY pe.rowid",
        (patrol_id,),
    )]


def reference_count(conn: sqlite3.Connection, sha256: str) -> int:
    return int(conn.execute("SELECT count(*) FROM patrol_evidence WHERE sha256 = ?", (sha256,)).fetchone()[0])
