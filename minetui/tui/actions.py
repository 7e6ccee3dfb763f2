"""The one registry of the app's actions: id, description (an English msgid), default keys, where it applies.

It feeds the key bindings (each with `id=` so `App.set_keymap()` can remap it), the footer, the help
screen and the command palette, so that the four never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from minetui.i18n import N_, _

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

    @property
    def policy(self) -> str | None:
        """The policy action (domain/policy.py) this action needs, if any: a user who may never do it does not
        see it (footer, help, palette), and the service refuses it anyway."""
        return POLICIES.get(self.id)


# App action id → policy action id (domain.policy.Action). Actions not named here are open to everyone.
POLICIES: dict[str, str] = {
    "zones.copy": "zone.edit", "zones.add": "zone.edit", "zones.remove": "zone.edit",
    "zones.propose": "zone.propose", "zones.approve": "zone.decide", "zones.reject": "zone.decide",
    "detail.new_patrol": "patrol.record", "calendar.new_patrol": "patrol.record", "form.save": "patrol.record",
    "detail.edit": "mine.edit", "mine_form.save": "mine.edit",
    "verification.record": "verification.record", "verification.add": "verification.list",
    "verification.remove": "verification.list", "surveys.record": "survey.record", "surveys.extent": "survey.record",
    "spotchecks.open_new": "spotcheck.open", "spotchecks.record": "spotcheck.record",
    "planner.move_task": "visit.plan", "planner.move_date": "visit.plan", "planner.cancel": "visit.plan",
    "planner.commit": "visit.plan", "planner.record": "visit.record",
    "leads.tip": "tip.add", "lead.send": "lead.send", "lead.receive": "lead.receive", "lead.handle": "lead.receive",
    "lead.return": "lead.receive", "lead.close": "lead.close", "lists.remove": "list.edit",
    "settings.edit": "settings.edit", "settings.reset": "settings.edit",
}

# Asked whether the user may ever do a policy action (MineApp.may); None: everything is shown.
Allowed = Callable[[str], bool] | None


def shown(action: AppAction, may: Allowed) -> bool:
    return may is None or action.policy is None or may(action.policy)


ACTIONS: tuple[AppAction, ...] = (
    AppAction("app.quit", "quit", "q", N_("Quit"), footer=True),
    AppAction("app.help", "help", "question_mark", N_("Help"), footer=True, key_display="?"),
    AppAction("app.back", "back", "escape", N_("Back"), footer=True, key_display="esc"),
    AppAction("app.home", "go_home", "h", N_("Home")),
    AppAction("app.mines", "go_mines", "m", N_("Mines")),
    AppAction("app.zones", "go_zones", "z", N_("Key monitoring zones")),
    AppAction("app.calendar", "go_calendar", "p", N_("Patrol calendar")),
    AppAction("app.reports", "go_reports", "b", N_("Reports")),
    AppAction("app.planner", "go_planner", "P", N_("Combined inspection planner")),
    AppAction("app.leads", "go_leads", "l", N_("Leads")),
    AppAction("app.patrols", "go_patrols", "w", N_("Patrol records")),
    AppAction("app.settings", "go_settings", "comma", N_("Settings"), key_display=","),
    AppAction("app.palette", "command_palette", "ctrl+p", N_("Command palette"), key_display="^p", palette=False),
    AppAction("home.demo", "open_demo", "d", N_("Open the demo database"), scope="home"),
    AppAction("home.refresh", "refresh", "r", N_("Refresh"), scope="home"),
    AppAction("mines.filter", "focus_filter", "slash", N_("Filter"), scope="mines", footer=True, key_display="/"),
    AppAction("mines.clear", "leave_filter", "escape", N_("Clear the filter, or go back"), scope="mines",
              key_display="esc"),
    AppAction("mines.sort", "cycle_sort", "s", N_("Sort"), scope="mines", footer=True),
    AppAction("mines.reverse", "reverse_sort", "S", N_("Reverse the sort order"), scope="mines"),
    AppAction("mines.down", "cursor_down", "j", N_("Next row"), scope="mines", palette=False),
    AppAction("mines.up", "cursor_up", "k", N_("Previous row"), scope="mines", palette=False),
    AppAction("mines.first", "first", "g", N_("First row"), scope="mines"),
    AppAction("mines.last", "last", "G", N_("Last row"), scope="mines"),
    AppAction("mines.open", "open", "enter", N_("Open the mine"), scope="mines", footer=True, key_display="⏎"),
    AppAction("mines.copy", "copy", "y", N_("Copy the rows shown (TSV)"), scope="mines"),
    AppAction("mines.export", "export", "e", N_("Export the filtered list (XLSX/CSV)"), scope="mines", footer=True),
    AppAction("mines.save_view", "save_view", "v", N_("Save this filter and sort as a view"), scope="mines"),
    AppAction("mines.open_view", "open_view", "V", N_("Open a saved view"), scope="mines"),
    AppAction("patrols.down", "cursor_down", "j", N_("Next row"), scope="patrols", palette=False),
    AppAction("patrols.up", "cursor_up", "k", N_("Previous row"), scope="patrols", palette=False),
    AppAction("patrols.first", "first", "g", N_("Newest patrol"), scope="patrols", footer=True),
    AppAction("patrols.last", "last", "G", N_("Oldest patrol"), scope="patrols", footer=True),
    AppAction("patrols.open", "open", "enter", N_("Open the mine"), scope="patrols", footer=True, key_display="⏎"),
    AppAction("detail.down", "scroll_body(1)", "j", N_("Scroll down"), scope="detail", palette=False),
    AppAction("detail.up", "scroll_body(-1)", "k", N_("Scroll up"), scope="detail", palette=False),
    AppAction("zones.prev_year", "year(-1)", "left_square_bracket", N_("Previous year"), scope="zones",
              footer=True, key_display="["),
    AppAction("zones.next_year", "year(1)", "right_square_bracket", N_("Next year"), scope="zones", footer=True,
              key_display="]"),
    AppAction("zones.level_all", "level(0)", "0", N_("All levels"), scope="zones"),
    AppAction("zones.level_national", "level(1)", "1", N_("National zones only"), scope="zones"),
    AppAction("zones.level_provincial", "level(2)", "2", N_("Provincial zones only"), scope="zones"),
    AppAction("zones.level_municipal", "level(3)", "3", N_("Municipal zones only"), scope="zones"),
    AppAction("zones.level_district", "level(4)", "4", N_("District zones only"), scope="zones"),
    AppAction("zones.copy", "copy_year", "c", N_("Copy to next year"), scope="zones", footer=True),
    AppAction("zones.add", "add_mine", "a", N_("Add a mine to the zone"), scope="zones"),
    AppAction("zones.remove", "remove_mine", "x", N_("Remove the mine from the zone"), scope="zones"),
    AppAction("zones.propose", "propose", "p", N_("Propose a district zone"), scope="zones"),
    AppAction("zones.approve", "approve", "A", N_("Approve the proposal"), scope="zones"),
    AppAction("zones.reject", "reject", "R", N_("Reject the proposal"), scope="zones"),
    AppAction("zones.open", "open_mine", "enter", N_("Open the mine"), scope="zones", key_display="⏎"),
    AppAction("zones.copy_rows", "copy_rows", "y", N_("Copy the zone's mines (TSV)"), scope="zones"),
    AppAction("zones.export", "export", "e", N_("Export the year's zone list (XLSX/CSV)"), scope="zones"),
    AppAction("report.prev_page", "page(-1)", "left_square_bracket", N_("Previous page"), scope="report",
              footer=True, key_display="["),
    AppAction("report.next_page", "page(1)", "right_square_bracket", N_("Next page"), scope="report", footer=True,
              key_display="]"),
    AppAction("report.sort", "cycle_sort", "s", N_("Sort by the next column"), scope="report", footer=True),
    AppAction("report.reverse", "reverse_sort", "S", N_("Reverse the sort order"), scope="report"),
    AppAction("report.copy", "copy", "y", N_("Copy the rows shown (TSV)"), scope="report", footer=True),
    AppAction("report.export", "export", "e", N_("Export the whole table (XLSX/CSV)"), scope="report", footer=True),
    AppAction("report.save_view", "save_view", "v", N_("Save as a view"), scope="report", footer=True),
    AppAction("report.open_view", "open_view", "V", N_("Open a saved view"), scope="report"),
    AppAction("reports.open_view", "open_view", "V", N_("Open a saved view"), scope="reports", footer=True),
    AppAction("reports.down", "cursor_down", "j", N_("Next row"), scope="reports", palette=False),
    AppAction("reports.up", "cursor_up", "k", N_("Previous row"), scope="reports", palette=False),
    AppAction("reports.first", "cursor_first", "g", N_("First row"), scope="reports", palette=False),
    AppAction("reports.last", "cursor_last", "G", N_("Last row"), scope="reports", palette=False),
    AppAction("detail.new_patrol", "new_patrol", "n", N_("New patrol record"), scope="detail", footer=True),
    AppAction("detail.edit", "edit_mine", "E", N_("Edit the mine"), scope="detail", footer=True),
    AppAction("mine_form.save", "save", "f2,ctrl+s", N_("Save the mine"), scope="mine_form", footer=True,
              key_display="F2/^s"),
    AppAction("mine_form.leave", "leave", "escape", N_("Leave the form (asks before discarding)"), scope="mine_form",
              footer=True, key_display="esc"),
    AppAction("calendar.new_patrol", "new_patrol", "n", N_("New patrol record"), scope="calendar", footer=True),
    AppAction("calendar.prev", "shift(-1)", "left_square_bracket", N_("Previous period"), scope="calendar",
              footer=True, key_display="["),
    AppAction("calendar.next", "shift(1)", "right_square_bracket", N_("Next period"), scope="calendar", footer=True,
              key_display="]"),
    AppAction("calendar.view", "toggle_view", "v", N_("Month or quarter view"), scope="calendar", footer=True),
    AppAction("calendar.office", "cycle_office", "o", N_("Next office, or all"), scope="calendar", footer=True),
    AppAction("calendar.filter", "cycle_filter", "f", N_("Filter by state"), scope="calendar", footer=True),
    AppAction("calendar.this", "this_period", "t", N_("Back to this month or quarter"), scope="calendar"),
    AppAction("calendar.open", "open", "enter", N_("Open the mine"), scope="calendar", key_display="⏎"),
    AppAction("calendar.down", "cursor_down", "j", N_("Next row"), scope="calendar", palette=False),
    AppAction("calendar.up", "cursor_up", "k", N_("Previous row"), scope="calendar", palette=False),
    AppAction("form.save", "save", "f2,ctrl+s", N_("Save the patrol record"), scope="patrol_form", footer=True,
              key_display="F2/^s"),
    AppAction("form.leave", "leave", "escape", N_("Leave the form (asks before discarding)"), scope="patrol_form",
              footer=True, key_display="esc"),
    # field verification, special surveys, joint spot-checks (tui/screens/verification.py, surveys.py, spotchecks.py)
    AppAction("home.verification", "app.go_inspections('verification')", "v", N_("Field verification"), scope="home",
              footer=True),
    AppAction("home.surveys", "app.go_inspections('surveys')", "u", N_("Special surveys"), scope="home", footer=True),
    AppAction("home.spotchecks", "app.go_inspections('spotchecks')", "k", N_("Joint spot-checks"), scope="home",
              footer=True),
    AppAction("detail.verification", "inspections('verification')", "v", N_("The mine's field verification"),
              scope="detail", footer=True),
    AppAction("detail.surveys", "inspections('surveys')", "u", N_("The mine's special surveys"), scope="detail",
              footer=True),
    AppAction("detail.spotchecks", "inspections('spotchecks')", "c", N_("The mine's joint spot-checks"), scope="detail",
              footer=True),
    *(AppAction(f"{scope}.prev_year", "year(-1)", "left_square_bracket", N_("Previous year"), scope=scope,
                footer=True, key_display="[") for scope in ("verification", "surveys", "spotchecks")),
    *(AppAction(f"{scope}.next_year", "year(1)", "right_square_bracket", N_("Next year"), scope=scope,
                footer=True, key_display="]") for scope in ("verification", "surveys", "spotchecks")),
    *(AppAction(f"{scope}.office", "cycle_office", "f", N_("Next office, or all"), scope=scope)
      for scope in ("verification", "surveys", "spotchecks")),
    *(AppAction(f"{scope}.open", "open", "enter", N_("Show the details"), scope=scope, key_display="⏎")
      for scope in ("verification", "surveys", "spotchecks")),
    *(AppAction(f"{scope}.down", "cursor_down", "j", N_("Next row"), scope=scope, palette=False)
      for scope in ("verification", "surveys", "spotchecks")),
    *(AppAction(f"{scope}.up", "cursor_up", "k", N_("Previous row"), scope=scope, palette=False)
      for scope in ("verification", "surveys", "spotchecks")),
    AppAction("verification.record", "record", "r", N_("Record"), scope="verification", footer=True),
    AppAction("verification.add", "add", "a", N_("Add a mine"), scope="verification", footer=True),
    AppAction("verification.remove", "remove_addition", "x", N_("Take back a mine added by hand"),
              scope="verification"),
    AppAction("verification.changes", "toggle_changes", "c", N_("Changes"), scope="verification",
              footer=True),
    AppAction("surveys.record", "record", "r", N_("Record"), scope="surveys", footer=True),
    AppAction("surveys.extent", "load_extent", "x", N_("Load extent"), scope="surveys", footer=True),
    AppAction("surveys.organiser", "cycle_organiser", "t", N_("Organiser"), scope="surveys", footer=True),
    AppAction("spotchecks.open_new", "open_spotcheck", "o", N_("Open from a trigger"), scope="spotchecks",
              footer=True),
    AppAction("spotchecks.record", "record", "r", N_("Record"), scope="spotchecks", footer=True),
    AppAction("inspection_detail.down", "scroll_body(1)", "j", N_("Scroll down"), scope="inspection_detail",
              palette=False),
    AppAction("inspection_detail.up", "scroll_body(-1)", "k", N_("Scroll up"), scope="inspection_detail",
              palette=False),
    AppAction("inspection_form.save", "save", "f2,ctrl+s", N_("Save"), scope="inspection_form", footer=True,
              key_display="F2/^s"),
    AppAction("inspection_form.leave", "leave", "escape", N_("Leave the form (asks before discarding)"),
              scope="inspection_form", footer=True, key_display="esc"),
    AppAction("planner.prev", "shift(-1)", "left_square_bracket", N_("Previous quarter"), scope="planner", footer=True,
              key_display="["),
    AppAction("planner.next", "shift(1)", "right_square_bracket", N_("Next quarter"), scope="planner", footer=True,
              key_display="]"),
    AppAction("planner.office", "cycle_office", "o", N_("Next office, or all"), scope="planner", footer=True),
    AppAction("planner.move_task", "move_task", "m", N_("Move a task to another visit"), scope="planner", footer=True),
    AppAction("planner.move_date", "move_date", "d", N_("Move the visit's date"), scope="planner", footer=True),
    AppAction("planner.cancel", "cancel_visit", "x", N_("Cancel the visit"), scope="planner", footer=True),
    AppAction("planner.commit", "commit", "c", N_("Commit the proposed visits"), scope="planner", footer=True),
    AppAction("planner.sheet", "sheet", "s", N_("Open the visit sheet"), scope="planner", footer=True),
    AppAction("planner.record", "record", "r", N_("Record the visit's results in one pass"), scope="planner",
              footer=True),
    # leads, lists and satellite patches (tui/screens/leads.py, lead_detail.py, lists.py, patches.py)
    AppAction("leads.prev_desk", "shift_desk(-1)", "left_square_bracket", N_("Previous section"), scope="leads",
              key_display="["),
    AppAction("leads.next_desk", "shift_desk(1)", "right_square_bracket", N_("Next section"), scope="leads",
              key_display="]"),
    AppAction("leads.pick_desk", "pick_desk", "c", N_("Choose the section"), scope="leads", footer=True),
    AppAction("leads.box", "toggle_box", "i", N_("Inbox or outbox"), scope="leads", footer=True),
    AppAction("leads.filter", "cycle_filter", "f", N_("Filter by state"), scope="leads", footer=True),
    AppAction("leads.overdue", "toggle_overdue", "o", N_("Overdue only"), scope="leads", footer=True),
    AppAction("leads.tip", "new_tip", "n", N_("Take in a public tip"), scope="leads", footer=True),
    AppAction("leads.open", "open", "enter", N_("Open the lead"), scope="leads", key_display="⏎"),
    AppAction("leads.lists", "open_lists", "L", N_("Abnormal and serious-dishonesty lists"), scope="leads"),
    AppAction("leads.patches", "open_patches", "W", N_("Satellite patches"), scope="leads"),
    AppAction("leads.down", "cursor_down", "j", N_("Next row"), scope="leads", palette=False),
    AppAction("leads.up", "cursor_up", "k", N_("Previous row"), scope="leads", palette=False),
    AppAction("leads.first", "cursor_first", "g", N_("First row"), scope="leads", palette=False),
    AppAction("leads.last", "cursor_last", "G", N_("Last row"), scope="leads", palette=False),
    AppAction("lead.send", "step('send')", "s", N_("Send the lead"), scope="lead", footer=True),
    AppAction("lead.receive", "step('receive')", "r", N_("Receive the lead"), scope="lead", footer=True),
    AppAction("lead.handle", "step('handle')", "h", N_("Start handling"), scope="lead", footer=True),
    AppAction("lead.return", "step('return')", "t", N_("Return the lead (with a reason)"), scope="lead", footer=True),
    AppAction("lead.close", "step('close')", "c", N_("Close the lead (outcome, list decision)"), scope="lead",
              footer=True),
    AppAction("lead.mine", "open_mine", "o", N_("Open the mine"), scope="lead", footer=True),
    AppAction("lead.linked", "open_linked", "g", N_("Open the forwarded or originating lead"), scope="lead"),
    AppAction("lead.down", "scroll_body(1)", "j", N_("Scroll down"), scope="lead", palette=False),
    AppAction("lead.up", "scroll_body(-1)", "k", N_("Scroll up"), scope="lead", palette=False),
    AppAction("lists.shown", "cycle_shown", "f", N_("Current, due for review, removed or all"), scope="lists",
              footer=True),
    AppAction("lists.kind", "cycle_kind", "t", N_("One list or both"), scope="lists", footer=True),
    AppAction("lists.remove", "remove", "x", N_("Remove the entry from its list"), scope="lists", footer=True),
    AppAction("lists.open", "open", "enter", N_("Open the lead or the mine"), scope="lists", key_display="⏎"),
    AppAction("lists.down", "cursor_down", "j", N_("Next row"), scope="lists", palette=False),
    AppAction("lists.up", "cursor_up", "k", N_("Previous row"), scope="lists", palette=False),
    AppAction("patches.prev_year", "year(-1)", "left_square_bracket", N_("Previous year"), scope="patches",
              footer=True, key_display="["),
    AppAction("patches.next_year", "year(1)", "right_square_bracket", N_("Next year"), scope="patches", footer=True,
              key_display="]"),
    AppAction("patches.batch", "cycle_batch", "f", N_("Next batch, or all"), scope="patches", footer=True),
    AppAction("patches.unlinked", "toggle_unlinked", "u", N_("Only patches outside every licence"), scope="patches",
              footer=True),
    AppAction("patches.open", "open", "enter", N_("Open the lead or the mine"), scope="patches", key_display="⏎"),
    AppAction("patches.down", "cursor_down", "j", N_("Next row"), scope="patches", palette=False),
    AppAction("patches.up", "cursor_up", "k", N_("Previous row"), scope="patches", palette=False),
    # the bureau's settings (tui/screens/settings.py): everyone reads them, the admin changes them
    AppAction("settings.edit", "edit", "e", N_("Change the setting"), scope="settings", footer=True),
    AppAction("settings.reset", "reset", "x", N_("Back to the default"), scope="settings", footer=True),
    AppAction("settings.down", "cursor_down", "j", N_("Next row"), scope="settings", palette=False),
    AppAction("settings.up", "cursor_up", "k", N_("Previous row"), scope="settings", palette=False),
)


def for_scope(scope: str, *, with_global: bool = False, may: Allowed = None) -> list[AppAction]:
    """The actions of one scope (and the global ones after them when asked), without those `may` denies."""
    found = [a for a in ACTIONS if a.scope == scope]
    if with_global and scope != GLOBAL:
        overridden = {a.keys for a in found}
        found += [a for a in ACTIONS if a.scope == GLOBAL and a.keys not in overridden]
    return [a for a in found if shown(a, may)]


def binding(action: AppAction) -> Binding:
    return Binding(action.keys, action.action, action.title, show=action.footer, key_display=action.key_display,
                   id=action.id)


def bindings_map(scope: str, base: BindingsMap | None = None, may: Allowed = None) -> BindingsMap:
    """The bindings of a scope, translated now (so the language chosen at start-up is used), after `base`;
    without the actions `may` denies (their keys then do nothing)."""
    own = BindingsMap([binding(a) for a in for_scope(scope, may=may)])
    return own if base is None else BindingsMap.merge([base, own])


def key_label(action: AppAction) -> str:
    """How the key is written in help: the display form, else the key names joined by '/'."""
    if action.key_display:
        return action.key_display
    return "/".join(k.strip() for k in action.keys.split(","))
