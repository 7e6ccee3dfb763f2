"""Read queries for the screens: keyset-paged mine lists, one mine's detail rows, the district's counts.

Mine lists page with keyset pagination: ORDER BY (sort column, tie-breaker) and `WHERE (col, tie) > (?, ?)`
(row values), each sort backed by an index in schema.sql — never OFFSET, never the whole table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from minetui.domain.paging import PageCursor

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
              cursor: PageCursor | None = None, today: str, limit: int) -> list[sqlite3.Row]:
    """Up to `limit` list rows after `cursor` (from the start when None) in the given order (rows read by
    column name; not copied into dicts — a page is read on every scroll)."""
    sql, params = mine_page_sql(text=text, sort=sort, descending=descending, cursor=cursor, today=today,
                                limit=limit)
    return conn.execute(sql, params).fetchall()


def cursor_of(row: Mapping[str, Any] | sqlite3.Row, sort: str) -> PageCursor:
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


# --- the patrol list: keyset pages over (patrol_date, id), served by patrols_date / patrols_office_date -------

_PATROL_SELECT = """
SELECT p.id, p.patrol_date, p.mine_id, m.licence_no, m.name AS mine_name, p.office_code, p.mode, p.inspectors,
       (SELECT group_concat(i.item, ',') FROM patrol_items i
         WHERE i.patrol_id = p.id AND i.answer = 'abnormal') AS abnormal
  FROM patrols p JOIN mines m ON m.id = p.mine_id
"""


def patrol_page_sql(*, office: str | None, descending: bool, cursor: PageCursor | None,
                    limit: int) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of one page of the patrol list (exposed for EXPLAIN QUERY PLAN tests)."""
    params: dict[str, Any] = {"limit": limit}
    where = []
    if office is not None:
        where.append("p.office_code = :office")
        params["office"] = office
    if cursor is not None:
        params["kv"], params["kt"] = cursor.value, cursor.tie
        where.append(f"(p.patrol_date, p.id) {'<' if descending else '>'} (:kv, :kt)")
    direction = "DESC" if descending else "ASC"
    sql = _PATROL_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += f" ORDER BY p.patrol_date {direction}, p.id {direction} LIMIT :limit"
    return sql, params


PATROL_PAGE_COLUMNS = ("id", "patrol_date", "mine_id", "licence_no", "mine_name", "office_code", "mode",
                       "inspectors", "abnormal")


def patrol_page(conn: sqlite3.Connection, *, office: str | None = None, descending: bool = True,
                cursor: PageCursor | None = None, limit: int) -> list[tuple[Any, ...]]:
    """Up to `limit` patrols after `cursor` (from the start when None), newest first when `descending`, as
    plain tuples in PATROL_PAGE_COLUMNS order (no per-row dict: a page costs little more than its SQL)."""
    sql, params = patrol_page_sql(office=office, descending=descending, cursor=cursor, limit=limit)
    reader = conn.cursor()
    reader.row_factory = None
    return reader.execute(sql, params).fetchall()


def count_patrols(conn: sqlite3.Connection, office: str | None = None) -> int:
    """How many patrols (of one office); run once when the list opens, never per page."""
    if office is None:
        return int(conn.execute("SELECT count(*) FROM patrols").fetchone()[0])
    return int(conn.execute("SELECT count(*) FROM patrols WHERE office_code = ?", (office,)).fetchone()[0])
