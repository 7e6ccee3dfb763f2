"""Leads on the dashboard, in the meeting brief and in the deadline list (reporting/model.py's sources).

- `dashboard_panel(ctx)` — per section: open leads in its inbox, its sending overdue (outbox) and handling
  overdue (inbox) — the counts services.leads.box_counts gives and the leads screen lists; offices appear with
  their sending overdue. Every number opens the leads screen of that desk (Link 'leads').
- `brief_section(ctx)` — leads not closed whose last step is older than brief.stuck_lead_days;
  `owners_section(ctx)` — overdue leads by the section (or office) that has to act.
- `deadline_items(ctx, start, end)` — what each Nov 30 exchange (R-LEAD-1…4) still owes, and every R-LEAD-5/6
  lead not yet received by its own date.
- `notice_progress(ctx, year)` — the exchange's progress for the brief's table of the notice's duties.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from minetui.domain.deadlines import exchange_day
from minetui.domain.leads.leads import LeadState, Rule
from minetui.domain.model import Section
from minetui.i18n import _, label
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.leads.exchange import exchange
from minetui.services.reporting.model import BriefSection, DeadlineItem, Figure, Link, Panel, PanelRow
from minetui.store import progress as store
from minetui.store import reports as report_store

MAX_STUCK_ROWS = 10
DUE_RULES = (Rule.LEAD_5, Rule.LEAD_6)


@dataclass(frozen=True, slots=True)
class DeskCounts:
    """One desk's lead counts: a section (or an office, which only sends)."""

    section: Section | None
    office: str | None
    open: int = 0
    sending_overdue: int = 0
    handling_overdue: int = 0


def desk_counts(ctx: Context) -> list[DeskCounts]:
    """Every section with a lead (in the Section order), then every office that sent one; two queries."""
    found: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for row in store.inbox_counts(ctx.conn, ctx.today):
        found[(row["section"], None)] = {"open": row["open"], "handling_overdue": row["handling_overdue"]}
    for row in store.outbox_counts(ctx.conn, ctx.today):
        key = (row["section"], None if row["section"] else row["office"])
        found.setdefault(key, {})["sending_overdue"] = row["sending_overdue"]
    order = {str(s): i for i, s in enumerate(Section)}
    keys = sorted(found, key=lambda k: (k[0] is None, order.get(k[0] or "", 99), k[1] or ""))
    return [DeskCounts(Section(k[0]) if k[0] else None, k[1], **found[k]) for k in keys]


# --- the dashboard -----------------------------------------------------------------------------------------

def dashboard_panel(ctx: Context) -> Panel | None:
    """Open and overdue leads per section (None when there is no lead at all: the placeholder stays)."""

    desks = desk_counts(ctx)
    if not desks:
        return None
    names = report_store.office_names(ctx.conn)
    rows = []
    for desk in desks:
        if not (desk.open or desk.sending_overdue or desk.handling_overdue):
            continue
        name = label(desk.section) if desk.section else names.get(desk.office or "", desk.office or "")

        def link(box: str, overdue: str | None, desk: DeskCounts = desk, name: str = name) -> Link:
            return Link("leads", {"section": str(desk.section) if desk.section else None, "office": desk.office,
                                  "name": name, "box": box, "overdue": overdue})

        if desk.section is None:
            rows.append(PanelRow(name, [Figure(""), Figure(desk.sending_overdue, link("out", "sending")),
                                        Figure("")]))
            continue
        rows.append(PanelRow(name, [Figure(desk.open, link("in", None)),
                                    Figure(desk.sending_overdue, link("out", "sending")),
                                    Figure(desk.handling_overdue, link("in", "handling"))]))
    headers = [_("Section"), _("Open leads"), _("Sending overdue"), _("Handling overdue")]
    return Panel("leads", _("Open and overdue leads by section"), headers, rows,
                 "" if rows else _("No lead is open or overdue."))


# --- the brief -----------------------------------------------------------------------------------------------

def owner_of(state: LeadState, row: dict[str, Any]) -> str:
    """Who has to act next on a lead: its sender while a draft or returned, else its receiver."""
    if state in (LeadState.DRAFT, LeadState.RETURNED):
        return row["from_section"] or f"office:{row['from_office']}"
    return row["to_section"]


def _desk_name(key: str, offices: dict[str, str]) -> str:
    if key.startswith("office:"):
        code = key.removeprefix("office:")
        return offices.get(code, code)
    try:
        return label(Section(key))
    except ValueError:
        return key


def brief_section(ctx: Context) -> BriefSection | None:
    """Leads not closed whose last step is older than the stuck-lead setting, oldest first (None when there is
    no lead at all)."""

    days = settings.get(ctx, settings.BRIEF_STUCK_DAYS)
    title = _("Leads stuck longer than {n} days").format(n=days)
    if not store.inbox_counts(ctx.conn, ctx.today):
        return None
    stuck = store.stuck_leads(ctx.conn, ctx.today - timedelta(days=days))
    if not stuck:
        return BriefSection("leads", title, [_("No lead is stuck.")])
    offices = report_store.office_names(ctx.conn)
    rows = [[str(r["id"]), r["rule"], label(LeadState(r["state"])), r["mine_name"] or r["location"],
             _desk_name(owner_of(LeadState(r["state"]), r), offices), r["last_day"],
             str((ctx.today - date.fromisoformat(r["last_day"])).days)] for r in stuck[:MAX_STUCK_ROWS]]
    lines = [_("{n} leads stuck; the {shown} oldest are shown.").format(n=len(stuck), shown=MAX_STUCK_ROWS)] \
        if len(stuck) > MAX_STUCK_ROWS else []
    headers = [_("No."), _("Rule"), _("State"), _("Mine or location"), _("Owner"), _("Last step"), _("Days")]
    return BriefSection("leads", title, lines, headers, rows)


def owners_section(ctx: Context) -> BriefSection | None:
    """Overdue leads by who has to act: sending overdue by sender, handling overdue (received) by receiver."""

    title = _("Overdue leads, and who owns them")
    desks = desk_counts(ctx)
    if not desks:
        return None
    offices = report_store.office_names(ctx.conn)
    rows = []
    for desk in desks:
        if desk.sending_overdue or desk.handling_overdue:
            key = str(desk.section) if desk.section else f"office:{desk.office}"
            rows.append([_desk_name(key, offices), str(desk.sending_overdue),
                         str(desk.handling_overdue) if desk.section else ""])
    if not rows:
        return BriefSection("lead_owners", title, [_("No lead is overdue.")])
    headers = [_("Owner"), _("Sending overdue"), _("Handling overdue")]
    return BriefSection("lead_owners", title, headers=headers, rows=rows)


def notice_progress(ctx: Context, year: int) -> dict[str, str]:
    """R-LEAD-1…4: the year's leads under each exchange rule, how many still owed (not yet received)."""

    return {row.rule: _("{total} leads, {owed} still owed, {closed} closed").format(
        total=row.total, owed=row.owed, closed=row.closed) for row in exchange(ctx, year)}


# --- the deadline list ---------------------------------------------------------------------------------------

def _exchange_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:

    for year in range(start.year, end.year + 1):
        if not start <= exchange_day(year) <= end:
            continue
        for row in exchange(ctx, year):
            if row.owed:
                frm, to = row.from_section, row.to_section
                yield DeadlineItem(
                    row.deadline, row.rule, f"{frm.zh}→{to.zh}：尚有{row.owed}条线索未移送接收",
                    f"{label(frm, 'en')} → {label(to, 'en')}: {row.owed} leads still owed", label(frm),
                    source="leads", count=row.owed)


def _lead_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:

    offices = report_store.office_names(ctx.conn)
    for row in store.leads_due(ctx.conn, [str(r) for r in DUE_RULES], start, end):
        where = row["mine_name"] or row["location"]
        to = Section(row["to_section"])
        owner = _desk_name(owner_of(LeadState(row["state"]), row), offices)
        yield DeadlineItem(date.fromisoformat(row["deadline"]), row["rule"], f"线索{row['id']}移送{to.zh}：{where}",
                           f"Lead {row['id']} to {label(to, 'en')}: {where}", owner, row["licence_no"] or "",
                           source="leads")


def deadline_items(ctx: Context, start: date, end: date) -> list[DeadlineItem]:
    """The exchanges' counts still owed on Nov 30 and each R-LEAD-5/6 lead not yet received by its date."""
    return [*_exchange_items(ctx, start, end), *_lead_items(ctx, start, end)]

