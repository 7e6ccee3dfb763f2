"""Helpers for the lead tests: a mine with a patrol that has abnormal findings, and quick drafts."""

from __future__ import annotations

from datetime import date

from minetui.domain.patrols.record import ChecklistItem, ItemAnswer, ItemCheck
from minetui.services.core.context import Context
from minetui.services.leads import drafting, leads
from minetui.services.patrols import patrols
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, good_record


def mine_with_findings(ctx: Context, kinds: tuple[ChecklistItem, ...] = (
        ChecklistItem.OUTSIDE_BOUNDARY, ChecklistItem.ECO_DAMAGE, ChecklistItem.FOREST_GRASS)) -> tuple[int, int]:
    """(mine_id, patrol_id) of a zone mine whose patrol on 2025-06-10 found `kinds` abnormal."""
    add_office(ctx)
    mine_id = add_mine(ctx, "C1404042020011110000001", "苏店煤矿")
    add_zone(ctx, 2025, [mine_id])
    record = good_record()
    for kind in kinds:
        record.checklist[kind] = ItemCheck(ItemAnswer.ABNORMAL, f"{kind.zh}情况")
    saved = patrols.record_patrol(ctx, mine_id, record)
    return mine_id, saved.id


def draft(ctx: Context, rule: str, mine_id: int | None = None, *, year: int = 2025, **fields) -> int:
    lead_id = drafting.draft_lead(ctx, drafting.LeadDraft(rule, mine_id=mine_id, year=year,
                                                    location=fields.pop("location", "" if mine_id else "某地"),
                                                    description=fields.pop("description", "测试线索"), **fields))
    assert lead_id is not None
    return lead_id


def walk(ctx: Context, lead_id: int, *steps: str) -> None:
    """Take the lead through `steps` ('send', 'receive', 'handle', 'return', 'close')."""
    for step in steps:
        if step == "close":
            leads.close(ctx, lead_id, "已办结")
        else:
            leads.act(ctx, lead_id, step, "理由" if step == "return" else "")


__all__ = ["date", "draft", "mine_with_findings", "walk"]
