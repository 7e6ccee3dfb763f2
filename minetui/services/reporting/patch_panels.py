"""Satellite patches (R-SAT-1) in the meeting brief and the deadline list (reporting/model.py's sources).

- `brief_section(ctx)` — patches stored in the last brief.recent_days days (the day the audit trail first
  names them), and where the open work years stand: unsettled, overdue, sent back;
- `deadline_items(ctx, start, end)` — the patches a work year still has unsettled on its Feb 28 close, and
  each returned patch by the day its month to fix it ends;
- `notice_progress(ctx, year)` — R-SAT-1 of the work year closing in `year`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from minetui.domain.leads.patches import Verdict, patch_deadline, year_closes
from minetui.domain.model import Section
from minetui.i18n import _, label
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.leads.patches import patch_rows
from minetui.services.reporting.model import BriefSection, DeadlineItem
from minetui.store import progress as store


def _rows(ctx: Context, year: int | None = None) -> list[Any]:

    return patch_rows(ctx, year=year)


def brief_section(ctx: Context) -> BriefSection | None:
    """New patches of the last N days (by verdict) and the open work years (None when there is no patch)."""

    rows = _rows(ctx)
    if not rows:
        return None
    days = settings.get(ctx, settings.BRIEF_RECENT_DAYS)
    since, arrived = ctx.today - timedelta(days=days), store.patch_arrivals(ctx.conn)
    new = [r for r in rows if since.isoformat() <= arrived.get(r.id, "") <= ctx.today.isoformat()]
    lines = [_("{n} patches stored in the last {days} days").format(n=len(new), days=days)]
    if new:
        illegal = sum(r.verdict is Verdict.ILLEGAL for r in new)
        unlinked = sum(r.mine_id is None for r in new)
        damage = sum(r.forest_grass_damage for r in new)
        lines.append(_("of them {illegal} illegal, {unlinked} inside no licence, {damage} damaging forest or "
                       "grassland").format(illegal=illegal, unlinked=unlinked, damage=damage))
    table = []
    open_years = {r.year for r in rows
                  if r.year <= ctx.today.year and (year_closes(r.year) >= ctx.today or not r.settled)}
    for year in sorted(open_years):
        of_year = [r for r in rows if r.year == year]
        table.append([str(year), str(len(of_year)), str(sum(not r.settled for r in of_year)),
                      str(sum(r.overdue for r in of_year)), str(sum(r.returned_on is not None for r in of_year)),
                      year_closes(year).isoformat()])
    headers = [_("Work year"), _("Patches"), _("Not settled"), _("Overdue"), _("Sent back"), _("Year closes")]
    return BriefSection("patches", _("New satellite patches"), lines, headers if table else [], table)


def notice_progress(ctx: Context, year: int) -> dict[str, str]:
    """R-SAT-1 of the work year `year - 1` (it closes on Feb 28 of `year`)."""
    rows = _rows(ctx, year - 1)
    if not rows:
        return {}
    return {"R-SAT-1": _("{settled} of {n} patches settled, {returned} sent back").format(
        settled=sum(r.settled for r in rows), n=len(rows), returned=sum(r.returned_on is not None for r in rows))}


def deadline_items(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """Unsettled patches at each year close in the window; returned patches by the end of their month."""

    owner = label(Section.ENFORCEMENT)
    for year in range(start.year - 1, end.year):
        close = year_closes(year)
        if start <= close <= end:
            left = sum(not r.settled and r.returned_on is None for r in _rows(ctx, year))
            if left:
                yield DeadlineItem(close, "R-SAT-1", f"{year}年度卫片图斑尚有{left}个未办结",
                                   f"Satellite year {year}: {left} patches not settled", owner,
                                   source="patch", count=left)
    calendar = settings.work_calendar(ctx)
    for row in store.returned_patches(ctx.conn):
        due = patch_deadline(row["year"], date.fromisoformat(row["returned_on"]), calendar)
        if start <= due <= end:
            yield DeadlineItem(due, "R-SAT-1", f"退回图斑{row['patch_no']}整改期限", f"Returned patch {row['patch_no']}"
                               " fixed within a month", owner, row["licence_no"] or "", source="patch")
