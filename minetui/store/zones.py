"""Key monitoring zones and their mines (R-ZONE-1, R-ZONE-2): all the SQL of tables zones and zone_mines.

Rows are plain dicts keyed by column name (what the audit trail records as before/after).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from minetui.domain.model import ZoneLevel
from minetui.domain.zones import ZoneDraft

# ORDER BY expression: national first (ZoneLevel.rank), written once from the enumeration.
LEVEL_RANK_SQL = (
    "CASE z.level " + " ".join(f"WHEN '{level.value}' THEN {level.rank}" for level in ZoneLevel) + " END"
)

_ZONE_SELECT = (
    "SELECT z.*, (SELECT count(*) FROM zone_mines zm WHERE zm.zone_id = z.id) AS mine_count FROM zones z"
)

# The mine's status on a day: the latest history entry that started on or before it.
_STATUS_ON_SQL = (
    "(SELECT s.status FROM mine_status s WHERE s.mine_id = m.id AND s.effective_from <= ?"
    " ORDER BY s.effective_from DESC LIMIT 1)"
)


def years(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT DISTINCT year FROM zones ORDER BY year")]


def count_in_year(conn: sqlite3.Connection, year: int) -> int:
    return int(conn.execute("SELECT count(*) FROM zones WHERE year = ?", (year,)).fetchone()[0])


def list_zones(conn: sqlite3.Connection, year: int, level: ZoneLevel | None = None,
               states: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Zones of a year (optionally one level, some states) with mine_count, ordered by level rank, name."""
    where, params = ["z.year = ?"], [year]
    if level is not None:
        where.append("z.level = ?")
        params.append(str(level))
    if states is not None:
        where.append(f"z.state IN ({', '.join('?' for _ in states)})")
        params.extend(states)
    sql = f"{_ZONE_SELECT} WHERE {' AND '.join(where)} ORDER BY {LEVEL_RANK_SQL}, z.name, z.id"
    return [dict(r) for r in conn.execute(sql, params)]


def get_zone(conn: sqlite3.Connection, zone_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_ZONE_SELECT} WHERE z.id = ?", (zone_id,)).fetchone()
    return dict(row) if row else None


def find_zone(conn: sqlite3.Connection, year: int, level: ZoneLevel, name: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_ZONE_SELECT} WHERE z.year = ? AND z.level = ? AND z.name = ?",
                       (year, str(level), name)).fetchone()
    return dict(row) if row else None


def insert_zone(conn: sqlite3.Connection, draft: ZoneDraft) -> int:
    cur = conn.execute(
        "INSERT INTO zones (year, level, name, code, basis, state, proposed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (draft.year, str(draft.level), draft.name, draft.code, draft.basis, str(draft.state), draft.proposed_by),
    )
    return int(cur.lastrowid)


def decide_zone(conn: sqlite3.Connection, zone_id: int, state: str, note: str, decided_by: str,
                decided_at: str, expected_version: int) -> bool:
    """Record the bureau's decision if the row still has `expected_version`; bumps it. False if stale."""
    cur = conn.execute(
        "UPDATE zones SET state = ?, decision_note = ?, decided_by = ?, decided_at = ?, version = version + 1"
        " WHERE id = ? AND version = ?",
        (state, note, decided_by, decided_at, zone_id, expected_version),
    )
    return cur.rowcount == 1


def bump_version(conn: sqlite3.Connection, zone_id: int) -> None:
    """A change of the zone's mines is a change of the zone (a pending approval must re-read it)."""
    conn.execute("UPDATE zones SET version = version + 1 WHERE id = ?", (zone_id,))


def zone_mines(conn: sqlite3.Connection, zone_id: int, on: date) -> list[dict[str, Any]]:
    """The mines of a zone with their status on day `on`, ordered by licence number."""
    sql = (
        f"SELECT m.id AS mine_id, m.licence_no, m.name, m.office_code, o.name AS office_name,"
        f" {_STATUS_ON_SQL} AS status, zm.basis"
        " FROM zone_mines zm JOIN mines m ON m.id = zm.mine_id LEFT JOIN offices o ON o.code = m.office_code"
        " WHERE zm.zone_id = ? ORDER BY m.licence_no"
    )
    return [dict(r) for r in conn.execute(sql, (on.isoformat(), zone_id))]


def mine_ids_of(conn: sqlite3.Connection, zone_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT mine_id FROM zone_mines WHERE zone_id = ? ORDER BY mine_id", (zone_id,))]


def get_membership(conn: sqlite3.Connection, zone_id: int, mine_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT zm.zone_id, zm.mine_id, m.licence_no, zm.basis FROM zone_mines zm JOIN mines m ON m.id = zm.mine_id"
        " WHERE zm.zone_id = ? AND zm.mine_id = ?",
        (zone_id, mine_id),
    ).fetchone()
    return dict(row) if row else None


def add_membership(conn: sqlite3.Connection, zone_id: int, mine_id: int, basis: str) -> None:
    conn.execute("INSERT INTO zone_mines (zone_id, mine_id, basis) VALUES (?, ?, ?)", (zone_id, mine_id, basis))


def remove_membership(conn: sqlite3.Connection, zone_id: int, mine_id: int) -> None:
    conn.execute("DELETE FROM zone_mines WHERE zone_id = ? AND mine_id = ?", (zone_id, mine_id))


def copy_memberships(conn: sqlite3.Connection, from_zone: int, to_zone: int) -> int:
    """Copy every mine (with its basis) of one zone into another; returns how many."""
    cur = conn.execute(
        "INSERT INTO zone_mines (zone_id, mine_id, basis) SELECT ?, mine_id, basis FROM zone_mines WHERE zone_id = ?",
        (to_zone, from_zone),
    )
    return cur.rowcount


def zones_of_mine(conn: sqlite3.Connection, mine_id: int) -> list[dict[str, Any]]:
    """Every zone (any year, any state) holding the mine, by year, level rank and name."""
    sql = (
        f"{_ZONE_SELECT} WHERE z.id IN (SELECT zone_id FROM zone_mines WHERE mine_id = ?)"
        f" ORDER BY z.year, {LEVEL_RANK_SQL}, z.name"
    )
    return [dict(r) for r in conn.execute(sql, (mine_id,))]


def member_levels(conn: sqlite3.Connection, year: int, state: str) -> list[tuple[int, str]]:
    """(mine_id, level) of every membership in the year's zones that are in `state`."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT zm.mine_id, z.level FROM zone_mines zm JOIN zones z ON z.id = zm.zone_id"
        " WHERE z.year = ? AND z.state = ?",
        (year, state),
    )]


def listing_rows(conn: sqlite3.Connection, year: int, level: ZoneLevel | None,
                 states: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per mine in a zone (the zones import/export shape): year, level, zone, zone_code, licence_no,
    mine, basis (the mine's own basis, else the zone's), state."""
    where, params = ["z.year = ?", f"z.state IN ({', '.join('?' for _ in states)})"], [year, *states]
    if level is not None:
        where.append("z.level = ?")
        params.append(str(level))
    sql = (
        "SELECT z.year, z.level, z.name AS zone, z.code AS zone_code, m.licence_no, m.name AS mine,"
        " CASE WHEN zm.basis <> '' THEN zm.basis ELSE z.basis END AS basis, z.state"
        " FROM zones z JOIN zone_mines zm ON zm.zone_id = z.id JOIN mines m ON m.id = zm.mine_id"
        f" WHERE {' AND '.join(where)} ORDER BY {LEVEL_RANK_SQL}, z.name, m.licence_no"
    )
    return [dict(r) for r in conn.execute(sql, params)]


def licences_of(conn: sqlite3.Connection, mine_ids: list[int]) -> dict[int, str]:
    """{mine_id: licence_no} of those ids that exist (to check mines named by a proposal)."""
    if not mine_ids:
        return {}
    rows = conn.execute(
        f"SELECT id, licence_no FROM mines WHERE id IN ({', '.join('?' for _ in mine_ids)})", mine_ids)
    return {r[0]: r[1] for r in rows}
