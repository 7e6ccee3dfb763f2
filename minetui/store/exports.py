"""Export queries: one cursor per table kind, columns aliased to the English keys of formats.md, so that an
export re-imports cleanly. Rows are yielded as the cursor reads them — nothing loads a whole table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

_LEVEL_ORDER = "CASE z.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 WHEN 'municipal' THEN 2 ELSE 3 END"
_CURRENT_STATUS_DATE = ("SELECT max(h.effective_from) FROM mine_status h"
                        " WHERE h.mine_id = m.id AND h.effective_from <= ?")


def offices(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    yield from conn.execute("SELECT code, name, towns FROM offices ORDER BY code")


def mines(conn: sqlite3.Connection, today: date) -> Iterator[sqlite3.Row]:
    """Mines with the status in force on `today` and the date it took effect (status, status_since)."""
    yield from conn.execute(
        f"""
        SELECT m.licence_no, m.name, m.holder, m.credit_code, m.minerals, m.method, m.scale,
               s.status, s.effective_from AS status_since, m.office_code AS office, m.town, m.villages,
               m.area_km2, m.depth_top_m, m.depth_bottom_m, m.valid_from, m.valid_to, m.forest_grass, m.epsg
          FROM mines m
          LEFT JOIN mine_status s
            ON s.mine_id = m.id AND s.effective_from = ({_CURRENT_STATUS_DATE})
         ORDER BY m.licence_no
        """,
        (today.isoformat(),),
    )



def corners(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    yield from conn.execute(
        "SELECT m.licence_no, c.point_no, c.x, c.y, c.ring FROM corners c JOIN mines m ON m.id = c.mine_id"
        " ORDER BY m.licence_no, c.ring, c.seq"
    )


def status_history(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    yield from conn.execute(
        "SELECT m.licence_no, s.status, s.effective_from FROM mine_status s JOIN mines m ON m.id = s.mine_id"
        " ORDER BY m.licence_no, s.effective_from"
    )


def zone_members(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """One row per mine in an approved zone, as the zones import takes it (proposed/rejected zones are not
    official lists and are left out). `basis` is the membership's basis, which is what the import sets."""
    yield from conn.execute(
        f"""
        SELECT z.year, z.level, z.name AS zone, z.code AS zone_code, m.licence_no, zm.basis
          FROM zone_mines zm
          JOIN zones z ON z.id = zm.zone_id
          JOIN mines m ON m.id = zm.mine_id
         WHERE z.state = 'approved'
         ORDER BY z.year, {_LEVEL_ORDER}, z.name, m.licence_no
        """
    )


def patrols(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Patrol records as the patrols import takes them (the checklist answers and evidence files aside), by
    date then id — read from the patrols_date index as the file is written, never loaded whole."""
    yield from conn.execute(
        """
        SELECT m.licence_no, p.patrol_date AS date, p.inspectors, p.office_code AS office, p.mode,
               p.drone_reason, p.route_name AS route, p.village_inquiry, p.findings_text AS findings
          FROM patrols p JOIN mines m ON m.id = p.mine_id
         ORDER BY p.patrol_date, p.id
        """
    )
