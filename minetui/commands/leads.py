"""`minetui leads …` (list, show, send/receive/handle/return/close, add, draft-missing, package, reply),
`minetui tips …`, `minetui lists …` and `minetui patches list` — the same services the app uses.

The listings' shapes live in services/reporting/leads.py; the reports exchange, leads, lists and patches print
the same.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from minetui.commands.common import session
from minetui.i18n import _
from minetui.services.reporting.leads import (
    entry_columns,
    entry_dicts,
    lead_columns,
    lead_dicts,
    patch_columns,
    patch_dicts,
)

STATES = ("draft", "sent", "received", "handling", "closed", "returned")
LIST_KINDS = ("abnormal", "serious")


def _section(text: str) -> str:
    from minetui.domain.model import Section

    word = text.strip()
    try:
        return str(Section(word))
    except ValueError:
        found = Section.from_zh(word)
        if found is None:
            raise argparse.ArgumentTypeError(
                f"unknown section {word!r}: one of {', '.join(str(s) for s in Section)}") from None
        return str(found)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


# ================================================================================================
# Registration
# ================================================================================================


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    _register_leads(sub, common)
    _register_tips(sub, common)
    _register_lists(sub, common)
    _register_patches(sub, common)


def _register_leads(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("leads", parents=[common], help="leads between sections (R-LEAD-1…6, R-PAT-5, tips)")
    lsub = parser.add_subparsers(dest="leads_command", metavar="ACTION", required=True)
    p = lsub.add_parser("list", parents=[common], help="leads by deadline, with both overdue flags")
    p.add_argument("--section", type=_section, help="only leads to or from this section (key or Chinese word)")
    p.add_argument("--box", choices=("in", "out"), help="with --section: only its inbox or outbox")
    p.add_argument("--state", choices=STATES, action="append", help="only leads in this state (may be repeated)")
    p.add_argument("--overdue", action="store_true", help="only overdue leads (sending or handling)")
    p.add_argument("--year", type=int)
    add_output_options(p)
    p.set_defaults(handler=run_list)

    p = lsub.add_parser("show", parents=[common], help="one lead with its trail")
    p.add_argument("id", type=int)
    p.set_defaults(handler=run_show)

    for action, text in (("send", "send a draft or returned lead"), ("receive", "receive a sent lead"),
                         ("handle", "start handling a received lead")):
        p = lsub.add_parser(action, parents=[common], help=text)
        p.add_argument("id", type=int)
        p.add_argument("--version", type=int, help="the version you saw (refused if the lead changed since)")
        p.set_defaults(handler=run_step, lead_action=action)
    p = lsub.add_parser("return", parents=[common], help="return a lead to its sender, with a reason")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--version", type=int)
    p.set_defaults(handler=run_step, lead_action="return")
    p = lsub.add_parser("close", parents=[common], help="close a lead with its outcome (R-LEAD-2/4: a list decision)")
    p.add_argument("id", type=int)
    p.add_argument("--outcome", required=True)
    p.add_argument("--list", dest="list_kind", choices=LIST_KINDS, help="list decision: add to this list")
    p.add_argument("--not-list", dest="not_list", metavar="REASON", help="list decision: do not list, because …")
    p.add_argument("--list-reason", default="", help="the reason written on the list entry")
    p.add_argument("--version", type=int)
    p.set_defaults(handler=run_close)

    p = lsub.add_parser("add", parents=[common], help="draft a lead by hand")
    p.add_argument("--rule", default="MANUAL", help="R-LEAD-1 … R-LEAD-6, MANUAL (default)")
    p.add_argument("--to", type=_section, help="receiving section (default: the rule's)")
    p.add_argument("--from", dest="from_section", type=_section, help="sending section (default: the rule's)")
    p.add_argument("--mine", metavar="LICENCE")
    p.add_argument("--location", default="")
    p.add_argument("--description", required=True)
    p.add_argument("--year", type=int, help="the work year (R-LEAD-1…4: due Nov 30 of it)")
    p.set_defaults(handler=run_add)

    p = lsub.add_parser("draft-missing", parents=[common],
                        help="draft the leads that findings, forest/grass licences and damage patches still lack")
    p.set_defaults(handler=run_draft_missing)

    p = lsub.add_parser("package", parents=[common], help="write a transfer package for an outside agency")
    p.add_argument("--to", required=True, choices=("forestry", "city", "province"))
    p.add_argument("--out", metavar="DIR", default=".", help="folder to write the package into (default: here)")
    p.add_argument("--lead", type=int, action="append", help="only this lead (may be repeated)")
    p.set_defaults(handler=run_package)

    p = lsub.add_parser("reply", parents=[common], help="import an outside agency's answer (XLSX/CSV)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_reply)


def _register_tips(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("tips", parents=[common], help="public tips (群众举报)")
    tsub = parser.add_subparsers(dest="tips_command", metavar="ACTION", required=True)
    p = tsub.add_parser("add", parents=[common], help="take in a tip; a draft lead goes to the right section")
    p.add_argument("--what", required=True, help="what was seen")
    p.add_argument("--kind", required=True, help="outside_boundary, unlicensed, eco_damage, forest_grass_damage …"
                                                 " (or the Chinese word)")
    p.add_argument("--place", default="")
    p.add_argument("--licence", help="the mine's licence number, when known")
    p.add_argument("--reporter", default="")
    p.add_argument("--contact", default="", help="how to reach the reporter (kept private)")
    p.add_argument("--received", type=_iso, help="day the tip came in (default: today)")
    p.add_argument("--happened", type=_iso, help="day it happened")
    p.set_defaults(handler=run_tip_add)
    p = tsub.add_parser("list", parents=[common], help="tips (without reporter and contact)")
    add_output_options(p)
    p.set_defaults(handler=run_tip_list)
    p = tsub.add_parser("show", parents=[common], help="one tip, with the reporter's contact")
    p.add_argument("id", type=int)
    p.set_defaults(handler=run_tip_show)


def _register_lists(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("lists", parents=[common], help="abnormal and serious-dishonesty lists (R-LIST-1)")
    ssub = parser.add_subparsers(dest="lists_command", metavar="ACTION", required=True)
    p = ssub.add_parser("add", parents=[common], help="put a mine's rights holder on a list")
    p.add_argument("licence")
    p.add_argument("--kind", required=True, choices=LIST_KINDS)
    p.add_argument("--reason", required=True)
    p.add_argument("--authority")
    p.add_argument("--basis", help="legal basis (default: MNR Order 13, 2024)")
    p.add_argument("--date", type=_iso, help="date in (default: today)")
    p.set_defaults(handler=run_list_add)
    p = ssub.add_parser("remove", parents=[common], help="take an entry off its list")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", type=_iso, help="date out (default: today)")
    p.add_argument("--version", type=int)
    p.set_defaults(handler=run_list_remove)
    p = ssub.add_parser("list", parents=[common], help="entries (current ones unless --all)")
    p.add_argument("--kind", choices=LIST_KINDS)
    p.add_argument("--all", action="store_true", help="also entries already removed")
    add_output_options(p)
    p.set_defaults(handler=run_list_list)


def _register_patches(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("patches", parents=[common], help="satellite change patches (R-SAT-1)")
    psub = parser.add_subparsers(dest="patches_command", metavar="ACTION", required=True)
    p = psub.add_parser("list", parents=[common], help="patches with their licence, deadline and state")
    p.add_argument("--year", type=int)
    p.add_argument("--unlinked", action="store_true", help="only patches inside no licence (possible 无证开采)")
    add_output_options(p)
    p.set_defaults(handler=run_patch_list)


# ================================================================================================
# Handlers
# ================================================================================================


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.errors import ServiceError
    from minetui.services.leads.leads import list_leads

    if args.box and not args.section:
        raise ServiceError(_("--box needs --section"))
    with session(args) as ctx:
        rows = list_leads(ctx, section=args.section, box=args.box, states=args.state, overdue_only=args.overdue,
                          year=args.year)
        emit(args, lead_columns(), lead_dicts(rows), title=_("Leads"))
    return 0


def show_lines(detail: Any) -> list[str]:
    """A lead's detail as text lines (what `leads show` prints)."""
    lead = detail.lead
    flags = [w for w, on in ((_("sending overdue"), lead.overdue.sending),
                             (_("handling overdue"), lead.overdue.handling)) if on]
    lines = [
        f"{_('Lead')} {lead.id}  {lead.rule}  {lead.source.zh}  v{lead.version}",
        f"{lead.sender} → {lead.to_section.zh}",
        f"{_('State')}: {lead.state.zh}  {_('Deadline')}: {lead.deadline.isoformat()}"
        f" ({lead.days_left})" + (f"  [{'、'.join(flags)}]" if flags else ""),
        f"{_('Where')}: {lead.where}",
        f"{_('Description')}: {lead.description}",
    ]
    if lead.outcome:
        lines.append(f"{_('Outcome')}: {lead.outcome}")
    if lead.return_reason:
        lines.append(f"{_('Returned because')}: {lead.return_reason}")
    lines.append(f"{_('Trail')}:")
    for e in detail.trail:
        before = e.from_state.zh if e.from_state else "—"
        lines.append(f"  {e.on_day.isoformat()}  {e.actor}  {before} → {e.to_state.zh}  {e.reason}".rstrip())
    for ev in detail.evidence:
        lines.append(f"{_('Evidence')}: {ev['original_name']}  {ev['sha256']}")
    for entry in detail.list_entries:
        lines.append(f"{_('List entry')}: {entry['id']} {entry['kind']} {entry['date_in']}")
    if detail.calendar_note:
        lines.append(_("warning: {problem}").format(problem=detail.calendar_note))
    return lines


def run_show(args: argparse.Namespace) -> int:
    from minetui.services.leads.leads import lead_detail

    with session(args) as ctx:
        print("\n".join(show_lines(lead_detail(ctx, args.id))))
    return 0


def run_step(args: argparse.Namespace) -> int:
    from minetui.services.leads.leads import act

    with session(args) as ctx:
        lead = act(ctx, args.id, args.lead_action, getattr(args, "reason", "") or "", version=args.version)
    _say(_("lead {id}: {state}").format(id=lead.id, state=lead.state.zh))
    return 0


def run_close(args: argparse.Namespace) -> int:
    from minetui.domain.leads.lists import ListDecision
    from minetui.errors import ServiceError
    from minetui.services.leads.leads import close

    if args.list_kind and args.not_list:
        raise ServiceError(_("give --list or --not-list, not both"))
    decision = ListDecision.LISTED if args.list_kind else (ListDecision.NOT_LISTED if args.not_list else None)
    with session(args) as ctx:
        done = close(ctx, args.id, args.outcome, decision=decision, list_kind=args.list_kind,
                     decision_reason=args.not_list or args.list_reason, version=args.version)
    _say(_("lead {id}: {state}").format(id=done.lead.id, state=done.lead.state.zh))
    if done.entry_id is not None:
        _say(_("list entry {id} recorded").format(id=done.entry_id))
    if done.forwarded_lead_id is not None:
        _say(_("not listed: the bureau did not register this right; lead {id} drafted to the registering "
               "authority").format(id=done.forwarded_lead_id))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from minetui.errors import ServiceError
    from minetui.services.leads.drafting import LeadDraft, draft_lead
    from minetui.store import mines as mine_store

    with session(args) as ctx:
        mine_id = None
        if args.mine:
            mine = mine_store.get_row_by_licence(ctx.conn, args.mine)
            if mine is None:
                raise ServiceError(_("unknown licence number {licence}").format(licence=args.mine))
            mine_id = mine["id"]
        try:
            draft = LeadDraft(args.rule, to_section=args.to, from_section=args.from_section, mine_id=mine_id,
                              location=args.location, description=args.description, year=args.year,
                              note=_("Drafted by hand"))
            lead_id = draft_lead(ctx, draft)
        except (KeyError, ValueError) as exc:
            raise ServiceError(_("unknown rule {rule}").format(rule=args.rule)) from exc
        _warn_calendar(ctx, [lead_id] if lead_id is not None else [])
    print(lead_id)
    return 0


def _warn_calendar(ctx: Any, lead_ids: list[int]) -> None:
    """On stderr: the deadline of a lead just drafted lies in a year the working-day calendar does not know."""
    from minetui.services.leads.leads import calendar_notes

    for note in calendar_notes(ctx, lead_ids):
        _say(_("warning: {problem}").format(problem=note))


def run_draft_missing(args: argparse.Namespace) -> int:
    from minetui.services.leads.drafting import draft_missing_leads

    with session(args) as ctx:
        done = draft_missing_leads(ctx)
        _warn_calendar(ctx, [*done.findings, *done.licences, *done.patches])
    _say(_("drafted {total} leads: {findings} from findings, {licences} licences, {patches} patches").format(
        total=done.total, findings=len(done.findings), licences=len(done.licences), patches=len(done.patches)))
    return 0


def run_package(args: argparse.Namespace) -> int:
    from minetui.services.leads.handover import write_package

    with session(args) as ctx:
        package = write_package(ctx, args.to, Path(args.out), args.lead)
    print(package.folder)
    _say(_("package {id}: {count} leads sent").format(id=package.id, count=len(package.lead_ids)))
    return 0


def run_reply(args: argparse.Namespace) -> int:
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.leads.handover import import_reply

    with session(args) as ctx:
        try:
            result = import_reply(ctx, args.file)
        except ImportRefused as exc:
            for problem in exc.problems:
                _say(str(problem))
            raise
    _say(_("{file}: {received} received, {closed} closed, {noted} noted, {same} unchanged").format(
        file=result.file, received=len(result.received), closed=len(result.closed), noted=len(result.noted),
        same=len(result.unchanged)))
    return 0


def run_tip_add(args: argparse.Namespace) -> int:
    from minetui.services.leads.tips import TipInput, add_tip

    with session(args) as ctx:
        added = add_tip(ctx, TipInput(args.what, args.kind, args.place, args.licence, args.reporter, args.contact,
                                      args.received, args.happened))
        _warn_calendar(ctx, [added.lead_id] if added.lead_id is not None else [])
    print(added.tip_id)
    _say(_("tip {tip}: lead {lead} drafted").format(tip=added.tip_id, lead=added.lead_id))
    return 0


def run_tip_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.domain.leads.leads import LeadState
    from minetui.domain.patrols.record import ChecklistItem
    from minetui.io.output import Column
    from minetui.services.leads.tips import tip_rows

    columns = [Column("id", "编号", "Id", "int"), Column("received_on", "举报日期", "Received", "date"),
               Column("kind", "举报事项", "Kind", "enum", ChecklistItem), Column("place", "地点", "Place", "text"),
               Column("licence_no", "许可证号", "Licence no.", "licence"), Column("what", "内容", "What", "text"),
               Column("lead_id", "线索编号", "Lead id", "int"),
               Column("lead_state", "线索状态", "Lead state", "enum", LeadState)]
    with session(args) as ctx:
        emit(args, columns, tip_rows(ctx), title=_("Public tips"))
    return 0


def run_tip_show(args: argparse.Namespace) -> int:
    from minetui.services.leads.tips import tip_detail

    with session(args) as ctx:
        tip = tip_detail(ctx, args.id)
    print("\n".join([
        f"{_('Tip')} {tip.id}  {tip.received_on.isoformat()}  {tip.kind.zh}",
        f"{_('Reporter')}: {tip.reporter}  {_('Contact')}: {tip.contact}",
        f"{_('Place')}: {tip.place or ''} {tip.licence_no or ''}".rstrip(),
        f"{_('What')}: {tip.what}",
        f"{_('Lead')}: {tip.lead_id or ''}",
    ]))
    return 0


def run_list_add(args: argparse.Namespace) -> int:
    from minetui.errors import ServiceError
    from minetui.services.leads.lists import add_entry
    from minetui.store import mines as mine_store

    with session(args) as ctx:
        mine = mine_store.get_row_by_licence(ctx.conn, args.licence)
        if mine is None:
            raise ServiceError(_("unknown licence number {licence}").format(licence=args.licence))
        listed = add_entry(ctx, mine["id"], args.kind, args.reason, authority=args.authority,
                           legal_basis=args.basis, date_in=args.date)
    if listed.entry_id is None:
        raise ServiceError(f"{listed.message} — " + _("lead {id} drafted to the registering authority").format(
            id=listed.forwarded_lead_id))
    print(listed.entry_id)
    return 0


def run_list_remove(args: argparse.Namespace) -> int:
    from minetui.services.leads.lists import remove_entry

    with session(args) as ctx:
        entry = remove_entry(ctx, args.id, args.reason, date_out=args.date, version=args.version)
    _say(_("list entry {id} removed on {day}").format(id=entry.id, day=entry.date_out))
    return 0


def run_list_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.services.leads.lists import entries

    with session(args) as ctx:
        emit(args, entry_columns(), entry_dicts(entries(ctx, kind=args.kind, current_only=not args.all)),
             title=_("Lists"))
    return 0


def run_patch_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit
    from minetui.services.leads.patches import patch_rows

    with session(args) as ctx:
        emit(args, patch_columns(), patch_dicts(patch_rows(ctx, year=args.year, unlinked=args.unlinked)),
             title=_("Satellite patches"))
    return 0
