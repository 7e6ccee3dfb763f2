"""The annual patrol report (R-PAT-6): figures worked out by hand for small districts, never from the code."""

from __future__ import annotations

from datetime import date

import pytest

from minetui.domain.model import MineStatus
from minetui.domain.patrols.duties import DutyState
from minetui.domain.patrols.record import GENERAL_ITEMS, ChecklistItem, ItemAnswer, ItemCheck, PatrolMode, PatrolRecord
from minetui.domain.patrols.report import (
    TOTAL_CODE,
    DroneReason,
    DutyFact,
    PatrolFact,
    drone_reason_kind,
    report_row,
    report_title,
    summarise,
)
from minetui.services.mines import zones
from minetui.services.patrols import patrols
from minetui.services.patrols.report import patrol_report
from tests.factories import add_mine, add_office

MET, OPEN, SOON, OVERDUE = DutyState.MET, DutyState.OPEN, DutyState.DUE_SOON, DutyState.OVERDUE
ON_SITE, DRONE = PatrolMode.ON_SITE, PatrolMode.DRONE


# --- the pure aggregation -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("交通阻断", DroneReason.ROAD_BLOCKED),
    ("暴雨后道路交通阻断，无法到达", DroneReason.ROAD_BLOCKED),
    ("安全隐患", DroneReason.SAFETY_HAZARD),
    ("Safety hazard at the pit", DroneReason.SAFETY_HAZARD),
    ("塌陷区无人值守", DroneReason.OTHER),
    (None, DroneReason.OTHER),
])
def test_drone_reason_kind(text, reason):
    assert drone_reason_kind(text) is reason


def _district():
    """Two offices. SD: mine 1 (4 duties: 2 met, 1 overdue, 1 due soon), mine 2 (1 open quarterly duty).
    XH: mine 3 (2 duties: 1 met, 1 overdue). Patrols: SD 3 (2 on site, 1 drone 安全隐患), XH 2 (both drone:
    交通阻断 and a written reason); findings: SD 越界开采 + 生态破坏 on one patrol, 生态破坏 on another; XH 标识牌."""
    duties = [
        DutyFact("SD", 1, MET), DutyFact("SD", 1, MET), DutyFact("SD", 1, OVERDUE), DutyFact("SD", 1, SOON),
        DutyFact("SD", 2, OPEN),
        DutyFact("XH", 3, MET), DutyFact("XH", 3, OVERDUE),
        DutyFact("XH", 4, DutyState.NOT_REQUIRED),  # not a duty at all
    ]
    patrols = [
        PatrolFact("SD", 1, ON_SITE, abnormal=(ChecklistItem.OUTSIDE_BOUNDARY, ChecklistItem.ECO_DAMAGE)),
        PatrolFact("SD", 1, ON_SITE, abnormal=(ChecklistItem.ECO_DAMAGE,)),
        PatrolFact("SD", 2, DRONE, "安全隐患"),
        PatrolFact("XH", 3, DRONE, "交通阻断"),
        PatrolFact("XH", 3, DRONE, "矿方拒绝进入", (ChecklistItem.SIGNBOARD,)),
    ]
    return summarise(2025, duties, patrols, {"SD": "苏店自然资源所", "XH": "西火自然资源所", "NS": "南宋自然资源所"})


def test_office_rows_by_hand():
    report = _district()
    sd, xh, ns = report.offices
    assert (sd.office_code, sd.mines, sd.duties, sd.met, sd.missed, sd.open) == ("SD", 2, 5, 2, 1, 2)
    assert (sd.patrols, sd.on_site, sd.drone) == (3, 2, 1)
    assert sd.drone_reasons == {DroneReason.SAFETY_HAZARD: 1}
    assert sd.findings == {ChecklistItem.OUTSIDE_BOUNDARY: 1, ChecklistItem.ECO_DAMAGE: 2}
    assert sd.met_pct == 66.7  # 2 met of 3 due (the due-soon and open duties are not due yet)
    assert (xh.mines, xh.duties, xh.met, xh.missed, xh.open, xh.met_pct) == (1, 2, 1, 1, 0, 50.0)
    assert xh.drone_reasons == {DroneReason.ROAD_BLOCKED: 1, DroneReason.OTHER: 1}
    # An office without duties or patrols still has its row, all zeros, and no rate.
    assert (ns.mines, ns.duties, ns.patrols, ns.met_pct) == (0, 0, 0, None)


def test_total_adds_up_and_counts_each_mine_once():
    total = _district().total
    assert total.office_code == TOTAL_CODE and total.is_total
    assert (total.mines, total.duties, total.met, total.missed, total.open) == (3, 7, 3, 2, 2)
    assert (total.patrols, total.on_site, total.drone, total.findings_total) == (5, 2, 3, 4)
    assert total.met_pct == 60.0


def test_facts_of_an_unlisted_office_or_none_get_their_own_rows():
    report = summarise(2025, [DutyFact(None, 9, OVERDUE), DutyFact("QT", 8, MET)], [], {"SD": "苏店自然资源所"})
    assert [r.office_code for r in report.offices] == ["SD", "", "QT"]
    assert report.offices[1].office_name == "（未分配自然资源所）"


def test_report_row_keys_and_words():
    row = report_row(_district().offices[0])
    assert row["office"] == "SD" and row["drone_safety_hazard"] == 1 and row["drone_road_blocked"] == 0
    assert row["findings"] == 3
    assert row["findings_by_kind"] == "越界开采 1、生态破坏 2"
    assert report_row(_district().total)["office"] == ""
    assert report_row(_district().total)["office_name"] == "全区合计"


def test_title():
    assert report_title(2025, "苏店自然资源所") == "苏店自然资源所2025年度重点监测矿区日常巡查工作总结报告"


# --- a hand-made district, built through the services ---------------------------------------------------------
#
# ctx.today = 2025-06-15. One approved 2025 zone holds M1, M2, M3; M4 is in no zone.
#   M1 (SD, 在产 all year): 12 monthly duties. Patrols Jan 10, Feb 12 (生态破坏), Feb 20, Apr 5 (drone 交通阻断;
#      越界开采 + 生态破坏), Jun 3 → met Jan, Feb, Apr, Jun (4); Mar, May overdue (2); Jul–Dec open (6).
#   M2 (SD, 停产 all year): 4 quarterly duties. Patrol Mar 15 (drone 安全隐患) → Q1 met; Q2 (15 days left)
#      and Q3, Q4 open (3).
#   M3 (XH, 在产 until Feb 10, 停产 from Feb 11): Jan, Feb monthly + Q2, Q3, Q4 quarterly = 5 duties. Patrols
#      Feb 8 (标识牌 abnormal), May 20 (drone, a written reason) → Feb, Q2 met; Jan overdue; Q3, Q4 open.
#   M4 (XH, 在产, no zone): no duty; its patrol of Mar 3 still counts as an XH patrol.
# SD: mines 2, duties 16, met 5, missed 2, open 9, 5 of 7 due met = 71.4 %; patrols 6: 4 on site, 2 drone
#     (交通阻断 1, 安全隐患 1); findings 生态破坏 2, 越界开采 1.
# XH: mines 1, duties 5, met 2, missed 1, open 2, 66.7 %; patrols 3: 2 on site, 1 drone (other 1); 标识牌 1.
# District: mines 3, duties 21, met 7, missed 3, open 11, 70.0 %; patrols 9: 6 on site, 3 drone; 4 findings.

PRODUCING, SUSPENDED = MineStatus.PRODUCING, MineStatus.SUSPENDED


def _patrol(ctx, mine_id: int, office: str, day: date, *, abnormal=(), drone_reason: str | None = None) -> None:
    checklist = {item: ItemCheck(ItemAnswer.NORMAL) for item in (*GENERAL_ITEMS, ChecklistItem.SUBSIDENCE)}
    for item in abnormal:
        checklist[item] = ItemCheck(ItemAnswer.ABNORMAL, "现场发现")
    drone = drone_reason is not None
    record = PatrolRecord(
        date=day, office_code=office, inspectors=["张三", "李四"], mode=DRONE if drone else ON_SITE,
        drone_reason=drone_reason, route_file="route.gpx", corners_checked=["1", "2", "3"], checklist=checklist,
        photos=[] if drone else ["p.jpg"], aerial_photos=["a.jpg"] if drone else [],
    )
    patrols.record_patrol(ctx, mine_id, record)


@pytest.fixture
def district(ctx):
    return build_district(ctx)


def build_district(ctx):
    """The district described above, written through the zone and patrol services."""
    add_office(ctx, "SD", "苏店自然资源所", "苏店镇")
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    m1 = add_mine(ctx, "C1404002020011110000001", "一号煤矿", office="SD", statuses=[(PRODUCING, date(2020, 1, 1))])
    m2 = add_mine(ctx, "C1404002020011110000002", "二号煤矿", office="SD", statuses=[(SUSPENDED, date(2020, 1, 1))])
    m3 = add_mine(ctx, "C1404002020011110000003", "三号煤矿", office="XH",
                  statuses=[(PRODUCING, date(2020, 1, 1)), (SUSPENDED, date(2025, 2, 11))])
    m4 = add_mine(ctx, "C1404002020011110000004", "四号煤矿", office="XH")
    zone_id = zones.propose_zone(ctx, 2025, "上党区重点监测矿区", "SD", [m1, m2, m3])
    zones.approve_zone(ctx, zone_id, zones.get_zone(ctx, zone_id).version)
    _patrol(ctx, m1, "SD", date(2025, 1, 10))
    _patrol(ctx, m1, "SD", date(2025, 2, 12), abnormal=[ChecklistItem.ECO_DAMAGE])
    _patrol(ctx, m1, "SD", date(2025, 2, 20))
    _patrol(ctx, m1, "SD", date(2025, 4, 5), abnormal=[ChecklistItem.OUTSIDE_BOUNDARY, ChecklistItem.ECO_DAMAGE],
            drone_reason="交通阻断")
    _patrol(ctx, m1, "SD", date(2025, 6, 3))
    _patrol(ctx, m2, "SD", date(2025, 3, 15), drone_reason="安全隐患")
    _patrol(ctx, m3, "XH", date(2025, 2, 8), abnormal=[ChecklistItem.SIGNBOARD])
    _patrol(ctx, m3, "XH", date(2025, 5, 20), drone_reason="矿区道路塌方，车辆无法通行")
    _patrol(ctx, m4, "XH", date(2025, 3, 3))
    return ctx


def _figures(summary):
    return (summary.mines, summary.duties, summary.met, summary.missed, summary.open, summary.met_pct,
            summary.patrols, summary.on_site, summary.drone)


def test_district_report_by_office(district):
    report = patrol_report(district, 2025)
    sd, xh = report.offices
    assert (sd.office_code, sd.office_name) == ("SD", "苏店自然资源所")
    assert _figures(sd) == (2, 16, 5, 2, 9, 71.4, 6, 4, 2)
    assert sd.drone_reasons == {DroneReason.ROAD_BLOCKED: 1, DroneReason.SAFETY_HAZARD: 1}
    assert sd.findings == {ChecklistItem.ECO_DAMAGE: 2, ChecklistItem.OUTSIDE_BOUNDARY: 1}
    assert _figures(xh) == (1, 5, 2, 1, 2, 66.7, 3, 2, 1)
    assert xh.drone_reasons == {DroneReason.OTHER: 1}
    assert xh.findings == {ChecklistItem.SIGNBOARD: 1}


def test_district_aggregate(district):
    total = patrol_report(district, 2025).total
    assert _figures(total) == (3, 21, 7, 3, 11, 70.0, 9, 6, 3)
    assert total.findings_total == 4


def test_one_office_only(district):
    report = patrol_report(district, 2025, "XH")
    assert [s.office_code for s in report.offices] == ["XH"]
    assert _figures(report.total) == (1, 5, 2, 1, 2, 66.7, 3, 2, 1)


def test_year_end_turns_open_duties_into_missed(district):
    district.today = date(2026, 1, 5)
    total = patrol_report(district, 2025).total
    # every period of 2025 is over: 21 duties, 7 met, 14 missed, none open.
    assert (total.duties, total.met, total.missed, total.open, total.met_pct) == (21, 7, 14, 0, 33.3)


def test_unknown_office_is_refused(district):
    from minetui.errors import ServiceError

    with pytest.raises(ServiceError):
        patrol_report(district, 2025, "NOPE")
