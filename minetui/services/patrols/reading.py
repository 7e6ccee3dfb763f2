"""Reading patrols back: a mine's patrols and findings, one patrol's detail with its evidence, and the year's
figures for the annual report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.patrols.record import (
    ChecklistItem,
    ItemAnswer,
    ItemCheck,
    PatrolMode,
    PatrolRecord,
)
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.io.evidence import stored_path
from minetui.paths import evidence_dir
from minetui.services.core.context import Context
from minetui.services.patrols.patrols import (
    LIST_SEPARATOR,
    EvidenceRole,
    FindingRow,
    PointKind,
    PointResult,
    _finding_row,
)
from minetui.store import evidence as evidence_store
from minetui.store import patrols as store


@dataclass(frozen=True, slots=True)
class PatrolListRow:
    id: int
    date: date
    mode: PatrolMode
    inspectors: tuple[str, ...]
    abnormal: int
    office_code: str


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    sha256: str
    role: EvidenceRole
    original_name: str
    size: int
    suffix: str
    added_at: str
    path: Path | None  # the stored copy (None for an in-memory database)


@dataclass(frozen=True, slots=True)
class PatrolDetail:
    id: int
    mine_id: int
    record: PatrolRecord
    corners: list[tuple[int, str]]
    evidence: list[EvidenceRow]
    findings: list[FindingRow]
    point_checks: list[PointResult]
    created_by: str
    created_at: str
    version: int


@dataclass(frozen=True, slots=True)
class PatrolStatRow:
    patrol_id: int
    office_code: str
    mine_id: int
    licence_no: str
    date: date
    mode: PatrolMode
    drone_reason: str | None
    abnormal_kinds: tuple[ChecklistItem, ...]


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(n for n in (text or "").split(LIST_SEPARATOR) if n)


def mine_patrols(ctx: Context, mine_id: int) -> list[PatrolListRow]:
    """The mine's patrols, newest first."""
    return [PatrolListRow(r["id"], date.fromisoformat(r["patrol_date"]), PatrolMode(r["mode"]),
                          _names(r["inspectors"]), r["abnormal"], r["office_code"])
            for r in store.patrols_of_mine(ctx.conn, mine_id)]


def mine_findings(ctx: Context, mine_id: int) -> list[FindingRow]:
    """The mine's findings, newest patrol first."""
    return [_finding_row(r) for r in store.findings_of_mine(ctx.conn, mine_id)]


def _evidence_row(ctx: Context, row: dict[str, Any]) -> EvidenceRow:
    path = stored_path(evidence_dir(ctx.db_path), row["sha256"], row["suffix"]) if ctx.db_path else None
    return EvidenceRow(row["sha256"], EvidenceRole(row["role"]), row["original_name"], row["size"], row["suffix"],
                       row["added_at"], path)


def patrol_detail(ctx: Context, patrol_id: int) -> PatrolDetail:
    """One patrol with everything recorded about it; ServiceError when there is none."""
    row = store.get_patrol(ctx.conn, patrol_id)
    if row is None:
        raise ServiceError(_("no patrol with id {id}").format(id=patrol_id))
    evidence = [_evidence_row(ctx, r) for r in evidence_store.of_patrol(ctx.conn, patrol_id)]
    corners = store.corners_of(ctx.conn, patrol_id)
    record = PatrolRecord(
        date=date.fromisoformat(row["patrol_date"]), office_code=row["office_code"],
        inspectors=list(_names(row["inspectors"])), mode=PatrolMode(row["mode"]), drone_reason=row["drone_reason"],
        route_file=row["route_name"], corners_checked=[p for _ring, p in corners],
        checklist={ChecklistItem(i["item"]): ItemCheck(ItemAnswer(i["answer"]), i["note"])
                   for i in store.items_of(ctx.conn, patrol_id)},
        village_inquiry=row["village_inquiry"], findings=row["findings_text"],
        photos=[e.original_name for e in evidence if e.role is EvidenceRole.PHOTO],
        aerial_photos=[e.original_name for e in evidence if e.role is EvidenceRole.AERIAL],
    )
    points = [PointResult(p["label"], PointKind(p["kind"]), p["point_no"], p["x"], p["y"], bool(p["inside"]),
                          p["distance_m"]) for p in store.points_of(ctx.conn, patrol_id)]
    findings = [_finding_row(r) for r in store.findings_of_patrol(ctx.conn, patrol_id)]
    return PatrolDetail(row["id"], row["mine_id"], record, corners, evidence, findings, points,
                        row["created_by"], row["created_at"], row["version"])


def patrol_stats(ctx: Context, year: int, office: str | None = None) -> list[PatrolStatRow]:
    """Every patrol of `year` (of one patrolling office, or all) with its mode and abnormal items, by date."""
    return [
        PatrolStatRow(r["id"], r["office_code"], r["mine_id"], r["licence_no"], date.fromisoformat(r["patrol_date"]),
                      PatrolMode(r["mode"]), r["drone_reason"],
                      tuple(ChecklistItem(k) for k in (r["abnormal_kinds"] or "").split(",") if k))
        for r in store.patrol_list(ctx.conn, year=year, office=office)
    ]


def list_patrols(ctx: Context, *, mine_id: int | None = None, year: int | None = None,
                 office: str | None = None) -> list[dict[str, Any]]:
    """Patrols as listing rows (id, mine_id, licence_no, mine, office_code, patrol_date, mode, drone_reason,
    inspectors, abnormal_kinds as ChecklistItem tuple), by date."""
    return [{**r, "abnormal_kinds": tuple(ChecklistItem(k) for k in (r["abnormal_kinds"] or "").split(",") if k)}
            for r in store.patrol_list(ctx.conn, mine_id=mine_id, year=year, office=office)]
