"""The shapes of the lead, list, patch and exchange listings (columns and rows), shared by the CLI listings
and the report catalogue (reports exchange, leads, lists, patches: LEAD_REPORTS, LIST_REPORTS, PATCH_REPORTS)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from minetui.domain.leads.leads import LeadSource, LeadState
from minetui.domain.leads.lists import ListKind
from minetui.domain.leads.patches import Handling, Verdict
from minetui.domain.model import Section
from minetui.io.output import Column
from minetui.services.core.context import Context
from minetui.services.leads.exchange import exchange
from minetui.services.leads.leads import list_leads
from minetui.services.leads.lists import entries
from minetui.services.leads.patches import patch_rows
from minetui.services.reporting.model import Param, Report


def lead_columns() -> list[Column]:
    return [
        Column("id", "Id", "int"),
        Column("rule", "Rule", "text"),
        Column("source", "Source", "enum", LeadSource),
        Column("from", "From", "text"),
        Column("to", "To", "enum", Section),
        Column("licence_no", "Licence no.", "licence"),
        Column("mine", "Mine", "text"),
        Column("location", "Location", "text"),
        Column("description", "Description", "text"),
        Column("state", "State", "enum", LeadState),
        Column("deadline", "Deadline", "date"),
        Column("days_left", "Days left", "int"),
        Column("sending_overdue", "Sending overdue", "bool"),
        Column("handling_overdue", "Handling overdue", "bool"),
        Column("outcome", "Outcome", "text"),
    ]


def lead_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for r in rows:
        yield {"id": r.id, "rule": r.rule, "source": str(r.source),
               "from": str(r.from_section) if r.from_section else r.from_office, "to": str(r.to_section),
               "licence_no": r.licence_no, "mine": r.mine_name, "location": r.location,
               "description": r.description, "state": str(r.state), "deadline": r.deadline,
               # a closed lead has nothing left to count down to
               "days_left": None if r.state is LeadState.CLOSED else r.days_left, "sending_overdue": r.overdue.sending,
               "handling_overdue": r.overdue.handling, "outcome": r.outcome}


def entry_columns() -> list[Column]:
    return [
        Column("id", "Id", "int"),
        Column("kind", "List", "enum", ListKind),
        Column("licence_no", "Licence no.", "licence"),
        Column("holder", "Rights holder", "text"),
        Column("mine", "Mine", "text"),
        Column("reason", "Grounds for listing", "text"),
        Column("legal_basis", "Legal basis", "text"),
        Column("authority", "Deciding authority", "text"),
        Column("date_in", "Date in", "date"),
        Column("review_on", "Review on", "date"),
        Column("review_due", "Review due", "bool"),
        Column("date_out", "Date out", "date"),
        Column("out_reason", "Removal reason", "text"),
        Column("lead_id", "Lead id", "int"),
    ]


def entry_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for e in rows:
        yield {"id": e.id, "kind": str(e.kind), "licence_no": e.licence_no, "holder": e.holder, "mine": e.mine_name,
               "reason": e.reason, "legal_basis": e.legal_basis, "authority": e.authority, "date_in": e.date_in,
               "review_on": e.review_on, "review_due": e.review_due, "date_out": e.date_out,
               "out_reason": e.out_reason, "lead_id": e.lead_id}


def patch_columns() -> list[Column]:
    return [
        Column("year", "Year", "int"),
        Column("batch", "Batch", "int"),
        Column("patch_no", "Patch no.", "text"),
        Column("x", "Centre X", "float"),
        Column("y", "Centre Y", "float"),
        Column("area_mu", "Area (mu)", "float"),
        Column("verdict", "Verdict", "enum", Verdict),
        Column("handling", "Handling", "enum", Handling),
        Column("reason", "Reason", "text"),
        Column("forest_grass_damage", "Forest/grass damage", "bool"),
        Column("returned_on", "Returned on", "date"),
        Column("licence_no", "Licence no.", "licence"),
        Column("mine", "Mine", "text"),
        Column("deadline", "Deadline", "date"),
        Column("overdue", "Overdue", "bool"),
    ]


def patch_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for p in rows:
        yield {"year": p.year, "batch": p.batch, "patch_no": p.patch_no, "x": p.x, "y": p.y, "area_mu": p.area_mu,
               "verdict": str(p.verdict) if p.verdict else None, "handling": str(p.handling) if p.handling else None,
               "reason": p.reason, "forest_grass_damage": p.forest_grass_damage, "returned_on": p.returned_on,
               "licence_no": p.licence_no, "mine": p.mine_name, "deadline": p.deadline, "overdue": p.overdue}


def exchange_columns() -> list[Column]:
    return [
        Column("rule", "Rule", "text"),
        Column("from", "From", "enum", Section),
        Column("to", "To", "enum", Section),
        Column("total", "Leads", "int"),
        Column("drafts", "Not sent", "int"),
        Column("awaiting", "Awaiting receipt", "int"),
        Column("in_hand", "In hand", "int"),
        Column("closed", "Closed", "int"),
        Column("owed", "Still owed", "int"),
        Column("deadline", "Deadline", "date"),
        Column("days_left", "Days left", "int"),
    ]


def exchange_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for r in rows:
        yield {"rule": r.rule, "from": str(r.from_section), "to": str(r.to_section), "total": r.total,
               "drafts": r.drafts, "awaiting": r.awaiting, "in_hand": r.in_hand, "closed": r.closed, "owed": r.owed,
               "deadline": r.deadline, "days_left": r.days_left}



# ================================================================================================
# Reports
# ================================================================================================


def _exchange_report_rows(ctx: Context, year: int) -> Iterable[dict[str, Any]]:
    return exchange_dicts(exchange(ctx, year))


def _leads_report_rows(ctx: Context, year: int | None = None, section: str | None = None,
                       state: str | None = None) -> Iterable[dict[str, Any]]:
    return lead_dicts(list_leads(ctx, section=section or None, year=year, states=[state] if state else None))


def _lists_report_rows(ctx: Context, kind: str | None = None, current: bool | None = None) -> Iterable[dict[str, Any]]:
    return entry_dicts(entries(ctx, kind=kind or None, current_only=bool(current)))


def _patches_report_rows(ctx: Context, year: int | None = None,
                         unlinked: bool | None = None) -> Iterable[dict[str, Any]]:
    return patch_dicts(patch_rows(ctx, year=year, unlinked=bool(unlinked)))


def _this_year(ctx: Context) -> int:
    return ctx.today.year


_SECTIONS = tuple(str(s) for s in Section)
_STATES = ("draft", "sent", "received", "handling", "closed", "returned")

LEAD_REPORTS = (
    Report("exchange", "information exchange by Nov 30 (R-LEAD-1…4)",
           (Param("year", "int", "the work year (default: this year)", _this_year),),
           exchange_columns, _exchange_report_rows, group="leads",
           description="what each section still owes the other under R-LEAD-1…4, and the days left"),
    Report("leads", "Leads",
           (Param("year", "int", "only leads of this work year"),
            Param("section", "text", "only leads to or from this section", choices=_SECTIONS),
            Param("state", "text", "only leads in this state", choices=_STATES)),
           lead_columns, _leads_report_rows, group="leads"),
)
LIST_REPORTS = (
    Report("lists", "Abnormal and serious-dishonesty lists",
           (Param("kind", "text", "abnormal or serious", choices=("abnormal", "serious")),
            Param("current", "bool", "only entries still on a list", False)),
           entry_columns, _lists_report_rows, group="leads"),
)
PATCH_REPORTS = (
    Report("patches", "Satellite patches",
           (Param("year", "int", "only this year's patches"),
            Param("unlinked", "bool", "only patches inside no licence", False)),
           patch_columns, _patches_report_rows, group="patches"),
)
