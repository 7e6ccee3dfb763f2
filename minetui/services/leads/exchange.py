"""The Nov 30 exchange (R-LEAD-1…4): what each section still owes the other, and the days left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from minetui.domain.deadlines import exchange_day
from minetui.domain.leads.leads import EXCHANGE_RULES, LeadState, days_left, route_for
from minetui.domain.model import Section
from minetui.services.core.context import Context
from minetui.store import leads as store


@dataclass(frozen=True, slots=True)
class ExchangeRow:
    """R-LEAD-1…4 in `year`: what `from_section` still owes `to_section` under `rule`."""

    rule: str
    from_section: Section
    to_section: Section
    total: int
    drafts: int       # not sent yet (draft or returned)
    awaiting: int     # sent, not yet received
    in_hand: int      # received or handling
    closed: int
    owed: int         # not yet received: drafts + awaiting
    deadline: date
    days_left: int


def exchange(ctx: Context, year: int) -> list[ExchangeRow]:
    """For each R-LEAD-1…4 route: the year's leads by where they stand, what is still owed, days to Nov 30."""
    rows = store.query_leads(ctx.conn, year=year, rules=[str(r) for r in EXCHANGE_RULES])
    found = []
    for rule in EXCHANGE_RULES:
        route = route_for(rule)
        assert route.frm is not None and route.to is not None
        states = [LeadState(r["state"]) for r in rows if r["rule"] == str(rule)]
        deadline = exchange_day(year)

        def count(*wanted: LeadState, states: list[LeadState] = states) -> int:
            return sum(s in wanted for s in states)

        drafts, awaiting = count(LeadState.DRAFT, LeadState.RETURNED), count(LeadState.SENT)
        found.append(ExchangeRow(str(rule), route.frm, route.to, len(states), drafts, awaiting,
                                 count(LeadState.RECEIVED, LeadState.HANDLING), count(LeadState.CLOSED),
                                 drafts + awaiting, deadline, days_left(deadline, ctx.today)))
    return found
