"""R-SUR-1/R-SUR-2: rounds, windows, organiser, method, states; results, outside area and 超层 with findings."""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from minetui.domain.inspections.surveys import (
    Organiser,
    RoundWindows,
    SurveyMethod,
    SurveyState,
    depth_check,
    method_problems,
    organiser_for,
)
from minetui.domain.model import Corner, MineStatus, MiningMethod, ZoneLevel
from minetui.errors import ServiceError, StaleRecord
from minetui.services.core.import_engine import ImportRefused
from minetui.services.core.settings import set_setting
from minetui.services.inspections import surveys as service
from tests.factories import add_mine
from tests.inspection_fixtures import add_levels, build_district

# --- organiser and method ------------------------------------------------------------------------------

EXPECTED_ORGANISER = {ZoneLevel.NATIONAL: Organiser.PROVINCE, ZoneLevel.PROVINCIAL: Organiser.CITY,
                      ZoneLevel.MUNICIPAL: Organiser.CITY, ZoneLevel.DISTRICT: Organiser.DISTRICT}
ALL_COMBINATIONS = [set(c) for n in range(1, 5) for c in combinations(ZoneLevel, n)]


@pytest.mark.parametrize("levels", ALL_COMBINATIONS, ids=lambda s: "+".join(sorted(str(x) for x in s)))
def test_the_organiser_follows_the_highest_level(levels: set[ZoneLevel]) -> None:
    highest = min(levels, key=lambda level: level.rank)
    assert organiser_for(levels) is EXPECTED_ORGANISER[highest]


def test_no_zone_no_organiser() -> None:
    assert organiser_for([]) is None


@pytest.mark.parametrize("method, used, ok", [
    (MiningMethod.OPEN_PIT, [SurveyMethod.MEASUREMENT], True),
    (MiningMethod.OPEN_PIT, [SurveyMethod.DRONE], True),
    (MiningMethod.OPEN_PIT, [SurveyMethod.UNDERGROUND], False),
    (MiningMethod.UNDERGROUND, [SurveyMethod.UNDERGROUND], True),
    (MiningMethod.UNDERGROUND, [SurveyMethod.DRONE], False),
    (MiningMethod.COMBINED, [SurveyMethod.DRONE, SurveyMethod.UNDERGROUND], True),
    (MiningMethod.COMBINED, [SurveyMethod.MEASUREMENT, SurveyMethod.UNDERGROUND], True),
    (MiningMethod.COMBINED, [SurveyMethod.UNDERGROUND], False),
    (MiningMethod.COMBINED, [SurveyMethod.DRONE], False),
])
def test_the_method_follows_the_mining_method(method: MiningMethod, used: list[SurveyMethod], ok: bool) -> None:
    assert (method_problems(method, used) == []) is ok


def test_organiser_of_each_mine_in_the_service(ctx) -> None:
    d = build_district(ctx)
    add_levels(ctx, 2025, d.a, [ZoneLevel.MUNICIPAL])
    add_levels(ctx, 2025, d.d, [ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL])
    rows = {(r.mine_id, r.round): r for r in service.survey_rows(ctx, 2025)}
    assert rows[(d.a, 1)].organiser is Organiser.CITY and rows[(d.a, 1)].external
    assert rows[(d.d, 2)].organiser is Organiser.PROVINCE
    assert rows[(d.d, 2)].methods_needed == "实地测量或无人机航测 + 井下测量"
    assert [r.mine_id for r in service.survey_rows(ctx, 2025, external=False)] == []


# --- rounds and windows ----------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2024, 2025, 2028])
def test_both_rounds_are_due_by_nov_30(year: int) -> None:
    windows = RoundWindows()
    assert windows.window(year, 1) == (date(year, 1, 1), date(year, 6, 30))
    assert windows.window(year, 2) == (date(year, 7, 1), date(year, 11, 30))


@pytest.mark.parametrize("text", ["01-01..06-30,07-01..12-15", "01-01..07-31,07-01..11-30", "06-30..01-01,07-01..11-30",
                                  "01-01..06-31,07-01..11-30", "01-01..06-30", "x"])
def test_bad_windows_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        RoundWindows.parse(text)


def test_windows_are_a_setting(ctx) -> None:
    d = build_district(ctx)
    set_setting(ctx, "survey.windows", "03-01..05-31,08-01..10-31")
    row = next(r for r in service.survey_rows(ctx, 2025) if r.mine_id == d.a and r.round == 2)
    assert (row.start, row.end) == (date(2025, 8, 1), date(2025, 10, 31))
    with pytest.raises(ServiceError):
        set_setting(ctx, "survey.windows", "03-01..05-31,08-01..12-31")


def test_rounds_owed_follow_status_and_zones(ctx) -> None:
    d = build_district(ctx)
    late = add_mine(ctx, "C1404042020011110000007", "庚煤矿",
                    statuses=[(MineStatus.SUSPENDED, date(2020, 1, 1)), (MineStatus.PRODUCING, date(2025, 10, 8))])
    from tests.patrol_fixtures import add_zone

    add_zone(ctx, 2025, [late], name="庚矿区")
    owed = {(r.mine_id, r.round) for r in service.survey_rows(ctx, 2025)}
    assert owed == {(d.a, 1), (d.a, 2), (d.d, 1), (d.d, 2), (late, 2)}
    assert {(r.mine_id, r.round) for r in service.survey_rows(ctx, 2024)} == {
        (m, n) for m in (d.a, d.b, d.c) for n in (1, 2)}


@pytest.mark.parametrize("today, first, second", [
    (date(2025, 6, 30), SurveyState.PLANNED, SurveyState.PLANNED),
    (date(2025, 7, 1), SurveyState.OVERDUE, SurveyState.PLANNED),
    (date(2025, 11, 30), SurveyState.OVERDUE, SurveyState.PLANNED),
    (date(2025, 12, 1), SurveyState.OVERDUE, SurveyState.OVERDUE),
])
def test_states_with_today(ctx, today: date, first: SurveyState, second: SurveyState) -> None:
    d = build_district(ctx)
    ctx.today = today
    states = {r.round: r.state for r in service.survey_rows(ctx, 2025) if r.mine_id == d.a}
    assert states == {1: first, 2: second}


# --- results ----------------------------------------------------------------------------------------------

def result(**changes) -> service.SurveyResult:
    fields = {"date": date(2025, 6, 10), "surveyor": "山西省第三测绘院", "methods": [SurveyMethod.UNDERGROUND],
              "deepest_m": 900.0, "highest_m": 1100.0}
    fields.update(changes)
    return service.SurveyResult(**fields)


def test_a_done_round_is_done_and_a_correction_needs_the_version(ctx) -> None:
    d = build_district(ctx)
    saved = service.record_survey(ctx, d.a, 2025, 1, result())
    assert saved.findings == [] and not saved.depth.over_depth
    ctx.today = date(2025, 12, 1)
    states = {r.round: r.state for r in service.survey_rows(ctx, 2025) if r.mine_id == d.a}
    assert states == {1: SurveyState.DONE, 2: SurveyState.OVERDUE}
    with pytest.raises(ServiceError):
        service.record_survey(ctx, d.a, 2025, 1, result(deepest_m=830.0))
    with pytest.raises(StaleRecord):
        service.record_survey(ctx, d.a, 2025, 1, result(deepest_m=830.0), expected_version=7)
    fixed = service.record_survey(ctx, d.a, 2025, 1, result(deepest_m=830.0), expected_version=1)
    assert [f.kind for f in fixed.findings] == ["over_depth"]


@pytest.mark.parametrize("bad", [{"surveyor": " "}, {"methods": [SurveyMethod.DRONE]}, {"date": date(2025, 6, 16)},
                                 {"date": date(2024, 6, 1)}, {"deepest_m": 1200.0}])
def test_a_bad_result_is_refused_and_writes_nothing(ctx, bad: dict) -> None:
    d = build_district(ctx)
    with pytest.raises(service.SurveyRefused):
        service.record_survey(ctx, d.a, 2025, 1, result(**bad))
    assert ctx.conn.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0


def test_depth_by_hand() -> None:
    check = depth_check(830.0, 1160.0, top_m=1150.0, bottom_m=850.0)
    assert (check.below_m, check.above_m, check.over_depth) == (20.0, 10.0, True)
    assert not depth_check(850.0, 1150.0, 1150.0, 850.0).over_depth  # the limits themselves are inside
    assert not depth_check(None, None, 1150.0, 850.0).over_depth


def test_over_depth_raises_a_finding_for_enforcement(ctx) -> None:
    d = build_district(ctx)
    saved = service.record_survey(ctx, d.a, 2025, 1, result(deepest_m=830.0))
    assert saved.depth.below_m == 20.0
    [finding] = saved.findings
    assert (finding.kind, str(finding.receiver), finding.rule) == ("over_depth", "enforcement", "R-LEAD-1")
    assert "20.0" in finding.note


# Zone 38, the licence is tests.factories.SQUARE: X 3 980 000–3 981 000, Y 38 410 000–38 411 000.
# The extent's ring 1 spans X 3 980 500–3 980 700 (200 m) and Y 38 410 900–38 411 100 (200 m): 40 000 m², of which
# the part east of Y 38 411 000 (100 m × 200 m = 20 000 m²) is outside. Ring 2 (30 m × 50 m = 1 500 m²) lies
# wholly outside. By hand: area 41 500 m², outside 21 500 m².
CROSSING = [Corner("J1", 3_980_500.0, 38_410_900.0), Corner("J2", 3_980_500.0, 38_411_100.0),
            Corner("J3", 3_980_700.0, 38_411_100.0), Corner("J4", 3_980_700.0, 38_410_900.0),
            Corner("K1", 3_982_000.0, 38_412_000.0, 2), Corner("K2", 3_982_000.0, 38_412_050.0, 2),
            Corner("K3", 3_982_030.0, 38_412_050.0, 2), Corner("K4", 3_982_030.0, 38_412_000.0, 2)]
INSIDE = [Corner("1", 3_980_100.0, 38_410_100.0), Corner("2", 3_980_100.0, 38_410_300.0),
          Corner("3", 3_980_300.0, 38_410_300.0)]


def test_outside_area_by_hand(ctx) -> None:
    d = build_district(ctx)
    survey_id = service.record_survey(ctx, d.a, 2025, 1, result()).id
    saved = service.set_extent_corners(ctx, survey_id, CROSSING)
    assert saved.outside_area_m2 == pytest.approx(21_500.0)
    [finding] = saved.findings
    assert finding.kind == "outside_area" and "21500.0" in finding.note
    detail = service.survey_detail(ctx, survey_id)
    assert detail.area_m2 == pytest.approx(41_500.0) and len(detail.extent) == 8
    lead = ctx.conn.execute("SELECT rule, to_section FROM leads WHERE origin_key = ?",
                            (f"inspection_finding:{finding.id}",)).fetchone()
    assert tuple(lead) == ("R-LEAD-1", "enforcement")
    inside = service.set_extent_corners(ctx, survey_id, INSIDE)
    assert inside.outside_area_m2 == 0.0 and inside.findings == []


def test_an_extent_with_a_coordinate_mix_up_is_refused(ctx) -> None:
    d = build_district(ctx)
    survey_id = service.record_survey(ctx, d.a, 2025, 1, result()).id
    wrong_zone = [Corner(c.point_no, c.x, c.y - 19_000_000.0) for c in INSIDE]  # 6° zone 19
    with pytest.raises(service.SurveyRefused):
        service.set_extent_corners(ctx, survey_id, wrong_zone)
    assert ctx.conn.execute("SELECT count(*) FROM survey_extent").fetchone()[0] == 0


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    return path


def test_the_extent_from_a_corners_file(ctx, tmp_path: Path) -> None:
    d = build_district(ctx)
    survey_id = service.record_survey(ctx, d.a, 2025, 1, result()).id
    lines = ["点号,X坐标,Y坐标,圈号", *(f"{c.point_no},{c.x:.2f},{c.y:.2f},{c.ring}" for c in CROSSING)]
    saved = service.set_extent(ctx, survey_id, write_csv(tmp_path / "extent.csv", lines))
    assert saved.outside_area_m2 == pytest.approx(21_500.0)


def test_a_corners_file_of_another_licence_or_with_bad_rows_is_refused(ctx, tmp_path: Path) -> None:
    d = build_district(ctx)
    survey_id = service.record_survey(ctx, d.a, 2025, 1, result()).id
    other = ["许可证号,点号,X,Y", *(f"C1404042020011110000002,{c.point_no},{c.x},{c.y}" for c in INSIDE)]
    with pytest.raises(ImportRefused):
        service.set_extent(ctx, survey_id, write_csv(tmp_path / "other.csv", other))
    broken = ["点号,X,Y", "1,3980100,38410100", "2,abc,38410300", "3,3980300,38410300"]
    with pytest.raises(ImportRefused) as refused:
        service.set_extent(ctx, survey_id, write_csv(tmp_path / "broken.csv", broken))
    assert refused.value.problems[0].row == 3
    assert ctx.conn.execute("SELECT count(*) FROM survey_extent").fetchone()[0] == 0


def test_city_surveys_are_scheduled_and_recorded_as_theirs(ctx) -> None:
    d = build_district(ctx)
    add_levels(ctx, 2025, d.a, [ZoneLevel.PROVINCIAL])
    service.schedule_survey(ctx, d.a, 2025, 2, date(2025, 9, 3))
    row = next(r for r in service.survey_rows(ctx, 2025) if r.mine_id == d.a and r.round == 2)
    assert row.external and row.planned_date == date(2025, 9, 3) and row.state is SurveyState.PLANNED
    saved = service.record_survey(ctx, d.a, 2025, 1, result(methods=[SurveyMethod.DRONE]))
    assert [p.field for p in saved.warnings] == ["methods"]  # their method: a warning, not a refusal
