"""What every screen shares: bindings from the actions registry, the service context, worker results."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable
from textual.worker import Worker

from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.tui import actions
from minetui.tui.workers import DbResult, run_db

if TYPE_CHECKING:
    from minetui.tui.app import MineApp


class DbMixin:
    """Runs service calls in thread workers and routes their results to `db_<tag>` methods."""

    @property
    def ctx(self) -> Context:
        return self.mine_app.ctx

    @property
    def mine_app(self) -> MineApp:
        return self.app  # type: ignore[attr-defined,no-any-return]

    def db(self, tag: str, fn: Callable[[Context], Any]) -> Worker[None]:
        """Call `fn(ctx)` off the UI thread; `db_<tag>(value)` receives the result (tag '-' → '_')."""
        return run_db(self, self.ctx, tag, fn)  # type: ignore[arg-type]

    async def on_db_result(self, message: DbResult) -> None:
        message.stop()
        name = message.tag.replace("-", "_")
        if message.error is not None:
            self.report_error(message.error)
            failed = getattr(self, f"db_{name}_failed", None)
            if failed is not None:
                failed(message.error)
            return
        result = getattr(self, f"db_{name}")(message.value)
        if inspect.isawaitable(result):
            await result

    def report_error(self, error: BaseException) -> None:
        """A refusal as a notification; anything else too, with its type (the app keeps running)."""
        if isinstance(error, ServiceError):
            self.notify(str(error), title=_("Refused"), severity="error", markup=False)  # type: ignore[attr-defined]
        else:
            self.notify(f"{type(error).__name__}: {error}", title=_("Unexpected error"),  # type: ignore[attr-defined]
                        severity="error", markup=False, timeout=15)


class BaseScreen(DbMixin, Screen[None]):
    """A full screen whose keys come from the actions registry entries of `SCOPE`."""

    SCOPE = actions.GLOBAL

    def __init__(self) -> None:
        super().__init__()
        # Built per instance so the descriptions are in the language chosen at start-up, and without the
        # actions the signed-in user may never do (domain/policy.py; the services refuse them anyway).
        self._bindings = actions.bindings_map(self.SCOPE, self._bindings, may=app_may(self))

    # --- j/k/g/G on a screen's table (screens that page through SQL define their own) ----------------------

    def _list_table(self) -> DataTable | None:
        """The focused table, else the screen's first one."""
        if isinstance(self.focused, DataTable):
            return self.focused
        tables = self.query(DataTable)
        return tables.first() if tables else None

    def action_cursor_down(self) -> None:
        if (table := self._list_table()) is not None:
            table.action_cursor_down()

    def action_cursor_up(self) -> None:
        if (table := self._list_table()) is not None:
            table.action_cursor_up()

    def action_cursor_first(self) -> None:
        if (table := self._list_table()) is not None and table.row_count:
            table.move_cursor(row=0)

    def action_cursor_last(self) -> None:
        if (table := self._list_table()) is not None and table.row_count:
            table.move_cursor(row=table.row_count - 1)


def app_may(node: object) -> actions.Allowed:
    """The running MineApp's `may` (None outside a MineApp: everything shown)."""
    try:
        app = node.app  # type: ignore[attr-defined]
    except Exception:  # no active app (a screen built outside one)
        return None
    return getattr(app, "may", None)


class BaseDialog(DbMixin, ModalScreen[Any]):
    """A modal dialog: esc cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def submit(self) -> None:
        """What the dialog's OK button (id "ok") does; a dialog that has one overrides this."""

    @on(Button.Pressed, "#ok")
    def _ok_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
