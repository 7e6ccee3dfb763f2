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
from enum import StrEnum

from minetui.domain import geometry
from minetui.domain.model import Corner, MineStatus
from minetui.i18n import _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告"}[self.value]


ERROR = Severity.ERROR
WARNING = Severity.WARNING

# Geometry findings that are only warnings (R-GEO-1: "warn, don't refuse" for the area).
GEO_WARNINGS = frozenset({geometry.AREA_MISMATCH})
# A licence that ran out is no problem once the mine is closed or its licence cancelled.
ENDED = frozenset({MineStatus.CLOSED, MineStatus.CANCELLED})


@dataclass(frozen=True, slots=True)
class DataProblem:
    severity: str
    licence_no: str
    mine_name: str
    code: str
    message: str


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


def check_mines(mines: Iterable[MineRecord], settings: CheckSettings) -> list[DataProblem]:
    """All findings, mine by mine in the given order."""
    return [problem for mine in mines for problem in mine_problems(mine, settings)]


def mine_problems(mine: MineRecord, settings: CheckSettings) -> list[DataProblem]:
    found: list[tuple[str, str, str]] = []  # (severity, code, message)
    if not mine.office_code:
        found.append((ERROR, "no_office", _("No natural resources office is responsible for this mine")))
    if not mine.has_status:
        found.append((ERROR, "no_status", _("No mine status history")))
    found.extend(_validity(mine, settings))
    found.extend(_geometry(mine, settings))
    return [DataProblem(sev, mine.licence_no, mine.name, code, msg) for sev, code, msg in found]


def _validity(mine: MineRecord, settings: CheckSettings) -> list[tuple[str, str, str]]:
    """Licence expired (error) or expiring within `expiry_warning_days` (warning); nothing once ended."""
    if mine.status in ENDED:
        return []
    if mine.valid_to is None:
        return [(WARNING, "no_valid_to", _("The licence has no expiry date"))]
    days = (mine.valid_to - settings.today).days
    if days < 0:
        return [(ERROR, "licence_expired", _("The licence expired on {date} ({days} days ago)").format(
            date=mine.valid_to.isoformat(), days=-days))]
    if days <= settings.expiry_warning_days:
        return [(WARNING, "licence_expiring", _("The licence expires on {date} (in {days} days)").format(
            date=mine.valid_to.isoformat(), days=days))]
    return []


def _geometry(mine: MineRecord, settings: CheckSettings) -> list[tuple[str, str, str]]:
    """R-GEO-1: ring problems, then the area against the licence when every ring is sound."""
    if not mine.corners:
        return [(ERROR, "no_corners", _("No corner points: the licensed area is unknown"))]
    problems = geometry.ring_problems(mine.corners, epsg=mine.epsg)
    if not problems:
        mismatch = geometry.area_mismatch(geometry.area_km2(mine.corners), mine.area_km2, settings.area_tolerance)
        problems = [mismatch] if mismatch else []
    return [(WARNING if p.code in GEO_WARNINGS else ERROR, p.code, p.message) for p in problems]


def integrity_problems(integrity: Sequence[str], foreign_keys: Sequence[str],
                       broken_audit_row: int | None) -> list[DataProblem]:
    """Errors from PRAGMA integrity_check / foreign_key_check and the audit chain (not tied to a mine)."""
    problems = [DataProblem(ERROR, "", "", "integrity", _("Database integrity: {detail}").format(detail=text))
                for text in integrity if text != "ok"]
    problems += [DataProblem(ERROR, "", "", "foreign_key", _("Broken reference: {detail}").format(detail=text))
                 for text in foreign_keys]
    if broken_audit_row is not None:
        problems.append(DataProblem(ERROR, "", "", "audit_chain", _(
            "The audit trail was altered at entry {seq}").format(seq=broken_audit_row)))
    return problems
