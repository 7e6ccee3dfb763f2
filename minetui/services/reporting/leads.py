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
        Column("id", "编号", "Id", "int"),
        Column("rule", "依据", "Rule", "text"),
        Column("source", "来源", "Source", "enum", LeadSource),
        Column("from", "移送方", "From", "text"),
        Column("to", "接收方", "To", "enum", Section),
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("location", "位置", "Location", "text"),
        Column("description", "线索内容", "Description", "text"),
        Column("state", "状态", "State", "enum", LeadState),
        Column("deadline", "期限", "Deadline", "date"),
        Column("days_left", "剩余天数", "Days left", "int"),
        Column("sending_overdue", "移送逾期", "Sending overdue", "bool"),
        Column("handling_overdue", "办理逾期", "Handling overdue", "bool"),
        Column("outcome", "办理结果", "Outcome", "text"),
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
        Column("id", "编号", "Id", "int"),
        Column("kind", "名录", "List", "enum", ListKind),
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("holder", "矿业权人", "Rights holder", "text"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("reason", "列入事由", "Reason", "text"),
        Column("legal_basis", "依据", "Legal basis", "text"),
        Column("authority", "作出决定机关", "Deciding authority", "text"),
        Column("date_in", "列入日期", "Date in", "date"),
        Column("review_on", "复核日期", "Review on", "date"),
        Column("review_due", "应复核", "Review due", "bool"),
        Column("date_out", "移出日期", "Date out", "date"),
        Column("out_reason", "移出理由", "Removal reason", "text"),
        Column("lead_id", "线索编号", "Lead id", "int"),
    ]


def entry_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for e in rows:
        yield {"id": e.id, "kind": str(e.kind), "licence_no": e.licence_no, "holder": e.holder, "mine": e.mine_name,
               "reason": e.reason, "legal_basis": e.legal_basis, "authority": e.authority, "date_in": e.date_in,
               "review_on": e.review_on, "review_due": e.review_due, "date_out": e.date_out,
               "out_reason": e.out_reason, "lead_id": e.lead_id}


def patch_columns() -> list[Column]:
    return [
        Column("year", "年度", "Year", "int"),
        Column("batch", "批次", "Batch", "int"),
        Column("patch_no", "图斑编号", "Patch no.", "text"),
        Column("x", "中心点X", "Centre X", "float"),
        Column("y", "中心点Y", "Centre Y", "float"),
        Column("area_mu", "面积（亩）", "Area (mu)", "float"),
        Column("verdict", "合法性判定", "Verdict", "enum", Verdict),
        Column("handling", "处置方式", "Handling", "enum", Handling),
        Column("reason", "理由", "Reason", "text"),
        Column("forest_grass_damage", "破坏林草", "Forest/grass damage", "bool"),
        Column("returned_on", "退回日期", "Returned on", "date"),
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("deadline", "期限", "Deadline", "date"),
        Column("overdue", "逾期", "Overdue", "bool"),
    ]


def patch_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for p in rows:
        yield {"year": p.year, "batch": p.batch, "patch_no": p.patch_no, "x": p.x, "y": p.y, "area_mu": p.area_mu,
               "verdict": str(p.verdict) if p.verdict else None, "handling": str(p.handling) if p.handling else None,
               "reason": p.reason, "forest_grass_damage": p.forest_grass_damage, "returned_on": p.returned_on,
               "licence_no": p.licence_no, "mine": p.mine_name, "deadline": p.deadline, "overdue": p.overdue}


def exchange_columns() -> list[Column]:
    return [
        Column("rule", "依据", "Rule", "text"),
        Column("from", "移送方", "From", "enum", Section),
        Column("to", "接收方", "To", "enum", Section),
        Column("total", "线索数", "Leads", "int"),
        Column("drafts", "待移送", "Not sent", "int"),
        Column("awaiting", "待接收", "Awaiting receipt", "int"),
        Column("in_hand", "办理中", "In hand", "int"),
        Column("closed", "已办结", "Closed", "int"),
        Column("owed", "尚欠", "Still owed", "int"),
        Column("deadline", "期限", "Deadline", "date"),
        Column("days_left", "剩余天数", "Days left", "int"),
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
    Report("exchange", "年度信息互通情况（11月30日前）", "information exchange by Nov 30 (R-LEAD-1…4)",
           (Param("year", "int", "the work year (default: this year)", _this_year),),
           exchange_columns, _exchange_report_rows, group="leads",
           description="what each section still owes the other under R-LEAD-1…4, and the days left"),
    Report("leads", "线索台账", "Leads",
           (Param("year", "int", "only leads of this work year"),
            Param("section", "text", "only leads to or from this section", choices=_SECTIONS),
            Param("state", "text", "only leads in this state", choices=_STATES)),
           lead_columns, _leads_report_rows, group="leads"),
)
LIST_REPORTS = (
    Report("lists", "异常名录和严重失信主体名单", "Abnormal and serious-dishonesty lists",
           (Param("kind", "text", "abnormal or serious", choices=("abnormal", "serious")),
            Param("current", "bool", "only entries still on a list", False)),
           entry_columns, _lists_report_rows, group="leads"),
)
PATCH_REPORTS = (
    Report("patches", "卫片图斑核查台账", "Satellite patches",
           (Param("year", "int", "only this year's patches"),
            Param("unlinked", "bool", "only patches inside no licence", False)),
           patch_columns, _patches_report_rows, group="patches"),
)
