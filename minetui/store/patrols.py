"""Patrol records (日常巡查): the patrol row with its checklist, corners checked, observed points and findings;
and the few whole-district loads that patrol duties are computed from (never a query per mine).

Rows are plain dicts keyed by column name. Evidence rows live in store/evidence.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

PATROL_COLUMNS = (
    "mine_id", "patrol_date", "office_code", "inspectors", "mode", "drone_reason", "route_name",
    "village_inquiry", "findings_text", "created_by", "created_at",
)

ItemRow = tuple[str, str, str]  # (item, answer, note)
PointRow = tuple[str, str, str | None, float, float, bool, float]  # (label, kind, point_no, x, y, inside, distance)


# --- writes ---------------------------------------------------------------------------------------------

def insert_patrol(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        f"INSERT INTO patrols ({', '.join(PATROL_COLUMNS)}) VALUES ({', '.join('?' for _ in PATROL_COLUMNS)})",
        [row[c] for c in PATROL_COLUMNS],
    )
    return int(cur.lastrowid)


def insert_items(conn: sqlite3.Connection, patrol_id: int, items: Iterable[ItemRow]) -> None:
    conn.executemany("INSERT INTO patrol_items (patrol_id, item, answer, note) VALUES (?, ?, ?, ?)",
                     [(patrol_id, *item) for item in items])


def insert_corners(conn: sqlite3.Connection, patrol_id: int, corners: Iterable[tuple[int, str]]) -> None:
    """The corner points checked, as (ring, point_no); a repeat is kept once."""
    conn.executemany("INSERT OR IGNORE INTO patrol_corners (patrol_id, ring, point_no) VALUES (?, ?, ?)",
                     [(patrol_id, ring, point_no) for ring, point_no in corners])


def insert_points(conn: sqlite3.Connection, patrol_id: int, points: Iterable[PointRow]) -> None:
    conn.executemany(
        "INSERT INTO patrol_points (patrol_id, seq, label, kind, point_no, x, y, inside, distance_m)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(patrol_id, seq, label, kind, no, x, y, int(inside), dist)
         for seq, (label, kind, no, x, y, inside, dist) in enumerate(points, start=1)],
    )


def insert_finding(conn: sqlite3.Connection, *, mine_id: int, patrol_id: int, kind: str, note: str, receiver: str,
                   suspected: bool, created_at: str) -> int:
    cur = conn.execute(
        "INSERT INTO findings (mine_id, patrol_id, kind, note, receiver, suspected, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (mine_id, patrol_id, kind, note, receiver, int(suspected), created_at),
    )
    return int(cur.lastrowid)


# --- one patrol -----------------------------------------------------------------------------------------

def get_patrol(conn: sqlite3.Connection, patrol_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM patrols WHERE id = ?", (patrol_id,)).fetchone()
    return dict(row) if row else None


def items_of(conn: sqlite3.Connection, patrol_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT item, answer, note FROM patrol_items WHERE patrol_id = ? ORDER BY rowid", (patrol_id,))]


def corners_of(conn: sqlite3.Connection, patrol_id: int) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT ring, point_no FROM patrol_corners WHERE patrol_id = ? ORDER BY rowid", (patrol_id,))]


def points_of(conn: sqlite3.Connection, patrol_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT seq, label, kind, point_no, x, y, inside, distance_m FROM patrol_points"
        " WHERE patrol_id = ? ORDER BY seq", (patrol_id,))]


def findings_of_patrol(conn: sqlite3.Connection, patrol_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        f"{_FINDING_SELECT} WHERE f.patrol_id = ? ORDER BY f.id", (patrol_id,))]


# --- a mine's patrols and findings ----------------------------------------------------------------------

_FINDING_SELECT = (
    "SELECT f.id, f.mine_id, f.patrol_id, p.patrol_date, f.kind, f.note, f.receiver, f.suspected, f.created_at"
    " FROM findings f JOIN patrols p ON p.id = f.patrol_id"
)


def patrols_of_mine(conn: sqlite3.Connection, mine_id: int) -> list[dict[str, Any]]:
    """The mine's patrols, newest first, each with its number of abnormal items."""
    return [dict(r) for r in conn.execute(
        "SELECT p.id, p.patrol_date, p.mode, p.inspectors, p.office_code,"
        " (SELECT count(*) FROM patrol_items i WHERE i.patrol_id = p.id AND i.answer = 'abnormal') AS abnormal"
        " FROM patrols p WHERE p.mine_id = ? ORDER BY p.patrol_date DESC, p.id DESC",
        (mine_id,),
    )]


def findings_of_mine(conn: sqlite3.Connection, mine_id: int) -> list[dict[str, Any]]:
    """The mine's findings, newest patrol first."""
    return [dict(r) for r in conn.execute(
        f"{_FINDING_SELECT} WHERE f.mine_id = ? ORDER BY p.patrol_date DESC, f.id", (mine_id,))]


def patrols_on(conn: sqlite3.Connection, start: date, end: date) -> list[dict[str, Any]]:
    """Every patrol dated start…end (inclusive) as stored, for comparing an import against."""
    return [dict(r) for r in conn.execute(
        "SELECT * FROM patrols WHERE patrol_date BETWEEN ? AND ? ORDER BY id", (start.isoformat(), end.isoformat()))]


def patrol_list(conn: sqlite3.Connection, *, mine_id: int | None = None, year: int | None = None,
                office: str | None = None) -> list[dict[str, Any]]:
    """Patrols with their mine's licence and name, by date then id, filtered as given."""
    where, params = _patrol_filter(mine_id=mine_id, year=year, office=office)
    return [dict(r) for r in conn.execute(
        "SELECT p.id, p.mine_id, m.licence_no, m.name AS mine, p.office_code, p.patrol_date, p.mode,"
        " p.drone_reason, p.inspectors,"
        " (SELECT group_concat(item, ',') FROM (SELECT item FROM patrol_items i"
        "   WHERE i.patrol_id = p.id AND i.answer = 'abnormal' ORDER BY i.rowid)) AS abnormal_kinds"
        f" FROM patrols p JOIN mines m ON m.id = p.mine_id {where} ORDER BY p.patrol_date, p.id",
        params,
    )]


def _patrol_filter(*, mine_id: int | None, year: int | None, office: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if mine_id is not None:
        clauses.append("p.mine_id = ?")
        params.append(mine_id)
    if year is not None:
        clauses.append("p.patrol_date BETWEEN ? AND ?")
        params.extend([f"{year:04d}-01-01", f"{year:04d}-12-31"])
    if office is not None:
        clauses.append("p.office_code = ?")
        params.append(office)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


# --- whole-district loads for duties (a few queries, never one per mine) -------------------------------

def _mine_filter(office: str | None, mine_id: int | None, column: str = "id") -> tuple[str, list[Any]]:
    if mine_id is not None:
        return f"WHERE {column} = ?", [mine_id]
    if office is not None:
        if column == "id":
            return "WHERE office_code = ?", [office]
        return f"WHERE {column} IN (SELECT id FROM mines WHERE office_code = ?)", [office]
    return "", []


def duty_mines(conn: sqlite3.Connection, *, office: str | None = None,
               mine_id: int | None = None) -> list[dict[str, Any]]:
    """id, licence_no, name, office_code, valid_from, valid_to of the mines asked for, by office and licence."""
    where, params = _mine_filter(office, mine_id)
    return [dict(r) for r in conn.execute(
        f"SELECT id, licence_no, name, office_code, valid_from, valid_to FROM mines {where}"
        " ORDER BY office_code, licence_no", params)]


def status_histories(conn: sqlite3.Connection, *, office: str | None = None,
                     mine_id: int | None = None) -> dict[int, list[tuple[str, str]]]:
    """mine_id → [(effective_from ISO, status key)] by date, for the mines asked for."""
    where, params = _mine_filter(office, mine_id, column="mine_id")
    found: dict[int, list[tuple[str, str]]] = {}
    for mid, since, status in conn.execute(
            f"SELECT mine_id, effective_from, status FROM mine_status {where} ORDER BY mine_id, effective_from",
            params):
        found.setdefault(mid, []).append((since, status))
    return found


def patrol_dates(conn: sqlite3.Connection, start: date, end: date, *, office: str | None = None,
                 mine_id: int | None = None) -> dict[int, list[date]]:
    """mine_id → the dates of its patrols within start…end (any office's), ascending.

    Read in date order from the covering index patrols_date_mine (no sort, no table lookups); each mine's
    list comes out ascending, and each distinct day is parsed once.
    """
    where, params = _mine_filter(office, mine_id, column="mine_id")
    clause = f"{where} AND" if where else "WHERE"
    found: dict[int, list[date]] = {}
    days: dict[str, date] = {}
    for mid, text in conn.execute(
            f"SELECT mine_id, patrol_date FROM patrols {clause} patrol_date BETWEEN ? AND ?"
            " ORDER BY patrol_date",
            [*params, start.isoformat(), end.isoformat()]):
        day = days.get(text)
        if day is None:
            day = days[text] = date.fromisoformat(text)
        found.setdefault(mid, []).append(day)
    return found


def zone_years(conn: sqlite3.Connection, mine_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """mine_id → the years in which it is in an approved key monitoring zone (R-PAT-1)."""
    found: dict[int, set[int]] = {}
    wanted = None if mine_ids is None else set(mine_ids)
    for mid, year in conn.execute(
            "SELECT DISTINCT zm.mine_id, z.year FROM zone_mines zm JOIN zones z ON z.id = zm.zone_id"
            " WHERE z.state = 'approved'"):
        if wanted is None or mid in wanted:
            found.setdefault(mid, set()).add(year)
    return found


def mine_by_id(conn: sqlite3.Connection, mine_id: int) -> dict[str, Any] | None:
    """The stored mines row (every column), or None."""
    row = conn.execute("SELECT * FROM mines WHERE id = ?", (mine_id,)).fetchone()
    return dict(row) if row else None


def office_codes(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT code FROM offices ORDER BY code")]
