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


def insert_staff(conn: sqlite3.Connection, name: str, *, office_code: str | None = None, section: str | None = None,
                 title: str = "") -> int:
    """Add a member of staff to an office or a bureau section (exactly one of the two); returns the row id."""
    if (office_code is None) == (section is None):
        raise ValueError("a member of staff belongs to either an office or a section")
    cur = conn.execute(
        "INSERT INTO staff (name, office_code, section, title) VALUES (?, ?, ?, ?)",
        (name, office_code, section, title),
    )
    return int(cur.lastrowid)


def all_staff(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every member of staff, offices first (by code), then sections."""
    return [dict(r) for r in conn.execute(
        "SELECT * FROM staff ORDER BY office_code IS NULL, office_code, section, id")]
