"""MineApp: a thin shell that holds the service context, routes global keys and feeds the palette."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from minetui.domain.policy import User
from minetui.i18n import _, label
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.tui import actions

LEAVING_ACTIONS = frozenset({"quit", "go_home", "go_mines", "go_zones", "go_calendar", "go_reports",
                             "go_inspections", "go_planner", "go_leads", "go_patrols", "go_settings"})


# What works before anyone has signed in: moving between the name and password fields, and quitting.
SIGN_IN_ACTIONS = frozenset({"quit", "focus_next", "focus_previous"})


class MineApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "minetui"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.login_hint = ctx.actor  # prefills the sign-in screen: the OS login, or --user
        self._bindings = actions.bindings_map(actions.GLOBAL, self._bindings)
        self._translate_palette_key()
        self.title = _("Mine supervision")
        self._show_who()

    def _translate_palette_key(self) -> None:
        """Textual's own ctrl+p binding (the footer's right end) says "palette" in English: say it in ours."""
        keys = self._bindings.key_to_bindings
        for key, found in keys.items():
            keys[key] = [replace(b, description=_("Command palette")) if b.action == "command_palette" else b
                         for b in found]

    def on_mount(self) -> None:
        from minetui.tui.startup import freeze_heap, start_up

        start_up(self, self.ctx)
        self.call_after_refresh(freeze_heap)
        if auth.needs_sign_in(self.ctx):  # a database with users, and nobody signed in yet
            self.push_screen(self._sign_in_screen())

    def get_default_screen(self) -> Screen:
        from minetui.tui.screens.home import HomeScreen

        return HomeScreen()

    # --- who is signed in --------------------------------------------------------------------------------------

    def _sign_in_screen(self) -> Screen:
        from minetui.tui.screens.signin import SignInScreen

        return SignInScreen(self.login_hint)

    def _show_who(self) -> None:
        """The header's subtitle: the signed-in user (and role) and the database file."""
        user = self.ctx.user
        where = str(self.ctx.db_path or "")
        self.sub_title = f"{user.shown}（{label(user.role)}） · {where}" if user else where

    async def signed_in(self, user: User) -> None:
        """Continue as `user`: their name in the header and the audit trail; the screens opened from now on
        offer the user's actions (home, below the sign-in screen, has none that need a right)."""
        self.ctx.user, self.ctx.actor = user, user.name
        self._show_who()
        await self._show(None)
        refresh = getattr(self.screen, "action_refresh", None)
        if refresh is not None:
            refresh()

    def may(self, policy_action: str) -> bool:
        """Whether to offer an action needing `policy_action` (domain/policy.py) to the acting user."""
        return auth.may(self.ctx, policy_action)

    # --- navigation ------------------------------------------------------------------------------------------

    async def _show(self, screen: Screen | None) -> None:
        """Back to the home screen, then `screen` on top of it (None: stay home)."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if screen is not None:
            await self.push_screen(screen)

    async def action_go_home(self) -> None:
        await self._show(None)

    async def action_go_mines(self) -> None:
        from minetui.tui.screens.mines import MinesScreen

        await self._show(MinesScreen())

    async def action_go_zones(self) -> None:
        from minetui.tui.screens.zones import ZonesScreen

        await self._show(ZonesScreen())

    def home_office(self) -> str | None:
        """The office a list opens on: the signed-in clerk's own, else the first of config `offices`, else all."""
        user = self.ctx.user
        if user is not None and user.office_code:
            return user.office_code
        return self.ctx.config.offices[0] if self.ctx.config.offices else None

    async def action_go_calendar(self) -> None:
        from minetui.tui.screens.calendar import CalendarScreen

        await self._show(CalendarScreen(office=self.home_office()))

    async def action_go_reports(self) -> None:
        from minetui.tui.screens.report import ReportsScreen

        await self._show(ReportsScreen())

    async def action_go_patrols(self) -> None:
        from minetui.tui.screens.patrols import PatrolsScreen

        await self._show(PatrolsScreen())

    async def action_go_leads(self) -> None:
        from minetui.tui.screens.leads import LeadsScreen

        await self._show(LeadsScreen())

    async def action_go_inspections(self, kind: str) -> None:
        """The verification, survey or spot-check list ('verification', 'surveys', 'spotchecks')."""
        from minetui.tui.screens.inspection_common import inspection_screen

        await self._show(inspection_screen(kind))

    async def action_go_planner(self) -> None:
        from minetui.tui.screens.planner import PlannerScreen

        await self._show(PlannerScreen())

    async def action_go_settings(self) -> None:
        from minetui.tui.screens.settings import SettingsScreen

        await self._show(SettingsScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`esc` (back) only where there is somewhere to go back to, so the footer never shows a dead key;
        no jumping away (or quitting) from a screen that holds unsaved input (`holds_input`)."""
        if getattr(self.screen, "SIGNING_IN", False):
            return action in SIGN_IN_ACTIONS
        if action == "back":
            return len(self.screen_stack) > 1
        return not (action in LEAVING_ACTIONS and getattr(self.screen, "holds_input", False))

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from minetui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "SCOPE", actions.GLOBAL)))

    async def open_mine(self, mine_id: int) -> None:
        from minetui.tui.screens.detail import MineDetailScreen

        await self.push_screen(MineDetailScreen(mine_id))

    async def switch_database(self, path: Path) -> None:
        """Work on another database file from now on (the demo), starting again at home."""
        old = self.ctx
        self.ctx = Context.open(path, actor=self.login_hint, today=old.today, config=old.config)
        old.close()
        self._show_who()
        await self._show(None)
        if auth.needs_sign_in(self.ctx):
            await self.push_screen(self._sign_in_screen())
            return
        refresh = getattr(self.screen, "action_refresh", None)
        if refresh is not None:
            refresh()

    # --- command palette -------------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The registry's actions of the current screen and the global ones, then Textual's own."""
        scope = getattr(screen, "SCOPE", actions.GLOBAL)
        for action in actions.for_scope(scope, with_global=True, may=self.may):
            if action.palette:
                target = self if action.scope == actions.GLOBAL else screen
                yield SystemCommand(action.title, actions.key_label(action), self._runner(target, action.action))
        yield from super().get_system_commands(screen)

    def _runner(self, target: App[None] | Screen, action: str):
        def run() -> None:
            self.call_later(target.run_action, action)

        return run
