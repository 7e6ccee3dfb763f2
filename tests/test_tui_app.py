"""The app driven by keys through Textual's Pilot at 80×24, on real SQLite files."""

from __future__ import annotations

import argparse
import io
import sys
import types
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets._toast import Toast

from minetui import i18n
from minetui.commands.app import run_app
from minetui.domain.model import ZoneState
from minetui.services.core.context import Context
from minetui.services.mines import zones as zone_service
from minetui.tui import actions
from minetui.tui.app import MineApp
from minetui.tui.screens.detail import MineDetailScreen
from minetui.tui.screens.help import HelpScreen
from minetui.tui.screens.home import HomeScreen
from minetui.tui.screens.mines import MinesScreen
from minetui.tui.screens.zones import ZonesScreen, default_year
from minetui.tui.widgets.dialogs import ConfirmDialog, MinePicker, ProposeDialog, TextDialog
from tests.tui_helpers import build_district, settle, sync

SIZE = (80, 24)


def plain(static: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


def names(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def column(table: DataTable, index: int) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def toasts(app: MineApp) -> str:
    return " ".join(str(t._notification.message) for t in app.screen.query(Toast))


@pytest.fixture
def district(ctx: Context) -> dict[str, int]:
    return build_district(ctx)


async def open_mines(pilot) -> DataTable:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MinesScreen)
    return pilot.app.screen.query_one("#mines", DataTable)


@sync
async def test_mines_list_shows_the_district(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        assert table.row_count == 5
        assert names(table) == ["甲煤矿", "乙煤矿", "丙铁矿", "丁石灰岩矿", "[b]甲[/b]矿"]
        first = table.get_row_at(0)
        assert [str(c) for c in first] == ["C1404002009121120046101", "甲煤矿", "在产", "苏店", "地下",
                                           "2029-03-17", "山西甲能源有限公司"]
        assert str(table.get_row_at(1)[2]) == "停产"  # status on ctx.today, not the first one
        assert "1 / 5" in plain(app.screen.query_one("#mines-status", Static))


@sync
async def test_markup_in_names_is_shown_as_typed(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        cells = table.get_row_at(4)
        assert all(isinstance(c, Text) for c in cells)
        assert cells[1].plain == "[b]甲[/b]矿" and cells[6].plain == "[red]某[/red]公司"
        await pilot.press("G", "enter")
        await settle(pilot)
        assert "[b]甲[/b]矿" in plain(app.screen.query_one("#detail-content", Static))


@sync
async def test_filter_as_you_type_with_a_chinese_substring(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press("西", "火")
        await pilot.pause(0.4)  # the debounce
        await settle(pilot)
        assert names(table) == ["乙煤矿", "丁石灰岩矿"]  # office name 西火自然资源所
        assert "1 / 2" in plain(app.screen.query_one("#mines-status", Static))
        await pilot.press("escape")  # clears the filter and leaves the input
        await settle(pilot)
        assert table.row_count == 5 and table.has_focus
        await pilot.press("slash", "石", "灰", "enter")  # Enter applies at once and goes to the table
        await settle(pilot)
        assert names(table) == ["丁石灰岩矿"] and table.has_focus


@sync
async def test_filter_without_matches_says_so(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_mines(pilot)
        await pilot.press("slash", "金", "enter")
        await settle(pilot)
        empty = app.screen.query_one("#mines-empty", Static)
        assert empty.display and "金" in plain(empty)


@sync
async def test_sort_cycles_and_reverses(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        await pilot.press("s")  # licence no. → name
        await settle(pilot)
        assert names(table) == sorted(names(table))
        assert names(table) != ["甲煤矿", "乙煤矿", "丙铁矿", "丁石灰岩矿", "[b]甲[/b]矿"]
        await pilot.press("S")
        await settle(pilot)
        assert names(table) == sorted(names(table), reverse=True)
        await pilot.press("s")  # → holder
        await settle(pilot)
        assert column(table, 6) == sorted(column(table, 6))


@sync
async def test_enter_opens_the_detail_and_esc_goes_back(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
        shown = plain(app.screen.query_one("#detail-content", Static))
        for expected in ("甲煤矿", "山西甲能源有限公司", "1.2345", "由1150米至850米标高", "2019-03-17",
                         "东村、西村", "基建", "2021-05-01", "在产", "3,982,500.00", "38,412,500.00",
                         "上党煤矿区", "2025"):
            assert expected in shown, expected
        assert shown.index("基建") < shown.index("2021-05-01")
        await pilot.press("j", "j")
        assert app.screen.query_one("#detail-body").scroll_y == 6
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is table.screen


@sync
async def test_j_k_g_move_the_cursor(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        await settle(pilot)
        assert table.cursor_row == 4
        await pilot.press("g")
        assert table.cursor_row == 0


@sync
async def test_empty_database_home_says_what_to_do(ctx: Context) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = plain(app.screen.query_one("#home-body", Static))
        commands = [f"minetui import {kind}" for kind in ("offices", "mines", "corners", "status", "zones")]
        positions = [shown.index(c) for c in commands]
        assert positions == sorted(positions)
        assert "d" in shown and "演示" in shown
        await pilot.press("m")
        await settle(pilot)
        empty = app.screen.query_one("#mines-empty", Static)
        assert empty.display and "minetui import mines" in plain(empty)


@sync
async def test_home_shows_the_district_counts(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = plain(app.screen.query_one("#home-body", Static))
        assert "在产 4" in shown and "停产 1" in shown and "部级 1" in shown and "区级 1" in shown
        assert "minetui import" not in shown


@sync
async def test_demo_key_switches_to_the_demo_database(ctx: Context, tmp_path: Path, monkeypatch) -> None:
    demo = tmp_path / "demo" / "demo.db"
    monkeypatch.setattr("minetui.paths.demo_db_path", lambda: demo)

    def build_demo(path: Path) -> None:  # stands in for services.demo, written by another engineer
        other = Context.open(path, actor="demo")
        build_district(other)
        other.close()

    fake = types.ModuleType("minetui.services.demo.district")
    fake.build_demo = build_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "minetui.services.demo.district", fake)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.ctx.db_path == demo
        assert "在产 4" in plain(app.screen.query_one("#home-body", Static))


@sync
async def test_english_ui(ctx: Context, district) -> None:
    i18n.set_language("en")
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        assert app.screen.title == "Mines"
        assert [str(c.label) for c in table.columns.values()][:3] == ["Licence no.", "Name", "Status"]
        assert str(table.get_row_at(0)[4]) == "underground"
        await pilot.press("enter")
        await settle(pilot)
        assert "Status history" in plain(app.screen.query_one("#detail-content", Static))


@sync
async def test_chinese_titles_by_default(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        assert app.screen.title == "矿山"
        assert str(next(iter(table.columns.values())).label) == "许可证号"


@sync
async def test_help_lists_the_keys_of_the_current_screen(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_mines(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = plain(app.screen.query_one("#help-keys", Static))
        for action in actions.for_scope("mines", with_global=True):
            assert action.title in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MinesScreen)


@sync
async def test_command_palette_offers_the_same_actions(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_mines(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        wanted = {a.title for a in actions.for_scope("mines", with_global=True) if a.palette}
        assert wanted <= titles


@pytest.mark.parametrize("key", ["h", "m", "z"])
@sync
async def test_every_footer_key_has_an_action(ctx: Context, district, key: str) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if key != "h":
            await pilot.press(key)
            await settle(pilot)
        for _, binding in app.screen._bindings:
            if binding.show:
                name = binding.action.split("(")[0]
                if name.startswith("app."):  # a screen key that runs an app action
                    assert hasattr(app, f"action_{name.removeprefix('app.')}"), binding
                    continue
                assert hasattr(app.screen, f"action_{name}") or hasattr(app, f"action_{name}"), binding


# --- zones ------------------------------------------------------------------------------------------------------

async def open_zones(pilot) -> tuple[DataTable, DataTable]:
    await settle(pilot)
    await pilot.press("z")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ZonesScreen)
    return screen.query_one("#zones", DataTable), screen.query_one("#members", DataTable)


@sync
async def test_zones_of_the_year_and_the_selected_zones_mines(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        zones, members = await open_zones(pilot)
        assert column(zones, 1) == ["上党煤矿区", "苏店铁矿区", "西火石灰岩矿区"]
        assert column(zones, 3) == ["已确定", "待审批", "已确定"]
        assert names(members) == ["甲煤矿", "乙煤矿"]
        await pilot.press("4")
        await settle(pilot)
        assert column(zones, 1) == ["苏店铁矿区", "西火石灰岩矿区"]
        await pilot.press("0", "tab", "enter")  # into the mines table, open the first mine
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
        assert app.screen.mine_id == district["c"]  # the zone chosen under level 4 stays chosen


@sync
async def test_change_year_and_copy_the_list_to_next_year(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        zones, _ = await open_zones(pilot)
        screen = app.screen
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.year == 2026 and not screen.zones
        assert screen.query_one("#zones-empty", Static).display
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.year == 2025 and zones.row_count == 3
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert screen.year == 2026
        assert column(zones, 1) == ["上党煤矿区", "西火石灰岩矿区"]  # the proposal is not copied
        await pilot.press("left_square_bracket", "c", "y")  # copying onto a year that has zones is refused
        await settle(pilot)
        assert "2026" in toasts(app) and screen.year == 2025


@sync
async def test_propose_then_approve_a_district_zone(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        zones, _ = await open_zones(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ProposeDialog)
        await pilot.press("荫", "城", "矿", "区")
        dialog.query_one("#office", Select).value = "XH"
        await pilot.press("tab", "tab", "文", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ZonesScreen)
        row = column(zones, 1).index("荫城矿区")
        assert column(zones, 3)[row] == "待审批" and column(zones, 4)[row] == "XH"
        zones.move_cursor(row=row)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert column(zones, 3)[column(zones, 1).index("荫城矿区")] == "已确定"
        stored = {z.name: z for z in zone_service.list_zones(ctx, 2025)}
        assert stored["荫城矿区"].state is ZoneState.APPROVED
        await pilot.press("A", "y")  # approving it again is refused with a notification, not a crash
        await settle(pilot)
        assert toasts(app) and isinstance(app.screen, ZonesScreen)


@sync
async def test_reject_needs_a_reason(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        zones, _ = await open_zones(pilot)
        zones.move_cursor(row=column(zones, 1).index("苏店铁矿区"))
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # empty: refused, the dialog stays
        assert isinstance(app.screen, TextDialog)
        await pilot.press("不", "符", "合", "enter")
        await settle(pilot)
        assert column(zones, 3)[column(zones, 1).index("苏店铁矿区")] == "已驳回"


@sync
async def test_add_and_remove_a_mine(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        _zones, members = await open_zones(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MinePicker)
        await pilot.press("丙")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert names(members) == ["甲煤矿", "乙煤矿", "丙铁矿"]
        await pilot.press("tab", "x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert names(members) == ["乙煤矿", "丙铁矿"]


def test_default_year_prefers_this_year_then_the_latest() -> None:
    assert default_year(2025, [2023, 2025]) == 2025
    assert default_year(2025, [2022, 2024]) == 2024
    assert default_year(2025, []) == 2025


def test_run_app_refuses_an_unusable_database_with_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    args = argparse.Namespace(db=str(bad), lang=None, today=None, user=None, config=None)
    assert run_app(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err


@sync
async def test_chinese_columns_are_measured_in_cells(ctx: Context, district) -> None:
    """Every row of a column gets the width of its widest cell in terminal cells (CJK = 2), so they line up."""
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_mines(pilot)
        name_column = list(table.columns.values())[1]
        widest = max(cell_len(n) for n in [*names(table), str(name_column.label)])
        assert name_column.content_width == widest == cell_len("[b]甲[/b]矿") == 11


@sync
async def test_home_footer_has_no_dead_back_key(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.check_action("back", ())
        await pilot.press("m")
        await settle(pilot)
        assert app.check_action("back", ())
        await pilot.press("escape")  # no filter: back home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_a_dialogs_ok_and_cancel_buttons_submit_and_dismiss(ctx: Context, district) -> None:
    """The OK/cancel buttons of every form dialog go through BaseDialog: OK submits, cancel dismisses."""
    app = MineApp(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_zones(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProposeDialog)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, ZonesScreen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("甲", "区")
        app.screen.query_one("#office", Select).value = "XH"
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, ZonesScreen)
        assert "甲区" in {z.name for z in zone_service.list_zones(ctx, 2025)}
