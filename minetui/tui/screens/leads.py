"""Leads (线索) per section: a section's inbox (leads sent to it) and outbox (leads it sends), with the counts of
new, overdue and returned leads on the two tabs. `[`/`]` or `c` choose the section (or an NR office, whose
patrol findings it sends), `i` switches inbox and outbox, `f` filters by state, `o` shows only overdue leads,
`n` takes in a public tip, Enter opens the lead. `L` opens the lists, `W` the satellite patches.

A receiver never sees a sender's drafts: the inbox holds what was sent (and what came back returned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from minetui.domain.leads.leads import LeadState
from minetui.domain.model import Section
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.leads.leads import BoxCounts, LeadRow, box_counts, list_leads
from minetui.services.mines.browse import office_choices
from minetui.tui.format import text
from minetui.tui.screens.base import BaseDialog, BaseScreen

Box = Literal["in", "out"]
Overdue = Literal["any", "sending", "handling"]
STATE_FILTERS: tuple[LeadState | None, ...] = (None, *LeadState)
STATE_STYLE = {LeadState.DRAFT: "dim", LeadState.SENT: "bold yellow", LeadState.RECEIVED: "cyan",
               LeadState.HANDLING: "bold cyan", LeadState.CLOSED: "green", LeadState.RETURNED: "bold magenta"}
OVERDUE_STYLE = "bold red"
WHERE_WIDTH = 18


@dataclass(frozen=True, slots=True)
class Desk:
    """Who the boxes belong to: a section of the bureau (or outside agency), or an NR office (outbox only)."""

    section: Section | None = None
    office: str | None = None
    name: str = ""

    @property
    def key(self) -> str:
        return str(self.section) if self.section is not None else f"office:{self.office}"


@dataclass(frozen=True, slots=True)
class BoxData:
    """One load: the desk's inbox and outbox rows, and their counts."""

    desk: Desk
    inbox: list[LeadRow]
    outbox: list[LeadRow]
    counts: BoxCounts
    offices: dict[str, str]


def section_desks() -> list[Desk]:
    return [Desk(section=s, name=label(s)) for s in Section]


def desks_of(offices: list[tuple[str, str]]) -> list[Desk]:
    """Every section, then every NR office (patrol findings leave from an office)."""
    return [*section_desks(), *(Desk(office=code, name=name) for code, name in offices)]


def default_section(configured: str, user_section: Section | None = None) -> Section:
    """The signed-in user's section, else the clerk's section from the config (its key or Chinese word), else
    矿管股."""
    if user_section is not None:
        return user_section
    value = configured.strip()
    if value in {str(s) for s in Section}:
        return Section(value)
    found = Section.from_zh(value)
    return found if isinstance(found, Section) else Section.MINERAL


def office_counts(outbox: list[LeadRow]) -> BoxCounts:
    """An office receives nothing: only its outbox is counted (as services.leads.box_counts counts one)."""
    return BoxCounts(0, 0, 0, sum(r.state is LeadState.DRAFT for r in outbox),
                     sum(r.state is LeadState.RETURNED for r in outbox), sum(r.overdue.sending for r in outbox))


def load_boxes(ctx: Context, desk: Desk) -> BoxData:
    """(worker) Both boxes of a desk, by deadline; the inbox without the senders' drafts."""
    offices = dict(office_choices(ctx))
    if desk.section is not None:
        inbox = [r for r in list_leads(ctx, section=desk.section, box="in") if r.state is not LeadState.DRAFT]
        outbox = list_leads(ctx, section=desk.section, box="out")
        return BoxData(desk, inbox, outbox, box_counts(ctx, desk.section), offices)
    outbox = [r for r in list_leads(ctx) if r.from_section is None and r.from_office == desk.office]
    return BoxData(desk, [], outbox, office_counts(outbox), offices)


def inbox_label(counts: BoxCounts) -> Text:
    line = Text(_("Inbox") + " ")
    line.append(_("new {n}").format(n=counts.inbox_new), style="bold" if counts.inbox_new else "dim")
    line.append(" · ")
    line.append(_("overdue {n}").format(n=counts.inbox_overdue), style=OVERDUE_STYLE if counts.inbox_overdue else "dim")
    return line


def outbox_label(counts: BoxCounts) -> Text:
    line = Text(_("Outbox") + " ")
    line.append(_("drafts {n}").format(n=counts.outbox_drafts), style="bold" if counts.outbox_drafts else "dim")
    line.append(" · ")
    line.append(_("returned {n}").format(n=counts.outbox_returned),
                style=STATE_STYLE[LeadState.RETURNED] if counts.outbox_returned else "dim")
    line.append(" · ")
    line.append(_("overdue {n}").format(n=counts.outbox_overdue),
                style=OVERDUE_STYLE if counts.outbox_overdue else "dim")
    return line


def sender_name(row: LeadRow, offices: dict[str, str]) -> str:
    """The sending section's word, or the office's name."""
    if row.from_section is not None:
        return label(row.from_section)
    return offices.get(row.from_office or "", row.from_office or "")


def where_text(row: LeadRow) -> Text:
    """The mine's name, else the location, cut to the column."""
    cell = text(row.mine_name or row.location)
    cell.truncate(WHERE_WIDTH, overflow="ellipsis")
    return cell


def state_cell(row: LeadRow) -> Text:
    return text(row.state, style=OVERDUE_STYLE if row.overdue.any else STATE_STYLE[row.state])


def days_cell(row: LeadRow) -> Text:
    """Days to the deadline (red when overdue); nothing once closed."""
    if row.state is LeadState.CLOSED:
        return Text("")
    return Text(str(row.days_left), justify="right", style=OVERDUE_STYLE if row.overdue.any else "")


def lead_cells(row: LeadRow, offices: dict[str, str]) -> list[Text]:
    """Id, state, days left, deadline, mine or location, from → to, rule, source."""
    route = Text(f"{sender_name(row, offices)} → {label(row.to_section)}")
    return [Text(str(row.id), justify="right"), state_cell(row), days_cell(row), text(row.deadline),
            where_text(row), route, text(row.rule), text(row.source)]


def column_titles() -> list[str]:
    return [_("No."), _("State"), _("Days left"), _("Deadline"), _("Mine or location"), _("From → to"), _("Rule"),
            _("Source")]


def is_overdue(row: LeadRow, kind: Overdue = "any") -> bool:
    """Overdue of the kind asked: 'sending' (not yet received), 'handling' (not yet closed) or 'any'."""
    return row.overdue.sending if kind == "sending" else row.overdue.handling if kind == "handling" else row.overdue.any


def filtered(rows: list[LeadRow], state: LeadState | None, overdue_only: bool,
             kind: Overdue = "any") -> list[LeadRow]:
    return [r for r in rows if state in (None, r.state) and (not overdue_only or is_overdue(r, kind))]


class DeskPicker(BaseDialog):
    """Choose a section or an office; Enter picks it (dismisses with its Desk)."""

    def __init__(self, desks: list[Desk], current: Desk) -> None:
        super().__init__()
        self.desks, self.current = desks, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Static(Text(_("Whose leads?"), style="bold"))
            yield OptionList(*(Option(Text(d.name), id=d.key) for d in self.desks), id="desks")
            yield Static(Text(_("↑↓ choose, Enter opens, esc cancels."), style="dim"))

    def on_mount(self) -> None:
        options = self.query_one("#desks", OptionList)
        keys = [d.key for d in self.desks]
        options.highlighted = keys.index(self.current.key) if self.current.key in keys else 0
        options.focus()

    @on(OptionList.OptionSelected, "#desks")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(d for d in self.desks if d.key == event.option.id))


class LeadsScreen(BaseScreen):
    SCOPE = "leads"

    DEFAULT_CSS = """
    LeadsScreen #leads-body { height: 1fr; }
    LeadsScreen #leads-rows { height: 1fr; }
    LeadsScreen #leads-tabs { height: 2; }
    """

    def __init__(self, section: Section | None = None, box: Box = "in", *, desk: Desk | None = None,
                 overdue: Overdue | None = None) -> None:
        """`desk` (e.g. an office's) instead of `section`; `overdue` opens with only that kind of overdue lead."""
        super().__init__()
        self.desk = desk or (Desk(section=section, name=label(section)) if section is not None else None)
        self.box: Box = box
        self.state_filter: LeadState | None = None
        self.overdue_only = overdue is not None
        self.overdue_kind: Overdue = overdue or "any"
        self.data: BoxData | None = None
        self.rows: list[LeadRow] = []
        self.desks: list[Desk] = section_desks()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="leads-body"):
            yield Static(id="leads-bar", classes="status-line")
            yield Tabs(Tab(_("Inbox"), id="in"), Tab(_("Outbox"), id="out"), id="leads-tabs")
            yield DataTable(id="leads-rows", cursor_type="row", zebra_stripes=True)
            yield Static(id="leads-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Leads")
        if self.desk is None:
            user = getattr(self.ctx, "user", None)  # signed in (services/core/auth.py), or None
            section = default_section(self.ctx.config.section, getattr(user, "section", None))
            self.desk = Desk(section=section, name=label(section))
        table = self.query_one("#leads-rows", DataTable)
        for title in column_titles():
            table.add_column(title)
        self.query_one("#leads-empty").display = False
        self.query_one("#leads-tabs", Tabs).active = self.box
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- loading ---------------------------------------------------------------------------------------------

    def reload(self) -> None:
        desk = self.current_desk()
        self.show_bar()
        self.db("boxes", lambda ctx: load_boxes(ctx, desk))

    def db_boxes(self, data: BoxData) -> None:
        if data.desk != self.desk:
            return  # an older request; the newer one is on its way
        keep = self.current_row()
        self.data = data
        self.desks = desks_of(list(data.offices.items()))
        tabs = self.query_one("#leads-tabs", Tabs)
        tabs.query_one("#in", Tab).label = inbox_label(data.counts)
        tabs.query_one("#out", Tab).label = outbox_label(data.counts)
        self.show_rows(keep)

    def show_rows(self, keep: LeadRow | None = None) -> None:
        """The box's rows that pass the filters, the cursor on the same lead as before when it is there."""
        data = self.data
        source = [] if data is None else (data.inbox if self.box == "in" else data.outbox)
        self.rows = filtered(source, self.state_filter, self.overdue_only, self.overdue_kind)
        table = self.query_one("#leads-rows", DataTable)
        table.clear()
        offices = data.offices if data else {}
        table.add_rows([lead_cells(r, offices) for r in self.rows])
        if self.rows:
            ids = [r.id for r in self.rows]
            table.move_cursor(row=ids.index(keep.id) if keep is not None and keep.id in ids else 0, animate=False)
        nothing = data is not None and not self.rows
        table.display = not nothing
        empty = self.query_one("#leads-empty", Static)
        empty.display = nothing
        if nothing:
            empty.update(Text(self.empty_message(len(source))))
        self.show_bar()

    def empty_message(self, in_box: int) -> str:
        if in_box:
            return _("No lead matches the filter: press f or o to change it.")
        if self.box == "in":
            return _("Nothing has been sent to {desk}.").format(desk=self.current_desk().name)
        return _("{desk} has sent no lead.").format(desk=self.current_desk().name)

    def show_bar(self) -> None:
        line = Text("◀ ", style="dim")
        line.append(self.current_desk().name, style="bold")
        line.append(" ▶", style="dim")
        line.append(" · " + (_("inbox") if self.box == "in" else _("outbox")))
        line.append(" · " + _("state: {state}").format(
            state=label(self.state_filter) if self.state_filter else _("all")))
        if self.overdue_only:
            words = {"any": _("overdue only"), "sending": _("sending overdue only"),
                     "handling": _("handling overdue only")}
            line.append(" · " + words[self.overdue_kind], style=OVERDUE_STYLE)
        if self.data is not None:
            line.append(" · " + _("{n} leads").format(n=len(self.rows)), style="dim")
        self.query_one("#leads-bar", Static).update(line)

    def current_desk(self) -> Desk:
        return self.desk or Desk(section=Section.MINERAL, name=label(Section.MINERAL))

    def current_row(self) -> LeadRow | None:
        table = self.query_one("#leads-rows", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys ------------------------------------------------------------------------------------------------

    def choose(self, desk: Desk | None) -> None:
        if desk is not None and desk != self.desk:
            self.desk, self.data = desk, None
            self.show_rows()
            self.reload()

    def action_shift_desk(self, step: int) -> None:
        keys = [d.key for d in self.desks]
        index = keys.index(self.current_desk().key) if self.current_desk().key in keys else 0
        self.choose(self.desks[(index + step) % len(self.desks)])

    def action_pick_desk(self) -> None:
        self.app.push_screen(DeskPicker(self.desks, self.current_desk()), self.choose)

    def action_toggle_box(self) -> None:
        self.query_one("#leads-tabs", Tabs).active = "out" if self.box == "in" else "in"

    @on(Tabs.TabActivated, "#leads-tabs")
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        box: Box = "out" if event.tab.id == "out" else "in"
        if box != self.box:
            self.box = box
            self.show_rows()
        self.query_one("#leads-rows", DataTable).focus()

    def action_cycle_filter(self) -> None:
        index = STATE_FILTERS.index(self.state_filter)
        self.state_filter = STATE_FILTERS[(index + 1) % len(STATE_FILTERS)]
        self.show_rows(self.current_row())

    def action_toggle_overdue(self) -> None:
        self.overdue_only, self.overdue_kind = not self.overdue_only, "any"
        self.show_rows(self.current_row())

    @on(DataTable.RowSelected, "#leads-rows")
    async def row_selected(self, event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        from minetui.tui.screens.lead_detail import LeadDetailScreen

        row = self.current_row()
        if row is not None:
            await self.app.push_screen(LeadDetailScreen(row.id))

    def action_new_tip(self) -> None:
        from minetui.tui.screens.tip_form import TipDialog

        self.app.push_screen(TipDialog(), self.tip_taken)

    async def tip_taken(self, lead_id: int | None) -> None:
        from minetui.tui.screens.lead_detail import LeadDetailScreen

        if lead_id is not None:
            await self.app.push_screen(LeadDetailScreen(lead_id))

    async def action_open_lists(self) -> None:
        from minetui.tui.screens.lists import ListsScreen

        await self.app.push_screen(ListsScreen())

    async def action_open_patches(self) -> None:
        from minetui.tui.screens.patches import PatchesScreen

        await self.app.push_screen(PatchesScreen())
