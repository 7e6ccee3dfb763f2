"""Bulk writes for generated data (the province-scale dataset of services/demo/province.py): one `executemany`
per batch into the app's own tables, with the column lists the other store modules use.

Rows are tuples in the order of the table's entry in BULK_COLUMNS. Nothing here creates or alters a table:
the schema is schema.sql's. The caller owns the transaction (`db.write`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from minetui.store.leads import LEAD_COLUMNS
from minetui.store.mines import MINE_COLUMNS
from minetui.store.patrols import PATROL_COLUMNS

# table → the columns a bulk row gives, in order (ids given explicitly so that children can refer to them).
BULK_COLUMNS: dict[str, tuple[str, ...]] = {
    "offices": ("code", "name", "towns"),
    "staff": ("name", "office_code", "section", "title"),
    "mines": ("id", *MINE_COLUMNS),
    "mine_status": ("mine_id", "effective_from", "status"),
    "corners": ("mine_id", "ring", "seq", "point_no", "x", "y"),
    "zones": ("id", "year", "level", "name", "code", "basis"),
    "zone_mines": ("zone_id", "mine_id", "basis"),
    "patrols": ("id", *PATROL_COLUMNS),
    "patrol_items": ("patrol_id", "item", "answer", "note"),
    "findings": ("id", "mine_id", "patrol_id", "kind", "note", "receiver", "suspected", "created_at"),
    "leads": ("id", *LEAD_COLUMNS, "sent_on", "received_on", "closed_on", "outcome"),
    "lead_events": ("lead_id", "at", "on_day", "actor", "action", "from_state", "to_state", "reason"),
    "patches": ("id", "year", "batch", "patch_no", "x", "y", "area_mu", "verdict", "handling", "reason",
                "forest_grass_damage", "mine_id"),
    "visits": ("id", "mine_id", "office_code", "visit_date", "window_start", "window_end", "state", "created_by",
               "created_at"),
    "visit_tasks": ("visit_id", "task_id", "kind", "earliest", "latest", "sections"),
}


def insert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert `rows` (tuples in BULK_COLUMNS[table] order) with one executemany; returns how many."""
    columns = BULK_COLUMNS[table]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    cursor = conn.executemany(sql, rows)
    return int(cursor.rowcount)


def loading_pragmas(conn: sqlite3.Connection, cache_mib: int = 256) -> None:
    """A bigger page cache for building indexes while a fresh file is filled (the file is only moved into
    place when complete, so a crash loses nothing but the half-built file)."""
    conn.execute(f"PRAGMA cache_size = -{cache_mib * 1024}")
    conn.execute("PRAGMA synchronous = OFF")


def table_names(conn: sqlite3.Connection) -> list[str]:
    """Every table of the schema, by name."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def table_digest(conn: sqlite3.Connection, table: str) -> tuple[int, str]:
    """(row count, SHA-256 of every row in rowid/primary-key order) — equal digests mean equal contents."""
    import hashlib

    digest = hashlib.sha256()
    count = 0
    for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
        digest.update(repr(tuple(row)).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()
