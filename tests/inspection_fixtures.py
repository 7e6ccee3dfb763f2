"""A hand-built district for the verification, survey and spot-check tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from minetui.domain.model import MineStatus, MiningMethod, ZoneLevel
from minetui.services.core.context import Context
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone

PRODUCING_SINCE_2020 = [(MineStatus.PRODUCING, date(2020, 1, 1))]


@dataclass(frozen=True)
class District:
    a: int  # producing, in a district zone 2024 and 2025
    b: int  # producing in 2024, closed from 2025-01-01
    c: int  # producing, in a zone in 2024 only
    d: int  # suspended, producing from 2025-05-01, zone 2024 and 2025
    e: int  # producing, only in a rejected 2025 zone
    f: int  # producing, in no zone


def build_district(ctx: Context) -> District:
    add_office(ctx)
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    a = add_mine(ctx, "C1404042020011110000001", "甲煤矿", depth_top_m=1150.0, depth_bottom_m=850.0)
    b = add_mine(ctx, "C1404042020011110000002", "乙煤矿",
                 statuses=[(MineStatus.PRODUCING, date(2020, 1, 1)), (MineStatus.CLOSED, date(2025, 1, 1))])
    c = add_mine(ctx, "C1404042020011110000003", "丙石料厂", method=MiningMethod.OPEN_PIT, office="XH")
    d = add_mine(ctx, "C1404042020011110000004", "丁铁矿", method=MiningMethod.COMBINED,
                 statuses=[(MineStatus.SUSPENDED, date(2020, 1, 1)), (MineStatus.PRODUCING, date(2025, 5, 1))])
    e = add_mine(ctx, "C1404042020011110000005", "戊煤矿")
    f = add_mine(ctx, "C1404042020011110000006", "己砂石矿", method=MiningMethod.OPEN_PIT, office="XH")
    add_zone(ctx, 2024, [a, b, c, d], name="苏店煤矿区")
    add_zone(ctx, 2025, [a, b, d], name="苏店煤矿区")
    from minetui.domain.model import ZoneState

    add_zone(ctx, 2025, [e], name="拟设矿区", state=ZoneState.REJECTED)
    return District(a, b, c, d, e, f)


def add_levels(ctx: Context, year: int, mine_id: int, levels: list[ZoneLevel]) -> None:
    for level in levels:
        add_zone(ctx, year, [mine_id], name=f"{level.zh}测试矿区{mine_id}", level=level)
