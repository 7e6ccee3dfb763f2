"""The patrol list (issue 9): the page window never holds more than two pages, `G`/`g` jump to the oldest and
the newest patrol, "N of M" is right, and `minetui export patrols` streams the records."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from minetui import cli
from minetui.services.core.context import Context
from minetui.services.demo import province
from minetui.tui.app import MineApp
from minetui.tui.paging import PageWindow
from minetui.tui.screens.patrols import PatrolsScreen
from tests.test_tui_app import plain
from tests.tui_helpers import settle, sync

PAGE = 20


# --- the window, pure ------------------------------------------------------------------------------------------

def test_the_window_keeps_two_pages_and_tracks_its_place() -> None:
    window: PageWindow[int] = PageWindow(page_size=3)
    window.reset_from_start([1, 2, 3], more=True)
    assert (window.rows, window.start, window.at_start, window.at_end) == ([1, 2, 3], 0, True, False)
    window.append([4, 5, 6], more=True)
    assert window.append([7, 8, 9], more=False) == 3
    assert (window.rows, window.start, window.at_start, window.at_end) == ([4, 5, 6, 7, 8, 9], 3, False, True)
    assert window.prepend([1, 2, 3], more=False) == 3
    assert (window.rows, window.start, window.at_start, window.at_end) == ([1, 2, 3, 4, 5, 6], 0, True, False)
    assert window.position(2) == 3 and window.index_of(lambda r: r, 5) == 4 and window.index_of(lambda r: r, 9) == 0


def test_a_window_read_from_the_end_learns_its_place_from_the_count() -> None:
    window: PageWindow[int] = PageWindow(page_size=3)
    window.reset_from_end([8, 9, 10], more=True, total=None)
    assert window.start is None and window.position(0) is None
    window.learn_total(10)
    assert window.position(0) == 8 and window.at_end and not window.at_start


# --- the screen, on a small generated province ------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("patrols") / "province.db"
    return province.build_province(path, province.SCALES["province"].factor(0.001), seed=3)


@pytest.fixture
def big(generated: Path) -> Context:
    ctx = Context.open(generated, today=province.PROVINCE_TODAY)
    ctx.config = replace(ctx.config, page_size=PAGE, daily_backup=False)
    yield ctx
    ctx.close()


async def open_patrols(pilot) -> tuple[PatrolsScreen, DataTable]:
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PatrolsScreen)
    return screen, screen.query_one("#patrols", DataTable)


def dates(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@sync
async def test_paging_down_through_the_list_never_holds_more_than_two_pages(big: Context) -> None:
    total = big.conn.execute("SELECT count(*) FROM patrols").fetchone()[0]
    newest = big.conn.execute("SELECT max(patrol_date) FROM patrols").fetchone()[0]
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_patrols(pilot)
        assert table.row_count == PAGE and dates(table)[0] == newest
        assert f"1 / {total:,}" in plain(screen.query_one("#patrols-status", Static))
        held, seen = 0, set()
        for _ in range(30):
            await pilot.press("pagedown")
            await settle(pilot)
            held = max(held, table.row_count)
            seen.update(r.id for r in screen.window.rows)
        assert held <= 2 * PAGE
        assert len(seen) > 3 * PAGE  # it really moved through several pages
        shown = dates(table)
        assert shown == sorted(shown, reverse=True)
        place = screen.window.position(table.cursor_row)
        assert place is not None and place > 3 * PAGE
        assert f"{place:,} / {total:,}" in plain(screen.query_one("#patrols-status", Static))


@sync
async def test_G_jumps_to_the_oldest_patrol_and_g_back(big: Context) -> None:
    total = big.conn.execute("SELECT count(*) FROM patrols").fetchone()[0]
    oldest = big.conn.execute("SELECT min(patrol_date) FROM patrols").fetchone()[0]
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_patrols(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert table.row_count <= 2 * PAGE
        assert str(table.get_row_at(table.cursor_row)[0]) == oldest
        assert f"{total:,} / {total:,}" in plain(screen.query_one("#patrols-status", Static))
        await pilot.press("pageup", "pageup", "pageup")
        await settle(pilot)
        assert table.row_count <= 2 * PAGE
        await pilot.press("g")
        await settle(pilot)
        assert table.cursor_row == 0 and screen.window.at_start


@sync
async def test_enter_opens_the_mine_of_the_patrol(big: Context) -> None:
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _table = await open_patrols(pilot)
        wanted = screen.current_row()
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MineDetailScreen"
        assert app.screen.mine_id == wanted.mine_id  # type: ignore[attr-defined]


def test_export_patrols_streams_every_record_as_csv(generated: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "patrols.csv"
    assert cli.main(["--db", str(generated), "export", "patrols", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    conn = sqlite3.connect(generated)
    try:
        assert len(rows) == conn.execute("SELECT count(*) FROM patrols").fetchone()[0]
    finally:
        conn.close()
    assert list(rows[0]) == ["licence_no", "date", "inspectors", "office", "mode", "drone_reason", "route",
                             "village_inquiry", "findings"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {r["mode"] for r in rows} <= {"on_site", "drone"}
