"""Every list query pages through an index (issue 9): EXPLAIN QUERY PLAN shows no full table scan and no sort of
the whole table, for each sort, direction, filter and keyset cursor of the mine list and the patrol list; and the
year's patrol dates (duties) come from a covering index range."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest

from minetui.domain.paging import PageCursor
from minetui.services.core.context import Context
from minetui.store import browse

FULL_SCAN = re.compile(r"^SCAN (\w+)$")  # a table read row by row without an index


def plan(conn: sqlite3.Connection, sql: str, params: object) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def assert_indexed(steps: list[str]) -> None:
    assert not [s for s in steps if FULL_SCAN.match(s)], steps
    assert not [s for s in steps if "TEMP B-TREE FOR ORDER BY" in s], steps


CURSORS = {"licence_no": PageCursor("C1", 5), "name": PageCursor("甲", 5), "holder": PageCursor("乙", 5),
           "office": PageCursor("SD", "C1")}


@pytest.mark.parametrize("sort", sorted(browse.SORTS))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("with_cursor", [False, True])
@pytest.mark.parametrize("text", ["", "北岭"])
def test_every_mine_list_page_uses_an_index(ctx: Context, sort: str, descending: bool, with_cursor: bool,
                                            text: str) -> None:
    sql, params = browse.mine_page_sql(text=text, sort=sort, descending=descending,
                                       cursor=CURSORS[sort] if with_cursor else None, today="2025-06-15", limit=201)
    steps = plan(ctx.conn, sql, params)
    assert_indexed(steps)
    assert any(s.startswith(("SCAN m USING INDEX", "SEARCH m USING INDEX")) for s in steps), steps


def test_a_null_office_cursor_still_uses_the_index(ctx: Context) -> None:
    for descending in (False, True):
        sql, params = browse.mine_page_sql(text="", sort="office", descending=descending,
                                           cursor=PageCursor(None, "C1"), today="2025-06-15", limit=201)
        assert_indexed(plan(ctx.conn, sql, params))


@pytest.mark.parametrize("office", [None, "SD"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("with_cursor", [False, True])
def test_every_patrol_list_page_uses_an_index(ctx: Context, office: str | None, descending: bool,
                                              with_cursor: bool) -> None:
    cursor = PageCursor("2020-06-15", 1_000_000) if with_cursor else None
    sql, params = browse.patrol_page_sql(office=office, descending=descending, cursor=cursor, limit=201)
    steps = plan(ctx.conn, sql, params)
    assert_indexed(steps)
    index = "patrols_office_date" if office else "patrols_date"
    assert any(f"p USING INDEX {index}" in s for s in steps), steps
    if with_cursor:  # a keyset seek, not a walk from the start
        assert any(s.startswith("SEARCH p") and "patrol_date" in s for s in steps), steps


def test_a_years_patrol_dates_come_from_the_covering_index(ctx: Context) -> None:
    from minetui.store import patrols

    recorded: list[str] = []
    ctx.conn.set_trace_callback(recorded.append)
    try:
        patrols.patrol_dates(ctx.conn, date(2025, 1, 1), date(2025, 12, 31))
    finally:
        ctx.conn.set_trace_callback(None)
    sql = next(s for s in recorded if "FROM patrols" in s)
    steps = [row[3] for row in ctx.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("COVERING INDEX patrols_date_mine" in s for s in steps), steps
    assert_indexed(steps)


def test_counting_patrols_reads_an_index(ctx: Context) -> None:
    steps = plan(ctx.conn, "SELECT count(*) FROM patrols", ())
    assert all("INDEX" in s for s in steps), steps
