"""Writes and key look-ups of mines, their status history and corner points.

Rows are plain dicts keyed by column name (what the audit trail records as before/after).
Read queries for browsing (paged lists, detail views) live in store/browse.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from minetui.domain.model import Corner, Mine, MineStatus

MINE_COLUMNS = (
    "licence_no", "name", "holder", "credit_code", "minerals", "method", "scale", "office_code", "town",
    "villages", "area_km2", "depth_top_m", "depth_bottom_m", "valid_from", "valid_to", "forest_grass", "epsg",
    "registered_by",
)


def mine_to_row(mine: Mine) -> dict[str, Any]:
    """The stored form of a Mine (enums as keys, dates ISO, villages 、-joined, booleans 0/1)."""
    return {
        "licence_no": mine.licence_no,
        "name": mine.name,
        "holder": mine.holder,
        "credit_code": mine.credit_code,
        "minerals": mine.minerals,
        "method": str(mine.method),
        "scale": str(mine.scale) if mine.scale else None,
        "office_code": mine.office_code,
        "town": mine.town,
        "villages": "、".join(mine.villages),
        "area_km2": mine.area_km2,
        "depth_top_m": mine.depth_top_m,
        "depth_bottom_m": mine.depth_bottom_m,
        "valid_from": mine.valid_from.isoformat() if mine.valid_from else None,
        "valid_to": mine.valid_to.isoformat() if mine.valid_to else None,
        "forest_grass": int(mine.forest_grass),
        "epsg": mine.epsg,
    }


def get_row_by_licence(conn: sqlite3.Connection, licence_no: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM mines WHERE licence_no = ?", (licence_no,)).fetchone()
    return dict(row) if row else None


def mine_ids_by_licence(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT licence_no, id FROM mines")}


def insert_mine(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    columns = [c for c in MINE_COLUMNS if c in row]
    cur = conn.execute(
        f"INSERT INTO mines ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [row[c] for c in columns],
    )
    return int(cur.lastrowid)


def insert_mines(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Insert many new mines: one executemany per set of columns (a file's rows share theirs)."""
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(tuple(row.values()))
    for columns, values in groups.items():
        unknown = set(columns) - set(MINE_COLUMNS)
        if unknown:
            raise ValueError(f"not mine columns: {sorted(unknown)}")
        conn.executemany(
            f"INSERT INTO mines ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)


def update_mine(conn: sqlite3.Connection, mine_id: int, changes: dict[str, Any], expected_version: int) -> bool:
    """Apply `changes` if the row still has `expected_version`; bumps the version. False if stale."""
    if not changes:
        return True
    assignments = ", ".join(f"{c} = ?" for c in changes)
    cur = conn.execute(
        f"UPDATE mines SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
        [*changes.values(), mine_id, expected_version],
    )
    return cur.rowcount == 1


def status_history(conn: sqlite3.Connection, mine_id: int) -> list[tuple[MineStatus, date]]:
    return [
        (MineStatus(r["status"]), date.fromisoformat(r["effective_from"]))
        for r in conn.execute(
            "SELECT status, effective_from FROM mine_status WHERE mine_id = ? ORDER BY effective_from",
            (mine_id,),
        )
    ]


def put_status(conn: sqlite3.Connection, mine_id: int, status: MineStatus, effective_from: date) -> None:
    """Insert or replace the history entry keyed by (mine, effective_from)."""
    conn.execute(
        "INSERT INTO mine_status (mine_id, effective_from, status) VALUES (?, ?, ?)"
        " ON CONFLICT (mine_id, effective_from) DO UPDATE SET status = excluded.status",
        (mine_id, effective_from.isoformat(), str(status)),
    )


def put_statuses(conn: sqlite3.Connection, entries: Iterable[tuple[int, MineStatus, date]]) -> None:
    """`put_status` for many (mine_id, status, effective_from) entries, in one executemany."""
    conn.executemany(
        "INSERT INTO mine_status (mine_id, effective_from, status) VALUES (?, ?, ?)"
        " ON CONFLICT (mine_id, effective_from) DO UPDATE SET status = excluded.status",
        [(mine_id, since.isoformat(), str(status)) for mine_id, status, since in entries],
    )


def corners_of(conn: sqlite3.Connection, mine_id: int) -> list[Corner]:
    return [
        Corner(r["point_no"], r["x"], r["y"], r["ring"])
        for r in conn.execute(
            "SELECT ring, point_no, x, y FROM corners WHERE mine_id = ? ORDER BY ring, seq", (mine_id,)
        )
    ]


def replace_corners(conn: sqlite3.Connection, mine_id: int, corners: Iterable[Corner]) -> None:
    """Replace the whole boundary of a mine (rings in the given order)."""
    conn.execute("DELETE FROM corners WHERE mine_id = ?", (mine_id,))
    seq_in_ring: dict[int, int] = {}
    rows = []
    for corner in corners:
        seq = seq_in_ring.get(corner.ring, 0) + 1
        seq_in_ring[corner.ring] = seq
        rows.append((mine_id, corner.ring, seq, corner.point_no, corner.x, corner.y))
    conn.executemany(
        "INSERT INTO corners (mine_id, ring, seq, point_no, x, y) VALUES (?, ?, ?, ?, ?, ?)", rows
    )


CornerTuple = tuple[int, str, float, float]  # (ring, point_no, x, y)


def replace_boundaries(conn: sqlite3.Connection, boundaries: Iterable[tuple[int, Sequence[CornerTuple]]]) -> None:
    """`replace_corners` for many mines: (mine_id, corners in ring order) each; one DELETE and one INSERT
    executemany for them all (an import writes 80,000 corners this way)."""
    mine_ids, rows = [], []
    for mine_id, corners in boundaries:
        mine_ids.append((mine_id,))
        seq_in_ring: dict[int, int] = {}
        for ring, point_no, x, y in corners:
            seq = seq_in_ring[ring] = seq_in_ring.get(ring, 0) + 1
            rows.append((mine_id, ring, seq, point_no, x, y))
    conn.executemany("DELETE FROM corners WHERE mine_id = ?", mine_ids)
    conn.executemany("INSERT INTO corners (mine_id, ring, seq, point_no, x, y) VALUES (?, ?, ?, ?, ?, ?)", rows)


# --- whole-table loads for imports (one query each, never a SELECT per row) ------------------------------

def rows_by_licence(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Every mine as its stored row (with id and version), keyed by licence number."""
    return {r["licence_no"]: dict(r) for r in conn.execute("SELECT * FROM mines")}


def status_entries(conn: sqlite3.Connection) -> dict[tuple[int, str], str]:
    """Every status history entry: (mine_id, effective_from ISO) → status key."""
    return {(r[0], r[1]): r[2] for r in conn.execute("SELECT mine_id, effective_from, status FROM mine_status")}


def latest_statuses(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """Each mine's latest history entry: mine_id → (status key, effective_from ISO)."""
    latest: dict[int, tuple[str, str]] = {}
    for mine_id, since, status in conn.execute(
        "SELECT mine_id, effective_from, status FROM mine_status ORDER BY mine_id, effective_from"
    ):
        latest[mine_id] = (status, since)
    return latest


def corner_tuples_by_mine(conn: sqlite3.Connection) -> dict[int, list[CornerTuple]]:
    """Every mine's boundary as (ring, point_no, x, y) in stored order."""
    found: dict[int, list[CornerTuple]] = {}
    for r in conn.execute("SELECT mine_id, ring, point_no, x, y FROM corners ORDER BY mine_id, ring, seq"):
        found.setdefault(r[0], []).append((r[1], r[2], r[3], r[4]))
    return found
