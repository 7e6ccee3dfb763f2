"""Helpers for the patrol tests: zones written through the store, and a record the rules accept."""

from __future__ import annotations

from datetime import date

from minetui.domain.model import ZoneLevel, ZoneState
from minetui.domain.patrols.record import GENERAL_ITEMS, ChecklistItem, ItemAnswer, ItemCheck, PatrolRecord
from minetui.domain.zones import ZoneDraft
from minetui.services.core.context import Context
from minetui.store import db, zones


def add_zone(ctx: Context, year: int, mine_ids: list[int], *, name: str = "苏店煤矿区",
             level: ZoneLevel = ZoneLevel.DISTRICT, state: ZoneState = ZoneState.APPROVED) -> int:
    with db.write(ctx.conn):
        zone_id = zones.insert_zone(ctx.conn, ZoneDraft(year, level, name, None, "", state, None))
        for mine_id in mine_ids:
            zones.add_membership(ctx.conn, zone_id, mine_id, "")
    return zone_id


def good_record(day: date = date(2025, 6, 10), **changes) -> PatrolRecord:
    """An on-site patrol of an underground mine without villages that every rule accepts (route named)."""
    checklist = {item: ItemCheck(ItemAnswer.NORMAL) for item in GENERAL_ITEMS}
    checklist[ChecklistItem.SUBSIDENCE] = ItemCheck(ItemAnswer.NORMAL)
    fields = {"date": day, "office_code": "SD", "inspectors": ["张三", "李四"], "route_file": "route.gpx",
              "corners_checked": ["1", "2", "3"], "checklist": checklist, "photos": ["site.jpg"]}
    fields.update(changes)
    return PatrolRecord(**fields)


def table_counts(ctx: Context) -> dict[str, int]:
    """Rows in every patrol table (all zero after a refused save)."""
    names = ("patrols", "patrol_items", "patrol_corners", "patrol_points", "findings", "evidence", "patrol_evidence")
    return {n: ctx.conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
