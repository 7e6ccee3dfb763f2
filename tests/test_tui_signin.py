"""The app's sign-in screen and the actions it hides, driven by keys through Pilot on real SQLite files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Static

from minetui.domain.policy import Role
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.tui import actions
from minetui.tui.app import MineApp
from minetui.tui.screens.help import HelpScreen, help_table
from minetui.tui.screens.home import HomeScreen
from minetui.tui.screens.signin import SignInScreen
from minetui.tui.screens.zones import ZonesScreen
from tests.tui_helpers import build_district, settle, sync

SIZE = (80, 24)
PW = "a-good-password"


def with_users(ctx: Context) -> Path:
    """The TUI test district plus an admin and a supervisor; returns the file."""
    build_district(ctx)
    auth.add_user(ctx, "boss", PW, Role.ADMIN, display_name="王局长")
    auth.sign_in(ctx, "boss", PW)
    auth.add_user(ctx, "leader", PW, Role.SUPERVISOR, display_name="李领导")
    assert ctx.db_path is not None
    return ctx.db_path


def fresh(path: Path, actor: str = "leader") -> Context:
    return Context.open(path, actor=actor, today=date(2025, 6, 15))


def text_of(static: Static) -> str:
    console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


def signed_in_as(path: Path, name: str) -> Context:
    ctx = fresh(path, name)
    auth.sign_in(ctx, name, PW)
    return ctx


@sync
async def test_a_wrong_password_says_so_and_the_right_one_opens_home(ctx: Context) -> None:
    app_ctx = fresh(with_users(ctx))
    app = MineApp(app_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        name, password = app.screen.query_one("#signin-name", Input), app.screen.query_one("#signin-password", Input)
        assert name.value == "leader" and password.password and app.focused is password  # prefilled, masked
        await pilot.press(*"wrong-password", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app_ctx.user is None
        assert "密码" in text_of(app.screen.query_one("#signin-message", Static)) and password.value == ""
        await pilot.press("m")  # typed into the password field, no jump to the mines list
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        password.value = ""
        await pilot.press(*PW, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        assert app_ctx.user is not None and app_ctx.user.name == "leader" and app_ctx.actor == "leader"
        assert "李领导" in app.sub_title
    app_ctx.close()


@sync
async def test_esc_on_the_sign_in_screen_quits(ctx: Context) -> None:
    app = MineApp(fresh(with_users(ctx)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app._exit
    app.ctx.close()


@sync
async def test_no_sign_in_without_users_or_with_a_signed_in_context(ctx: Context, tmp_path: Path) -> None:
    build_district(ctx)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    path = with_users(fresh(tmp_path / "other.db"))
    signed = signed_in_as(path, "boss")
    app = MineApp(signed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and "王局长" in app.sub_title
    signed.close()


def zone_action_ids(app: MineApp) -> set[str]:
    return {b.id or "" for b in app.screen._bindings if b.id}


@sync
async def test_a_supervisor_does_not_see_writing_actions_and_an_admin_does(ctx: Context) -> None:
    path = with_users(ctx)
    for name, shown in (("leader", False), ("boss", True)):
        session = signed_in_as(path, name)
        app = MineApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("z")
            await settle(pilot)
            assert isinstance(app.screen, ZonesScreen)
            writing = {"zones.copy", "zones.add", "zones.remove", "zones.propose", "zones.approve", "zones.reject"}
            ids = {b.id for bindings in app.screen._bindings.key_to_bindings.values() for b in bindings}
            assert (writing <= ids) is shown and (writing.isdisjoint(ids)) is not shown
            assert {"zones.export", "zones.prev_year"} <= ids  # reading and exporting stay
            titles = {c.title for c in app.get_system_commands(app.screen)}
            approve = next(a for a in actions.ACTIONS if a.id == "zones.approve")
            assert (approve.title in titles) is shown
            footer_keys = {b.binding.key for b in app.screen.active_bindings.values()}
            assert ("c" in footer_keys) is shown  # copy to next year
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            help_text = text_of(app.screen.query_one("#help-keys", Static))
            assert ("A " in help_text or "\nA" in help_text) is shown
        session.close()


def test_help_table_filters_by_the_policy() -> None:
    def rows(may) -> int:
        return help_table("zones", may).row_count

    assert rows(None) == rows(lambda action: True) > rows(lambda action: False)


@sync
async def test_the_refusal_holds_even_if_an_action_is_run_by_hand(ctx: Context) -> None:
    """Hidden is not the protection: the service refuses a supervisor's zone decision anyway."""
    from minetui.services.mines import zones

    path = with_users(ctx)
    session = signed_in_as(path, "leader")
    proposal = next(z for z in zones.list_zones(session, 2025) if str(z.state) == "proposed")
    try:
        zones.approve_zone(session, proposal.id, proposal.version)
    except auth.PermissionDenied:
        pass
    else:
        raise AssertionError("a supervisor approved a zone")
    session.close()


@sync
async def test_a_clerk_whose_os_login_differs_moves_back_to_the_name_and_signs_in(ctx: Context) -> None:
    """The name is prefilled from the OS login, but shift+tab reaches it (focus keys work before sign-in)."""
    app_ctx = fresh(with_users(ctx), actor="root")
    app = MineApp(app_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        name = app.screen.query_one("#signin-name", Input)
        assert name.value == "root" and app.focused is not name
        await pilot.press("shift+tab")
        assert app.focused is name
        name.value = ""
        await pilot.press(*"boss", "tab", *PW, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app_ctx.user is not None and app_ctx.user.name == "boss"
    app_ctx.close()


@sync
async def test_a_clerk_opens_the_patrol_calendar_on_their_own_office(ctx: Context) -> None:
    path = with_users(ctx)
    auth.add_user(ctx, "xh", PW, Role.OFFICE_CLERK, office="XH", display_name="西火所巡查员")
    clerk = signed_in_as(path, "xh")
    app = MineApp(clerk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        from minetui.tui.screens.calendar import CalendarScreen

        assert isinstance(app.screen, CalendarScreen) and app.screen.office == "XH"
    clerk.close()
