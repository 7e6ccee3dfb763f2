"""The mine list pages through 2,000 mines with keyset paging and never holds more than ~2 pages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import DataTable, Static

from minetui.services.core.context import Context
from minetui.tui.app import MineApp
from minetui.tui.screens.mines import MinesScreen
from tests.test_tui_app import plain
from tests.tui_helpers import many_mines, settle, sync

PAGE = 100
LAST = "C1404002009121120001999"


@pytest.fixture
def big(ctx: Context) -> Context:
    many_mines(ctx, 2000)
    ctx.config = replace(ctx.config, page_size=PAGE)
    return ctx


def licences(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_list(pilot) -> tuple[MinesScreen, DataTable]:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MinesScreen)
    return screen, screen.query_one("#mines", DataTable)


@sync
async def test_G_shows_the_last_mine_and_g_the_first(big: Context) -> None:
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_list(pilot)
        assert table.row_count == PAGE
        assert "1 / 2000" in plain(screen.query_one("#mines-status", Static))
        await pilot.press("G")
        await settle(pilot)
        assert table.row_count <= 2 * PAGE
        assert str(table.get_row_at(table.cursor_row)[0]) == LAST
        assert "2000 / 2000" in plain(screen.query_one("#mines-status", Static))
        await pilot.press("g")
        await settle(pilot)
        assert str(table.get_row_at(table.cursor_row)[0]) == "C1404002009121120000000"


@sync
async def test_moving_down_fetches_pages_and_keeps_a_window_of_two(big: Context) -> None:
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_list(pilot)
        seen: set[str] = set()
        for _ in range(6):  # walk far past several page boundaries
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
            assert table.row_count <= 2 * PAGE
            seen.update(licences(table))
        current = str(table.get_row_at(table.cursor_row)[0])
        position = int(plain(screen.query_one("#mines-status", Static)).split("/")[0])
        assert current == f"C14040020091211200{position - 1:05d}"  # "N of M" follows the cursor
        assert len(seen) > 3 * PAGE
        assert licences(table) == sorted(licences(table))
        for _ in range(8):  # and back up again
            table.move_cursor(row=0)
            await settle(pilot)
            assert table.row_count <= 2 * PAGE
        assert licences(table)[0] == "C1404002009121120000000" and screen.at_start


@sync
async def test_moving_up_from_the_end_fetches_the_previous_pages(big: Context) -> None:
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, table = await open_list(pilot)
        await pilot.press("G")
        await settle(pilot)
        table.move_cursor(row=0)
        await settle(pilot)
        assert table.row_count == 2 * PAGE
        assert licences(table)[-1] == LAST
        assert licences(table) == sorted(licences(table))
        assert len(set(licences(table))) == 2 * PAGE


@sync
async def test_filter_on_the_big_list_counts_once(big: Context) -> None:
    app = MineApp(big)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_list(pilot)
        await pilot.press("slash", "甲", "煤", "enter")
        await settle(pilot)
        assert screen.total == 400
        assert table.row_count == PAGE
        assert all("甲煤矿" in str(table.get_row_at(i)[1]) for i in range(table.row_count))
        await pilot.press("G")
        await settle(pilot)
        assert "400 / 400" in plain(screen.query_one("#mines-status", Static))
