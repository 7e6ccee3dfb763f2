"""Combined visits (R-VISIT-1): committed visits with their tasks, and other agencies' visits entered by hand."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

ACTIVE_STATES = ("planned", "done")

_VISIT_SELECT = """
SELECT v.*, m.licence_no, m.name AS mine_name, m.office_code AS mine_office
FROM visits v JOIN mines m ON m.id = v.mine_id
"""


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor]


def insert_visit(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO visits ({names}) VALUES ({marks})", tuple(row.values()))
    return int(cursor.lastrowid or 0)


def insert_tasks(conn: sqlite3.Connection, visit_id: int, tasks: Iterable[tuple[str, str, str, str, str]]) -> None:
    """(task_id, kind, earliest, latest, sections) rows of one visit."""
    conn.executemany("INSERT INTO visit_tasks (visit_id, task_id, kind, earliest, latest, sections)"
                     " VALUES (?, ?, ?, ?, ?, ?)", [(visit_id, *t) for t in tasks])


def update_visit(conn: sqlite3.Connection, visit_id: int, changes: dict[str, Any], expected_version: int) -> bool:
    """Apply `changes` when the row still has `expected_version` (bumping it); False when stale."""
    sets = ", ".join(f"{k} = ?" for k in changes)
    cursor = conn.execute(f"UPDATE visits SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
                          (*changes.values(), visit_id, expected_version))
    return cursor.rowcount == 1


def get_visit(conn: sqlite3.Connection, visit_id: int) -> dict[str, Any] | None:
    row = conn.execute(_VISIT_SELECT + " WHERE v.id = ?", (visit_id,)).fetchone()
    return None if row is None else dict(row)


def tasks_of(conn: sqlite3.Connection, visit_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Each visit's task rows, by task id."""
    ids = list(visit_ids)
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"SELECT * FROM visit_tasks WHERE visit_id IN ({marks}) ORDER BY task_id", chunk):
            found[row["visit_id"]].append(dict(row))
    return found


def visits_between(conn: sqlite3.Connection, start: date, end: date, *, states: Iterable[str] = ACTIVE_STATES,
                   office: str | None = None, mine_id: int | None = None) -> list[dict[str, Any]]:
    """Visits dated start…end in `states` (of one office's mines, or one mine), by date and licence."""
    wanted = list(states)
    sql = _VISIT_SELECT + f" WHERE v.visit_date BETWEEN ? AND ? AND v.state IN ({', '.join('?' for _ in wanted)})"
    params: list[Any] = [start.isoformat(), end.isoformat(), *wanted]
    if office is not None:
        sql += " AND m.office_code = ?"
        params.append(office)
    if mine_id is not None:
        sql += " AND v.mine_id = ?"
        params.append(mine_id)
    return _rows(conn.execute(sql + " ORDER BY v.visit_date, m.licence_no, v.id", params))


def active_task_visits(conn: sqlite3.Connection, mine_ids: Iterable[int] | None = None) -> dict[tuple[int, str], int]:
    """(mine id, task id) → the planned or done visit carrying it."""
    sql = ("SELECT v.mine_id, t.task_id, v.id FROM visit_tasks t JOIN visits v ON v.id = t.visit_id"
           " WHERE v.state IN ('planned', 'done')")
    found = {(r[0], r[1]): r[2] for r in conn.execute(sql)}
    if mine_ids is None:
        return found
    wanted = set(mine_ids)
    return {k: v for k, v in found.items() if k[0] in wanted}


def office_load(conn: sqlite3.Connection, office: str, day: date, *, exclude: int | None = None) -> int:
    """Planned or done own visits (not joined to another agency's) of an office's team on one day."""
    row = conn.execute("SELECT count(*) FROM visits WHERE office_code = ? AND visit_date = ? AND joined IS NULL"
                       " AND state IN ('planned', 'done') AND id IS NOT ?", (office, day.isoformat(), exclude))
    return int(row.fetchone()[0])


def office_loads(conn: sqlite3.Connection, start: date, end: date) -> dict[tuple[str, date], int]:
    """{(office, day): planned or done own visits} for every day of [start, end] that has any (one query)."""
    rows = conn.execute(
        "SELECT office_code, visit_date, count(*) FROM visits WHERE visit_date BETWEEN ? AND ?"
        " AND joined IS NULL AND state IN ('planned', 'done') AND office_code IS NOT NULL"
        " GROUP BY office_code, visit_date", (start.isoformat(), end.isoformat()))
    return {(office, date.fromisoformat(day)): n for office, day, n in rows}


# --- other agencies' visits -----------------------------------------------------------------------------------

def insert_external(conn: sqlite3.Connection, row: dict[str, Any]) -> int:
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO external_visits ({names}) VALUES ({marks})", tuple(row.values()))
    return int(cursor.lastrowid or 0)


def external_between(conn: sqlite3.Connection, start: date, end: date, *,
                     office: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT e.*, m.licence_no, m.name AS mine_name, m.office_code FROM external_visits e"
           " JOIN mines m ON m.id = e.mine_id WHERE e.visit_date BETWEEN ? AND ?")
    params: list[Any] = [start.isoformat(), end.isoformat()]
    if office is not None:
        sql += " AND m.office_code = ?"
        params.append(office)
    return _rows(conn.execute(sql + " ORDER BY e.visit_date, m.licence_no, e.id", params))


def get_external(conn: sqlite3.Connection, external_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM external_visits WHERE id = ?", (external_id,)).fetchone()
    return None if row is None else dict(row)


def delete_external(conn: sqlite3.Connection, external_id: int) -> bool:
    return conn.execute("DELETE FROM external_visits WHERE id = ?", (external_id,)).rowcount == 1


def mines_by_licence(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """licence no. → id, name, holder, office code and office name of every mine."""
    sql = ("SELECT m.id, m.licence_no, m.name, m.holder, m.office_code, o.name AS office_name FROM mines m"
           " LEFT JOIN offices o ON o.code = m.office_code")
    return {r["licence_no"]: dict(r) for r in conn.execute(sql)}


# --- counting visits per enterprise (R-VISIT-1) ---------------------------------------------------------------

def inspection_records(conn: sqlite3.Connection, start: date, end: date) -> list[tuple[int, str]]:
    """(mine id, date) of every recorded inspection dated start…end: patrols, verifications, done surveys
    (whoever organised them) and done spot-checks — each a task done at the enterprise that day."""
    sql = """
    SELECT mine_id, patrol_date FROM patrols WHERE patrol_date BETWEEN :s AND :e
    UNION ALL SELECT mine_id, check_date FROM verifications WHERE check_date BETWEEN :s AND :e
    UNION ALL SELECT mine_id, survey_date FROM surveys WHERE status = 'done' AND survey_date BETWEEN :s AND :e
    UNION ALL SELECT mine_id, check_date FROM spotchecks WHERE status = 'done' AND check_date BETWEEN :s AND :e
    """
    return [(r[0], r[1]) for r in conn.execute(sql, {"s": start.isoformat(), "e": end.isoformat()})]


def scheduled_outside_surveys(conn: sqlite3.Connection, start: date, end: date) -> list[tuple[int, str]]:
    """(mine id, planned date) of surveys the city or province organise, scheduled and not yet done."""
    sql = ("SELECT mine_id, planned_date FROM surveys WHERE status = 'scheduled' AND organiser != 'district'"
           " AND planned_date BETWEEN ? AND ?")
    return [(r[0], r[1]) for r in conn.execute(sql, (start.isoformat(), end.isoformat()))]


def planned_task_counts(conn: sqlite3.Connection, start: date, end: date) -> list[tuple[int, str, int]]:
    """(mine id, date, number of tasks) of every planned visit dated start…end."""
    sql = ("SELECT v.mine_id, v.visit_date, count(t.task_id) FROM visits v LEFT JOIN visit_tasks t"
           " ON t.visit_id = v.id WHERE v.state = 'planned' AND v.visit_date BETWEEN ? AND ? GROUP BY v.id")
    return [(r[0], r[1], r[2]) for r in conn.execute(sql, (start.isoformat(), end.isoformat()))]


def done_visit_days(conn: sqlite3.Connection, start: date, end: date) -> list[tuple[int, str]]:
    sql = "SELECT mine_id, visit_date FROM visits WHERE state = 'done' AND visit_date BETWEEN ? AND ?"
    return [(r[0], r[1]) for r in conn.execute(sql, (start.isoformat(), end.isoformat()))]
