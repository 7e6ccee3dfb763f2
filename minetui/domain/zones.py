"""Key monitoring zones (重点监测矿区): R-ZONE-1 levels per year, R-ZONE-2 proposals and the yearly copy.

Pure rules only. A zone is `proposed` by an office (always district level), then the bureau makes it
`approved` or `rejected`; a decided zone is never decided again. Only approved zones count for duties
(R-PAT-1), and only they (with their mines) are carried into the next year's list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from minetui.domain.model import MineStatus, ZoneLevel, ZoneState
from minetui.i18n import N_

# The only level an office may propose (R-ZONE-2).
PROPOSAL_LEVEL = ZoneLevel.DISTRICT


@dataclass(frozen=True, slots=True)
class ZoneRow:
    """One zone of one year, with how many mines it holds."""

    id: int
    year: int
    level: ZoneLevel
    name: str
    code: str | None
    basis: str
    state: ZoneState
    proposed_by: str | None
    mine_count: int
    version: int


@dataclass(frozen=True, slots=True)
class ZoneMineRow:
    """A mine in a zone; `status` is the mine's status on the day asked about (None: no history yet)."""

    mine_id: int
    licence_no: str
    name: str
    office_code: str | None
    status: MineStatus | None
    basis: str
    office_name: str | None = None


@dataclass(frozen=True, slots=True)
class ZoneDraft:
    """The fields of a zone about to be created (by a proposal or by copying a year)."""

    year: int
    level: ZoneLevel
    name: str
    code: str | None
    basis: str
    state: ZoneState
    proposed_by: str | None


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What copying a year's list created."""

    zones: int
    memberships: int


class ZoneAction(StrEnum):
    """What may be done to an existing zone."""

    APPROVE = "approve"
    REJECT = "reject"
    EDIT_MINES = "edit_mines"  # add or remove a mine


@dataclass(frozen=True, slots=True)
class Transition:
    """The answer to "may this action happen": the state after it, or why not (an English msgid)."""

    allowed: bool
    state: ZoneState
    reason: str = ""


_DECISIONS = {ZoneAction.APPROVE: ZoneState.APPROVED, ZoneAction.REJECT: ZoneState.REJECTED}

REASON_NOT_A_PROPOSAL = N_(
    "the zone is not a proposal (it is {state}); only a proposed zone can be approved or rejected")
REASON_REJECTED = N_("the zone was rejected; its mines cannot be changed")


def transition(state: ZoneState, action: ZoneAction) -> Transition:
    """R-ZONE-2: proposed → approved | rejected; decided zones stay decided; a rejected zone is frozen."""
    if action in _DECISIONS:
        if state is not ZoneState.PROPOSED:
            return Transition(False, state, REASON_NOT_A_PROPOSAL)
        return Transition(True, _DECISIONS[action])
    if state is ZoneState.REJECTED:
        return Transition(False, state, REASON_REJECTED)
    return Transition(True, state)


def highest_level(levels: Iterable[ZoneLevel]) -> ZoneLevel | None:
    """The highest of the levels (部级 > 省级 > 市级 > 区级), None when there are none (R-SUR-2)."""
    return min(levels, key=lambda level: level.rank, default=None)


def counts_for_duties(state: ZoneState) -> bool:
    """Only approved zones bring patrol, verification and survey duties (R-PAT-1)."""
    return state is ZoneState.APPROVED


def copies_into_next_year(zone: ZoneRow) -> bool:
    """R-ZONE-2 copy rule: approved zones (and their mines) are carried over; proposals and rejected are not."""
    return zone.state is ZoneState.APPROVED


def copy_draft(zone: ZoneRow, to_year: int) -> ZoneDraft:
    """The new year's zone made from an approved one: same level, name, code, basis and proposing office."""
    return ZoneDraft(year=to_year, level=zone.level, name=zone.name, code=zone.code, basis=zone.basis,
                     state=ZoneState.APPROVED, proposed_by=zone.proposed_by)


def proposal_draft(year: int, name: str, office_code: str, basis: str = "") -> ZoneDraft:
    """An office's proposal: a district zone in state proposed."""
    return ZoneDraft(year=year, level=PROPOSAL_LEVEL, name=name.strip(), code=None, basis=basis.strip(),
                     state=ZoneState.PROPOSED, proposed_by=office_code)


def parse_level(text: str) -> ZoneLevel | None:
    """A level from its key (`national`) or Chinese word (`部级`, also `部` / `国家级`); None if unknown."""
    word = text.strip().lower()
    for level in ZoneLevel:
        if word in (level.value, level.zh, level.zh.removesuffix("级")):
            return level
    return ZoneLevel.NATIONAL if word in ("国家级", "国家") else None
