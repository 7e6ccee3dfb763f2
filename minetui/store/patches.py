"""Satellite change patches (图斑, R-SAT-1), and the licence bounding boxes used to link them to licences.
Rows are plain dicts; read rows carry the linked licence's number and name."""

from __future__ import annotations

import sqlite3
from typing import Any

PATCH_COLUMNS = ("year", "batch", "patch_no", "x", "y", "area_mu", "verdict", "handling", "reason",
                 "forest_grass_damage", "returned_on", "mine_id")
_SELECT = ("SELECT p.*, m.licence_no, m.name AS mine_name FROM patches p LEFT JOIN mines m ON m.id = p.mine_id")


def insert_patch(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        f"INSERT INTO patches ({', '.join(PATCH_COLUMNS)}) VALUES ({', '.join('?' for _ in PATCH_COLUMNS)})",
        [row.get(c) for c in PATCH_COLUMNS],
    )
    return int(cur.lastrowid)


def update_patch(conn: sqlite3.Connection, patch_id: int, changes: dict[str, Any], expected_version: int) -> bool:
    if not changes:
        return True
    assignments = ", ".join(f"{c} = ?" for c in changes)
    cur = conn.execute(f"UPDATE patches SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
                       [*changes.values(), patch_id, expected_version])
    return cur.rowcount == 1


def patches_by_key(conn: sqlite3.Connection) -> dict[tuple[int, str], dict[str, Any]]:
    """Every stored patch keyed by (year, patch_no)."""
    return {(r["year"], r["patch_no"]): dict(r) for r in conn.execute("SELECT * FROM patches")}


def get_patch(conn: sqlite3.Connection, patch_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE p.id = ?", (patch_id,)).fetchone()
    return dict(row) if row else None


def patch_list(conn: sqlite3.Connection, *, year: int | None = None, unlinked: bool = False) -> list[dict[str, Any]]:
    where, params = [], []
    if year is not None:
        where.append("p.year = ?")
        params.append(year)
    if unlinked:
        where.append("p.mine_id IS NULL")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [dict(r) for r in conn.execute(f"{_SELECT}{clause} ORDER BY p.year, p.batch, p.patch_no", params)]


def damage_patches(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Patches with forest/grassland damage (R-LEAD-6 starts from them)."""
    return [dict(r) for r in conn.execute(f"{_SELECT} WHERE p.forest_grass_damage = 1 ORDER BY p.id")]


def licence_boxes(conn: sqlite3.Connection) -> list[tuple[int, float, float, float, float]]:
    """(mine_id, min x, max x, min y, max y) of every licence with corner points, in one query."""
    return [tuple(r) for r in conn.execute(
        "SELECT mine_id, min(x), max(x), min(y), max(y) FROM corners GROUP BY mine_id ORDER BY mine_id")]
