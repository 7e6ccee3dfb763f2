"""The one registry of the app's actions: id, description (an English msgid), default keys, where it applies.

It feeds the key bindings (each with `id=` so `App.set_keymap()` can remap it), the footer, the help
screen and the command palette, so that the four never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from minetui.i18n import _

GLOBAL = "global"


@dataclass(frozen=True, slots=True)
class AppAction:
    """One user action. `action` is the Textual action string run on the scope's screen (or the app)."""

    id: str
    action: str
    keys: str
    description: str  # English msgid, translated when shown
    scope: str = GLOBAL
    footer: bool = False
    key_display: str | None = None
    palette: bool = True

    @property
    def title(self) -> str:
        return _(self.description)


ACTIONS: tuple[AppAction, ...] = (
    AppAction("app.quit", "quit", "q", "Quit", footer=True),
    AppAction("app.help", "help", "question_mark", "Help", footer=True, key_display="?"),
    AppAction("app.back", "back", "escape", "Back", footer=True, key_display="esc"),
    AppAction("app.home", "go_home", "h", "Home"),
    AppAction("app.mines", "go_mines", "m", "Mines"),
    AppAction("app.zones", "go_zones", "z", "Key monitoring zones"),
    AppAction("app.calendar", "go_calendar", "p", "Patrol calendar"),
    AppAction("app.reports", "go_reports", "b", "Reports"),
    AppAction("app.palette", "command_palette", "ctrl+p", "Command palette", key_display="^p", palette=False),
    AppAction("home.demo", "open_demo", "d", "Open the demo database", scope="home"),
    AppAction("home.refresh", "refresh", "r", "Refresh", scope="home"),
    AppAction("mines.filter", "focus_filter", "slash", "Filter", scope="mines", footer=True, key_display="/"),
    AppAction("mines.clear", "leave_filter", "escape", "Clear the filter, or go back", scope="mines",
              key_display="esc"),
    AppAction("mines.sort", "cycle_sort", "s", "Sort", scope="mines", footer=True),
    AppAction("mines.reverse", "reverse_sort", "S", "Reverse the sort order", scope="mines"),
    AppAction("mines.down", "cursor_down", "j", "Next row", scope="mines", palette=False),
    AppAction("mines.up", "cursor_up", "k", "Previous row", scope="mines", palette=False),
    AppAction("mines.first", "first", "g", "First row", scope="mines"),
    AppAction("mines.last", "last", "G", "Last row", scope="mines"),
    AppAction("mines.open", "open", "enter", "Open the mine", scope="mines", footer=True, key_display="⏎"),
    AppAction("mines.copy", "copy", "y", "Copy the rows shown (TSV)", scope="mines"),
    AppAction("mines.export", "export", "e", "Export the filtered list (XLSX/CSV)", scope="mines", footer=True),
    AppAction("mines.save_view", "save_view", "v", "Save this filter and sort as a view", scope="mines"),
    AppAction("mines.open_view", "open_view", "V", "Open a saved view", scope="mines"),
    AppAction("detail.down", "scroll_body(1)", "j", "Scroll down", scope="detail", palette=False),
    AppAction("detail.up", "scroll_body(-1)", "k", "Scroll up", scope="detail", palette=False),
    AppAction("zones.prev_year", "year(-1)", "left_square_bracket", "Previous year", scope="zones",
              footer=True, key_display="["),
    AppAction("zones.next_year", "year(1)", "right_square_bracket", "Next year", scope="zones", footer=True,
              key_display="]"),
    AppAction("zones.level_all", "level(0)", "0", "All levels", scope="zones"),
    AppAction("zones.level_national", "level(1)", "1", "National zones only", scope="zones"),
    AppAction("zones.level_provincial", "level(2)", "2", "Provincial zones only", scope="zones"),
    AppAction("zones.level_municipal", "level(3)", "3", "Municipal zones only", scope="zones"),
    AppAction("zones.level_district", "level(4)", "4", "District zones only", scope="zones"),
    AppAction("zones.copy", "copy_year", "c", "Copy to next year", scope="zones", footer=True),
    AppAction("zones.add", "add_mine", "a", "Add a mine to the zone", scope="zones"),
    AppAction("zones.remove", "remove_mine", "x", "Remove the mine from the zone", scope="zones"),
    AppAction("zones.propose", "propose", "p", "Propose a district zone", scope="zones"),
    AppAction("zones.approve", "approve", "A", "Approve the proposal", scope="zones"),
    AppAction("zones.reject", "reject", "R", "Reject the proposal", scope="zones"),
    AppAction("zones.open", "open_mine", "enter", "Open the mine", scope="zones", key_display="⏎"),
    AppAction("zones.copy_rows", "copy_rows", "y", "Copy the zone's mines (TSV)", scope="zones"),
    AppAction("zones.export", "export", "e", "Export the year's zone list (XLSX/CSV)", scope="zones"),
    AppAction("report.prev_page", "page(-1)", "left_square_bracket", "Previous page", scope="report",
              footer=True, key_display="["),
    AppAction("report.next_page", "page(1)", "right_square_bracket", "Next page", scope="report", footer=True,
              key_display="]"),
    AppAction("report.sort", "cycle_sort", "s", "Sort by the next column", scope="report", footer=True),
    AppAction("report.reverse", "reverse_sort", "S", "Reverse the sort order", scope="report"),
    AppAction("report.copy", "copy", "y", "Copy the rows shown (TSV)", scope="report", footer=True),
    AppAction("report.export", "export", "e", "Export the whole table (XLSX/CSV)", scope="report", footer=True),
    AppAction("report.save_view", "save_view", "v", "Save as a view", scope="report", footer=True),
    AppAction("report.open_view", "open_view", "V", "Open a saved view", scope="report"),
    AppAction("reports.open_view", "open_view", "V", "Open a saved view", scope="reports", footer=True),
    AppAction("detail.new_patrol", "new_patrol", "n", "New patrol record", scope="detail", footer=True),
    AppAction("calendar.new_patrol", "new_patrol", "n", "New patrol record", scope="calendar", footer=True),
    AppAction("calendar.prev", "shift(-1)", "left_square_bracket", "Previous period", scope="calendar",
              footer=True, key_display="["),
    AppAction("calendar.next", "shift(1)", "right_square_bracket", "Next period", scope="calendar", footer=True,
              key_display="]"),
    AppAction("calendar.view", "toggle_view", "v", "Month or quarter view", scope="calendar", footer=True),
    AppAction("calendar.office", "cycle_office", "o", "Next office, or all", scope="calendar", footer=True),
    AppAction("calendar.filter", "cycle_filter", "f", "Filter by state", scope="calendar", footer=True),
    AppAction("calendar.this", "this_period", "t", "Back to this month or quarter", scope="calendar"),
    AppAction("calendar.open", "open", "enter", "Open the mine", scope="calendar", key_display="⏎"),
    AppAction("calendar.down", "cursor_down", "j", "Next row", scope="calendar", palette=False),
    AppAction("calendar.up", "cursor_up", "k", "Previous row", scope="calendar", palette=False),
    AppAction("form.save", "save", "f2,ctrl+s", "Save the patrol record", scope="patrol_form", footer=True,
              key_display="F2/^s"),
    AppAction("form.leave", "leave", "escape", "Leave the form (asks before discarding)", scope="patrol_form",
              footer=True, key_display="esc"),
)


def for_scope(scope: str, *, with_global: bool = False) -> list[AppAction]:
    """The actions of one scope (and the global ones after them when asked)."""
    found = [a for a in ACTIONS if a.scope == scope]
    if with_global and scope != GLOBAL:
        overridden = {a.keys for a in found}
        found += [a for a in ACTIONS if a.scope == GLOBAL and a.keys not in overridden]
    return found


def binding(action: AppAction) -> Binding:
    return Binding(action.keys, action.action, action.title, show=action.footer, key_display=action.key_display,
                   id=action.id)


def bindings_map(scope: str, base: BindingsMap | None = None) -> BindingsMap:
    """The bindings of a scope, translated now (so the language chosen at start-up is used), after `base`."""
    own = BindingsMap([binding(a) for a in for_scope(scope)])
    return own if base is None else BindingsMap.merge([base, own])


def key_label(action: AppAction) -> str:
    """How the key is written in help: the display form, else the key names joined by '/'."""
    if action.key_display:
        return action.key_display
    return "/".join(k.strip() for k in action.keys.split(","))
