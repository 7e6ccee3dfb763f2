"""R-LIST-1 list entries (异常名录, 严重失信主体名单). Rows are plain dicts; read rows carry the mine's licence,
name and holder."""

from __future__ import annotations

import sqlite3
from typing import Any

ENTRY_COLUMNS = ("mine_id", "kind", "reason", "legal_basis", "authority", "date_in", "review_on", "lead_id",
                 "created_by", "created_at")
_SELECT = ("SELECT e.*, m.licence_no, m.name AS mine_name, m.holder FROM list_entries e"
           " JOIN mines m ON m.id = e.mine_id")


def insert_entry(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cur = conn.execute(
        f"INSERT INTO list_entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' for _ in ENTRY_COLUMNS)})",
        [row.get(c) for c in ENTRY_COLUMNS],
    )
    return int(cur.lastrowid)


def close_entry(conn: sqlite3.Connection, entry_id: int, date_out: str, out_reason: str, expected_version: int) -> bool:
    cur = conn.execute(
        "UPDATE list_entries SET date_out = ?, out_reason = ?, version = version + 1"
        " WHERE id = ? AND version = ? AND date_out IS NULL",
        (date_out, out_reason, entry_id, expected_version),
    )
    return cur.rowcount == 1


def get_entry(conn: sqlite3.Connection, entry_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
    return dict(row) if row else None


def entries(conn: sqlite3.Connection, *, kind: str | None = None, current_only: bool = False,
            mine_id: int | None = None, lead_id: int | None = None) -> list[dict[str, Any]]:
    where, params = [], []
    for column, value in (("e.kind", kind), ("e.mine_id", mine_id), ("e.lead_id", lead_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if current_only:
        where.append("e.date_out IS NULL")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [dict(r) for r in conn.execute(f"{_SELECT}{clause} ORDER BY e.date_in DESC, e.id DESC", params)]


def current_entry(conn: sqlite3.Connection, mine_id: int, kind: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE e.mine_id = ? AND e.kind = ? AND e.date_out IS NULL",
                       (mine_id, kind)).fetchone()
    return dict(row) if row else None
