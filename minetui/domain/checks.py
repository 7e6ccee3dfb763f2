"""Data-problem rules of `minetui check`, over plain records (no database here).

Severity: 'error' makes `minetui check` exit 2; 'warning' is reported only. Errors are what breaks other
rules (no boundary → no 越界 check, no office → nobody patrols, no status → no R-PAT-2 duty) or a licence
that has run out while the mine is not closed; warnings are what a clerk should look at (area mismatch,
licence expiring soon, no expiry date). Messages are in the UI language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from minetui.domain import geometry
from minetui.domain.model import Corner, MineStatus
from minetui.domain.validation import ERROR, WARNING, Message, Problem, Severity
from minetui.i18n import N_

__all__ = ["ERROR", "WARNING", "Severity"]

# Geometry findings that are only warnings (R-GEO-1: "warn, don't refuse" for the area).
GEO_WARNINGS = frozenset({geometry.AREA_MISMATCH})
# A licence that ran out is no problem once the mine is closed or its licence cancelled.
ENDED = frozenset({MineStatus.CLOSED, MineStatus.CANCELLED})

# The codes are the `code` column of `minetui check` (stable for scripts), as they were before they had messages.
NO_OFFICE = Message("no_office", N_("No natural resources office is responsible for this mine"))
NO_STATUS = Message("no_status", N_("No mine status history"))
NO_VALID_TO = Message("no_valid_to", N_("The licence has no expiry date"))
LICENCE_EXPIRED = Message("licence_expired", N_("The licence expired on {date} ({days} days ago)"))
LICENCE_EXPIRING = Message("licence_expiring", N_("The licence expires on {date} (in {days} days)"))
NO_CORNERS = Message("no_corners", N_("No corner points: the licensed area is unknown"))
INTEGRITY = Message("integrity", N_("Database integrity: {detail}"))
FOREIGN_KEY = Message("foreign_key", N_("Broken reference: {detail}"))
AUDIT_CHAIN = Message("audit_chain", N_("The audit trail was altered at entry {seq}"))


@dataclass(frozen=True, slots=True)
class MineRecord:
    """What the checks need to know of one mine; `status` is the status in force today (None if none yet)."""

    licence_no: str
    name: str
    office_code: str | None
    valid_to: date | None
    area_km2: float | None
    epsg: int
    has_status: bool
    status: MineStatus | None = None
    corners: Sequence[Corner] = field(default=())


@dataclass(frozen=True, slots=True)
class CheckSettings:
    today: date
    expiry_warning_days: int = 30
    area_tolerance: float = 0.05


def check_mines(mines: Iterable[MineRecord], settings: CheckSettings) -> list[Problem]:
    """All findings, mine by mine in the given order."""
    return [problem for mine in mines for problem in mine_problems(mine, settings)]


def mine_problems(mine: MineRecord, settings: CheckSettings) -> list[Problem]:
    found: list[Problem] = []
    if not mine.office_code:
        found.append(Problem.of(NO_OFFICE))
    if not mine.has_status:
        found.append(Problem.of(NO_STATUS))
    found.extend(_validity(mine, settings))
    found.extend(_geometry(mine, settings))
    return [p.at(licence_no=mine.licence_no, mine_name=mine.name) for p in found]


def _validity(mine: MineRecord, settings: CheckSettings) -> list[Problem]:
    """Licence expired (error) or expiring within `expiry_warning_days` (warning); nothing once ended."""
    if mine.status in ENDED:
        return []
    if mine.valid_to is None:
        return [Problem.of(NO_VALID_TO, WARNING)]
    days = (mine.valid_to - settings.today).days
    if days < 0:
        return [Problem.of(LICENCE_EXPIRED, date=mine.valid_to.isoformat(), days=-days)]
    if days <= settings.expiry_warning_days:
        return [Problem.of(LICENCE_EXPIRING, WARNING, date=mine.valid_to.isoformat(), days=days)]
    return []


def _geometry(mine: MineRecord, settings: CheckSettings) -> list[Problem]:
    """R-GEO-1: ring problems, then the area against the licence when every ring is sound."""
    if not mine.corners:
        return [Problem.of(NO_CORNERS)]
    problems = geometry.ring_problems(mine.corners, epsg=mine.epsg)
    if not problems:
        mismatch = geometry.area_mismatch(geometry.area_km2(mine.corners), mine.area_km2, settings.area_tolerance)
        problems = [mismatch] if mismatch else []
    return [p.at(severity=WARNING if p.code in GEO_WARNINGS else ERROR) for p in problems]


def integrity_problems(integrity: Sequence[str], foreign_keys: Sequence[str],
                       broken_audit_row: int | None) -> list[Problem]:
    """Errors from PRAGMA integrity_check / foreign_key_check and the audit chain (not tied to a mine)."""
    problems = [Problem.of(INTEGRITY, detail=text) for text in integrity if text != "ok"]
    problems += [Problem.of(FOREIGN_KEY, detail=text) for text in foreign_keys]
    if broken_audit_row is not None:
        problems.append(Problem.of(AUDIT_CHAIN, seq=broken_audit_row))
    return problems
