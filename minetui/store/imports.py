"""SQL that only the importer needs; mines, offices and zones writes reuse their own store modules.

Everything here loads a whole table once (imports of 20,000 mines must not SELECT per row).
"""

from __future__ import annotations

import sqlite3
from typing import Any


def offices_by_code(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return {r["code"]: dict(r) for r in conn.execute("SELECT * FROM offices")}


def zones_by_key(conn: sqlite3.Connection) -> dict[tuple[int, str, str], dict[str, Any]]:
    """Every zone keyed by (year, level key, name)."""
    return {(r["year"], r["level"], r["name"]): dict(r) for r in conn.execute("SELECT * FROM zones")}


def zone_memberships(conn: sqlite3.Connection) -> dict[tuple[int, int], str]:
    """(zone_id, mine_id) → basis of every zone membership."""
    return {(r[0], r[1]): r[2] for r in conn.execute("SELECT zone_id, mine_id, basis FROM zone_mines")}


def set_membership_basis(conn: sqlite3.Connection, zone_id: int, mine_id: int, basis: str) -> None:
    conn.execute("UPDATE zone_mines SET basis = ? WHERE zone_id = ? AND mine_id = ?", (basis, zone_id, mine_id))
