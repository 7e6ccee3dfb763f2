"""Lists: the mine list's pages (first page, a Chinese filter, the last page, a page deep in the list) and the
patrol list's pages, each beside the same page's SQL run raw (sqlite3, tuples, no conversion); and key press
→ next screen-full in the patrol list, as CPU time."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from benchmarks.context import Bench
from benchmarks.harness import Check, Result, ms, timed
from minetui.services.mines import browse as mine_service
from minetui.services.patrols.listing import page_patrols
from minetui.store import browse

PAGE_CHECKS = [Check("ratio_max", 2.0, "query ≤ 2× its raw SQL"), Check("max", 1.0, "≤ 1 ms at any depth")]


def _raw(bench: Bench) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{bench.db}?mode=ro", uri=True)


def _page_result(bench: Bench, key: str, title: str, app: Any, sql: str, params: dict[str, Any],
                 checks: list[Check] | None = None) -> Result:
    raw = _raw(bench)
    try:
        app()  # warm the page cache for both: the figures are of a warm database, as in use
        raw.execute(sql, params).fetchall()
        floor = ms(timed(lambda: raw.execute(sql, params).fetchall(), bench.repeats * 5))
    finally:
        raw.close()
    samples = ms(timed(app, bench.repeats * 5))
    return Result(key, title, "ms", samples=samples, floor_title="the same page's SQL, raw sqlite3",
                  floor_samples=floor, checks=PAGE_CHECKS if checks is None else checks)


def mine_pages(bench: Bench) -> list[Result]:
    ctx, limit, today = bench.ctx, bench.page_size, bench.today.isoformat()
    term = bench.filter_term
    middle = _middle_mine(bench)
    cases = [
        ("mines.first", "mines list: first page", mine_service.MineQuery(), None, False),
        ("mines.filter", f"mines list: filter “{term}” (Chinese substring), first page",
         mine_service.MineQuery(text=term), None, False),
        ("mines.last", "mines list: jump to the last page (G)", mine_service.MineQuery(), None, True),
        ("mines.deep", "mines list: a page in the middle (keyset)", mine_service.MineQuery(), middle, False),
    ]
    results = []
    for key, title, query, after, backwards in cases:
        def app(query=query, after=after, backwards=backwards) -> object:
            return mine_service.page_mines(ctx, query, after, backwards=backwards, limit=limit)

        sql, params = browse.mine_page_sql(text=query.text, sort=query.sort, descending=query.descending ^ backwards,
                                           cursor=after, today=today, limit=limit + 1)
        results.append(_page_result(bench, key, title, app, sql, params))
    results[1].note = (f"“{term}” matches {bench.filter_matches:,} of {bench.mine_count:,} mines; a substring "
                       "filter reads rows until the page is full")
    return results


def _middle_mine(bench: Bench) -> browse.PageCursor:
    row = bench.ctx.conn.execute("SELECT licence_no, id FROM mines ORDER BY licence_no LIMIT 1 OFFSET ?",
                                 (bench.mine_count // 2,)).fetchone()
    return browse.PageCursor(row[0], row[1])


def patrol_pages(bench: Bench) -> list[Result]:
    ctx, limit = bench.ctx, bench.page_size
    row = ctx.conn.execute("SELECT patrol_date, id FROM patrols ORDER BY patrol_date DESC, id DESC LIMIT 1"
                           " OFFSET ?", (bench.patrol_count // 2,)).fetchone()
    middle = browse.PageCursor(row[0], row[1])
    results = []
    for key, title, after in (("patrols.first", "patrol list: first page (newest)", None),
                              ("patrols.deep", f"patrol list: a page at depth {bench.patrol_count // 2:,} (keyset)",
                               middle)):
        sql, params = browse.patrol_page_sql(office=None, descending=True, cursor=after, limit=limit + 1)
        results.append(_page_result(bench, key, title, lambda after=after: page_patrols(ctx, after, limit=limit),
                                    sql, params))
    offset_sql = ("SELECT id FROM patrols ORDER BY patrol_date DESC, id DESC LIMIT ? OFFSET ?")
    raw = _raw(bench)
    try:
        offset = ms(timed(lambda: raw.execute(offset_sql, (limit, bench.patrol_count // 2)).fetchall(), bench.repeats))
    finally:
        raw.close()
    results.append(Result("patrols.offset", "for comparison: the same depth with OFFSET (what keyset avoids)", "ms",
                          samples=offset, note="not minetui's query; no target"))
    return results


def key_latency(bench: Bench) -> list[Result]:
    """Page-down through the patrol list: CPU per key, the page fetches included when they happen."""
    return asyncio.run(_key_latency(bench))


async def _key_latency(bench: Bench) -> list[Result]:
    from benchmarks.keys import SIZE, key_cpu, open_patrols
    from minetui.tui.app import MineApp

    app = MineApp(bench.app_context())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_patrols(pilot)
        presses = max(20, bench.key_presses)
        both = [await key_cpu(pilot, screen, "pagedown") for _ in range(presses)]
        most_rows = table.row_count
        app.ctx.close()
    sql, params = browse.patrol_page_sql(office=None, descending=True, cursor=None, limit=bench.page_size + 1)
    raw = _raw(bench)
    try:
        floor = ms(timed(lambda: raw.execute(sql, params).fetchall(), bench.repeats * 5))
    finally:
        raw.close()
    process, ui = ms([p for p, _u in both]), ms([u for _p, u in both])
    result = Result("patrols.key", f"patrol list ({bench.patrol_count:,} rows): page-down → next screen-full painted "
                    "(CPU of the process)", "ms", samples=process, floor_title="raw SQL for that page",
                    floor_samples=floor, checks=[Check("max", 25, "median ≤ 25 ms of CPU per scrolling key")])
    result.note = (f"{presses} presses at 80×24, page fetches included; the table held ≤ {most_rows} rows; "
                   f"95th percentile {sorted(process)[int(0.95 * (len(process) - 1))]:.1f} ms")
    worst = Result("patrols.key_ui_worst", "patrol list: the slowest page-down, CPU of the UI thread alone", "ms",
                   samples=[max(ui)], checks=[Check("max", 50, "nothing over ~50 ms on the UI thread")])
    worst.note = (f"UI-thread median {sorted(ui)[len(ui) // 2]:.1f} ms; presses over 50 ms: "
                  f"{sum(1 for u in ui if u > 50)} of {presses}")
    return [result, worst]
