"""R-VER-1: the verification list across years, additions kept, record validation, findings and leads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minetui.domain.inspections.verification import (
    DEFAULT_ITEMS,
    AdditionKind,
    Answer,
    ItemJudgement,
    LeftReason,
    ListBasis,
    VerificationRecord,
    VerificationState,
)
from minetui.domain.model import MineStatus, ZoneLevel
from minetui.errors import ServiceError
from minetui.paths import evidence_dir
from minetui.services.core.settings import set_setting
from minetui.services.inspections import verification as service
from minetui.store import audit, db, mines
from tests.inspection_fixtures import build_district
from tests.patrol_fixtures import add_zone


def listed(ctx, year: int) -> dict[int, tuple[ListBasis, ...]]:
    return {r.mine_id: r.bases for r in service.verification_list(ctx, year)}


def test_the_list_follows_status_and_zones_year_by_year(ctx) -> None:
    d = build_district(ctx)
    assert listed(ctx, 2024) == {d.a: (ListBasis.RULE,), d.b: (ListBasis.RULE,), d.c: (ListBasis.RULE,)}
    assert listed(ctx, 2025) == {d.a: (ListBasis.RULE,), d.d: (ListBasis.RULE,)}
    changes = {c.mine_id: c for c in service.list_changes(ctx, 2025)}
    assert set(changes) == {d.b, d.c, d.d}
    assert changes[d.d].joined and changes[d.d].bases == (ListBasis.RULE,)
    assert not changes[d.b].joined and changes[d.b].left_reasons == (LeftReason.NOT_PRODUCING,)
    assert not changes[d.c].joined and changes[d.c].left_reasons == (LeftReason.NOT_IN_ZONE,)


def test_a_status_change_late_in_the_year_still_counts(ctx) -> None:
    d = build_district(ctx)
    with db.write(ctx.conn):
        mines.put_status(ctx.conn, d.a, MineStatus.SUSPENDED, date(2025, 1, 2))
    assert d.a in listed(ctx, 2025)  # producing on Jan 1
    with db.write(ctx.conn):
        mines.put_status(ctx.conn, d.a, MineStatus.CANCELLED, date(2025, 1, 1))
    assert d.a not in listed(ctx, 2025)  # 注销 ends every obligation


def test_additions_are_kept_when_the_list_is_derived_again(ctx) -> None:
    d = build_district(ctx)
    service.add_to_list(ctx, 2025, d.f, "2025年双随机抽取", AdditionKind.RANDOM)
    service.add_to_list(ctx, 2025, d.a, "群众举报较多")
    assert listed(ctx, 2025)[d.f] == (ListBasis.RANDOM,)
    assert listed(ctx, 2025)[d.a] == (ListBasis.RULE, ListBasis.DECISION)
    add_zone(ctx, 2025, [d.f], name="西火砂石矿区")
    assert listed(ctx, 2025)[d.f] == (ListBasis.RULE, ListBasis.RANDOM)
    with db.write(ctx.conn):
        mines.put_status(ctx.conn, d.f, MineStatus.CLOSED, date(2025, 1, 1))
    row = next(r for r in service.verification_list(ctx, 2025) if r.mine_id == d.f)
    assert row.bases == (ListBasis.RANDOM,) and row.reason == "2025年双随机抽取"
    assert d.f not in listed(ctx, 2026)
    assert [e["action"] for e in audit.log(ctx.conn, entity="verification_addition")] == [
        "verification_list.add", "verification_list.add"]


def test_an_addition_needs_a_reason_and_can_be_taken_back(ctx) -> None:
    d = build_district(ctx)
    with pytest.raises(ServiceError):
        service.add_to_list(ctx, 2025, d.f, "  ")
    service.add_to_list(ctx, 2025, d.f, "决定列入")
    service.remove_addition(ctx, 2025, d.f)
    assert d.f not in listed(ctx, 2025)
    with pytest.raises(ServiceError):
        service.remove_addition(ctx, 2025, d.f)


def all_consistent(**changes: ItemJudgement) -> dict[str, ItemJudgement]:
    items = {item.key: ItemJudgement(Answer.CONSISTENT) for item in DEFAULT_ITEMS}
    items.update(changes)
    return items


def record(**changes) -> VerificationRecord:
    fields = {"date": date(2025, 6, 12), "inspectors": ["张三", "李四"], "items": all_consistent(),
              "conclusion": "与登记信息一致", "evidence": []}
    fields.update(changes)
    return VerificationRecord(**fields)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "site.jpg"
    path.write_bytes(b"jpeg bytes")
    return path


def counts(ctx) -> dict[str, int]:
    tables = ("verifications", "verification_items", "verification_evidence", "inspection_findings", "evidence")
    return {t: ctx.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.parametrize("bad, field", [
    ({"inspectors": ["张三"]}, "inspectors"),
    ({"inspectors": ["张三", " 张三 "]}, "inspectors"),
    ({"items": {k: v for k, v in all_consistent().items() if k != "output"}}, "items"),
    ({"items": all_consistent(output=ItemJudgement(Answer.UNVERIFIABLE))}, "output"),
    ({"conclusion": " "}, "conclusion"),
    ({"date": date(2025, 6, 16)}, "date"),
    ({"date": date(2024, 12, 30)}, "date"),
])
def test_a_bad_record_is_refused_whole(ctx, photo: Path, bad: dict, field: str) -> None:
    d = build_district(ctx)
    with pytest.raises(service.VerificationRefused) as refused:
        service.record_verification(ctx, d.a, 2025, record(**bad), evidence=[photo])
    assert field in {p.field for p in refused.value.problems if p.is_error}
    assert set(counts(ctx).values()) == {0}
    assert not any(p.is_file() for p in evidence_dir(ctx.db_path).rglob("*"))


def test_evidence_is_required(ctx) -> None:
    d = build_district(ctx)
    with pytest.raises(service.VerificationRefused) as refused:
        service.record_verification(ctx, d.a, 2025, record())
    assert [p.field for p in refused.value.problems if p.is_error] == ["evidence"]


def test_a_good_record_with_a_violation_raises_an_r_lead_1_finding(ctx, photo: Path) -> None:
    d = build_district(ctx)
    items = all_consistent(inside_area=ItemJudgement(Answer.INCONSISTENT, "东侧越界约30米"),
                           output=ItemJudgement(Answer.INCONSISTENT, "产量超出核定"))
    saved = service.record_verification(ctx, d.a, 2025, record(items=items), evidence=[photo])
    assert [(f.kind, f.rule, str(f.receiver), f.note) for f in saved.findings] == [
        ("inside_area", "R-LEAD-1", "enforcement", "东侧越界约30米")]
    detail = service.verification_detail(ctx, saved.id)
    assert detail.verdict is Answer.INCONSISTENT and detail.record.evidence == ["site.jpg"]
    assert detail.record.inspectors == ["张三", "李四"]
    assert counts(ctx)["verification_items"] == len(DEFAULT_ITEMS)
    row = next(r for r in service.verification_list(ctx, 2025) if r.mine_id == d.a)
    assert row.state is VerificationState.DONE and row.verification_id == saved.id
    lead = ctx.conn.execute("SELECT rule, to_section, deadline FROM leads WHERE origin_key = ?",
                            (f"inspection_finding:{saved.findings[0].id}",)).fetchone()
    assert tuple(lead) == ("R-LEAD-1", "enforcement", "2025-11-30")
    with pytest.raises(service.VerificationRefused):  # one verification per mine and year
        service.record_verification(ctx, d.a, 2025, record(), evidence=[photo])


def test_a_mine_off_the_list_is_a_warning_only(ctx, photo: Path) -> None:
    d = build_district(ctx)
    saved = service.record_verification(ctx, d.f, 2025, record(), evidence=[photo])
    assert [p.field for p in saved.warnings] == ["mine"]


def test_states_with_today(ctx) -> None:
    d = build_district(ctx)
    states = {r.mine_id: r.state for r in service.verification_list(ctx, 2025)}
    assert states[d.a] is VerificationState.OPEN
    ctx.today = date(2025, 12, 1)
    states = {r.mine_id: r.state for r in service.verification_list(ctx, 2025)}
    assert states[d.a] is VerificationState.OVERDUE


def test_the_check_items_are_configurable(ctx, photo: Path) -> None:
    d = build_district(ctx)
    items = ('[{"key": "boundary", "zh": "界桩", "en": "Markers"},'
             ' {"key": "depth", "zh": "开采深度", "violation": true}]')
    set_setting(ctx, "verification.items", items)
    assert [i.key for i in service.check_items(ctx)] == ["boundary", "depth"]
    mine_items = {"boundary": ItemJudgement(Answer.CONSISTENT), "depth": ItemJudgement(Answer.INCONSISTENT, "超层")}
    saved = service.record_verification(ctx, d.a, 2025, record(items=mine_items), evidence=[photo])
    assert [f.kind for f in saved.findings] == ["depth"]
    with pytest.raises(ServiceError):
        set_setting(ctx, "verification.items", "[]")
    assert [i.key for i in service.check_items(ctx)] == ["boundary", "depth"]


def test_levels_do_not_matter_for_the_list(ctx) -> None:
    d = build_district(ctx)
    add_zone(ctx, 2025, [d.f], name="部级矿区", level=ZoneLevel.NATIONAL)
    assert d.f in listed(ctx, 2025)
