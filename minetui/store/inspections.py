"""Field verifications, special surveys, joint spot-checks and their findings (schema version 4).

Rows are plain dicts keyed by column name. The year's verification list and survey rounds are computed by the
services from the whole-district loads at the end of this module (a few queries, never one per mine).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from minetui.domain.model import Corner


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    columns = list(row)
    cur = conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                       [row[c] for c in columns])
    return int(cur.lastrowid)


def _update(conn: sqlite3.Connection, table: str, row_id: int, changes: dict[str, Any], version: int) -> bool:
    """Update a versioned row if it still has `version` (bumping it); False when it changed meanwhile."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    cur = conn.execute(f"UPDATE {table} SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
                       [*changes.values(), row_id, version])
    return cur.rowcount == 1


def _one(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> dict[str, Any] | None:
    row = conn.execute(sql, list(params)).fetchone()
    return dict(row) if row else None


# --- verification list additions ------------------------------------------------------------------------

def put_addition(conn: sqlite3.Connection, year: int, mine_id: int, how: str, reason: str, added_by: str,
                 added_at: str) -> dict[str, Any] | None:
    """Add or replace a mine's addition to a year's list; returns the row it replaced (None if new)."""
    before = get_addition(conn, year, mine_id)
    conn.execute(
        "INSERT INTO verification_additions (year, mine_id, how, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (year, mine_id) DO UPDATE SET how = excluded.how, reason = excluded.reason,"
        " added_by = excluded.added_by, added_at = excluded.added_at",
        (year, mine_id, how, reason, added_by, added_at))
    return before


def get_addition(conn: sqlite3.Connection, year: int, mine_id: int) -> dict[str, Any] | None:
    return _one(conn, "SELECT * FROM verification_additions WHERE year = ? AND mine_id = ?", (year, mine_id))


def delete_addition(conn: sqlite3.Connection, year: int, mine_id: int) -> bool:
    cur = conn.execute("DELETE FROM verification_additions WHERE year = ? AND mine_id = ?", (year, mine_id))
    return cur.rowcount == 1


def additions(conn: sqlite3.Connection, year: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM verification_additions WHERE year = ? ORDER BY mine_id", (year,))]


# --- verifications --------------------------------------------------------------------------------------

def insert_verification(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    return _insert(conn, "verifications", row)


def insert_verification_items(conn: sqlite3.Connection, verification_id: int,
                              items: Iterable[tuple[str, str, str]]) -> None:
    conn.executemany("INSERT INTO verification_items (verification_id, item, answer, note) VALUES (?, ?, ?, ?)",
                     [(verification_id, *item) for item in items])


def attach_verification_evidence(conn: sqlite3.Connection, verification_id: int, sha256: str, original_name: str,
                                 added_at: str) -> None:
    conn.execute(
        "INSERT INTO verification_evidence (verification_id, sha256, original_name, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (verification_id, sha256) DO NOTHING",
        (verification_id, sha256, original_name, added_at))


def get_verification(conn: sqlite3.Connection, verification_id: int) -> dict[str, Any] | None:
    return _one(conn, "SELECT * FROM verifications WHERE id = ?", (verification_id,))


def verification_of(conn: sqlite3.Connection, year: int, mine_id: int) -> dict[str, Any] | None:
    return _one(conn, "SELECT * FROM verifications WHERE year = ? AND mine_id = ?", (year, mine_id))


def verification_items(conn: sqlite3.Connection, verification_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT item, answer, note FROM verification_items WHERE verification_id = ? ORDER BY rowid",
        (verification_id,))]


def verification_evidence(conn: sqlite3.Connection, verification_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT ve.sha256, ve.original_name, ve.added_at, e.size, e.suffix FROM verification_evidence ve"
        " JOIN evidence e ON e.sha256 = ve.sha256 WHERE ve.verification_id = ? ORDER BY ve.rowid",
        (verification_id,))]


def verifications_of_mine(conn: sqlite3.Connection, mine_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM verifications WHERE mine_id = ? ORDER BY year DESC", (mine_id,))]


def verifications_of_year(conn: sqlite3.Connection, year: int) -> dict[int, dict[str, Any]]:
    """mine_id → the year's verification row."""
    return {r["mine_id"]: dict(r) for r in conn.execute("SELECT * FROM verifications WHERE year = ?", (year,))}


# --- surveys --------------------------------------------------------------------------------------------

def insert_survey(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    return _insert(conn, "surveys", row)


def update_survey(conn: sqlite3.Connection, survey_id: int, changes: dict[str, Any], version: int) -> bool:
    return _update(conn, "surveys", survey_id, changes, version)


def get_survey(conn: sqlite3.Connection, survey_id: int) -> dict[str, Any] | None:
    return _one(conn, "SELECT * FROM surveys WHERE id = ?", (survey_id,))


def survey_of(conn: sqlite3.Connection, year: int, round_no: int, mine_id: int) -> dict[str, Any] | None:
    return _one(conn, "SELECT * FROM surveys WHERE year = ? AND round = ? AND mine_id = ?", (year, round_no, mine_id))


def surveys_of_mine(conn: sqlite3.Connection, mine_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM surveys WHERE mine_id = ? ORDER BY year DESC, round DESC", (mine_id,))]


def surveys_of_year(conn: sqlite3.Connection, year: int) -> dict[tuple[int, int], dict[str, Any]]:
    """(mine_id, round) → the year's survey row."""
    return {(r["mine_id"], r["round"]): dict(r)
            for r in conn.execute("SELECT * FROM surveys WHERE year = ?", (year,))}


def replace_extent(conn: sqlite3.Connection, survey_id: int, corners: Iterable[Corner]) -> None:
    conn.execute("DELETE FROM survey_extent WHERE survey_id = ?", (survey_id,))
    seqs: dict[int, int] = {}
    rows = []
    for corner in corners:
        seqs[corner.ring] = seqs.get(corner.ring, 0) + 1
        rows.append((survey_id, corner.ring, seqs[corner.ring], corner.point_no, corner.x, corner.y))
    conn.executemany("INSERT INTO survey_extent (survey_id, ring, seq, point_no, x, y) VALUES (?, ?, ?, ?, ?, ?)",
                     rows)


def extent_of(conn: sqlite3.Connection, survey_id: int) -> list[Corner]:
    return [Corner(r["point_no"], r["x"], r["y"], r["ring"]) for r in conn.execute(
        "SELECT ring, point_no, x, y FROM survey_extent WHERE survey_id = ? ORDER BY ring, seq", (survey_id,))]


# --- spot-checks ----------------------------------------------------------------------------------------

def insert_trigger(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    return _insert(conn, "spotcheck_triggers", row)


def insert_spotcheck(conn: sqlite3.Connection, row: dict[str, Any], sections: Iterable[str]) -> int:
    spotcheck_id = _insert(conn, "spotchecks", row)
    conn.executemany("INSERT INTO spotcheck_sections (spotcheck_id, section) VALUES (?, ?)",
                     [(spotcheck_id, s) for s in sections])
    return spotcheck_id


def update_spotcheck(conn: sqlite3.Connection, spotcheck_id: int, changes: dict[str, Any], version: int) -> bool:
    return _update(conn, "spotchecks", spotcheck_id, changes, version)


_SPOTCHECK_SELECT = (
    "SELECT s.*, t.kind AS trigger_kind, t.level AS trigger_level, t.source AS trigger_source,"
    " t.trigger_date, t.link AS trigger_link, m.licence_no, m.name AS mine_name, m.office_code,"
    " (SELECT group_concat(section, ',') FROM (SELECT section FROM spotcheck_sections"
    "   WHERE spotcheck_id = s.id ORDER BY rowid)) AS sections"
    " FROM spotchecks s JOIN spotcheck_triggers t ON t.id = s.trigger_id JOIN mines m ON m.id = s.mine_id"
)


def get_spotcheck(conn: sqlite3.Connection, spotcheck_id: int) -> dict[str, Any] | None:
    return _one(conn, f"{_SPOTCHECK_SELECT} WHERE s.id = ?", (spotcheck_id,))


def spotchecks(conn: sqlite3.Connection, *, year: int | None = None, start: date | None = None,
               end: date | None = None, mine_id: int | None = None) -> list[dict[str, Any]]:
    """Spot-checks triggered in `year`, or whose window overlaps start…end, or of one mine; by window start."""
    where, params = [], []
    if year is not None:
        where.append("substr(t.trigger_date, 1, 4) = ?")
        params.append(f"{year:04d}")
    if start is not None and end is not None:
        where.append("s.window_start <= ? AND s.window_end >= ?")
        params += [end.isoformat(), start.isoformat()]
    if mine_id is not None:
        where.append("s.mine_id = ?")
        params.append(mine_id)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [dict(r) for r in conn.execute(f"{_SPOTCHECK_SELECT}{clause} ORDER BY s.window_start, s.id", params)]


# --- findings -------------------------------------------------------------------------------------------

def insert_finding(conn: sqlite3.Connection, row: dict[str, Any]) -> int | None:
    """A finding unless its origin (source, source_id, kind) is known already; its id, or None."""
    columns = list(row)
    cur = conn.execute(
        f"INSERT INTO inspection_findings ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        " ON CONFLICT (source, source_id, kind) DO NOTHING", [row[c] for c in columns])
    return int(cur.lastrowid) if cur.rowcount == 1 else None


def delete_findings(conn: sqlite3.Connection, source: str, source_id: int, keep: Iterable[str]) -> int:
    """Remove a source's findings whose kind is not in `keep` (a corrected result no longer raises them)."""
    kinds = list(keep)
    marks = ", ".join("?" for _ in kinds) or "''"
    cur = conn.execute(
        f"DELETE FROM inspection_findings WHERE source = ? AND source_id = ? AND kind NOT IN ({marks})",
        [source, source_id, *kinds])
    return cur.rowcount


def findings(conn: sqlite3.Connection, *, source: str | None = None, source_id: int | None = None,
             mine_id: int | None = None) -> list[dict[str, Any]]:
    where, params = [], []
    for column, value in (("source", source), ("source_id", source_id), ("mine_id", mine_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [dict(r) for r in conn.execute(f"SELECT * FROM inspection_findings{clause} ORDER BY id", params)]


def finding_year(conn: sqlite3.Connection, finding: dict[str, Any]) -> int:
    """The work year of a finding's inspection (verification/survey year, spot-check trigger year)."""
    sql = {"verification": "SELECT year FROM verifications WHERE id = ?",
           "survey": "SELECT year FROM surveys WHERE id = ?",
           "spotcheck": "SELECT CAST(substr(window_start, 1, 4) AS INTEGER) FROM spotchecks WHERE id = ?"}
    row = conn.execute(sql[finding["source"]], (finding["source_id"],)).fetchone()
    return int(row[0]) if row else int(finding["created_at"][:4])


# --- whole-district loads -------------------------------------------------------------------------------

def mine_rows(conn: sqlite3.Connection) -> dict[int, dict[str, Any]]:
    """id → id, licence_no, name, office_code, method, valid_from, valid_to, depth_top_m, depth_bottom_m."""
    return {r["id"]: dict(r) for r in conn.execute(
        "SELECT id, licence_no, name, office_code, method, valid_from, valid_to, depth_top_m, depth_bottom_m"
        " FROM mines ORDER BY id")}


def zone_levels(conn: sqlite3.Connection, years: Iterable[int]) -> dict[int, dict[int, set[str]]]:
    """year → mine_id → the levels of the approved zones holding it that year."""
    wanted = sorted(set(years))
    found: dict[int, dict[int, set[str]]] = {y: {} for y in wanted}
    if not wanted:
        return found
    for year, mine_id, level in conn.execute(
            "SELECT z.year, zm.mine_id, z.level FROM zone_mines zm JOIN zones z ON z.id = zm.zone_id"
            f" WHERE z.state = 'approved' AND z.year IN ({', '.join('?' for _ in wanted)})", wanted):
        found[year].setdefault(mine_id, set()).add(level)
    return found
