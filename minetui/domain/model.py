"""Vocabulary of the domain: enumerations with their Chinese words and the records passed between layers.

Stored values are the English keys (stable for scripts and exports); `zh` is the word clerks use and the
word the importer accepts besides the key. UI labels come from the i18n catalogs (see minetui/i18n.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class _Worded(StrEnum):
    """A StrEnum whose members carry their Chinese word in `ZH`."""

    @property
    def zh(self) -> str:
        return type(self).ZH()[self]  # type: ignore[attr-defined]

    @classmethod
    def from_zh(cls, word: str) -> _Worded | None:
        for member, zh in cls.ZH().items():  # type: ignore[attr-defined]
            if zh == word:
                return member
        return None


class MineStatus(_Worded):
    PRODUCING = "producing"
    CONSTRUCTION = "construction"
    SUSPENDED = "suspended"
    HALTED = "halted"
    PREPARING = "preparing"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # 注销: the licence was cancelled, every obligation ends

    @staticmethod
    def ZH() -> dict[MineStatus, str]:
        return {
            MineStatus.PRODUCING: "在产",
            MineStatus.CONSTRUCTION: "基建",
            MineStatus.SUSPENDED: "停产",
            MineStatus.HALTED: "停建",
            MineStatus.PREPARING: "筹建",
            MineStatus.CLOSED: "关闭",
            MineStatus.CANCELLED: "注销",
        }


class MiningMethod(_Worded):
    OPEN_PIT = "open_pit"
    UNDERGROUND = "underground"
    COMBINED = "combined"

    @staticmethod
    def ZH() -> dict[MiningMethod, str]:
        return {MiningMethod.OPEN_PIT: "露天", MiningMethod.UNDERGROUND: "地下", MiningMethod.COMBINED: "联合"}


class MineScale(_Worded):
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"

    @staticmethod
    def ZH() -> dict[MineScale, str]:
        return {MineScale.LARGE: "大型", MineScale.MEDIUM: "中型", MineScale.SMALL: "小型"}


class ZoneLevel(_Worded):
    """R-ZONE-1: the four levels of key monitoring zones, highest first."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"

    @staticmethod
    def ZH() -> dict[ZoneLevel, str]:
        return {
            ZoneLevel.NATIONAL: "部级",
            ZoneLevel.PROVINCIAL: "省级",
            ZoneLevel.MUNICIPAL: "市级",
            ZoneLevel.DISTRICT: "区级",
        }

    @property
    def rank(self) -> int:
        """0 for 部级 (highest) … 3 for 区级."""
        return list(ZoneLevel).index(self)


class ZoneState(_Worded):
    """R-ZONE-2: a district zone proposed by an office is approved or rejected by the bureau."""

    APPROVED = "approved"
    PROPOSED = "proposed"
    REJECTED = "rejected"

    @staticmethod
    def ZH() -> dict[ZoneState, str]:
        return {ZoneState.APPROVED: "已确定", ZoneState.PROPOSED: "待审批", ZoneState.REJECTED: "已驳回"}


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
    def ZH() -> dict[Section, str]:
        return {
            Section.MINERAL: "矿管股",
            Section.ENFORCEMENT: "执法机构",
            Section.RESTORATION: "生态修复股",
            Section.REGISTRATION: "采矿权审批登记",
            Section.TASK_FORCE: "工作专班",
            Section.FORESTRY: "林业部门",
            Section.CITY: "市局",
            Section.PROVINCE: "省厅",
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
