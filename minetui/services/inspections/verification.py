"""Field verification (实地核查, R-VER-1): the year's list, additions by hand, records and their findings.

API for the TUI and the CLI (rules in domain/inspections/verification.py):

- `verification_list(ctx, year) -> list[ListRow]` — every mine on the year's list: why it is there (the rule,
  双随机, decision, with the reason), due day, state on ctx.today (open/done/overdue), the record's id and verdict;
- `list_changes(ctx, year) -> list[ChangeRow]` — who joined and who left since last year, and why;
- `add_to_list(ctx, year, mine_id, reason, how=AdditionKind.DECISION)`, `remove_addition(ctx, year, mine_id)` —
  additions are kept whenever the list is derived again (entity 'verification_addition', id 'year:mine_id');
- `check_items(ctx) -> tuple[CheckItem, ...]` — the configured check items (setting verification.items);
- `record_verification(ctx, mine_id, year, record, evidence=[Path…]) -> SavedVerification` — validated, saved
  with items, evidence files and findings in one transaction (entity 'verification'); errors raise
  VerificationRefused (nothing written, no file kept); a 不一致 on a violation item raises an R-LEAD-1 finding;
- `verification_detail(ctx, verification_id) -> VerificationDetail`; `mine_verifications(ctx, mine_id)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.inspections.verification import (
    Addition,
    AdditionKind,
    Answer,
    CheckItem,
    ItemJudgement,
    LeftReason,
    ListBasis,
    ListEntry,
    ListFacts,
    VerificationRecord,
    VerificationState,
    findings_of,
    list_diff,
    names,
    validate_verification,
    verdict,
    verification_state,
)
from minetui.domain.inspections.verification import verification_list as derive_list
from minetui.domain.model import MineStatus, StatusChange
from minetui.domain.periods import iso_day
from minetui.domain.validation import Problem
from minetui.errors import ServiceError
from minetui.i18n import N_, _
from minetui.io.evidence import EvidenceFileError, check_readable
from minetui.services.core import settings
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.inspections.findings import FindingView, record_findings
from minetui.services.inspections.findings import findings_of as stored_findings
from minetui.services.patrols.patrols import evidence_batch
from minetui.store import audit, db
from minetui.store import evidence as evidence_store
from minetui.store import inspections as store
from minetui.store import patrols as patrol_store

LIST_SEPARATOR = "、"


@dataclass(frozen=True, slots=True)
class ListRow:
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str | None
    bases: tuple[ListBasis, ...]
    reason: str
    due: date
    state: VerificationState
    verification_id: int | None
    verdict: Answer | None


@dataclass(frozen=True, slots=True)
class ChangeRow:
    mine_id: int
    licence_no: str
    mine_name: str
    joined: bool
    bases: tuple[ListBasis, ...]
    left_reasons: tuple[LeftReason, ...]


@dataclass(frozen=True, slots=True)
class SavedVerification:
    id: int
    warnings: list[Problem]
    findings: list[FindingView]


@dataclass(frozen=True, slots=True)
class VerificationDetail:
    id: int
    year: int
    mine_id: int
    record: VerificationRecord
    verdict: Answer
    findings: list[FindingView]
    created_by: str
    created_at: str
    version: int


class VerificationRefused(ServiceError):
    """The record breaks a rule; nothing was written. `problems` holds every error and warning."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p.message for p in problems if p.is_error]
        super().__init__(_("verification record refused:") + "\n  " + "\n  ".join(errors))


# --- the list -------------------------------------------------------------------------------------------

def list_facts(ctx: Context, years: Sequence[int]) -> tuple[dict[int, dict[str, Any]], dict[int, ListFacts]]:
    """(mine rows by id, membership facts by id) for the whole district, zone years limited to `years`."""
    mines = store.mine_rows(ctx.conn)
    histories = patrol_store.status_histories(ctx.conn)
    levels = store.zone_levels(ctx.conn, years)
    facts = {}
    for mine_id, row in mines.items():
        zone_years = frozenset(y for y in years if mine_id in levels[y])
        history = [StatusChange(MineStatus(s), date.fromisoformat(d)) for d, s in histories.get(mine_id, ())]
        facts[mine_id] = ListFacts(history, iso_day(row["valid_from"]), iso_day(row["valid_to"]), zone_years)
    return mines, facts


def _additions(ctx: Context, year: int) -> list[Addition]:
    return [Addition(r["mine_id"], AdditionKind(r["how"]), r["reason"]) for r in store.additions(ctx.conn, year)]


def list_entries(ctx: Context, year: int) -> list[ListEntry]:
    """The year's list as domain entries (rule members plus additions)."""
    _mines, facts = list_facts(ctx, [year])
    return derive_list(year, facts, _additions(ctx, year))


def verification_list(ctx: Context, year: int) -> list[ListRow]:
    """The year's list with states on ctx.today, by office then licence number."""
    mines, facts = list_facts(ctx, [year])
    done = store.verifications_of_year(ctx.conn, year)
    due = verification_due(ctx, year)
    rows = []
    for entry in derive_list(year, facts, _additions(ctx, year)):
        mine, record = mines[entry.mine_id], done.get(entry.mine_id)
        rows.append(ListRow(
            entry.mine_id, mine["licence_no"], mine["name"], mine["office_code"], entry.bases, entry.reason, due,
            verification_state(due, iso_day(record["check_date"]) if record else None, ctx.today),
            record["id"] if record else None, Answer(record["verdict"]) if record else None))
    return sorted(rows, key=lambda r: (r.office_code or "", r.licence_no))


def list_changes(ctx: Context, year: int) -> list[ChangeRow]:
    """Who joined `year`'s list and who left it since last year, by licence number."""
    mines, facts = list_facts(ctx, [year - 1, year])
    now = derive_list(year, facts, _additions(ctx, year))
    before = derive_list(year - 1, facts, _additions(ctx, year - 1))
    rows = [ChangeRow(c.mine_id, mines[c.mine_id]["licence_no"], mines[c.mine_id]["name"], c.joined, c.bases,
                      c.left_reasons) for c in list_diff(year, now, before, facts)]
    return sorted(rows, key=lambda r: (not r.joined, r.licence_no))


def add_to_list(ctx: Context, year: int, mine_id: int, reason: str,
                how: AdditionKind = AdditionKind.DECISION) -> None:
    """Add a mine to the year's list by hand (双随机 or decision) with its reason; a second call replaces it."""
    authorize(ctx, Action.VERIFICATION_LIST)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("a mine added to the verification list needs a reason"))
    if patrol_store.mine_by_id(ctx.conn, mine_id) is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    with db.write(ctx.conn):
        before = store.put_addition(ctx.conn, year, mine_id, str(how), reason, ctx.actor, db.now_utc())
        audit.append(ctx.conn, actor=ctx.actor, action="verification_list.add", entity="verification_addition",
                     entity_id=f"{year}:{mine_id}", before=before, after={"how": str(how), "reason": reason})


def remove_addition(ctx: Context, year: int, mine_id: int) -> None:
    """Take back a mine added by hand (a mine on the list by the rule stays on it)."""
    authorize(ctx, Action.VERIFICATION_LIST)
    with db.write(ctx.conn):
        before = store.get_addition(ctx.conn, year, mine_id)
        if before is None or not store.delete_addition(ctx.conn, year, mine_id):
            raise ServiceError(_("the mine was not added by hand to the {year} list").format(year=year))
        audit.append(ctx.conn, actor=ctx.actor, action="verification_list.remove", entity="verification_addition",
                     entity_id=f"{year}:{mine_id}", before=before)


# --- records --------------------------------------------------------------------------------------------

def check_items(ctx: Context) -> tuple[CheckItem, ...]:
    return settings.get(ctx, settings.VERIFICATION_ITEMS)


def verification_due(ctx: Context, year: int) -> date:
    """The day `year`'s field verification should be done (setting verification.due, default Nov 30)."""
    return date(year, *settings.get(ctx, settings.VERIFICATION_DUE))


def _with_evidence_names(record: VerificationRecord, evidence: Sequence[Path]) -> VerificationRecord:
    named = names([*record.evidence, *(p.name for p in evidence)])
    return VerificationRecord(record.date, list(record.inspectors), dict(record.items), record.conclusion, named)


def prepare_verification(ctx: Context, mine_id: int, year: int, record: VerificationRecord,
                         evidence: Sequence[Path] = ()) -> tuple[VerificationRecord, list[Problem]]:
    """The record as it will be saved and every problem (nothing written)."""
    if patrol_store.mine_by_id(ctx.conn, mine_id) is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    full = _with_evidence_names(record, evidence)
    on_list = any(e.mine_id == mine_id for e in list_entries(ctx, year))
    problems = validate_verification(full, year, check_items(ctx), ctx.today, on_list=on_list)
    existing = store.verification_of(ctx.conn, year, mine_id)
    if existing is not None:
        problems.append(Problem("verification.recorded_already", N_(
            "The mine's {year} verification is recorded already (no. {id})"),
            {"year": year, "id": existing["id"]}, field="year"))
    return full, problems


def record_verification(ctx: Context, mine_id: int, year: int, record: VerificationRecord, *,
                        evidence: Sequence[Path] = ()) -> SavedVerification:
    """Validate and save a verification with its items, evidence and findings, all or nothing."""
    authorize(ctx, Action.VERIFICATION_RECORD)
    full, problems = prepare_verification(ctx, mine_id, year, record, evidence)
    if any(p.is_error for p in problems):
        raise VerificationRefused(problems)
    for path in evidence:
        reason = check_readable(path)
        if reason is not None:
            raise EvidenceFileError(_("Evidence file {file} cannot be read: {reason}").format(
                file=str(path), reason=reason))
    batch = evidence_batch(ctx) if evidence else None
    try:
        stored = [batch.add(path) for path in evidence] if batch else []
        with db.write(ctx.conn):
            verification_id = _write(ctx, mine_id, year, full, stored)
            found = record_findings(ctx, mine_id=mine_id, source="verification", source_id=verification_id, year=year,
                                    found=findings_of(full, check_items(ctx)))
    except BaseException:
        if batch is not None:
            batch.discard_unreferenced(lambda sha: evidence_store.is_known(ctx.conn, sha))
        raise
    return SavedVerification(verification_id, [p for p in problems if not p.is_error], found)


def _snapshot(year: int, mine_id: int, record: VerificationRecord) -> dict[str, Any]:
    return {"year": year, "mine_id": mine_id, "check_date": record.date.isoformat(),
            "inspectors": LIST_SEPARATOR.join(names(record.inspectors)), "conclusion": record.conclusion.strip(),
            "verdict": str(verdict(record)),
            "items": {k: [str(j.answer), j.note.strip()] for k, j in sorted(record.items.items())}}


def _write(ctx: Context, mine_id: int, year: int, record: VerificationRecord, stored: Sequence[Any]) -> int:
    conn, now = ctx.conn, db.now_utc()
    snapshot = _snapshot(year, mine_id, record)
    row = {k: v for k, v in snapshot.items() if k != "items"}
    verification_id = store.insert_verification(conn, {**row, "created_by": ctx.actor, "created_at": now})
    store.insert_verification_items(conn, verification_id,
                                    [(k, str(j.answer), j.note.strip()) for k, j in record.items.items()])
    for copy in stored:
        evidence_store.put_file(conn, copy.sha256, copy.size, copy.suffix, now)
        store.attach_verification_evidence(conn, verification_id, copy.sha256, copy.original_name, now)
    audit.append(conn, actor=ctx.actor, action="verification.add", entity="verification", entity_id=verification_id,
                 after={**snapshot, "evidence": [[c.sha256, c.original_name] for c in stored]})
    return verification_id


def verification_detail(ctx: Context, verification_id: int) -> VerificationDetail:
    row = store.get_verification(ctx.conn, verification_id)
    if row is None:
        raise ServiceError(_("no verification with id {id}").format(id=verification_id))
    items = {r["item"]: ItemJudgement(Answer(r["answer"]), r["note"])
             for r in store.verification_items(ctx.conn, verification_id)}
    evidence = [r["original_name"] for r in store.verification_evidence(ctx.conn, verification_id)]
    record = VerificationRecord(date.fromisoformat(row["check_date"]),
                                [n for n in row["inspectors"].split(LIST_SEPARATOR) if n], items, row["conclusion"],
                                evidence)
    return VerificationDetail(row["id"], row["year"], row["mine_id"], record, Answer(row["verdict"]),
                              _findings(ctx, verification_id),
                              row["created_by"], row["created_at"], row["version"])


def _findings(ctx: Context, verification_id: int) -> list[FindingView]:
    return stored_findings(ctx, source="verification", source_id=verification_id)


def mine_verifications(ctx: Context, mine_id: int) -> list[VerificationDetail]:
    """The mine's verifications, newest year first."""
    return [verification_detail(ctx, r["id"]) for r in store.verifications_of_mine(ctx.conn, mine_id)]
