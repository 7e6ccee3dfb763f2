"""The visit sheet (R-VISIT-1): what a combined visit's team takes to the mine, for printing.

`visit_sheet(ctx, visit_id) -> VisitSheet`: the mine and its rights holder, the day, the tasks with their
windows, who must attend (the office for a patrol, 矿管股 for verification, the survey team for a survey,
矿管股 + 生态修复股 for a spot-check), the union of the tasks' checklists, the licence's corner points to
check and the mine's open findings (leads not closed). `sheet_markdown(sheet)` prints it; the XLSX is
io/visit_sheet.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from minetui import i18n
from minetui.domain.inspections.surveys import method_text
from minetui.domain.inspections.tasks import CHECKLISTS, TaskKind, task_words
from minetui.domain.leads.leads import LeadState
from minetui.domain.model import Corner, MiningMethod
from minetui.domain.patrols.record import GENERAL_ITEMS, method_items
from minetui.i18n import _, label
from minetui.services.core.context import Context
from minetui.services.inspections.verification import check_items
from minetui.services.leads.leads import list_leads
from minetui.services.visits.visits import VisitRow, attending, get_visit
from minetui.store import mines as mine_store
from minetui.store import offices as office_store
from minetui.store import patrols as patrol_store


@dataclass(frozen=True, slots=True)
class OpenFinding:
    lead_id: int
    rule: str
    kind: str
    description: str
    to: str
    deadline: date


@dataclass(frozen=True, slots=True)
class VisitSheet:
    visit: VisitRow
    holder: str
    office_name: str
    attending: list[str]
    checklist: list[tuple[str, str]]  # (basis, item)
    corners: list[Corner]
    findings: list[OpenFinding]


def _kind(task_id: str) -> TaskKind | None:
    prefix = task_id.partition(":")[0]
    try:
        return TaskKind("spot_check" if prefix == "spotcheck" else prefix)
    except ValueError:
        return None


def checklist(ctx: Context, kinds: list[TaskKind], method: MiningMethod, villages: bool) -> list[tuple[str, str]]:
    """The union of the tasks' checklists, each item once, in task order."""
    lang = i18n.language()
    items: list[tuple[str, str]] = []
    for kind in dict.fromkeys(kinds):
        basis = CHECKLISTS[kind]
        if kind is TaskKind.PATROL:
            items += [(basis, label(i)) for i in (*GENERAL_ITEMS, *method_items(method))]
            items.append((basis, _("at least 3 distinct corner points checked")))
            if villages:
                items.append((basis, _("village committee asked for leads")))
        elif kind is TaskKind.VERIFICATION:
            items += [(basis, item.title(lang)) for item in check_items(ctx)]
        elif kind is TaskKind.SURVEY:
            items.append((basis, _("survey of the mined extent: {methods}").format(methods=method_text(method, lang))))
        else:
            items.append((basis, _("the problem named by the trigger; restoration duties")))
    return list(dict.fromkeys(items))


def _open_findings(ctx: Context, mine_id: int) -> list[OpenFinding]:
    return [OpenFinding(r.id, r.rule, r.kind, r.description, label(r.to_section), r.deadline)
            for r in list_leads(ctx, mine_id=mine_id) if r.state is not LeadState.CLOSED]


def visit_sheet(ctx: Context, visit_id: int) -> VisitSheet:
    visit = get_visit(ctx, visit_id)
    mine = patrol_store.mine_by_id(ctx.conn, visit.mine_id) or {}
    office = office_store.get_office(ctx.conn, visit.office_code) if visit.office_code else None
    office_name = office["name"] if office else (visit.office_code or "")
    kinds = [k for k in (_kind(t.task_id) for t in visit.tasks) if k is not None]
    items = checklist(ctx, kinds, MiningMethod(mine.get("method", "underground")), bool(mine.get("villages")))
    who = attending(((t.kind, t.sections) for t in visit.tasks), office_name)
    return VisitSheet(visit, mine.get("holder", ""), office_name, who, items,
                      mine_store.corners_of(ctx.conn, visit.mine_id), _open_findings(ctx, visit.mine_id))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def sheet_markdown(sheet: VisitSheet) -> str:
    """The sheet as Markdown (tables for tasks, checklist, corners and findings)."""
    v = sheet.visit
    lines = [f"# {_('Combined inspection visit sheet')} — {_cell(v.mine_name)}", "",
             f"- {_('Licence no.')}: {v.licence_no}", f"- {_('Rights holder')}: {_cell(sheet.holder)}",
             f"- {_('Date')}: {v.date.isoformat()} ({_('may move within')} {v.window_start} – {v.window_end})",
             f"- {_('NR office')}: {_cell(sheet.office_name)}",
             f"- {_('Must attend')}: {_cell('、'.join(sheet.attending))}", ""]
    if v.joined:
        lines += [f"- {_('Joins')}: {_cell(v.joined)}", ""]
    lines += [f"## {_('Tasks')}", "", f"| {_('Task')} | {_('From')} | {_('Until')} |", "|---|---|---|"]
    lines += [f"| {task_words(t.task_id)} | {t.earliest} | {t.latest} |" for t in v.tasks]
    lines += ["", f"## {_('Checklist')}", "", f"| {_('Basis')} | {_('Item')} | {_('Result')} |", "|---|---|---|"]
    lines += [f"| {_cell(basis)} | {_cell(item)} | |" for basis, item in sheet.checklist]
    lines += ["", f"## {_('Corner points')}", "", f"| {_('Ring')} | {_('Point')} | X | Y | {_('Checked')} |",
              "|---|---|---|---|---|"]
    lines += [f"| {c.ring} | {_cell(c.point_no)} | {c.x:.2f} | {c.y:.2f} | |" for c in sheet.corners]
    lines += ["", f"## {_('Open findings')}", ""]
    if sheet.findings:
        lines += [f"| {_('Lead')} | {_('Rule')} | {_('What')} | {_('To')} | {_('Due')} |", "|---|---|---|---|---|"]
        lines += [f"| {f.lead_id} | {f.rule} | {_cell(f.description)} | {_cell(f.to)} | {f.deadline} |"
                  for f in sheet.findings]
    else:
        lines.append(_("None."))
    return "\n".join(lines) + "\n"
