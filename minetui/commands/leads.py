"""`minetui leads …` (list, show, send/receive/handle/return/close, add, draft-missing, package, reply) — the
same services the app uses. Tips, lists and patches have their own commands (tips.py, lists.py, patches.py).

The listings' shapes live in services/reporting/leads.py; the reports exchange, leads, lists and patches print
the same.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from minetui.commands.common import say, session
from minetui.commands.lists import LIST_KINDS
from minetui.i18n import _
from minetui.services.reporting.leads import (
    lead_columns,
    lead_dicts,
)

STATES = ("draft", "sent", "received", "handling", "closed", "returned")


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


# ================================================================================================
# Registration
# ================================================================================================


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    _register_leads(sub, common)


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


# ================================================================================================
# Handlers
# ================================================================================================


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
    say(_("lead {id}: {state}").format(id=lead.id, state=lead.state.zh))
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
    say(_("lead {id}: {state}").format(id=done.lead.id, state=done.lead.state.zh))
    if done.entry_id is not None:
        say(_("list entry {id} recorded").format(id=done.entry_id))
    if done.forwarded_lead_id is not None:
        say(_("not listed: the bureau did not register this right; lead {id} drafted to the registering "
               "authority").format(id=done.forwarded_lead_id))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from minetui.errors import ServiceError
    from minetui.services.leads.drafting import LeadDraft, draft_lead
    from minetui.services.mines.lookup import mine_id_for

    with session(args) as ctx:
        mine_id = mine_id_for(ctx, args.mine) if args.mine else None
        try:
            draft = LeadDraft(args.rule, to_section=args.to, from_section=args.from_section, mine_id=mine_id,
                              location=args.location, description=args.description, year=args.year,
                              note=_("Drafted by hand"))
            lead_id = draft_lead(ctx, draft)
        except (KeyError, ValueError) as exc:
            raise ServiceError(_("unknown rule {rule}").format(rule=args.rule)) from exc
        warn_calendar(ctx, [lead_id] if lead_id is not None else [])
    print(lead_id)
    return 0


def warn_calendar(ctx: Any, lead_ids: list[int]) -> None:
    """On stderr: the deadline of a lead just drafted lies in a year the working-day calendar does not know."""
    from minetui.services.leads.leads import calendar_notes

    for note in calendar_notes(ctx, lead_ids):
        say(_("warning: {problem}").format(problem=note))


def run_draft_missing(args: argparse.Namespace) -> int:
    from minetui.services.leads.drafting import draft_missing_leads

    with session(args) as ctx:
        done = draft_missing_leads(ctx)
        warn_calendar(ctx, [*done.findings, *done.licences, *done.patches])
    say(_("drafted {total} leads: {findings} from findings, {licences} licences, {patches} patches").format(
        total=done.total, findings=len(done.findings), licences=len(done.licences), patches=len(done.patches)))
    return 0


def run_package(args: argparse.Namespace) -> int:
    from minetui.services.leads.handover import write_package

    with session(args) as ctx:
        package = write_package(ctx, args.to, Path(args.out), args.lead)
    print(package.folder)
    say(_("package {id}: {count} leads sent").format(id=package.id, count=len(package.lead_ids)))
    return 0


def run_reply(args: argparse.Namespace) -> int:
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.leads.handover import import_reply

    with session(args) as ctx:
        try:
            result = import_reply(ctx, args.file)
        except ImportRefused as exc:
            for problem in exc.problems:
                say(str(problem))
            raise
    say(_("{file}: {received} received, {closed} closed, {noted} noted, {same} unchanged").format(
        file=result.file, received=len(result.received), closed=len(result.closed), noted=len(result.noted),
        same=len(result.unchanged)))
    return 0


