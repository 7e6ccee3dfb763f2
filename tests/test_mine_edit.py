"""Editing a mine without lost updates: the service (parsing, audit, versions) and the app's form and dialog."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static

from minetui.errors import StaleRecord
from minetui.services.core.context import Context
from minetui.services.mines.edit import MineEditRefused, edit_view, update_mine
from minetui.store import audit
from minetui.tui.app import MineApp
from minetui.tui.screens.detail import MineDetailScreen
from minetui.tui.screens.mine_edit import MineEditScreen, StaleDialog
from tests.factories import add_mine, add_office
from tests.tui_helpers import settle, sync

LICENCE = "C1404002009121120046101"


@pytest.fixture
def mine_id(ctx: Context) -> int:
    add_office(ctx)
    return add_mine(ctx, LICENCE, "甲煤矿", area_km2=1.2345, depth_top_m=1150, depth_bottom_m=850,
                    valid_from=date(2019, 3, 17), valid_to=date(2029, 3, 17))


def row(ctx: Context, mine_id: int) -> dict:
    return dict(ctx.conn.execute("SELECT * FROM mines WHERE id = ?", (mine_id,)).fetchone())


def second(ctx: Context) -> Context:
    """Another clerk: a second connection to the same file."""
    return Context.open(ctx.db_path, actor="clerk2", today=ctx.today)


def test_update_parses_like_the_import_saves_and_audits(ctx: Context, mine_id: int) -> None:
    saved = update_mine(ctx, mine_id, {"name": "甲煤矿（整合）", "method": "露天", "scale": "中型",
                                       "area_km2": "2.5平方公里", "valid_to": "2030年3月17日",
                                       "villages": "东村，西村", "forest_grass": "是", "town": "苏店镇"}, 1)
    stored = row(ctx, mine_id)
    assert stored["version"] == saved["version"] == 2
    assert (stored["name"], stored["method"], stored["scale"], stored["area_km2"]) == (
        "甲煤矿（整合）", "open_pit", "medium", 2.5)
    assert (stored["valid_to"], stored["villages"], stored["forest_grass"]) == ("2030-03-17", "东村、西村", 1)
    entry = audit.history(ctx.conn, "mine", mine_id)[0]
    assert (entry["actor"], entry["action"]) == ("tester", "mine.update")
    assert json.loads(entry["before"])["name"] == "甲煤矿" and json.loads(entry["after"])["name"] == "甲煤矿（整合）"
    assert json.loads(entry["after"])["version"] == 2
    assert audit.first_broken_row(ctx.conn) is None


def test_no_change_writes_nothing(ctx: Context, mine_id: int) -> None:
    before = audit.count(ctx.conn)
    update_mine(ctx, mine_id, {"name": "甲煤矿", "area_km2": "1.2345"}, 1)
    assert row(ctx, mine_id)["version"] == 1 and audit.count(ctx.conn) == before


def test_invalid_values_are_refused_field_by_field_and_nothing_is_written(ctx: Context, mine_id: int) -> None:
    before = row(ctx, mine_id)
    with pytest.raises(MineEditRefused) as refused:
        update_mine(ctx, mine_id, {"name": "新名", "holder": " ", "valid_from": "2025年2月30日",
                                   "area_km2": "一点二", "method": "挖", "credit_code": "123"}, 1)
    fields = {p.field: p.message for p in refused.value.problems}
    assert set(fields) == {"holder", "valid_from", "area_km2", "method", "credit_code"}
    assert fields["holder"] == "必填项为空" and fields["valid_from"] == "无法识别的日期"
    assert "露天" in fields["method"]
    assert row(ctx, mine_id) == before


def test_order_is_checked_against_the_stored_other_half(ctx: Context, mine_id: int) -> None:
    with pytest.raises(MineEditRefused) as refused:
        update_mine(ctx, mine_id, {"depth_bottom_m": "1200米"}, 1)
    assert refused.value.problems[0].field == "depth_bottom_m"
    with pytest.raises(MineEditRefused):
        update_mine(ctx, mine_id, {"valid_from": "2030-01-01"}, 1)
    assert row(ctx, mine_id)["version"] == 1


def test_blank_optional_fields_clear_them(ctx: Context, mine_id: int) -> None:
    update_mine(ctx, mine_id, {"area_km2": "", "scale": "", "depth_top_m": "", "depth_bottom_m": ""}, 1)
    stored = row(ctx, mine_id)
    assert stored["area_km2"] is None and stored["scale"] is None and stored["depth_top_m"] is None


def test_two_optimistic_edits_exactly_one_wins(ctx: Context, mine_id: int) -> None:
    other = second(ctx)
    try:
        mine_version = edit_view(ctx, mine_id).version
        their_version = edit_view(other, mine_id).version
        update_mine(other, mine_id, {"holder": "他们的公司"}, their_version)
        with pytest.raises(StaleRecord) as stale:
            update_mine(ctx, mine_id, {"holder": "我的公司"}, mine_version)
    finally:
        other.close()
    assert (stale.value.expected, stale.value.found) == (1, 2)
    assert "1" in str(stale.value) and "2" in str(stale.value) and LICENCE in str(stale.value)
    assert row(ctx, mine_id)["holder"] == "他们的公司"
    assert [e["actor"] for e in audit.history(ctx.conn, "mine", mine_id)] == ["clerk2"]


def test_edit_view_is_form_text_that_saves_back_unchanged(ctx: Context, mine_id: int) -> None:
    view = edit_view(ctx, mine_id)
    assert view.values["area_km2"] == "1.2345" and view.values["depth_top_m"] == "1150"
    assert view.values["method"] == "underground" and view.values["forest_grass"] == "0"
    before = audit.count(ctx.conn)
    update_mine(ctx, mine_id, view.values, view.version)
    assert audit.count(ctx.conn) == before


# --- the app --------------------------------------------------------------------------------------------------


def shows(static: Static) -> str:
    console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


async def open_form(pilot, app: MineApp, mine_id: int) -> MineEditScreen:
    await settle(pilot)
    await app.open_mine(mine_id)
    await settle(pilot)
    assert isinstance(app.screen, MineDetailScreen)
    await pilot.press("E")
    await settle(pilot)
    assert isinstance(app.screen, MineEditScreen)
    return app.screen


async def type_name(pilot, form: MineEditScreen, text: str) -> None:
    name = form.query_one("#f-name", Input)
    name.focus()
    name.value = ""
    await pilot.press(*text)


@sync
async def test_the_form_saves_and_the_detail_shows_it(ctx: Context, mine_id: int) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, app, mine_id)
        await type_name(pilot, form, "[b]new[/b]")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
        assert "[b]new[/b]" in shows(app.screen.query_one("#detail-content", Static))
    assert row(ctx, mine_id)["name"] == "[b]new[/b]"


@sync
async def test_a_refused_value_is_shown_next_to_its_field(ctx: Context, mine_id: int) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, app, mine_id)
        form.query_one("#f-valid_to", Input).value = "明年"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is form
        problem = form.query_one("#problem-valid_to", Static)
        assert problem.display and "无法识别的日期" in shows(problem)
    assert row(ctx, mine_id)["version"] == 1


@sync
async def test_a_stale_save_shows_both_values_and_reload_takes_theirs(ctx: Context, mine_id: int) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, app, mine_id)
        await type_name(pilot, form, "my name")
        other = second(ctx)
        try:
            update_mine(other, mine_id, {"name": "their name", "town": "西火镇"}, 1)
        finally:
            other.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaleDialog)
        table = shows(app.screen.query_one("#stale-table", Static))
        assert "their name" in table and "my name" in table and "西火镇" in table
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-name", Input).value == "their name"
        assert form.query_one("#f-town", Input).value == "西火镇"
        assert form.view.version == 2
    stored = row(ctx, mine_id)
    assert (stored["name"], stored["version"]) == ("their name", 2)


@sync
async def test_keep_editing_keeps_my_change_and_their_other_fields(ctx: Context, mine_id: int) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, app, mine_id)
        await type_name(pilot, form, "my name")
        form.query_one("#f-forest_grass", Select).value = "1"
        other = second(ctx)
        try:
            update_mine(other, mine_id, {"holder": "他们的公司"}, 1)
        finally:
            other.close()
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, StaleDialog)
        await pilot.press("k")
        await settle(pilot)
        assert form.query_one("#f-holder", Input).value == "他们的公司"
        assert form.query_one("#f-name", Input).value == "my name"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
    stored = row(ctx, mine_id)
    assert (stored["name"], stored["holder"], stored["forest_grass"], stored["version"]) == (
        "my name", "他们的公司", 1, 3)


MARKUP = ("[b]粗[/b]", "[link=http://x]点我[/link]", "[red", "[@click=app.quit]x[/]", "⛏️🏔️ 矿")


@sync
async def test_markup_looking_text_is_shown_as_typed_in_list_and_detail(ctx: Context, mine_id: int) -> None:
    from textual.widgets import DataTable

    from minetui.tui.screens.mines import MinesScreen

    for index, text in enumerate(MARKUP):
        other = add_mine(ctx, f"C14040020091211200{index:05d}", f"矿{index}")
        update_mine(ctx, other, {"name": text, "holder": text}, 1)
    app = MineApp(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MinesScreen)
        table = app.screen.query_one("#mines", DataTable)
        cells = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert set(MARKUP) <= cells
        await app.open_mine(mine_id + 2)  # the mine named "[link=http://x]点我[/link]"
        await settle(pilot)
        assert "[link=http://x]点我[/link]" in shows(app.screen.query_one("#detail-content", Static))
