"""Leads (线索) with their trail and evidence, public tips, hand-over packages and the replies to them.

Rows are plain dicts keyed by column name. A lead row read back carries the mine's licence number and name
(`licence_no`, `mine_name`, NULL when the lead has no mine).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

LEAD_COLUMNS = (
    "year", "rule", "source", "kind", "from_section", "from_office", "to_section", "mine_id", "location", "x", "y",
    "description", "origin_key", "state", "deadline", "created_by", "created_at",
)
_SELECT = ("SELECT l.*, m.licence_no AS licence_no, m.name AS mine_name, m.registered_by AS registered_by"
           " FROM leads l LEFT JOIN mines m ON m.id = l.mine_id")


# --- leads ----------------------------------------------------------------------------------------------

def insert_lead(conn: sqlite3.Connection, row: dict[str, Any]) -> int | None:
    """Insert a lead; None (nothing written) when a lead with the same origin_key exists."""
    cur = conn.execute(
        f"INSERT INTO leads ({', '.join(LEAD_COLUMNS)}) VALUES ({', '.join('?' for _ in LEAD_COLUMNS)})"
        " ON CONFLICT (origin_key) DO NOTHING",
        [row.get(c) for c in LEAD_COLUMNS],
    )
    return int(cur.lastrowid) if cur.rowcount == 1 else None


def update_lead(conn: sqlite3.Connection, lead_id: int, changes: dict[str, Any], expected_version: int) -> bool:
    """Apply `changes` if the lead still has `expected_version` (bumping it); False when stale."""
    assignments = ", ".join(f"{c} = ?" for c in changes)
    cur = conn.execute(
        f"UPDATE leads SET {assignments}{', ' if changes else ''}version = version + 1 WHERE id = ? AND version = ?",
        [*changes.values(), lead_id, expected_version],
    )
    return cur.rowcount == 1


def get_lead(conn: sqlite3.Connection, lead_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE l.id = ?", (lead_id,)).fetchone()
    return dict(row) if row else None


def leads_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    return {r["id"]: dict(r) for r in conn.execute(f"{_SELECT} WHERE l.id IN ({marks})", wanted)}


def query_leads(conn: sqlite3.Connection, *, to_section: str | None = None, from_section: str | None = None,
                either_section: str | None = None, states: Iterable[str] | None = None, year: int | None = None,
                rules: Iterable[str] | None = None, mine_id: int | None = None) -> list[dict[str, Any]]:
    """Leads matching every filter given, by deadline then id."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("l.to_section", to_section), ("l.from_section", from_section), ("l.year", year),
                          ("l.mine_id", mine_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if either_section is not None:
        where.append("(l.to_section = ? OR l.from_section = ?)")
        params += [either_section, either_section]
    for column, values in (("l.state", states), ("l.rule", rules)):
        if values is not None:
            listed = list(values)
            where.append(f"{column} IN ({', '.join('?' for _ in listed) or 'NULL'})")
            params += listed
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [dict(r) for r in conn.execute(f"{_SELECT}{clause} ORDER BY l.deadline, l.id", params)]


def origin_keys(conn: sqlite3.Connection, prefix: str) -> set[str]:
    """The origin keys of stored leads starting with `prefix` ('finding:', 'licence:' …)."""
    return {r[0] for r in conn.execute("SELECT origin_key FROM leads WHERE origin_key LIKE ? || '%'", (prefix,))}


def lead_id_by_origin(conn: sqlite3.Connection, origin_key: str) -> int | None:
    row = conn.execute("SELECT id FROM leads WHERE origin_key = ?", (origin_key,)).fetchone()
    return None if row is None else int(row[0])


# --- the trail ------------------------------------------------------------------------------------------

def insert_event(conn: sqlite3.Connection, *, lead_id: int, at: str, on_day: str, actor: str, action: str,
                 from_state: str | None, to_state: str, reason: str = "") -> None:
    conn.execute(
        "INSERT INTO lead_events (lead_id, at, on_day, actor, action, from_state, to_state, reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (lead_id, at, on_day, actor, action, from_state, to_state, reason),
    )


def events_of(conn: sqlite3.Connection, lead_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM lead_events WHERE lead_id = ? ORDER BY id", (lead_id,))]


# --- evidence -------------------------------------------------------------------------------------------

def attach_evidence(conn: sqlite3.Connection, lead_id: int, sha256: str, original_name: str, added_at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO lead_evidence (lead_id, sha256, original_name, added_at) VALUES (?, ?, ?, ?)",
                 (lead_id, sha256, original_name, added_at))


def evidence_of(conn: sqlite3.Connection, lead_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Each lead's evidence files (with size and suffix), in the order they were added."""
    wanted = sorted(set(lead_ids))
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in wanted}
    if not wanted:
        return found
    marks = ", ".join("?" for _ in wanted)
    for r in conn.execute(
        "SELECT le.*, e.size, e.suffix FROM lead_evidence le JOIN evidence e ON e.sha256 = le.sha256"
        f" WHERE le.lead_id IN ({marks}) ORDER BY le.rowid", wanted,
    ):
        found[r["lead_id"]].append(dict(r))
    return found


# --- what automatic drafting starts from ----------------------------------------------------------------

def findings_for_drafting(conn: sqlite3.Connection, finding_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Findings (with the patrol's date and office) — the given ones, or every one without a lead."""
    base = ("SELECT f.*, p.patrol_date, p.office_code FROM findings f JOIN patrols p ON p.id = f.patrol_id")
    if finding_ids is None:
        sql = f"{base} WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.origin_key = 'finding:' || f.id) ORDER BY f.id"
        return [dict(r) for r in conn.execute(sql)]
    wanted = list(finding_ids)
    marks = ", ".join("?" for _ in wanted) or "NULL"
    return [dict(r) for r in conn.execute(f"{base} WHERE f.id IN ({marks}) ORDER BY f.id", wanted)]


def finding_ids_of_patrol(conn: sqlite3.Connection, patrol_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM findings WHERE patrol_id = ? ORDER BY id", (patrol_id,))]


def forest_mines(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Mines that affect forest or grassland and have a licence issue date."""
    return [dict(r) for r in conn.execute(
        "SELECT id, licence_no, name, valid_from, office_code FROM mines"
        " WHERE forest_grass = 1 AND valid_from IS NOT NULL ORDER BY id")]


# --- tips -----------------------------------------------------------------------------------------------

TIP_COLUMNS = ("received_on", "reporter", "contact", "place", "mine_id", "kind", "what", "happened_on", "created_by",
               "created_at")


def insert_tip(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        f"INSERT INTO tips ({', '.join(TIP_COLUMNS)}) VALUES ({', '.join('?' for _ in TIP_COLUMNS)})",
        [row.get(c) for c in TIP_COLUMNS],
    )
    return int(cur.lastrowid)


def get_tip(conn: sqlite3.Connection, tip_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM tips WHERE id = ?", (tip_id,)).fetchone()
    return dict(row) if row else None


def tip_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every tip without the reporter's name and contact (kept private), with its lead's id and state."""
    return [dict(r) for r in conn.execute(
        "SELECT t.id, t.received_on, t.place, t.kind, t.what, t.happened_on, t.mine_id, m.licence_no,"
        " l.id AS lead_id, l.state AS lead_state FROM tips t LEFT JOIN mines m ON m.id = t.mine_id"
        " LEFT JOIN leads l ON l.origin_key = 'tip:' || t.id ORDER BY t.received_on DESC, t.id DESC")]


# --- packages and replies -------------------------------------------------------------------------------

def insert_package(conn: sqlite3.Connection, package_id: str, to_section: str, created_on: str, created_by: str,
                   created_at: str, lead_ids: Iterable[int]) -> None:
    conn.execute("INSERT INTO transfer_packages (id, to_section, created_on, created_by, created_at)"
                 " VALUES (?, ?, ?, ?, ?)", (package_id, to_section, created_on, created_by, created_at))
    conn.executemany("INSERT INTO package_leads (package_id, lead_id) VALUES (?, ?)",
                     [(package_id, i) for i in lead_ids])


def reply_exists(conn: sqlite3.Connection, lead_id: int, received_on: str, outcome: str, note: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM lead_replies WHERE lead_id = ? AND received_on = ? AND outcome = ? AND note = ?",
        (lead_id, received_on, outcome, note)).fetchone() is not None


def insert_reply(conn: sqlite3.Connection, *, lead_id: int, received_on: str, outcome: str, note: str, file_name: str,
                 imported_by: str, imported_at: str) -> None:
    conn.execute(
        "INSERT INTO lead_replies (lead_id, received_on, outcome, note, file_name, imported_by, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", (lead_id, received_on, outcome, note, file_name, imported_by, imported_at))


def replies_of(conn: sqlite3.Connection, lead_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM lead_replies WHERE lead_id = ? ORDER BY imported_at",
                                          (lead_id,))]


def package_count(conn: sqlite3.Connection, prefix: str) -> int:
    """How many packages have an id starting with `prefix`."""
    return int(conn.execute("SELECT count(*) FROM transfer_packages WHERE id LIKE ? || '%'", (prefix,)).fetchone()[0])
