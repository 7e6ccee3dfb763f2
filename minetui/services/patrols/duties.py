"""Patrol duties of a year (R-PAT-1/2) and their states, for the calendar, the dashboard and the reports; the
rules are domain/patrols/duties.py's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.domain.model import MineStatus, StatusChange
from minetui.domain.patrols.duties import DutyFacts, DutyKind, DutyState, assess, duties_for_many
from minetui.domain.periods import Period, iso_day
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.mines.zones import mines_in_zones
from minetui.store import patrols as store


@dataclass(frozen=True, slots=True)
class DutyRow:
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str | None
    period: Period
    kind: DutyKind
    due: date
    state: DutyState
    met_by: date | None
    patrol_dates: tuple[date, ...]
    days_left: int


def _history(entries: Iterable[tuple[str, str]]) -> list[StatusChange]:
    return [StatusChange(MineStatus(status), date.fromisoformat(since)) for since, status in entries]


def _overlaps(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def duty_rows(ctx: Context, year: int, *, office: str | None = None, period: Period | None = None,
              mine_id: int | None = None) -> list[DutyRow]:
    """Every patrol duty of `year` (R-PAT-1, R-PAT-2) with its state on ctx.today, by office, licence, period.

    `period` keeps the duties whose period overlaps it (a month also shows its quarter's duty). A handful of
    queries for the whole district, then the domain's duties_for_many.
    """
    if period is not None and period.year != year:
        raise ServiceError(_("period {period} is not in {year}").format(period=period, year=year))
    conn = ctx.conn
    zoned = mines_in_zones(ctx, year)
    mines = [m for m in store.duty_mines(conn, office=office, mine_id=mine_id) if m["id"] in zoned]
    histories = store.status_histories(conn, office=office, mine_id=mine_id)
    # Patrols that can meet a listed duty: the year's, or those of the period's quarter (a month shows its
    # quarter's duty too).
    span = (date(year, 1, 1), date(year, 12, 31)) if period is None else (
        period.quarter_of_month().start, period.quarter_of_month().end)
    dates = store.patrol_dates(conn, *span, office=office, mine_id=mine_id)
    facts = ((m["id"], DutyFacts(_history(histories.get(m["id"], ())), iso_day(m["valid_from"]), iso_day(m["valid_to"]),
                                 (year,))) for m in mines)
    duties = duties_for_many(facts, year)
    bounds: dict[Period, tuple[date, date] | None] = {}  # a year has 16 periods: each looked at once
    rows: list[DutyRow] = []
    for mine in mines:
        mine_dates = dates.get(mine["id"], [])
        for duty in duties.get(mine["id"], ()):
            if duty.period not in bounds:
                listed = period is None or _overlaps(duty.period, period)
                bounds[duty.period] = (duty.period.start, duty.period.end) if listed else None
            days = bounds[duty.period]
            if days is None:
                continue
            start, end = days
            inside = tuple(d for d in mine_dates if start <= d <= end and d <= ctx.today)
            rows.append(_duty_row(ctx, mine, duty, inside))
    return rows


def _duty_row(ctx: Context, mine: dict[str, Any], duty: Any, inside: tuple[date, ...]) -> DutyRow:
    """`inside`: the mine's patrol dates within the duty's period, up to today."""
    assessed = assess(duty, inside, ctx.today, ctx.config.due_soon_days)
    return DutyRow(mine["id"], mine["licence_no"], mine["name"], mine["office_code"], duty.period, duty.kind,
                   duty.due, assessed.state, assessed.met_by, inside, assessed.days_left)


def office_counts(ctx: Context, year: int, period: Period) -> dict[str, dict[DutyState, int]]:
    """office_code → duties overlapping `period` by state (every office listed, every state counted; mines
    without an office under '')."""
    counts: dict[str, dict[DutyState, int]] = {code: dict.fromkeys(DutyState, 0)
                                               for code in store.office_codes(ctx.conn)}
    for row in duty_rows(ctx, year, period=period):
        counts.setdefault(row.office_code or "", dict.fromkeys(DutyState, 0))[row.state] += 1
    return counts
