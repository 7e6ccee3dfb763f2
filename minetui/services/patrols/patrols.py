"""Patrols (日常巡查): recording a patrol with its evidence, boundary checks and findings. The duties of a year
are in duties.py, reading patrols back in reading.py.

The rules are the domain's (domain/patrols/duties.py, domain/geometry.py); this module loads the facts, owns the
transaction and writes the audit trail (entity 'patrol'). A refused record writes nothing and copies no file;
a save that fails after files were copied removes again the copies no row references (io/evidence.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.geometry import locate_point
from minetui.domain.model import Corner, Mine, MineScale, MiningMethod, Section, _Worded
from minetui.domain.normalize import clean_text
from minetui.domain.patrols.record import (
    ChecklistItem,
    PatrolRecord,
    finding_receiver,
    findings_of,
    validate_patrol,
)
from minetui.domain.periods import iso_day
from minetui.domain.validation import Problem, Severity
from minetui.errors import ServiceError
from minetui.i18n import N_, _
from minetui.io.evidence import EvidenceBatch, EvidenceFileError, check_readable
from minetui.paths import evidence_dir
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.leads.drafting import draft_for_patrol
from minetui.store import audit, db
from minetui.store import evidence as evidence_store
from minetui.store import mines as mine_store
from minetui.store import patrols as store

__all__ = [
    "EvidenceInput", "EvidenceRole", "MineFacts", "ObservedPoint", "PatrolRefused", "PointKind", "PointResult",
    "Prepared", "SavedPatrol", "load_facts", "prepare_patrol", "record_patrol", "write_patrol",
]

LIST_SEPARATOR = "、"


# ================================================================================================
# Values passed in and out
# ================================================================================================


class EvidenceRole(_Worded):
    ROUTE = "route"
    PHOTO = "photo"
    AERIAL = "aerial"
    DOCUMENT = "document"


class PointKind(_Worded):
    CORNER = "corner"
    ACTIVITY = "activity"


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    """A file to attach to a patrol, in one role ('route', 'photo', 'aerial', 'document')."""

    path: Path
    role: EvidenceRole | str = EvidenceRole.PHOTO


@dataclass(frozen=True, slots=True)
class ObservedPoint:
    """A position taken on the patrol (X northing, Y easting with zone prefix): a corner point found on the
    ground (`point_no` = its number) or the place of an activity seen. A phone fix supports only 'suspected'."""

    label: str
    x: float
    y: float
    kind: PointKind | str = PointKind.ACTIVITY
    point_no: str | None = None


@dataclass(frozen=True, slots=True)
class PointResult:
    """Where an observed point lies: inside the licensed area, or `distance_outside_m` metres outside it."""

    label: str
    kind: PointKind
    point_no: str | None
    x: float
    y: float
    inside: bool
    distance_outside_m: float


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A finding (R-PAT-5): its kind (a checklist item), note, receiving section and whether only suspected."""

    id: int
    mine_id: int
    patrol_id: int
    patrol_date: date
    kind: ChecklistItem
    note: str
    receiver: Section
    suspected: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class SavedPatrol:
    id: int
    warnings: list[Problem]
    findings: list[FindingRow]
    point_checks: list[PointResult]


class PatrolRefused(ServiceError):
    """The record breaks a rule; nothing was written. `problems` holds every error and warning, by field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p.message for p in problems if p.is_error]
        super().__init__(_("patrol record refused:") + "\n  " + "\n  ".join(errors))


@dataclass(frozen=True, slots=True)
class MineFacts:
    """What validating a patrol of one mine needs: the mine, its licence corners, its zone years."""

    mine: Mine
    corners: list[Corner]
    zone_years: frozenset[int]


@dataclass(slots=True)
class Prepared:
    """A validated patrol ready to write (when `errors` is empty)."""

    mine_id: int
    record: PatrolRecord
    problems: list[Problem]
    evidence: list[tuple[EvidenceRole, Path]]
    point_checks: list[PointResult]
    findings: list[tuple[ChecklistItem, str, Section, bool]] = field(default_factory=list)
    corner_rings: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


# ================================================================================================
# Loading facts
# ================================================================================================


def mine_from_row(row: dict[str, Any]) -> Mine:
    """A stored mines row as a domain Mine."""
    return Mine(
        licence_no=row["licence_no"], name=row["name"], holder=row["holder"], minerals=row["minerals"],
        method=MiningMethod(row["method"]), office_code=row["office_code"], credit_code=row["credit_code"],
        scale=MineScale(row["scale"]) if row["scale"] else None, town=row["town"],
        villages=[v for v in (row["villages"] or "").split(LIST_SEPARATOR) if v],
        area_km2=row["area_km2"], depth_top_m=row["depth_top_m"], depth_bottom_m=row["depth_bottom_m"],
        valid_from=iso_day(row["valid_from"]), valid_to=iso_day(row["valid_to"]),
        forest_grass=bool(row["forest_grass"]),
        epsg=row["epsg"], id=row["id"], version=row["version"],
    )


def _finding_row(row: dict[str, Any]) -> FindingRow:
    return FindingRow(row["id"], row["mine_id"], row["patrol_id"], date.fromisoformat(row["patrol_date"]),
                      ChecklistItem(row["kind"]), row["note"], Section(row["receiver"]), bool(row["suspected"]),
                      row["created_at"])


def load_facts(ctx: Context, mine_id: int) -> MineFacts:
    """The facts of one mine; ServiceError when there is no such mine."""
    row = store.mine_by_id(ctx.conn, mine_id)
    if row is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    years = store.zone_years(ctx.conn, [mine_id]).get(mine_id, set())
    return MineFacts(mine_from_row(row), mine_store.corners_of(ctx.conn, mine_id), frozenset(years))


# ================================================================================================
# Recording a patrol
# ================================================================================================


def _with_evidence_names(record: PatrolRecord, evidence: Sequence[tuple[EvidenceRole, Path]]) -> PatrolRecord:
    """The record naming the attached files where it names none: the route, photos and aerial photos."""
    names = {role: [path.name for r, path in evidence if r is role] for role in EvidenceRole}
    route = record.route_file if clean_text(record.route_file) else next(iter(names[EvidenceRole.ROUTE]), None)
    photos = _merged(record.photos, names[EvidenceRole.PHOTO])
    aerial = _merged(record.aerial_photos, names[EvidenceRole.AERIAL])
    return dataclasses.replace(record, route_file=route, photos=photos, aerial_photos=aerial,
                               inspectors=list(record.inspectors), corners_checked=list(record.corners_checked),
                               checklist=dict(record.checklist))


def _merged(named: Sequence[str], attached: Sequence[str]) -> list[str]:
    """The names a record lists, plus the attached files it does not name (compared without folders)."""
    listed = {Path(n).name for n in named}
    return [*named, *(n for n in attached if n not in listed)]


def _evidence_roles(evidence: Sequence[EvidenceInput]) -> tuple[list[tuple[EvidenceRole, Path]], list[Problem]]:
    found, problems = [], []
    for item in evidence:
        try:
            found.append((EvidenceRole(item.role), Path(item.path)))
        except ValueError:
            problems.append(Problem("evidence.role_unknown", N_(
                "Evidence {file}: unknown role {role} (route, photo, aerial or document)"),
                {"file": Path(item.path).name, "role": item.role}, field="evidence"))
    return found, problems


def _check_points(facts: MineFacts, observed: Sequence[ObservedPoint]) -> tuple[list[PointResult], list[Problem]]:
    """Each observed point located against the licence polygon (R-PAT-4: a phone fix supports only suspicion)."""
    results: list[PointResult] = []
    problems: list[Problem] = []
    known = {c.point_no for c in facts.corners}
    for point in observed:
        try:
            kind = PointKind(point.kind)
            check = locate_point(facts.corners, float(point.x), float(point.y))
        except ValueError:
            problems.append(Problem("point.unknown", N_(
                "Observed point {label}: cannot be checked (unknown kind, or the licence has no usable boundary)"),
                {"label": point.label}, field="points"))
            continue
        if kind is PointKind.CORNER and point.point_no and point.point_no not in known:
            problems.append(Problem("point.not_a_corner", N_(
                "Observed point {label}: {point} is not a corner point of this mine's licence"),
                {"label": point.label, "point": point.point_no}, Severity.WARNING, field="points"))
        results.append(PointResult(point.label, kind, point.point_no, float(point.x), float(point.y),
                                   check.inside, round(check.distance_outside_m, 2)))
    return results, problems


def _boundary_note(outside: Sequence[PointResult]) -> str:
    parts = "、".join(_("{label} {distance:.1f} m outside").format(label=p.label or p.point_no or "?",
                                                                   distance=p.distance_outside_m) for p in outside)
    return _("Suspected mining outside the licensed area (phone fix): {points}").format(points=parts)


def _findings(record: PatrolRecord, points: Sequence[PointResult]) -> list[tuple[ChecklistItem, str, Section, bool]]:
    """The checklist's findings, plus a suspected 越界 when an observed point lies outside (merged into a
    checklist 越界 finding when there is one: one finding of a kind per patrol)."""
    found = [(f.kind, f.note, f.receiver, False) for f in findings_of(record)]
    outside = [p for p in points if not p.inside]
    if not outside:
        return found
    note = _boundary_note(outside)
    for index, (kind, text, receiver, suspected) in enumerate(found):
        if kind is ChecklistItem.OUTSIDE_BOUNDARY:
            found[index] = (kind, f"{text}；{note}" if text else note, receiver, suspected)
            return found
    kind = ChecklistItem.OUTSIDE_BOUNDARY
    return [*found, (kind, note, finding_receiver(kind), True)]


def prepare_patrol(ctx: Context, facts: MineFacts, record: PatrolRecord, *,
                   evidence: Sequence[EvidenceInput] = (), observed: Sequence[ObservedPoint] = (),
                   offices: Iterable[str] | None = None) -> Prepared:
    """Validate a record (domain rules, the office exists, evidence roles, observed points) and work out its
    findings; nothing is written. `offices`: the known office codes (loaded when not given)."""
    roles, problems = _evidence_roles(evidence)
    full = _with_evidence_names(record, roles)
    problems = [*validate_patrol(full, facts.mine, ctx.today, corner_points=[c.point_no for c in facts.corners],
                                 zone_years=facts.zone_years), *problems]
    known_offices = set(store.office_codes(ctx.conn) if offices is None else offices)
    office = clean_text(full.office_code)
    if office and office not in known_offices:
        problems.append(Problem("office.unknown", N_(
            "Office: unknown office {office}"), {"office": office}, field="office_code"))
    points, point_problems = _check_points(facts, observed)
    problems.extend(point_problems)
    rings: dict[str, int] = {}
    for corner in facts.corners:
        rings.setdefault(corner.point_no, corner.ring)
    return Prepared(int(facts.mine.id or 0), full, problems, roles, points, _findings(full, points), rings)


def _checked_files(prepared: Prepared) -> None:
    """Every evidence file readable before anything is copied; else EvidenceFileError naming the file."""
    for _role, path in prepared.evidence:
        reason = check_readable(path)
        if reason is not None:
            raise EvidenceFileError(_("Evidence file {file} cannot be read: {reason}").format(
                file=str(path), reason=reason))


def evidence_batch(ctx: Context):
    """A new EvidenceBatch storing into the evidence folder beside the database."""
    if ctx.db_path is None:
        raise ServiceError(_("evidence files need a database file (this database is in memory)"))
    return EvidenceBatch(evidence_dir(ctx.db_path))


def record_patrol(ctx: Context, mine_id: int, record: PatrolRecord, *, evidence: Sequence[EvidenceInput] = (),
                  observed: Sequence[ObservedPoint] = ()) -> SavedPatrol:
    """Validate and save one patrol with its evidence, boundary checks and findings, in one transaction.

    Errors → PatrolRefused (nothing written, no file copied); a missing evidence file → EvidenceFileError.
    """
    authorize(ctx, Action.PATROL_RECORD, office=record.office_code)
    prepared = prepare_patrol(ctx, load_facts(ctx, mine_id), record, evidence=evidence, observed=observed)
    if prepared.errors:
        raise PatrolRefused(prepared.problems)
    _checked_files(prepared)
    batch = evidence_batch(ctx) if prepared.evidence else None
    try:
        stored = [(role, batch.add(path)) for role, path in prepared.evidence] if batch else []
        with db.write(ctx.conn):
            patrol_id = write_patrol(ctx, prepared, stored)
    except BaseException:
        if batch is not None:
            batch.discard_unreferenced(lambda sha: evidence_store.is_known(ctx.conn, sha))
        raise
    findings = [_finding_row(r) for r in store.findings_of_patrol(ctx.conn, patrol_id)]
    return SavedPatrol(patrol_id, prepared.warnings, findings, prepared.point_checks)


def _patrol_row(prepared: Prepared, actor: str, now: str) -> dict[str, Any]:
    record = prepared.record
    return {
        "mine_id": prepared.mine_id,
        "patrol_date": record.date.isoformat(),
        "office_code": clean_text(record.office_code),
        "inspectors": LIST_SEPARATOR.join(n for n in (clean_text(i) for i in record.inspectors) if n),
        "mode": str(record.mode),
        "drone_reason": clean_text(record.drone_reason) or None,
        "route_name": clean_text(record.route_file) or None,
        "village_inquiry": clean_text(record.village_inquiry) or None,
        "findings_text": (record.findings or "").strip(),
        "created_by": actor,
        "created_at": now,
    }


def snapshot(prepared: Prepared) -> dict[str, Any]:
    """What the audit trail records of a patrol (and what an import compares a stored patrol with)."""
    row = _patrol_row(prepared, "", "")
    del row["created_by"], row["created_at"]
    return {
        **row,
        "items": {str(k): [str(v.answer), v.note.strip()] for k, v in sorted(prepared.record.checklist.items())},
        "corners": sorted({clean_text(p) for p in prepared.record.corners_checked if clean_text(p)}),
        "photos": [*prepared.record.photos],
        "aerial_photos": [*prepared.record.aerial_photos],
    }


def write_patrol(ctx: Context, prepared: Prepared, stored: Sequence[tuple[EvidenceRole, Any]], *,
                 action: str = "patrol.add") -> int:
    """Insert a prepared patrol with its items, corners, points, evidence rows and findings, and audit it.
    Runs inside the caller's write transaction; `stored` are the (role, io.evidence.StoredFile) copies."""
    conn, now = ctx.conn, db.now_utc()
    patrol_id = store.insert_patrol(conn, _patrol_row(prepared, ctx.actor, now))
    record = prepared.record
    store.insert_items(conn, patrol_id, [(str(k), str(v.answer), v.note.strip()) for k, v in record.checklist.items()])
    checked = dict.fromkeys(clean_text(p) for p in record.corners_checked if clean_text(p))
    store.insert_corners(conn, patrol_id, [(prepared.corner_rings.get(p, 1), p) for p in checked])
    store.insert_points(conn, patrol_id, [(p.label, str(p.kind), p.point_no, p.x, p.y, p.inside,
                                           p.distance_outside_m) for p in prepared.point_checks])
    for role, copy in stored:
        evidence_store.put_file(conn, copy.sha256, copy.size, copy.suffix, now)
        evidence_store.attach(conn, patrol_id, copy.sha256, str(role), copy.original_name, now)
    for kind, note, receiver, suspected in prepared.findings:
        store.insert_finding(conn, mine_id=prepared.mine_id, patrol_id=patrol_id, kind=str(kind), note=note,
                             receiver=str(receiver), suspected=suspected, created_at=now)
    after = {**snapshot(prepared), "evidence": [[str(r), c.sha256, c.original_name] for r, c in stored],
             "findings": [str(k) for k, *_rest in prepared.findings]}
    audit.append(conn, actor=ctx.actor, action=action, entity="patrol", entity_id=patrol_id, after=after)

    draft_for_patrol(ctx, patrol_id)
    return patrol_id


# ================================================================================================
# Duties
# ================================================================================================


# ================================================================================================
# Reading patrols back
# ================================================================================================


