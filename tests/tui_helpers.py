"""A small fixed district for the TUI tests and snapshots, and a way to wait for the app's workers."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from textual.pilot import Pilot

from minetui.domain.model import Corner, Mine, MineScale, MineStatus, MiningMethod, ZoneLevel, ZoneState
from minetui.domain.zones import ZoneDraft
from minetui.services.core.context import Context
from minetui.store import db, mines, offices
from minetui.store import zones as zone_store
from tests.factories import add_mine, add_office

TWO_RINGS = [
    Corner("1", 3_980_000.00, 38_410_000.00), Corner("2", 3_980_000.00, 38_411_000.00),
    Corner("3", 3_981_000.00, 38_411_000.00), Corner("4", 3_981_000.00, 38_410_000.00),
    Corner("5", 3_982_000.00, 38_412_000.00, 2), Corner("6", 3_982_000.00, 38_412_500.00, 2),
    Corner("7", 3_982_500.00, 38_412_500.00, 2),
]


def add_zone(ctx: Context, year: int, level: ZoneLevel, name: str, mine_ids: list[int], *,
             state: ZoneState = ZoneState.APPROVED, proposed_by: str | None = None) -> int:
    with db.write(ctx.conn):
        zone_id = zone_store.insert_zone(ctx.conn, ZoneDraft(year, level, name, None, "", state, proposed_by))
        for mine_id in mine_ids:
            zone_store.add_membership(ctx.conn, zone_id, mine_id, "")
    return zone_id


def build_district(ctx: Context) -> dict[str, int]:
    """Two offices, five mines (Chinese names, one with markup-like brackets), zones of 2025."""
    add_office(ctx)
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    ids = {
        "a": add_mine(ctx, "C1404002009121120046101", "甲煤矿", holder="山西甲能源有限公司",
                      scale=MineScale.LARGE, area_km2=1.2345, depth_top_m=1150, depth_bottom_m=850,
                      valid_from=date(2019, 3, 17), valid_to=date(2029, 3, 17), villages=["东村", "西村"],
                      statuses=[(MineStatus.CONSTRUCTION, date(2019, 3, 17)), (MineStatus.PRODUCING, date(2021, 5, 1))],
                      corners=TWO_RINGS),
        "b": add_mine(ctx, "C1404002009121120046102", "乙煤矿", office="XH",
                      statuses=[(MineStatus.PRODUCING, date(2020, 1, 1)), (MineStatus.SUSPENDED, date(2025, 3, 1))]),
        "c": add_mine(ctx, "C1404002009121120046103", "丙铁矿", minerals="铁矿", method=MiningMethod.OPEN_PIT,
                      holder="长治丙铁业有限公司"),
        "d": add_mine(ctx, "C1404002009121120046104", "丁石灰岩矿", office="XH", minerals="水泥用石灰岩",
                      method=MiningMethod.OPEN_PIT),
        "e": add_mine(ctx, "C1404002009121120046105", "[b]甲[/b]矿", holder="[red]某[/red]公司"),
    }
    ids["national"] = add_zone(ctx, 2025, ZoneLevel.NATIONAL, "上党煤矿区", [ids["a"], ids["b"]])
    ids["district"] = add_zone(ctx, 2025, ZoneLevel.DISTRICT, "西火石灰岩矿区", [ids["d"]])
    ids["proposal"] = add_zone(ctx, 2025, ZoneLevel.DISTRICT, "苏店铁矿区", [ids["c"]],
                               state=ZoneState.PROPOSED, proposed_by="SD")
    return ids


NAMES = ("甲", "乙", "丙", "丁", "戊")


def many_mines(ctx: Context, n: int) -> None:
    """`n` mines in one transaction: names repeat (ties on the sort column), every 7th has no office."""
    with db.write(ctx.conn):
        offices.upsert_office(ctx.conn, "SD", "苏店自然资源所", "苏店镇")
        offices.upsert_office(ctx.conn, "XH", "西火自然资源所", "西火镇")
        for i in range(n):
            office = None if i % 7 == 0 else ("SD", "XH")[i % 2]
            mine = Mine(licence_no=f"C14040020091211200{i:05d}", name=f"{NAMES[i % 5]}煤矿{i % 50:02d}",
                        holder=f"{NAMES[i % 3]}公司", minerals="煤", method=MiningMethod.UNDERGROUND,
                        office_code=office)
            mine_id = mines.insert_mine(ctx.conn, mines.mine_to_row(mine))
            mines.put_status(ctx.conn, mine_id, MineStatus.PRODUCING, date(2020, 1, 1))


async def settle(pilot: Pilot) -> None:
    """Let every worker finish and every message they posted be handled (handlers may start more)."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (the project has no pytest async plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run
