"""Offices (自然资源所) and staff."""

from __future__ import annotations

import sqlite3
from typing import Any


def all_offices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM offices ORDER BY code")]


def get_office(conn: sqlite3.Connection, code: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM offices WHERE code = ?", (code,)).fetchone()
    return dict(row) if row else None


def office_codes_by_key(conn: sqlite3.Connection) -> dict[str, str]:
    """Both codes and names map to the code (imports accept either)."""
    found: dict[str, str] = {}
    for row in conn.execute("SELECT code, name FROM offices"):
        found[row["code"]] = row["code"]
        found[row["name"]] = row["code"]
    return found


def upsert_office(conn: sqlite3.Connection, code: str, name: str, towns: str) -> None:
    conn.execute(
        "INSERT INTO offices (code, name, towns) VALUES (?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET name = excluded.name, towns = excluded.towns,"
        " version = offices.version + 1",
        (code, name, towns),
    )
