"""Every dated duty in one list, with days left: the notice's deadlines (domain.deadlines), the annual
information filing, licence expiries, the ends of open patrol duties — and whatever other services add.

A deadline source is a `model.DeadlineSource`, `fn(ctx, start, end) -> Iterable[DeadlineItem]`; SOURCES lists
every one: the general ones here, then those of leads, verification, surveys, spot-checks and patches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from minetui.domain.deadlines import notice_deadlines
from minetui.domain.patrols.duties import DutyState
from minetui.i18n import _
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.patrols.duties import duty_rows
from minetui.services.reporting import inspection_panels, lead_panels, patch_panels
from minetui.services.reporting.model import DeadlineItem, DeadlineSource
from minetui.store import reports as report_store


def annual_filing_day(ctx: Context, year: int) -> date:
    """The annual filing deadline of `year` (setting deadline.annual_filing, default 06-30 — verify)."""
    return date(year, *settings.get(ctx, settings.ANNUAL_FILING))


def _years(start: date, end: date) -> range:
    return range(start.year - 1, end.year + 1)


def notice_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """The notice's deadlines (Nov 30 exchanges and surveys, Dec 31 patrol reports, Feb 28 patch close)."""
    owners = {"R-LEAD-1": _("Mineral Management"), "R-LEAD-2": _("Enforcement"), "R-LEAD-3": _("Mineral Management"),
              "R-LEAD-4": _("Restoration"), "R-SUR-1": _("district bureau"), "R-PAT-6": _("NR offices"),
              "R-SAT-1": _("district bureau")}
    for year in _years(start, end):
        for deadline in notice_deadlines(year):
            if start <= deadline.date <= end:
                yield DeadlineItem(deadline.date, deadline.rule, deadline.zh, deadline.en,
                                   owners.get(deadline.rule, ""), source="notice")


def filing_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """The rights holders' annual information filing (勘查开采信息公示)."""
    for year in _years(start, end):
        day = annual_filing_day(ctx, year)
        if start <= day <= end:
            yield DeadlineItem(day, "filing", "矿业权人年度勘查开采信息填报截止",
                               "Rights holders' annual exploration and mining information filing closes",
                               _("rights holders"), source="filing")


def licence_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """Mining licences ending in the window (not of closed or cancelled mines)."""
    for row in report_store.licence_expiries(ctx.conn, ctx.today, end):
        day = date.fromisoformat(row["valid_to"])
        if day >= start:
            yield DeadlineItem(day, "licence", f"采矿许可证到期：{row['mine']}",
                               f"Mining licence expires: {row['mine']}", row["holder"], row["licence_no"],
                               source="licence")


def patrol_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """Open patrol duties by the day their period ends, one item per office and day."""
    names = report_store.office_names(ctx.conn)
    counts: Counter[tuple[date, str]] = Counter()
    for year in range(start.year, end.year + 1):
        for row in duty_rows(ctx, year):
            if row.state in (DutyState.OPEN, DutyState.DUE_SOON) and start <= row.due <= end:
                counts[(row.due, row.office_code or "")] += 1
    for (day, office), n in sorted(counts.items()):
        yield DeadlineItem(day, "R-PAT-2", f"{n}项日常巡查到期", f"{n} patrol duties due",
                           names.get(office, office), source="patrol", count=n)


# Every source of the deadline list: the general ones, then each capability's.
SOURCES: tuple[DeadlineSource, ...] = (
    notice_items, filing_items, licence_items, patrol_items, lead_panels.deadline_items,
    inspection_panels.verification_deadlines, inspection_panels.survey_deadlines,
    inspection_panels.spotcheck_deadlines, patch_panels.deadline_items)


def upcoming(ctx: Context, days: int, start: date | None = None) -> list[DeadlineItem]:
    """Every deadline from `start` (default ctx.today) to `days` days later, by date then rule."""
    first = start or ctx.today
    end = first + timedelta(days=days)
    found: list[DeadlineItem] = []
    for source in SOURCES:
        found.extend(source(ctx, first, end))
    return sorted(found, key=lambda d: (d.date, d.rule, d.owner, d.subject))


def merged_patrols(items: list[DeadlineItem]) -> list[DeadlineItem]:
    """The patrol duties falling due on one day as one item for the whole district (for short lists)."""
    merged: list[DeadlineItem] = []
    patrols: dict[date, list[DeadlineItem]] = {}
    for item in items:
        if item.source == "patrol":
            patrols.setdefault(item.date, []).append(item)
        else:
            merged.append(item)
    for day, group in patrols.items():
        n = sum(g.count for g in group)
        merged.append(DeadlineItem(day, "R-PAT-2", f"{n}项日常巡查到期", f"{n} patrol duties due",
                                   _("{n} NR offices").format(n=len(group)), source="patrol", count=n))
    return sorted(merged, key=lambda d: (d.date, d.rule, d.owner, d.subject))
