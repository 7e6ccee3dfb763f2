"""Saved views (table `saved_views`): a user's named filter, sort and columns of a list or report."""

from __future__ import annotations

import sqlite3
from typing import Any


def get_view(conn: sqlite3.Connection, owner: str, name: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM saved_views WHERE owner = ? AND name = ?", (owner, name)).fetchone()
    return dict(row) if row else None


def views_of(conn: sqlite3.Connection, owner: str) -> list[dict[str, Any]]:
    """The owner's views by name."""
    return [dict(r) for r in conn.execute("SELECT * FROM saved_views WHERE owner = ? ORDER BY name", (owner,))]


def insert_view(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    cursor = conn.execute(
        "INSERT INTO saved_views (owner, name, screen, filter, sort, columns, created_at, updated_at)"
        " VALUES (:owner, :name, :screen, :filter, :sort, :columns, :created_at, :updated_at)", row)
    return int(cursor.lastrowid or 0)


def update_view(conn: sqlite3.Connection, view_id: int, row: dict[str, Any], expected_version: int) -> bool:
    """Replace a view's content; False when its version is no longer `expected_version`."""
    cursor = conn.execute(
        "UPDATE saved_views SET screen = :screen, filter = :filter, sort = :sort, columns = :columns,"
        " updated_at = :updated_at, version = version + 1 WHERE id = :id AND version = :version",
        {**row, "id": view_id, "version": expected_version})
    return cursor.rowcount == 1


def delete_view(conn: sqlite3.Connection, view_id: int) -> None:
    conn.execute("DELETE FROM saved_views WHERE id = ?", (view_id,))
