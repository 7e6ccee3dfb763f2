"""R-SPOT-1: triggers open a task at any mine with its window and sections; results and findings."""

from __future__ import annotations

from datetime import date

import pytest

from minetui.domain.inspections.spotchecks import InspectionLevel, SpotCheckResult, SpotCheckState, Trigger, TriggerKind
from minetui.domain.model import Section
from minetui.errors import StaleRecord
from minetui.services.core.settings import set_setting
from minetui.services.inspections import spotchecks as service
from minetui.store import audit
from tests.inspection_fixtures import build_district

MEDIA = Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 6, 1), "https://example.org/report/1")


def test_a_media_report_opens_a_task_at_a_mine_outside_every_zone(ctx) -> None:
    d = build_district(ctx)
    opened = service.open_spotcheck(ctx, d.f, MEDIA, [Section.ENFORCEMENT])
    assert (opened.window_start, opened.window_end) == (date(2025, 6, 1), date(2025, 6, 30))
    assert opened.sections == (Section.MINERAL, Section.RESTORATION, Section.ENFORCEMENT)
    [row] = service.spotcheck_rows(ctx, year=2025)
    assert row.mine_id == d.f and row.state is SpotCheckState.OPEN and row.trigger.source == "上党晚报"
    ctx.today = date(2025, 7, 1)
    assert service.spotcheck_rows(ctx, year=2025)[0].state is SpotCheckState.OVERDUE
    assert audit.log(ctx.conn, entity=f"spotcheck:{opened.id}")[0]["action"] == "spotcheck.open"


def test_the_window_is_a_setting(ctx) -> None:
    d = build_district(ctx)
    set_setting(ctx, "spotcheck.window_days", "15")
    opened = service.open_spotcheck(ctx, d.a, MEDIA)
    assert opened.window_end == date(2025, 6, 15)


@pytest.mark.parametrize("trigger, field", [
    (Trigger(TriggerKind.MEDIA, " ", date(2025, 6, 1)), "source"),
    (Trigger(TriggerKind.AUDIT, "审计报告", date(2025, 6, 16)), "day"),
    (Trigger(TriggerKind.ENV_INSPECTION, "督察反馈意见", date(2025, 5, 1)), "level"),
    (Trigger(TriggerKind.AUDIT, "审计报告", date(2025, 5, 1), level=InspectionLevel.CITY), "level"),
])
def test_a_bad_trigger_is_refused(ctx, trigger: Trigger, field: str) -> None:
    d = build_district(ctx)
    with pytest.raises(service.SpotCheckRefused) as refused:
        service.open_spotcheck(ctx, d.a, trigger)
    assert field in {p.field for p in refused.value.problems}
    assert ctx.conn.execute("SELECT count(*) FROM spotcheck_triggers").fetchone()[0] == 0


def test_a_typical_case_of_a_central_inspection(ctx) -> None:
    d = build_district(ctx)
    trigger = Trigger(TriggerKind.ENV_INSPECTION, "中央第三生态环境保护督察组反馈意见", date(2025, 5, 20),
                      level=InspectionLevel.CENTRAL)
    opened = service.open_spotcheck(ctx, d.c, trigger)
    assert opened.warnings == []
    assert service.spotcheck_detail(ctx, opened.id).trigger.level is InspectionLevel.CENTRAL


def test_result_with_findings_to_their_sections(ctx) -> None:
    d = build_district(ctx)
    opened = service.open_spotcheck(ctx, d.a, MEDIA)
    with pytest.raises(service.SpotCheckRefused):
        service.record_result(ctx, opened.id, SpotCheckResult(date(2025, 6, 10), ["张三"], "发现越界"))
    with pytest.raises(service.SpotCheckRefused):
        service.record_result(ctx, opened.id, SpotCheckResult(date(2025, 5, 30), ["张三", "李四"], "发现越界"))
    result = SpotCheckResult(date(2025, 6, 10), ["张三", "李四"], "东侧越界开采，边坡未治理")
    row = service.record_result(ctx, opened.id, result, [(Section.ENFORCEMENT, "东侧越界开采"),
                                                         (Section.RESTORATION, "边坡未治理")])
    assert row.state is SpotCheckState.DONE and row.inspectors == ("张三", "李四")
    assert {(str(f.receiver), f.note) for f in row.findings} == {("enforcement", "东侧越界开采"),
                                                                  ("restoration", "边坡未治理")}
    leads = ctx.conn.execute("SELECT to_section, from_section FROM leads ORDER BY to_section").fetchall()
    assert [tuple(r) for r in leads] == [("enforcement", "mineral"), ("restoration", "mineral")]
    with pytest.raises(StaleRecord):
        service.record_result(ctx, opened.id, result, expected_version=1)
    fixed = service.record_result(ctx, opened.id, result, [(Section.ENFORCEMENT, "东侧越界开采")], expected_version=2)
    assert [str(f.receiver) for f in fixed.findings] == ["enforcement"]
