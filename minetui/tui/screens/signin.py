"""Sign-in: shown first when the database has users and nobody is signed in.

The user name is prefilled (the OS login, or --user); the password is masked. Enter in the name moves to the
password, Enter in the password signs in (in a worker: scrypt takes a moment); a refusal says so and clears
the password; esc quits. Text typed here is never read as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from minetui.domain.policy import User
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import sign_in
from minetui.tui.screens.base import DbMixin


class SignInScreen(DbMixin, Screen[None]):
    """User name and password; on success the app continues at home with the user's rights."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.quit", "Quit")]
    SIGNING_IN = True  # MineApp.check_action: nothing but quitting until someone signs in
    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    #signin-box { width: 60; max-width: 100%; height: auto; border: thick $accent; padding: 1 2; }
    #signin-box Input { margin: 0 0 1 0; }
    #signin-message { height: auto; }
    """

    def __init__(self, name_hint: str = "") -> None:
        super().__init__()
        self.name_hint = name_hint

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="signin-box"):
            yield Static(Text(_("Sign in"), style="bold"))
            yield Static(Text(_("This database has users: sign in to work with your rights."), style="dim"))
            yield Input(self.name_hint, placeholder=_("User name"), id="signin-name")
            yield Input(placeholder=_("Password"), password=True, id="signin-password")
            yield Static(Text(_("Enter signs in · esc quits"), style="dim"), id="signin-message")

    def on_mount(self) -> None:
        target = "#signin-password" if self.name_hint else "#signin-name"
        self.query_one(target, Input).focus()

    @on(Input.Submitted, "#signin-name")
    def _to_password(self) -> None:
        self.query_one("#signin-password", Input).focus()

    @on(Input.Submitted, "#signin-password")
    def _submit(self) -> None:
        name = self.query_one("#signin-name", Input).value.strip()
        password = self.query_one("#signin-password", Input).value
        if not name:
            self._say(_("Type your user name."), error=True)
            self.query_one("#signin-name", Input).focus()
            return
        self._say(_("Signing in …"))
        self.db("signin", lambda ctx: sign_in(ctx, name, password))

    def db_signin(self, user: User) -> None:
        # After this handler returns: signed_in pops this screen, which must not wait on its own handler.
        self.mine_app.call_later(self.mine_app.signed_in, user)

    def db_signin_failed(self, error: BaseException) -> None:
        self._say(str(error) if isinstance(error, ServiceError) else _("Sign-in failed."), error=True)
        password = self.query_one("#signin-password", Input)
        password.value = ""
        password.focus()

    def report_error(self, error: BaseException) -> None:
        """A refused sign-in is said on the screen itself (db_signin_failed), not as a notification."""

    def _say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#signin-message", Static).update(Text(message, style="bold red" if error else "dim"))
