"""The coordination-meeting brief (调度会议, R-MEET-1): one page of where everything stands on ctx.today.

Sections: progress against each dated duty of the notice, what is overdue and who owns it, recent patrol
findings and where they went, the next deadlines — and what each capability contributes (CAPABILITY_SECTIONS):
leads stuck longer than N days, new satellite patches, spot-checks opened and visits saved. A section with no
data yet says so instead of showing zeros. Writers: io/brief_writer.py (Markdown, Word).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from minetui import i18n
from minetui.domain.deadlines import notice_deadlines
from minetui.domain.model import Section
from minetui.domain.patrols.duties import DutyState
from minetui.i18n import _, label
from minetui.io.brief_writer import docx_bytes, markdown
from minetui.io.output import Column
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.patrols.duties import duty_rows
from minetui.services.patrols.report import report_unit
from minetui.services.reporting import inspection_panels, lead_panels, patch_panels, visits
from minetui.services.reporting.deadlines import merged_patrols, upcoming
from minetui.services.reporting.model import BriefSection, BriefSource, ProgressSource
from minetui.services.reporting.rows import overdue_rows
from minetui.store import reports as report_store

DEADLINE_DAYS = 60
MAX_NAMES = 5


@dataclass(frozen=True, slots=True)
class Brief:
    today: date
    unit: str
    sections: list[BriefSection]

    @property
    def title(self) -> str:
        return _("Coordination meeting brief ({day})").format(day=self.today.isoformat())


# The sections each capability contributes (a None answer shows the placeholder of its key), and the progress
# each reports against the notice's dated duties.
CAPABILITY_SECTIONS: tuple[BriefSource, ...] = (
    lead_panels.brief_section, lead_panels.owners_section, patch_panels.brief_section,
    inspection_panels.spotcheck_section, visits.brief_section, inspection_panels.brief_section)
CAPABILITY_PROGRESS: tuple[ProgressSource, ...] = (
    lead_panels.notice_progress, inspection_panels.notice_progress, patch_panels.notice_progress)


def _placeholders(ctx: Context) -> list[tuple[str, str]]:
    """(key, title) of the sections other services fill in."""
    return [("leads", _("Leads stuck longer than {n} days").format(n=settings.get(ctx, settings.BRIEF_STUCK_DAYS))),
            ("patches", _("New satellite patches")), ("spotchecks", _("Joint spot-checks opened")),
            ("visits", _("Visits saved by combined inspections"))]


def build_brief(ctx: Context) -> Brief:
    sections = [_notice_section(ctx), _overdue_section(ctx), _findings_section(ctx), _deadline_section(ctx)]
    provided: dict[str, BriefSection] = {}
    for source in CAPABILITY_SECTIONS:
        section = source(ctx)
        if section is not None:
            provided[section.key] = section
    for key, title in _placeholders(ctx):
        sections.append(provided.pop(key, None) or BriefSection(key, title, [_("No data yet.")], no_data=True))
    sections.extend(provided.values())
    return Brief(ctx.today, report_unit(ctx), sections)


def _patrol_progress(ctx: Context) -> tuple[int, int, int]:
    """(met, due so far, overdue) of this year's patrol duties."""
    rows = [r for r in duty_rows(ctx, ctx.today.year) if r.due <= ctx.today or r.state is DutyState.MET]
    met = sum(r.state is DutyState.MET for r in rows)
    overdue = sum(r.state is DutyState.OVERDUE for r in rows)
    return met, len([r for r in rows if r.due <= ctx.today]), overdue


def notice_progress(ctx: Context, year: int) -> dict[str, str]:
    """Rule → progress text of `year`'s notice duties, from the services' "progress" hooks."""
    found: dict[str, str] = {}
    for source in CAPABILITY_PROGRESS:
        found.update(source(ctx, year))
    return found


def _notice_section(ctx: Context) -> BriefSection:
    """Every dated duty of the notice: due date, days left, and the progress known so far."""
    met, due, overdue = _patrol_progress(ctx)
    zh = i18n.language() == "zh"
    rows = [["R-PAT-1/2", _("Patrols of key monitoring zone mines"), _("monthly / quarterly"), "",
             _("{met} of {due} due met, {overdue} overdue").format(met=met, due=due, overdue=overdue)]]
    year = ctx.today.year
    deadlines = [d for d in notice_deadlines(year - 1) if d.date.year == year] + notice_deadlines(year)
    progress = notice_progress(ctx, year)
    for deadline in deadlines:
        if deadline.date.year != year:
            continue
        days = (deadline.date - ctx.today).days
        state = _("passed") if days < 0 else str(days)
        known = _("annual reports due") if deadline.rule == "R-PAT-6" else _("No data yet.")
        rows.append([deadline.rule, deadline.zh if zh else deadline.en, deadline.date.isoformat(), state,
                     progress.get(deadline.rule, known)])
    headers = [_("Rule"), _("What is due"), _("Due"), _("Days left"), _("Progress")]
    return BriefSection("notice", _("Progress against the notice's duties"), headers=headers, rows=rows)


def _overdue_section(ctx: Context) -> BriefSection:
    """Overdue patrol duties per office, with the mines concerned."""
    by_office: dict[str, list[str]] = defaultdict(list)
    for row in overdue_rows(ctx, ctx.today.year):
        by_office[row["office_name"]].append(row["mine"])
    if not by_office:
        return BriefSection("overdue", _("Overdue, and who owns it"), [_("Nothing is overdue.")])
    rows = []
    for office, mines in sorted(by_office.items()):
        names = sorted(Counter(mines).items())
        text = "、".join(f"{m}×{n}" if n > 1 else m for m, n in names[:MAX_NAMES])
        rows.append([office, str(len(mines)), text + ("…" if len(names) > MAX_NAMES else "")])
    return BriefSection("overdue", _("Overdue, and who owns it"),
                        headers=[_("Owner"), _("Overdue patrol duties"), _("Mines")], rows=rows)


def _findings_section(ctx: Context) -> BriefSection:
    """Patrol findings of the last N days by receiving section (R-PAT-5)."""
    days = settings.get(ctx, settings.BRIEF_RECENT_DAYS)
    found = report_store.findings_since(ctx.conn, ctx.today - timedelta(days=days), ctx.today)
    title = _("Patrol findings in the last {n} days").format(n=days)
    if not found:
        return BriefSection("findings", title, [_("No findings.")])
    counts = Counter(r["receiver"] for r in found)
    suspected = Counter(r["receiver"] for r in found if r["suspected"])
    rows = [[_section_label(key), str(n), str(suspected[key])] for key, n in sorted(counts.items())]
    return BriefSection("findings", title, headers=[_("Receiver"), _("Findings"), _("Only suspected")], rows=rows)


def _section_label(key: str) -> str:
    try:
        return label(Section(key))
    except ValueError:
        return key


def _deadline_section(ctx: Context) -> BriefSection:
    items = upcoming(ctx, DEADLINE_DAYS)
    title = _("Deadlines in the next {n} days").format(n=DEADLINE_DAYS)
    if not items:
        return BriefSection("deadlines", title, [_("None.")])
    rows = [[d.date.isoformat(), str(d.days_left(ctx.today)), d.what(), d.owner] for d in merged_patrols(items)]
    return BriefSection("deadlines", title, headers=[_("Due"), _("Days left"), _("What is due"), _("Owner")],
                        rows=rows)


# --- the catalogue's entry points (services/reporting/catalogue.py declares the 'brief' report) -----------------------

def brief_columns() -> list[Column]:
    return [Column("section", "Part"), Column("item", "Item"), Column("detail", "Detail")]


def brief_rows(ctx: Context) -> list[dict[str, Any]]:
    """The brief flattened for CSV/XLSX/JSON: one row per line or table row of each section."""
    rows: list[dict[str, Any]] = []
    for section in build_brief(ctx).sections:
        for line in section.lines:
            rows.append({"section": section.title, "item": line, "detail": ""})
        for cells in section.rows:
            rows.append({"section": section.title, "item": cells[0] if cells else "",
                         "detail": " · ".join(c for c in cells[1:] if c)})
    return rows


def brief_markdown(ctx: Context) -> str:
    return markdown(build_brief(ctx))


def brief_docx(ctx: Context) -> bytes:
    return docx_bytes(build_brief(ctx))
