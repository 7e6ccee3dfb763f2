"""The settings screen, driven by keys through Pilot on real SQLite files: the admin edits a setting in a dialog
that refuses a bad value in words and keeps what was typed; everyone else reads it only. The database is checked
afterwards; one SVG snapshot at 80×24."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from minetui.domain.policy import Role
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.store import audit
from minetui.store import settings as store
from minetui.tui.app import MineApp
from minetui.tui.screens.settings import SettingDialog, SettingsScreen
from tests.test_tui_signin import text_of
from tests.tui_helpers import build_district, settle, sync

SIZE = (80, 24)
PW = "a-good-password"
CLOSURES_ROW = 0  # the registry's order: the bureau's closures first


async def open_settings(pilot) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def edit_row(pilot, row: int) -> SettingDialog:
    table = pilot.app.screen.query_one("#settings-table", DataTable)
    table.move_cursor(row=row)
    await pilot.press("e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, SettingDialog)
    return dialog


async def type_value(pilot, dialog: SettingDialog, text: str) -> None:
    dialog.query_one("#setting-value", Input).value = ""
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


@sync
async def test_the_admin_changes_a_setting_and_a_bad_value_is_explained_without_losing_it(ctx: Context) -> None:
    build_district(ctx)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        labels = [str(screen.query_one("#settings-table", DataTable).get_row_at(i)[0]) for i in range(3)]
        assert labels[0] == "本局停工日"  # the label, not only the key
        dialog = await edit_row(pilot, CLOSURES_ROW)
        await type_value(pilot, dialog, "2025-10-09,2025-02-30")
        assert app.screen is dialog  # still open, the text kept, the reason in words
        assert dialog.query_one("#setting-value", Input).value == "2025-10-09,2025-02-30"
        error = text_of(dialog.query_one("#setting-error", Static))
        assert "2025-02-30" in error and "不是日期" in error
        assert store.get_setting(ctx.conn, "calendar.closures") is None
        await pilot.press(*["backspace"] * 4, *"3-01")  # correct the typo: …-02-30 → …-03-01
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        table = app.screen.query_one("#settings-table", DataTable)
        assert "已设置" in str(table.get_row_at(CLOSURES_ROW)[2])
    assert store.get_setting(ctx.conn, "calendar.closures") == "2025-03-01, 2025-10-09"
    [row] = audit.log(ctx.conn, entity="setting")
    assert (row["action"], row["entity_id"]) == ("setting.put", "calendar.closures")


@sync
async def test_x_puts_a_setting_back_to_its_default_after_asking(ctx: Context) -> None:
    build_district(ctx)
    from minetui.services.core import settings

    settings.set_setting(ctx, "visits.capacity", "5")
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        row = [r.setting.key for r in screen.rows].index("visits.capacity")
        screen.query_one("#settings-table", DataTable).move_cursor(row=row)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert store.get_setting(ctx.conn, "visits.capacity") is None
    assert audit.log(ctx.conn, entity="setting")[0]["action"] == "setting.reset"


@sync
async def test_a_supervisor_reads_the_settings_but_cannot_change_them(ctx: Context) -> None:
    build_district(ctx)
    auth.add_user(ctx, "boss", PW, Role.ADMIN)
    auth.sign_in(ctx, "boss", PW)
    auth.add_user(ctx, "leader", PW, Role.SUPERVISOR)
    assert ctx.db_path is not None
    leader = Context.open(ctx.db_path, actor="leader", today=date(2025, 6, 15))
    auth.sign_in(leader, "leader", PW)
    app = MineApp(leader)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            assert "只读" in text_of(screen.query_one("#settings-calendar", Static))
            assert "e" not in {b.key for b in screen.active_bindings.values() if b.binding.action == "edit"}
            await pilot.press("e", "enter", "x")
            await settle(pilot)
            assert isinstance(app.screen, SettingsScreen)  # no dialog opened
    finally:
        leader.close()
    assert audit.log(ctx.conn, entity="setting") == []


@sync
async def test_the_screen_warns_about_a_year_the_calendar_does_not_know(ctx: Context) -> None:
    from minetui.services.core.workcalendar import official

    build_district(ctx)
    ctx.today = date(official().last_year, 11, 29)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        calendar = text_of(screen.query_one("#settings-calendar", Static))
        assert "chinesecalendar" in calendar and f"{official().last_year + 1}年" in calendar


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app on the small district; the database path is relative so the header is the same every run."""
    monkeypatch.chdir(tmp_path)
    ctx = Context.open(Path("minetui.db"), actor="tester", today=date(2025, 6, 15))
    build_district(ctx)
    yield MineApp(ctx)
    ctx.close()


def test_settings_snapshot(snap_compare, app: MineApp) -> None:
    """`,` from home: the calendar line, the settings with label, value, source and key, what the first means."""

    async def open_screen(pilot) -> None:
        await open_settings(pilot)

    assert snap_compare(app, run_before=open_screen, terminal_size=SIZE)
