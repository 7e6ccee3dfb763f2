"""Hand-over to an outside agency (林业部门, 市局, 省厅): transfer packages out, replies in.

`write_package(ctx, to, out_dir, lead_ids=None) -> Package` puts the agency's unsent leads (drafts and returned
ones, or the `lead_ids` given) into `out_dir/<package id>/`: `<package id>.xlsx` — one row per lead, with empty
接收日期 / 办理结果 / 备注 columns for the answer — `manifest.json` (package id, lead ids, the SHA-256 of the
spreadsheet and of each evidence file) and `evidence/` (copies of the files). The leads are marked sent in
one transaction; the folder appears only when that committed.

`import_reply(ctx, path) -> ReplyResult` reads their answer (the package's spreadsheet filled in, or any
XLSX/CSV with 线索编号, 接收日期, 办理结果, 备注): a sent lead is received on the given date, and closed when
an outcome is given. All or nothing: an unknown or unsent lead is refused by its id and nothing changes. The
same reply imported twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.leads.leads import LeadAction, LeadState, is_outside
from minetui.domain.model import Section
from minetui.domain.validation import Message, errors, warnings
from minetui.errors import ServiceError
from minetui.i18n import N_, _
from minetui.io.evidence import find_stored
from minetui.io.output import Column, render
from minetui.io.readers import TableError, read_table
from minetui.io.specs import REPLIES
from minetui.io.tablespec import parse_table
from minetui.paths import evidence_dir
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.leads import leads
from minetui.store import audit, db
from minetui.store import leads as store

UNSENT = (LeadState.DRAFT, LeadState.RETURNED)


@dataclass(frozen=True, slots=True)
class Package:
    id: str
    folder: Path
    spreadsheet: Path
    manifest: Path
    lead_ids: list[int]


@dataclass(slots=True)
class ReplyResult:
    file: str
    received: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    noted: list[int] = field(default_factory=list)      # a new reply to a lead already closed: kept, no change
    unchanged: list[int] = field(default_factory=list)  # this reply was imported before


def package_columns() -> list[Any]:
    return [
        Column("lead_id", "Lead id", "int"),
        Column("rule", "Rule", "text"),
        Column("source", "Lead source", "text"),
        Column("licence_no", "Licence no.", "licence"),
        Column("mine", "Mine", "text"),
        Column("location", "Location", "text"),
        Column("description", "Description", "text"),
        Column("deadline", "Transfer deadline", "date"),
        Column("evidence", "Evidence", "text"),
        Column("received_on", "Received on", "date"),
        Column("outcome", "Outcome", "text"),
        Column("note", "Note", "text"),
    ]


def _chosen(ctx: Context, to: Section, lead_ids: list[int] | None) -> list[leads.LeadRow]:
    if lead_ids is None:
        return leads.list_leads(ctx, section=to, box="in", states=UNSENT)
    chosen = [leads.get_lead(ctx, i) for i in lead_ids]
    wrong = [str(r.id) for r in chosen if r.to_section is not to or r.state not in UNSENT]
    if wrong:
        raise ServiceError(_("leads {ids} are not unsent leads to {agency}").format(ids=", ".join(wrong),
                                                                                   agency=to.zh))
    return chosen


def _evidence_files(ctx: Context, chosen: list[leads.LeadRow]) -> dict[int, list[dict[str, Any]]]:
    return store.evidence_of(ctx.conn, [r.id for r in chosen])


def _write_files(ctx: Context, folder: Path, package_id: str, to: Section, chosen: list[leads.LeadRow],
                 evidence: dict[int, list[dict[str, Any]]]) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    rows = [{"lead_id": r.id, "rule": r.rule, "source": r.source.zh, "licence_no": r.licence_no,
             "mine": r.mine_name, "location": r.location, "description": r.description, "deadline": r.deadline,
             "evidence": "、".join(e["original_name"] for e in evidence[r.id])} for r in chosen]
    sheet = folder / f"{package_id}.xlsx"
    with sheet.open("wb") as handle:
        render(package_columns(), rows, "xlsx", handle, headers="zh",
               title=_("Leads transferred to {agency} ({package})").format(agency=to.zh, package=package_id))
    store_dir = evidence_dir(ctx.db_path) if ctx.db_path is not None else None
    listed = []
    for r in chosen:
        files = []
        for e in evidence[r.id]:
            source = find_stored(store_dir, e["sha256"]) if store_dir is not None else None
            name = f"{e['sha256'][:12]}-{Path(e['original_name']).name}"
            if source is not None:
                (folder / "evidence").mkdir(exist_ok=True)
                shutil.copyfile(source, folder / "evidence" / name)
            files.append({"name": e["original_name"], "sha256": e["sha256"], "size": e["size"],
                          "file": f"evidence/{name}" if source is not None else None})
        listed.append({"id": r.id, "rule": r.rule, "licence_no": r.licence_no, "evidence": files})
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps({
        "package_id": package_id, "to": str(to), "to_zh": to.zh, "created_on": ctx.today.isoformat(),
        "created_by": ctx.actor, "lead_ids": [r.id for r in chosen],
        "spreadsheet": {"name": sheet.name, "sha256": hashlib.sha256(sheet.read_bytes()).hexdigest()},
        "leads": listed,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return sheet, manifest


def write_package(ctx: Context, to: Section | str, out_dir: Path, lead_ids: list[int] | None = None) -> Package:
    """Write the transfer package and mark its leads sent (see the module's doc)."""
    authorize(ctx, Action.HANDOVER)
    to = Section(to)
    if not is_outside(to):
        raise ServiceError(_("packages go to outside agencies only (forestry, city, province), not {section}").format(
            section=to.zh))
    chosen = _chosen(ctx, to, lead_ids)
    if not chosen:
        raise ServiceError(_("no unsent leads to {agency}").format(agency=to.zh))
    prefix = f"{to}-{ctx.today:%Y%m%d}-"
    package_id = f"{prefix}{store.package_count(ctx.conn, prefix) + 1:02d}"
    final = Path(out_dir) / package_id
    if final.exists():
        raise ServiceError(_("{path} exists already").format(path=final))
    building = Path(out_dir) / f".{package_id}.part"
    shutil.rmtree(building, ignore_errors=True)
    try:
        sheet, manifest = _write_files(ctx, building, package_id, to, chosen, _evidence_files(ctx, chosen))
        with db.write(ctx.conn):
            store.insert_package(ctx.conn, package_id, str(to), ctx.today.isoformat(), ctx.actor, db.now_utc(),
                                 [r.id for r in chosen])
            for r in chosen:
                leads._step(ctx, r.id, LeadAction.SEND, _("in package {id}").format(id=package_id), r.version,
                            {"package_id": package_id})
            audit.append(ctx.conn, actor=ctx.actor, action="package.write", entity="package", entity_id=package_id,
                         after={"to": str(to), "lead_ids": [r.id for r in chosen],
                                "spreadsheet_sha256": hashlib.sha256(sheet.read_bytes()).hexdigest()})
        building.rename(final)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return Package(package_id, final, final / sheet.name, final / manifest.name, [r.id for r in chosen])


# ================================================================================================
# Replies
# ================================================================================================


UNKNOWN_LEAD = Message("lead.unknown", N_("unknown lead no. {id}"))
LEAD_NOT_SENT = Message("lead.not_sent", N_("lead {id} has not been sent ({state})"))
RECEIVED_BEFORE_SENT = Message("lead.received_before_sent", N_("received before it was sent on {sent}"))


def _read_reply(path: Path) -> tuple[str, list[Any]]:
    try:
        table = read_table(path, REPLIES.header_words())
    except TableError as exc:
        raise ImportRefused(path.name, [exc.problem.at(file=path.name)]) from exc
    records, problems = parse_table(table, REPLIES)
    if errors(problems):
        raise ImportRefused(table.file, errors(problems), warnings(problems))
    return table.file, records


def _check(ctx: Context, file: str, records: list[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """Each row with its lead; every unknown or unsent lead is an error naming its id (all reported)."""
    found = store.leads_by_ids(ctx.conn, [r.values["lead_id"] for r in records])
    problems, rows = [], []
    for record in records:
        lead_id = record.values["lead_id"]
        lead = found.get(lead_id)
        if lead is None:
            problems.append(record.problem("lead_id", UNKNOWN_LEAD, id=lead_id))
        elif LeadState(lead["state"]) in UNSENT:
            problems.append(record.problem("lead_id", LEAD_NOT_SENT, id=lead_id, state=LeadState(lead["state"])))
        elif record.values["received_on"] < date.fromisoformat(lead["sent_on"]):
            problems.append(record.problem("received_on", RECEIVED_BEFORE_SENT, sent=lead["sent_on"]))
        else:
            rows.append((record, lead))
    if problems:
        raise ImportRefused(file, problems)
    return rows


def import_reply(ctx: Context, path: Path) -> ReplyResult:
    """Import an outside agency's answer (see the module's doc); ImportRefused when any row is bad."""
    authorize(ctx, Action.HANDOVER)
    file, records = _read_reply(Path(path))
    result = ReplyResult(file)
    with db.write(ctx.conn):
        for record, lead in _check(ctx, file, records):
            _apply_reply(ctx, result, file, lead, record.values)
    return result


def _apply_reply(ctx: Context, result: ReplyResult, file: str, lead: dict[str, Any], values: dict[str, Any]) -> None:
    lead_id, day = lead["id"], values["received_on"]
    outcome, note = (values.get("outcome") or "").strip(), (values.get("note") or "").strip()
    if store.reply_exists(ctx.conn, lead_id, day.isoformat(), outcome, note):
        result.unchanged.append(lead_id)
        return
    state, changed = LeadState(lead["state"]), False
    if state is LeadState.SENT:
        leads._step(ctx, lead_id, LeadAction.RECEIVE, _("reply {file}").format(file=file), None, on_day=day)
        result.received.append(lead_id)
        state, changed = LeadState.RECEIVED, True
    if outcome and state in (LeadState.RECEIVED, LeadState.HANDLING):
        leads._step(ctx, lead_id, LeadAction.CLOSE, f"{outcome}（{note}）" if note else outcome, None)
        result.closed.append(lead_id)
        changed = True
    if not changed:
        result.noted.append(lead_id)
    store.insert_reply(ctx.conn, lead_id=lead_id, received_on=day.isoformat(), outcome=outcome, note=note,
                       file_name=file, imported_by=ctx.actor, imported_at=db.now_utc())
    audit.append(ctx.conn, actor=ctx.actor, action="lead.reply", entity="lead", entity_id=lead_id,
                 after={"received_on": day.isoformat(), "outcome": outcome, "note": note, "file": file})
