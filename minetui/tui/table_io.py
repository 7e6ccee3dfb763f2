"""Copy and export from any table of the app, and saved views: shared by the report, mines and zones screens.

`y` copies rows as TSV through App.copy_to_clipboard (OSC 52, so it works over SSH and pastes into Excel
as cells); `e` asks for a file (default: the user's Documents or Downloads folder) and writes the whole
filtered table there as XLSX or CSV, with its provenance, in a worker; `v` saves the current filter and sort
under a name, `V` lists the saved views and opens one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from minetui.i18n import _
from minetui.io.output import Column, tsv
from minetui.services.core.context import Context
from minetui.services.reporting.catalogue import run_report, write_report_file
from minetui.services.reporting.model import ReportResult
from minetui.services.reporting.views import SavedView, list_views, save_view
from minetui.tui.screens.base import BaseDialog
from minetui.tui.widgets.dialogs import TextDialog


def export_dir() -> Path:
    """The user's Documents folder, else Downloads, else home (platformdirs; never created here)."""
    from platformdirs import user_documents_path, user_downloads_path

    for folder in (user_documents_path(), user_downloads_path()):
        if folder.is_dir():
            return folder
    return Path.home()


def default_export_path(name: str, today: date, folder: Path | None = None) -> Path:
    """`<folder>/<name>-<today>.xlsx`."""
    return (folder or export_dir()) / f"{name}-{today.isoformat()}.xlsx"


def export_path(answer: str) -> Path:
    """The path typed: `~` expanded; without a .xlsx or .csv suffix, .xlsx is added."""
    path = Path(answer).expanduser()
    return path if path.suffix.lower() in (".xlsx", ".csv") else path.with_name(path.name + ".xlsx")


class PathDialog(TextDialog):
    """Ask for a file name, the default filled in."""

    def __init__(self, title: str, prompt: str, default: str) -> None:
        super().__init__(title, prompt)
        self.default = default

    def on_mount(self) -> None:
        box = self.query_one("#answer", Input)
        box.value = self.default
        box.cursor_position = len(self.default)
        box.focus()


class ViewPicker(BaseDialog):
    """The user's saved views; Enter opens one (dismisses with the SavedView)."""

    def __init__(self) -> None:
        super().__init__()
        self.views: list[SavedView] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(Text(_("Saved views"), style="bold"))
            yield OptionList(id="views")
            yield Static(Text(_("Enter opens, esc cancels."), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#views", OptionList).focus()
        self.db("views", list_views)

    def db_views(self, views: list[SavedView]) -> None:
        self.views = views
        options = self.query_one("#views", OptionList)
        options.clear_options()
        if not views:
            options.add_option(Option(Text(_("No saved views yet: press v on a list to save one.")), disabled=True))
        for index, view in enumerate(views):
            options.add_option(Option(Text(f"{view.name}  ·  {view.report_name}"), id=str(index)))
        options.highlighted = 0 if views else None

    @on(OptionList.OptionSelected, "#views")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.views[int(event.option.id)])


class TableIO:
    """Mixed into a screen (a DbMixin): copy rows, export a whole table, save a view."""

    def copy_rows(self, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> str:
        """Copy the rows (with a title line) as TSV to the clipboard; returns the text."""
        text = tsv(columns, rows)
        self.app.copy_to_clipboard(text)  # type: ignore[attr-defined]
        self.notify(_("Copied {n} rows (tab-separated).").format(n=len(rows)))  # type: ignore[attr-defined]
        return text

    def ask_export(self, name: str, fetch: Callable[[Context], ReportResult]) -> None:
        """Ask for a file, then `fetch(ctx)` the whole table in a worker and write it there."""
        ctx: Context = self.ctx  # type: ignore[attr-defined]
        default = str(default_export_path(name, ctx.today))

        def chosen(answer: str | None) -> None:
            if answer:
                path = export_path(answer)
                self.db("export", lambda c: (path, write_report_file(c, fetch(c), path)))  # type: ignore[attr-defined]

        self.app.push_screen(  # type: ignore[attr-defined]
            PathDialog(_("Export the table"), _("File (.xlsx or .csv):"), default), chosen)

    def export_report(self, name: str, params: Mapping[str, Any]) -> None:
        """Export catalogue report `name` run with `params` (the screen's filter) in full."""
        self.ask_export(name, lambda ctx: run_report(ctx, name, dict(params)))

    def db_export(self, done: tuple[Path, int]) -> None:
        path, count = done
        self.notify(_("Exported {count} rows to {path}").format(count=count, path=path),  # type: ignore[attr-defined]
                    markup=False)

    def ask_save_view(self, screen: str, filter: Mapping[str, Any], sort_key: str | None = None,
                      descending: bool = False) -> None:
        """Ask for a name and save the view (replacing the user's view of that name)."""

        def chosen(name: str | None) -> None:
            if name:
                self.db("view-saved", lambda c: save_view(  # type: ignore[attr-defined]
                    c, name, screen, filter, sort_key=sort_key, descending=descending))

        self.app.push_screen(  # type: ignore[attr-defined]
            TextDialog(_("Save this view"), _("Name of the view:")), chosen)

    def db_view_saved(self, view: SavedView) -> None:
        self.notify(_("Saved the view “{name}”.").format(name=view.name), markup=False)  # type: ignore[attr-defined]

    def ask_open_view(self) -> None:
        async def chosen(view: SavedView | None) -> None:
            if view is not None:
                await open_view(self.app, view)  # type: ignore[attr-defined]

        self.app.push_screen(ViewPicker(), chosen)  # type: ignore[attr-defined]


async def open_view(app: Any, view: SavedView) -> None:
    """Show a saved view: the mine list with its filter and sort, or the report screen."""
    from minetui.services.reporting.views import MINES_SCREEN, view_params

    if view.report_name == MINES_SCREEN:
        from minetui.services.mines.browse import MineQuery
        from minetui.tui.screens.mines import MinesScreen

        params = view.filter
        query = MineQuery(str(params.get("text") or ""), str(params.get("sort") or "licence_no"),
                          bool(params.get("descending")))
        await app.push_screen(MinesScreen(query))
        return
    from minetui.tui.screens.report import ReportScreen

    await app.push_screen(ReportScreen(view.report_name, view_params(view), sort_key=view.sort_key,
                                       descending=view.descending, view_name=view.name))
