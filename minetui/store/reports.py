"""Read queries of the report catalogue that no other store module answers (licence expiries, findings)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

_CURRENT_STATUS = ("(SELECT s.status FROM mine_status s WHERE s.mine_id = m.id AND s.effective_from <= :today"
                   " ORDER BY s.effective_from DESC LIMIT 1)")
ENDED_STATUSES = ("closed", "cancelled")


def licence_expiries(conn: sqlite3.Connection, today: date, until: date, office: str | None = None
                     ) -> list[dict[str, Any]]:
    """Mines whose licence ends on or before `until` (already expired ones too) and whose status on `today`
    is not closed or cancelled, by end date then licence no.; with the office name and the status."""
    sql = f"""
        SELECT m.id AS mine_id, m.licence_no, m.name AS mine, m.holder, m.office_code AS office,
               o.name AS office_name, m.valid_to, {_CURRENT_STATUS} AS status
          FROM mines m LEFT JOIN offices o ON o.code = m.office_code
         WHERE m.valid_to IS NOT NULL AND m.valid_to <= :until
           AND (:office IS NULL OR m.office_code = :office)
    """
    rows = conn.execute(sql + " ORDER BY m.valid_to, m.licence_no",
                        {"today": today.isoformat(), "until": until.isoformat(), "office": office})
    return [dict(r) for r in rows if r["status"] not in ENDED_STATUSES]


def findings_since(conn: sqlite3.Connection, since: date, until: date) -> list[dict[str, Any]]:
    """Findings of patrols dated `since`…`until`, with the mine, the patrol date and the receiver."""
    rows = conn.execute(
        "SELECT f.id, f.kind, f.receiver, f.suspected, p.patrol_date, m.licence_no, m.name AS mine,"
        "       p.office_code AS office"
        "  FROM findings f JOIN patrols p ON p.id = f.patrol_id JOIN mines m ON m.id = f.mine_id"
        " WHERE p.patrol_date BETWEEN ? AND ? ORDER BY p.patrol_date, m.licence_no, f.kind",
        (since.isoformat(), until.isoformat()))
    return [dict(r) for r in rows]


def office_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {r["code"]: r["name"] for r in conn.execute("SELECT code, name FROM offices ORDER BY code")}
