"""`minetui check`: data problems across the whole database (R-GEO-1, licence validity, gaps, integrity),
and, asked for, the evidence store re-hashed file by file."""

from __future__ import annotations

from datetime import date

from minetui.domain.checks import CheckSettings, MineRecord, check_mines, integrity_problems
from minetui.domain.model import MineStatus
from minetui.domain.validation import Message, Problem
from minetui.i18n import N_
from minetui.io.evidence import EvidenceFileError, find_stored, sha256_of
from minetui.paths import evidence_dir
from minetui.services.core.context import Context
from minetui.store import audit
from minetui.store import checks as store


def run_checks(ctx: Context) -> list[Problem]:
    """Every finding: database integrity first, then mine by mine (licence number order). A damaged file
    gets only its integrity findings: reading on could fail half-way (restore the last backup instead)."""
    integrity = store.integrity_messages(ctx.conn)
    if integrity != ["ok"]:
        return integrity_problems(integrity, [], None)
    problems = integrity_problems(
        integrity,
        list(store.foreign_key_violations(ctx.conn)),
        audit.first_broken_row(ctx.conn),
    )
    corners = store.corners_by_mine(ctx.conn)
    records = (_record(row, corners.get(row["id"], [])) for row in store.mine_rows(ctx.conn, ctx.today))
    settings = CheckSettings(
        today=ctx.today,
        expiry_warning_days=ctx.config.expiry_warning_days,
        area_tolerance=ctx.config.area_tolerance,
    )
    return problems + check_mines(records, settings)


def _record(row: dict, corners: list) -> MineRecord:
    return MineRecord(
        licence_no=row["licence_no"],
        name=row["name"],
        office_code=row["office_code"],
        valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        area_km2=row["area_km2"],
        epsg=row["epsg"],
        has_status=bool(row["has_status"]),
        status=MineStatus(row["status"]) if row["status"] else None,
        corners=corners,
    )


EVIDENCE_MISSING = Message("evidence_missing", N_("Evidence file {name} is missing from the evidence store ({sha}…)"))
EVIDENCE_CHANGED = Message("evidence_changed", N_(
    "Evidence file {name} was changed after it was stored: {path} (SHA-256 now {actual}…)"))


def check_evidence(ctx: Context) -> list[Problem]:
    """Re-hash every file of the evidence store; an error for each one missing or changed since it was stored."""
    if ctx.db_path is None:
        return []
    directory = evidence_dir(ctx.db_path)
    problems: list[Problem] = []
    for row in store.evidence_files(ctx.conn):
        name = row["original_name"] or row["sha256"][:12]
        path = find_stored(directory, row["sha256"])
        actual: str | None = None
        if path is not None:
            try:
                actual, _size = sha256_of(path)
            except EvidenceFileError:
                path = None
        if path is None:
            problems.append(Problem.of(EVIDENCE_MISSING, name=name, sha=row["sha256"][:12]).at(
                licence_no=row["licence_no"], mine_name=row["mine_name"]))
        elif actual != row["sha256"]:
            problems.append(Problem.of(EVIDENCE_CHANGED, name=name, path=str(path), actual=(actual or "")[:12]).at(
                licence_no=row["licence_no"], mine_name=row["mine_name"]))
    return problems
