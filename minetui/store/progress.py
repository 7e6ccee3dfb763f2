"""Aggregate reads for the dashboard, the meeting brief and the deadline list: lead counts per desk, stuck
leads, leads falling due, returned patches and when patches arrived. Each is one indexed query.

Dates are ISO text, so `deadline < ?` compares days. Rows are plain dicts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

NOT_YET_RECEIVED = ("draft", "sent", "returned")
_LEAD_SELECT = ("SELECT l.*, m.licence_no AS licence_no, m.name AS mine_name"
                " FROM leads l LEFT JOIN mines m ON m.id = l.mine_id")


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def inbox_counts(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    """Per receiving section: `open` (sent, received or handling) and `handling_overdue` (sent but not yet
    closed and past the deadline) — as services.leads.box_counts counts an inbox."""
    sql = ("SELECT to_section AS section,"
           " SUM(state IN ('sent', 'received', 'handling')) AS open,"
           " SUM(state NOT IN ('draft', 'closed') AND deadline < ?) AS handling_overdue"
           " FROM leads GROUP BY to_section ORDER BY to_section")
    return [dict(r) for r in conn.execute(sql, (today.isoformat(),))]


def outbox_counts(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    """Per sender (a section, or an office when `section` is NULL): `sending_overdue` (not yet received and
    past the deadline) — as services.leads.box_counts counts an outbox."""
    sql = (f"SELECT from_section AS section, from_office AS office,"
           f" SUM(state IN ({_marks(NOT_YET_RECEIVED)}) AND deadline < ?) AS sending_overdue"
           f" FROM leads GROUP BY from_section, from_office ORDER BY from_section, from_office")
    return [dict(r) for r in conn.execute(sql, (*NOT_YET_RECEIVED, today.isoformat()))]


def stuck_leads(conn: sqlite3.Connection, before: date) -> list[dict[str, Any]]:
    """Leads not closed whose last step (lead_events.on_day) was before `before`, oldest first; each row
    carries `last_day`."""
    sql = ("SELECT * FROM (SELECT l.*, m.licence_no AS licence_no, m.name AS mine_name,"
           " (SELECT max(e.on_day) FROM lead_events e WHERE e.lead_id = l.id) AS last_day"
           " FROM leads l LEFT JOIN mines m ON m.id = l.mine_id WHERE l.state <> 'closed')"
           " WHERE last_day < ? ORDER BY last_day, id")
    return [dict(r) for r in conn.execute(sql, (before.isoformat(),))]


def leads_due(conn: sqlite3.Connection, rules: Iterable[str], start: date, end: date) -> list[dict[str, Any]]:
    """Leads of `rules` not yet received whose deadline falls in start…end, by deadline."""
    wanted = list(rules)
    sql = (f"{_LEAD_SELECT} WHERE l.rule IN ({_marks(wanted)}) AND l.state IN ({_marks(NOT_YET_RECEIVED)})"
           f" AND l.deadline BETWEEN ? AND ? ORDER BY l.deadline, l.id")
    return [dict(r) for r in conn.execute(sql, (*wanted, *NOT_YET_RECEIVED, start.isoformat(), end.isoformat()))]


def returned_patches(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Patches sent back by the upper level (returned_on set), by return date."""
    sql = ("SELECT p.*, m.licence_no, m.name AS mine_name FROM patches p LEFT JOIN mines m ON m.id = p.mine_id"
           " WHERE p.returned_on IS NOT NULL ORDER BY p.returned_on, p.id")
    return [dict(r) for r in conn.execute(sql)]


def patch_arrivals(conn: sqlite3.Connection) -> dict[int, str]:
    """Patch id → the day (UTC) it was first stored, from the audit trail's first entry about it."""
    sql = "SELECT entity_id, min(at) FROM audit WHERE entity = 'patch' GROUP BY entity_id"
    return {int(entity_id): at[:10] for entity_id, at in conn.execute(sql)}
