"""Browsing reads: keyset paging (every sort, both directions, filters), query plans, summary and detail."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from minetui.domain.model import MineStatus, ZoneLevel
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.mines import browse as svc
from minetui.store import audit, browse, db
from tests.factories import add_mine, add_office
from tests.tui_helpers import build_district, many_mines


def walk(ctx: Context, query: svc.MineQuery, limit: int, *, backwards: bool = False) -> list[svc.MineListRow]:
    """Every row of the list, page by page through keyset cursors (from the end when backwards)."""
    rows: list[svc.MineListRow] = []
    cursor = None
    while True:
        page = svc.page_mines(ctx, query, cursor, backwards=backwards, limit=limit)
        assert len(page.rows) <= limit
        rows = page.rows + rows if backwards else rows + page.rows
        if not page.more:
            return rows
        cursor = (page.rows[0] if backwards else page.rows[-1]).cursor


def expected_order(ctx: Context, query: svc.MineQuery) -> list[int]:
    """The list order computed in Python from all rows (NULL office first ascending, as SQLite sorts)."""
    column, tie = browse.SORTS[query.sort]
    rows = [dict(r) for r in ctx.conn.execute(f"SELECT id, {column}, {tie} FROM mines")]

    def key(row):
        value = row[column]
        return (value is not None, value or "", row[tie])

    ordered = sorted(rows, key=key, reverse=query.descending)
    return [r["id"] for r in ordered]


@pytest.fixture
def big(ctx: Context) -> Context:
    many_mines(ctx, 2000)
    return ctx


@pytest.mark.parametrize(("sort", "descending"), list(itertools.product(svc.SORT_KEYS, (False, True))))
def test_keyset_pages_cover_the_list_once_in_order(big: Context, sort: str, descending: bool) -> None:
    query = svc.MineQuery(sort=sort, descending=descending)
    forward = [r.id for r in walk(big, query, 333)]
    assert forward == expected_order(big, query)
    assert [r.id for r in walk(big, query, 333, backwards=True)] == forward


def test_last_page_read_backwards_ends_with_the_last_mine(big: Context) -> None:
    page = svc.page_mines(big, svc.MineQuery(), None, backwards=True, limit=200)
    assert len(page.rows) == 200 and page.more
    assert page.rows[-1].licence_no == "C1404002009121120001999"
    assert [r.licence_no for r in page.rows] == sorted(r.licence_no for r in page.rows)


def test_filter_matches_chinese_substrings_in_every_searched_column(big: Context) -> None:
    assert svc.count_mines(big, svc.MineQuery("甲煤矿")) == 400
    assert svc.count_mines(big, svc.MineQuery("丙公司")) == sum(1 for i in range(2000) if i % 3 == 2)  # holder
    assert svc.count_mines(big, svc.MineQuery("西火")) == sum(1 for i in range(2000) if i % 7 and i % 2)
    assert svc.count_mines(big, svc.MineQuery("甲煤矿 西火")) == sum(
        1 for i in range(2000) if i % 5 == 0 and i % 7 and i % 2)
    assert svc.count_mines(big, svc.MineQuery("01999")) == 1  # licence no.
    rows = walk(big, svc.MineQuery("乙煤矿0", sort="name"), 50)
    assert rows and all(r.name.startswith("乙煤矿0") for r in rows)


def test_filter_wildcards_are_literal(ctx: Context) -> None:
    add_office(ctx)
    add_mine(ctx, "C1", "百分%矿")
    add_mine(ctx, "C2", "百分之矿")
    assert [r.name for r in svc.find_mines(ctx, "%")] == ["百分%矿"]
    assert svc.count_mines(ctx, svc.MineQuery("_")) == 0


def _plan(conn, sql: str, params: dict) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


CURSORS = (None, browse.PageCursor("C1404", 10), browse.PageCursor(None, "C1404"))


@pytest.mark.parametrize(("sort", "descending", "cursor", "text"),
                         list(itertools.product(browse.SORTS, (False, True), CURSORS, ("", "甲 西火"))))
def test_every_list_query_walks_an_index(big: Context, sort, descending, cursor, text) -> None:
    sql, params = browse.mine_page_sql(text=text, sort=sort, descending=descending, cursor=cursor,
                                       today="2025-06-15", limit=200)
    plan = _plan(big.conn, sql, params)
    mine_steps = [step for step in plan if re.match(r"(SCAN|SEARCH) m\b", step)]
    assert mine_steps and all("INDEX" in step for step in mine_steps), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


def test_summary_counts_offices_statuses_and_this_years_zones(ctx: Context) -> None:
    assert svc.district_summary(ctx).is_empty
    build_district(ctx)
    summary = svc.district_summary(ctx)
    assert not summary.is_empty
    assert summary.offices == 2 and summary.mines == 5
    assert summary.mines_by_status == {MineStatus.PRODUCING: 4, MineStatus.SUSPENDED: 1}
    assert summary.zones_by_level == {ZoneLevel.NATIONAL: 1, ZoneLevel.DISTRICT: 1}
    assert summary.proposals == 1


def test_status_is_the_one_in_force_on_ctx_today(ctx: Context) -> None:
    ids = build_district(ctx)
    rows = {r.id: r for r in svc.page_mines(ctx, svc.MineQuery()).rows}
    assert rows[ids["b"]].status is MineStatus.SUSPENDED
    ctx.today = date(2025, 2, 28)
    rows = {r.id: r for r in svc.page_mines(ctx, svc.MineQuery()).rows}
    assert rows[ids["b"]].status is MineStatus.PRODUCING


def test_detail_gathers_statuses_corners_zones_and_history(ctx: Context) -> None:
    ids = build_district(ctx)
    with db.write(ctx.conn):
        audit.append(ctx.conn, actor="张三", action="update", entity="mine", entity_id=ids["a"],
                     before={"name": "甲煤矿", "version": 1}, after={"name": "甲煤矿（新）", "version": 2})
    detail = svc.mine_detail(ctx, ids["a"])
    assert detail.mine["office_name"] == "苏店自然资源所"
    assert [s.status for s in detail.statuses] == [MineStatus.CONSTRUCTION, MineStatus.PRODUCING]
    assert sorted(detail.rings()) == [1, 2] and len(detail.rings()[2]) == 3
    assert [z.name for z in detail.zones_by_year[2025]] == ["上党煤矿区"]
    assert detail.history[0]["actor"] == "张三"
    with pytest.raises(ServiceError):
        svc.mine_detail(ctx, 999_999)


def test_sort_keys_cycle_and_reverse() -> None:
    query = svc.MineQuery("甲")
    seen = [query.sort]
    for _ in svc.SORT_KEYS:
        query = query.next_sort()
        seen.append(query.sort)
    assert seen[0] == seen[-1] and set(seen) == set(svc.SORT_KEYS)
    assert query.reversed().descending and query.reversed().text == "甲"


def test_summary_falls_back_to_the_latest_year_with_zones(ctx: Context) -> None:
    build_district(ctx)
    ctx.today = date(2027, 1, 10)
    summary = svc.district_summary(ctx)
    assert summary.year == 2025 and summary.zones_by_level[ZoneLevel.NATIONAL] == 1
    ctx.today = date(2024, 12, 31)
    assert svc.district_summary(ctx).year == 2024 and not svc.district_summary(ctx).zones_by_level
