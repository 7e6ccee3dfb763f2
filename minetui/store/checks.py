"""The reads `minetui check` needs, in a handful of queries (never one query per mine)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from minetui.domain.model import Corner


def mine_rows(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    """Every mine with its status in force on `today` (NULL if none yet) and whether it has any history."""
    return [dict(r) for r in conn.execute(
        """
        SELECT m.id, m.licence_no, m.name, m.office_code, m.valid_to, m.area_km2, m.epsg,
               (SELECT s.status FROM mine_status s
                 WHERE s.mine_id = m.id AND s.effective_from <= ?
                 ORDER BY s.effective_from DESC LIMIT 1) AS status,
               EXISTS (SELECT 1 FROM mine_status s WHERE s.mine_id = m.id) AS has_status
          FROM mines m
         ORDER BY m.licence_no
        """,
        (today.isoformat(),),
    )]


def corners_by_mine(conn: sqlite3.Connection) -> dict[int, list[Corner]]:
    """All corner points in one pass, grouped by mine id, each ring in boundary order."""
    grouped: dict[int, list[Corner]] = {}
    for row in conn.execute("SELECT mine_id, ring, point_no, x, y FROM corners ORDER BY mine_id, ring, seq"):
        grouped.setdefault(row["mine_id"], []).append(Corner(row["point_no"], row["x"], row["y"], row["ring"]))
    return grouped


def integrity_messages(conn: sqlite3.Connection) -> list[str]:
    """PRAGMA integrity_check: ['ok'] for a sound file, else one line per damage found (a file too damaged
    for the check to finish gives SQLite's error as its one line)."""
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def foreign_key_violations(conn: sqlite3.Connection) -> Iterator[str]:
    """PRAGMA foreign_key_check as readable lines: 'mines rowid 3 → offices'."""
    for row in conn.execute("PRAGMA foreign_key_check"):
        yield f"{row[0]} rowid {row[1]} → {row[2]}"


def evidence_files(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored evidence file (sha256, size, suffix) with one name it was given and the licence of a mine
    whose patrol, verification or lead references it ('' when none), in hash order."""
    return [dict(r) for r in conn.execute(
        """
        WITH refs (sha256, original_name, mine_id) AS (
            SELECT pe.sha256, pe.original_name, p.mine_id
              FROM patrol_evidence pe JOIN patrols p ON p.id = pe.patrol_id
            UNION ALL
            SELECT ve.sha256, ve.original_name, v.mine_id
              FROM verification_evidence ve JOIN verifications v ON v.id = ve.verification_id
            UNION ALL
            SELECT le.sha256, le.original_name, l.mine_id
              FROM lead_evidence le JOIN leads l ON l.id = le.lead_id
        )
        SELECT e.sha256, e.size, e.suffix,
               coalesce((SELECT r.original_name FROM refs r WHERE r.sha256 = e.sha256 LIMIT 1), '') AS original_name,
               coalesce((SELECT m.licence_no FROM refs r JOIN mines m ON m.id = r.mine_id
                          WHERE r.sha256 = e.sha256 LIMIT 1), '') AS licence_no,
               coalesce((SELECT m.name FROM refs r JOIN mines m ON m.id = r.mine_id
                          WHERE r.sha256 = e.sha256 LIMIT 1), '') AS mine_name
          FROM evidence e
         ORDER BY e.sha256
        """
    )]
