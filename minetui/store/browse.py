"""Read queries for the screens: keyset-paged mine lists, one mine's detail rows, the district's counts.

Mine lists page with keyset pagination: ORDER BY (sort column, tie-breaker) and `WHERE (col, tie) > (?, ?)`
(row values), each sort backed by an index in schema.sql — never OFFSET, never the whole table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

# sort key → (column, tie-breaker column); an index in schema.sql serves ORDER BY column, tie-breaker.
SORTS: dict[str, tuple[str, str]] = {
    "licence_no": ("licence_no", "id"),
    "name": ("name", "id"),
    "holder": ("holder", "id"),
    "office": ("office_code", "licence_no"),
}
NULLABLE_SORT_COLUMNS = frozenset({"office_code"})

_SELECT = """
SELECT m.id, m.licence_no, m.name, m.holder, m.minerals, m.method, m.office_code, o.name AS office_name,
       m.valid_to,
       (SELECT s.status FROM mine_status s
         WHERE s.mine_id = m.id AND s.effective_from <= :today
         ORDER BY s.effective_from DESC LIMIT 1) AS status
  FROM mines m LEFT JOIN offices o ON o.code = m.office_code
"""


@dataclass(frozen=True, slots=True)
class PageCursor:
    """The key of the row a page continues from: (sort column value, tie-breaker value)."""

    value: Any
    tie: Any


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, with % _ and \\ taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filter_sql(text: str, params: dict[str, Any]) -> str:
    """Every whitespace-separated term must occur in licence no., name, holder, minerals or office name."""
    clauses = []
    for index, term in enumerate(text.split()):
        key = f"t{index}"
        params[key] = like_pattern(term)
        columns = ("m.licence_no", "m.name", "m.holder", "m.minerals", "o.name")
        clauses.append("(" + " OR ".join(f"{c} LIKE :{key} ESCAPE '\\'" for c in columns) + ")")
    return " AND ".join(clauses)


def _keyset_sql(column: str, tie: str, cursor: PageCursor, descending: bool, params: dict[str, Any]) -> str:
    """Rows strictly after `cursor` in the order (column, tie) ASC/DESC; NULLs sort first ascending."""
    params["kv"], params["kt"] = cursor.value, cursor.tie
    col, tie_col = f"m.{column}", f"m.{tie}"
    op = "<" if descending else ">"
    if column not in NULLABLE_SORT_COLUMNS:
        return f"({col}, {tie_col}) {op} (:kv, :kt)"
    if cursor.value is None:
        if descending:
            return f"({col} IS NULL AND {tie_col} < :kt)"
        return f"(({col} IS NULL AND {tie_col} > :kt) OR {col} IS NOT NULL)"
    if descending:
        return f"(({col}, {tie_col}) < (:kv, :kt) OR {col} IS NULL)"
    return f"({col}, {tie_col}) > (:kv, :kt)"


def mine_page_sql(*, text: str, sort: str, descending: bool, cursor: PageCursor | None,
                  today: str, limit: int) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of one page of the mine list (exposed for EXPLAIN QUERY PLAN tests)."""
    column, tie = SORTS[sort]
    params: dict[str, Any] = {"today": today, "limit": limit}
    where = [w for w in (_filter_sql(text, params),) if w]
    if cursor is not None:
        where.append(_keyset_sql(column, tie, cursor, descending, params))
    direction = "DESC" if descending else "ASC"
    sql = _SELECT
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY m.{column} {direction}, m.{tie} {direction} LIMIT :limit"
    return sql, params


def mine_page(conn: sqlite3.Connection, *, text: str = "", sort: str = "licence_no", descending: bool = False,
              cursor: PageCursor | None = None, today: str, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` list rows after `cursor` (from the start when None) in the given order."""
    sql, params = mine_page_sql(text=text, sort=sort, descending=descending, cursor=cursor, today=today,
                                limit=limit)
    return [dict(r) for r in conn.execute(sql, params)]


def cursor_of(row: dict[str, Any], sort: str) -> PageCursor:
    """The keyset cursor of a list row under `sort`."""
    column, tie = SORTS[sort]
    return PageCursor(row[column], row[tie])


def count_mines(conn: sqlite3.Connection, text: str = "") -> int:
    """How many mines match the filter text (run once per filter change, not per page)."""
    params: dict[str, Any] = {}
    where = _filter_sql(text, params)
    sql = "SELECT count(*) FROM mines m LEFT JOIN offices o ON o.code = m.office_code"
    if where:
        sql += " WHERE " + where
    return int(conn.execute(sql, params).fetchone()[0])


def mine_row(conn: sqlite3.Connection, mine_id: int) -> dict[str, Any] | None:
    """All columns of a mine plus its office's name."""
    row = conn.execute(
        "SELECT m.*, o.name AS office_name FROM mines m LEFT JOIN offices o ON o.code = m.office_code"
        " WHERE m.id = ?", (mine_id,),
    ).fetchone()
    return dict(row) if row else None


def office_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM offices").fetchone()[0])


def mines_by_status(conn: sqlite3.Connection, today: str) -> dict[str | None, int]:
    """{status key or None (no history yet): number of mines} as of `today`."""
    rows = conn.execute(
        "SELECT (SELECT s.status FROM mine_status s WHERE s.mine_id = m.id AND s.effective_from <= ?"
        "        ORDER BY s.effective_from DESC LIMIT 1) AS status, count(*) AS n"
        "  FROM mines m GROUP BY status",
        (today,),
    )
    return {r["status"]: r["n"] for r in rows}


def approved_zones_by_level(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    """{level key: number of approved zones} of one year."""
    rows = conn.execute(
        "SELECT level, count(*) AS n FROM zones WHERE year = ? AND state = 'approved' GROUP BY level", (year,)
    )
    return {r["level"]: r["n"] for r in rows}


def latest_zone_year(conn: sqlite3.Connection, up_to: int) -> int | None:
    """The latest year up to `up_to` that has any zone (None when there is none)."""
    row = conn.execute("SELECT max(year) FROM zones WHERE year <= ?", (up_to,)).fetchone()
    return None if row[0] is None else int(row[0])


def proposal_count(conn: sqlite3.Connection, year: int) -> int:
    """Zones proposed by offices and not yet decided, in one year."""
    row = conn.execute("SELECT count(*) FROM zones WHERE year = ? AND state = 'proposed'", (year,)).fetchone()
    return int(row[0])
