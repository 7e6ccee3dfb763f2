"""Vocabulary of the domain: enumerations with their Chinese words and the records passed between layers.

Stored values are the English keys (stable for scripts and exports); `zh` is the word clerks use and the
word the importer accepts besides the key. Both words, like every UI label, are in the catalogue (minetui/i18n.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from minetui.i18n import gettext_in, language


class _Worded(StrEnum):
    """A StrEnum whose members have UI words in the catalogue (minetui/i18n.py), like every other word shown.

    The msgid of a member is its English word, `en`: the stored value with spaces for underscores, unless the
    class's `EN()` gives another; the msgctxt is the class name. The Chinese words — the glossary of domain.md,
    also what the importer accepts besides the key — are the zh_CN catalogue's (`zh`); `label` is the word in
    the UI language. `python tools/i18n.py update` extracts every member, so none can be missed.
    """

    @staticmethod
    def EN() -> Mapping[Any, str]:
        """English words that are not the value with spaces (override in a subclass)."""
        return {}

    @property
    def en(self) -> str:
        return type(self).EN().get(self) or self.value.replace("_", " ")

    @property
    def zh(self) -> str:
        return gettext_in("zh", self.en, type(self).__name__)

    @property
    def label(self) -> str:
        return gettext_in(language(), self.en, type(self).__name__)

    @classmethod
    def from_zh(cls, word: str) -> _Worded | None:
        return next((member for member in cls if member.zh == word), None)


class MineStatus(_Worded):
    PRODUCING = "producing"
    CONSTRUCTION = "construction"
    SUSPENDED = "suspended"
    HALTED = "halted"
    PREPARING = "preparing"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # 注销: the licence was cancelled, every obligation ends

    @staticmethod
    def EN() -> dict[MineStatus, str]:
        return {MineStatus.CONSTRUCTION: "under construction", MineStatus.HALTED: "construction halted"}


class MiningMethod(_Worded):
    OPEN_PIT = "open_pit"
    UNDERGROUND = "underground"
    COMBINED = "combined"

    @staticmethod
    def EN() -> dict[MiningMethod, str]:
        return {MiningMethod.OPEN_PIT: "open-pit"}


class MineScale(_Worded):
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"


class ZoneLevel(_Worded):
    """R-ZONE-1: the four levels of key monitoring zones, highest first."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"

    @property
    def rank(self) -> int:
        """0 for 部级 (highest) … 3 for 区级."""
        return list(ZoneLevel).index(self)


class ZoneState(_Worded):
    """R-ZONE-2: a district zone proposed by an office is approved or rejected by the bureau."""

    APPROVED = "approved"
    PROPOSED = "proposed"
    REJECTED = "rejected"


class Section(_Worded):
    """Sections of the district bureau and outside agencies that leads pass between."""

    MINERAL = "mineral"
    ENFORCEMENT = "enforcement"
    RESTORATION = "restoration"
    REGISTRATION = "registration"
    TASK_FORCE = "task_force"
    FORESTRY = "forestry"
    CITY = "city"
    PROVINCE = "province"

    @staticmethod
    def EN() -> dict[Section, str]:
        return {
            Section.MINERAL: "Mineral Management",
            Section.ENFORCEMENT: "Enforcement",
            Section.RESTORATION: "Restoration",
            Section.REGISTRATION: "Registration",
            Section.TASK_FORCE: "Task force",
            Section.FORESTRY: "Forestry",
            Section.CITY: "City bureau",
            Section.PROVINCE: "Provincial dept",
        }


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a mine's status history: `status` holds from `effective_from` until the next entry."""

    status: MineStatus
    effective_from: date


@dataclass(frozen=True, slots=True)
class Corner:
    """A licence corner point: X northing, Y easting with the zone prefix (CGCS2000 3° Gauss–Krüger)."""

    point_no: str
    x: float
    y: float
    ring: int = 1


@dataclass(slots=True)
class Mine:
    licence_no: str
    name: str
    holder: str
    minerals: str
    method: MiningMethod
    office_code: str | None
    credit_code: str | None = None
    scale: MineScale | None = None
    town: str | None = None
    villages: list[str] = field(default_factory=list)
    area_km2: float | None = None
    depth_top_m: float | None = None
    depth_bottom_m: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    forest_grass: bool = False
    epsg: int = 4526
    id: int | None = None
    version: int = 0
