"""Patrol-record rules (R-PAT-3, R-PAT-4, dates, office) with their messages, and finding routing (R-PAT-5)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from minetui import i18n
from minetui.domain.model import Mine, MiningMethod, Section
from minetui.domain.patrols.record import (
    GENERAL_ITEMS,
    ChecklistItem,
    ItemAnswer,
    ItemCheck,
    PatrolMode,
    PatrolRecord,
    finding_receiver,
    findings_of,
    validate_patrol,
)
from minetui.domain.validation import Problem, Severity

TODAY = date(2025, 6, 15)
CORNERS = ["1", "2", "3", "4"]
NORMAL = ItemCheck(ItemAnswer.NORMAL)
NA = ItemCheck(ItemAnswer.NOT_APPLICABLE)


def make_mine(**changes) -> Mine:
    mine = Mine(licence_no="C1404002010071120071234", name="苏店煤矿", holder="苏店煤业有限公司", minerals="煤",
                method=MiningMethod.UNDERGROUND, office_code="SD", valid_from=date(2019, 3, 17),
                valid_to=date(2029, 3, 17))
    return dataclasses.replace(mine, **changes)


def make_record(**changes) -> PatrolRecord:
    """A record every rule accepts for the underground mine above, on the day before TODAY."""
    record = PatrolRecord(
        date=date(2025, 6, 14),
        office_code="SD",
        inspectors=["张伟", "李娜"],
        mode=PatrolMode.ON_SITE,
        route_file="track-0614.gpx",
        corners_checked=["1", "2", "3"],
        checklist={item: NORMAL for item in (*GENERAL_ITEMS, ChecklistItem.SUBSIDENCE)},
        photos=["site-1.jpg"],
    )
    return dataclasses.replace(record, **changes)


def check(record=None, mine=None, *, today=TODAY, corners=CORNERS, zones=frozenset({2024, 2025})) -> list[Problem]:
    return validate_patrol(record or make_record(), mine or make_mine(), today, corner_points=corners,
                           zone_years=zones)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_good_record_has_no_problem():
    assert check() == []


# --- dates -------------------------------------------------------------------------------------


def test_today_is_allowed_the_future_is_refused():
    assert check(make_record(date=TODAY)) == []
    problem = only(check(make_record(date=date(2025, 6, 16))))
    assert (problem.field, problem.severity) == ("date", Severity.ERROR)
    assert (problem.code, problem.args) == ("patrol.date_in_future", {"date": date(2025, 6, 16), "today": TODAY})


def test_before_the_licence_existed_is_refused():
    mine = make_mine(valid_from=date(2025, 6, 1))
    assert check(make_record(date=date(2025, 6, 1)), mine) == []
    problem = only(check(make_record(date=date(2025, 5, 31)), mine))
    assert problem.is_error and problem.field == "date"
    assert (problem.code, problem.args["valid_from"]) == ("patrol.date_before_licence", date(2025, 6, 1))


def test_after_the_licence_expired_is_a_warning():
    mine = make_mine(valid_to=date(2025, 6, 1))
    problem = only(check(make_record(date=date(2025, 6, 2)), mine))
    assert (problem.field, problem.severity) == ("date", Severity.WARNING)
    assert (problem.code, problem.args["valid_to"]) == ("patrol.date_after_licence", date(2025, 6, 1))


def test_a_year_without_zone_is_flagged_not_refused():
    # The mine was in a zone in 2024 and left all zones for 2025.
    problem = only(check(zones={2024}))
    assert (problem.field, problem.severity) == ("date", Severity.WARNING)
    assert (problem.code, problem.args["year"]) == ("patrol.date_outside_zone", 2025)


# --- office and inspectors ---------------------------------------------------------------------


def test_office_is_required():
    problem = only(check(make_record(office_code="  ")))
    assert (problem.field, problem.is_error, problem.code) == ("office_code", True, "patrol.office_missing")


def test_another_office_is_flagged():
    problem = only(check(make_record(office_code="YC")))
    assert (problem.field, problem.severity) == ("office_code", Severity.WARNING)
    assert (problem.code, problem.args) == ("patrol.office_not_the_mines", {"office": "YC", "mine_office": "SD"})


@pytest.mark.parametrize("names", [[], ["", "  "]])
def test_at_least_one_inspector(names):
    problem = only(check(make_record(inspectors=names)))
    assert (problem.field, problem.is_error, problem.code) == ("inspectors", True, "patrol.inspectors_missing")


def test_a_lone_inspector_is_a_warning():
    problem = only(check(make_record(inspectors=["张伟"])))
    assert (problem.severity, problem.code) == (Severity.WARNING, "patrol.single_inspector")


def test_a_name_given_twice_is_a_warning():
    problems = check(make_record(inspectors=["张伟", " 张伟", "李娜"]))
    assert [(p.severity, p.code, p.args["names"]) for p in problems] == [
        (Severity.WARNING, "patrol.inspectors_repeated", "张伟")]


# --- mode (R-PAT-4) ----------------------------------------------------------------------------


def test_on_site_needs_a_route_file():
    problem = only(check(make_record(route_file=None)))
    assert (problem.field, problem.is_error) == ("route_file", True)
    assert problem.code == "patrol.route_missing"
    assert only(check(make_record(route_file=" "))).field == "route_file"


def test_on_site_without_photos_is_a_warning():
    problem = only(check(make_record(photos=[])))
    assert (problem.field, problem.severity) == ("photos", Severity.WARNING)
    assert problem.code == "patrol.photos_missing"


def drone(**changes) -> PatrolRecord:
    fields = {"mode": PatrolMode.DRONE, "drone_reason": "交通阻断", "route_file": "flight-0614.kml",
              "aerial_photos": ["dji-0001.jpg"], "photos": []}
    return make_record(**{**fields, **changes})


@pytest.mark.parametrize("reason", ["交通阻断", "安全隐患", "山体滑坡，进矿道路封闭"])
def test_drone_flight_with_reason_route_and_aerial_photo_is_accepted(reason):
    assert check(drone(drone_reason=reason)) == []


def test_drone_flight_needs_a_reason():
    problem = only(check(drone(drone_reason="")))
    assert (problem.field, problem.is_error) == ("drone_reason", True)
    assert problem.code == "patrol.drone_reason_missing"


def test_drone_flight_needs_its_flight_route():
    problem = only(check(drone(route_file=None)))
    assert (problem.field, problem.code) == ("route_file", "patrol.flight_route_missing")


def test_drone_flight_needs_an_aerial_photo():
    # Ordinary photos are not aerial photos.
    problem = only(check(drone(aerial_photos=[], photos=["site.jpg"])))
    assert (problem.field, problem.is_error) == ("aerial_photos", True)
    assert problem.code == "patrol.aerial_photos_missing"


def test_drone_flight_missing_everything_lists_every_problem():
    problems = check(drone(drone_reason=None, route_file=None, aerial_photos=[]))
    assert [p.field for p in problems] == ["drone_reason", "route_file", "aerial_photos"]
    assert all(p.is_error for p in problems)


# --- corner points (R-PAT-3) -------------------------------------------------------------------


def test_fewer_than_three_corner_points():
    problem = only(check(make_record(corners_checked=["1", "2"])))
    assert (problem.field, problem.is_error) == ("corners_checked", True)
    assert (problem.code, problem.args) == ("patrol.too_few_corners", {"count": 2})


def test_repeated_corner_points_count_once():
    problem = only(check(make_record(corners_checked=["1", "1", " 2", "2"])))
    assert (problem.code, problem.args) == ("patrol.too_few_corners", {"count": 2})


def test_unknown_corner_points_are_named_and_do_not_count():
    problems = check(make_record(corners_checked=["1", "2", "9", "12"]))
    assert [p.field for p in problems] == ["corners_checked", "corners_checked"]
    assert (problems[0].code, problems[0].args) == ("patrol.corners_unknown",
                                                 {"points": "9、12", "known": "1、2、3、4"})
    assert (problems[1].code, problems[1].args) == ("patrol.too_few_corners", {"count": 2})


def test_corner_points_of_another_licence_do_not_count():
    # J1…J3 are real corner points — of another mine.
    problems = check(make_record(corners_checked=["J1", "J2", "J3"]))
    assert (problems[0].code, problems[0].args["points"]) == ("patrol.corners_unknown", "J1、J2、J3")
    assert (problems[1].code, problems[1].args) == ("patrol.too_few_corners", {"count": 0})


def test_full_width_point_numbers_are_the_same_points():
    assert check(make_record(corners_checked=["１", "２", "３"])) == []


def test_a_mine_without_registered_corners_cannot_be_checked():
    problem = only(check(corners=[]))
    assert (problem.field, problem.is_error) == ("corners_checked", True)
    assert problem.code == "patrol.mine_has_no_corners"


# --- checklist (R-PAT-3) -----------------------------------------------------------------------


def without(*items: ChecklistItem) -> dict[ChecklistItem, ItemCheck]:
    return {item: check for item, check in make_record().checklist.items() if item not in items}


@pytest.mark.parametrize("item", GENERAL_ITEMS)
def test_every_general_item_must_be_answered(item):
    problem = only(check(make_record(checklist=without(item))))
    assert (problem.field, problem.is_error) == (item.value, True)
    assert (problem.code, problem.args) == ("patrol.item_unanswered", {"item": item})


def test_not_applicable_is_an_answer_for_general_items():
    checklist = {**make_record().checklist, ChecklistItem.FARMLAND: NA, ChecklistItem.BASIC_FARMLAND: NA}
    assert check(make_record(checklist=checklist)) == []


def test_underground_mine_must_answer_subsidence():
    problem = only(check(make_record(checklist=without(ChecklistItem.SUBSIDENCE))))
    assert problem.field == "subsidence"
    assert (problem.code, problem.args) == ("patrol.item_required",
                                            {"item": ChecklistItem.SUBSIDENCE, "method": MiningMethod.UNDERGROUND})
    checklist = {**make_record().checklist, ChecklistItem.SUBSIDENCE: NA}
    assert only(check(make_record(checklist=checklist))).field == "subsidence"


def test_open_pit_mine_must_answer_outside_activity_and_not_subsidence():
    open_pit = make_mine(method=MiningMethod.OPEN_PIT)
    problem = only(check(make_record(checklist=without(ChecklistItem.SUBSIDENCE)), open_pit))
    assert problem.field == "outside_activity"
    assert (problem.code, problem.args["method"]) == ("patrol.item_required", MiningMethod.OPEN_PIT)
    answered = {**without(ChecklistItem.SUBSIDENCE), ChecklistItem.OUTSIDE_ACTIVITY: NORMAL}
    assert check(make_record(checklist=answered), open_pit) == []


def test_combined_mine_must_answer_both():
    combined = make_mine(method=MiningMethod.COMBINED)
    checklist = {**without(ChecklistItem.SUBSIDENCE), ChecklistItem.OUTSIDE_ACTIVITY: NA}
    problems = check(make_record(checklist=checklist), combined)
    assert [p.field for p in problems] == ["outside_activity", "subsidence"]
    assert all((p.code, p.args["method"]) == ("patrol.item_required", MiningMethod.COMBINED) for p in problems)
    both = {**checklist, ChecklistItem.OUTSIDE_ACTIVITY: NORMAL, ChecklistItem.SUBSIDENCE: NORMAL}
    assert check(make_record(checklist=both), combined) == []


def test_abnormal_item_without_a_note_is_a_warning():
    checklist = {**make_record().checklist, ChecklistItem.SIGNBOARD: ItemCheck(ItemAnswer.ABNORMAL, " ")}
    problem = only(check(make_record(checklist=checklist)))
    assert (problem.field, problem.severity) == ("signboard", Severity.WARNING)
    assert problem.code == "patrol.abnormal_without_note"
    checklist[ChecklistItem.SIGNBOARD] = ItemCheck(ItemAnswer.ABNORMAL, "标识牌被遮挡")
    assert check(make_record(checklist=checklist)) == []


# --- village committee (R-PAT-3) ---------------------------------------------------------------


def test_villages_need_the_village_committee_inquiry():
    mine = make_mine(villages=["东庄村", "西庄村"])
    problem = only(check(make_record(village_inquiry=None), mine))
    assert (problem.field, problem.is_error) == ("village_inquiry", True)
    assert (problem.code, problem.args) == ("patrol.village_inquiry_missing", {"villages": "东庄村、西庄村"})
    assert only(check(make_record(village_inquiry="  "), mine)).field == "village_inquiry"
    assert check(make_record(village_inquiry="已向东庄村村委会了解，未反映违法线索"), mine) == []


def test_no_villages_no_inquiry_needed():
    assert check(make_record(village_inquiry=None), make_mine(villages=[])) == []


# --- all together, and in English --------------------------------------------------------------


def test_problems_come_in_form_order_with_errors_and_warnings():
    record = make_record(date=date(2025, 7, 1), inspectors=["张伟"], route_file=None, corners_checked=["1"],
                         checklist=without(ChecklistItem.SIGNBOARD))
    problems = check(record, make_mine(villages=["东庄村"]))
    assert [(p.field, p.severity.value) for p in problems] == [
        ("date", "error"),
        ("inspectors", "warning"),
        ("route_file", "error"),
        ("corners_checked", "error"),
        ("signboard", "error"),
        ("village_inquiry", "error"),
    ]


def test_messages_follow_the_ui_language():
    """The text of a problem comes from the catalogue when shown: the same problem reads in either language."""
    problem = only(check(make_record(corners_checked=["1", "2"])))
    assert problem.message == "核查拐点：应至少抽查3处不同的矿业权边界拐点，现为2处（R-PAT-3）"
    i18n.set_language("en")
    assert problem.message == (
        "Corner points checked: at least 3 distinct corner points of the licence must be checked, 2 given (R-PAT-3)")
    problem = only(check(make_record(corners_checked=["1", "2"])))
    assert problem.message == (
        "Corner points checked: at least 3 distinct corner points of the licence must be checked, 2 given (R-PAT-3)")
    problem = only(check(make_record(checklist=without(ChecklistItem.SUBSIDENCE))))
    assert problem.message.startswith("subsidence: required for underground mines")


def test_a_field_problem_becomes_an_import_problem():
    problem = only(check(make_record(corners_checked=["1", "2"])))
    row = problem.at(file="patrols.xlsx", row=7, column="核查拐点", raw="1、2")
    assert str(row) == 'patrols.xlsx:7:核查拐点: 应至少抽查3处不同的矿业权边界拐点，现为2处（R-PAT-3） "1、2"'
    assert row.is_error and (row.code, row.field, row.row) == ("patrol.too_few_corners", "corners_checked", 7)
    warning = only(check(make_record(photos=[]))).at(file="patrols.csv", row=3, column="照片")
    assert str(warning) == "patrols.csv:3:照片: 未上传现场照片，建议上传巡查证据（R-PAT-4）"
    # A column titled otherwise keeps the whole message.
    assert str(warning.at(column="photos")).startswith("patrols.csv:3:photos: 照片：")


# --- findings (R-PAT-5) ------------------------------------------------------------------------


def test_abnormal_items_become_findings_with_their_receivers():
    checklist = {
        **make_record().checklist,
        ChecklistItem.SUBSIDENCE: ItemCheck(ItemAnswer.ABNORMAL, "边界外约50米处地面裂缝"),
        ChecklistItem.ECO_DAMAGE: ItemCheck(ItemAnswer.ABNORMAL, "排土场压占植被"),
        ChecklistItem.FOREST_GRASS: ItemCheck(ItemAnswer.ABNORMAL, " 压占林地约2亩 "),
        ChecklistItem.FARMLAND: NA,
    }
    found = findings_of(make_record(checklist=checklist))
    assert [(f.kind, f.note, f.receiver) for f in found] == [
        (ChecklistItem.ECO_DAMAGE, "排土场压占植被", Section.RESTORATION),
        (ChecklistItem.SUBSIDENCE, "边界外约50米处地面裂缝", Section.ENFORCEMENT),
        (ChecklistItem.FOREST_GRASS, "压占林地约2亩", Section.FORESTRY),
    ]


def test_a_clean_record_has_no_findings():
    assert findings_of(make_record()) == []


@pytest.mark.parametrize(
    ("kind", "receiver"),
    [
        (ChecklistItem.OUTSIDE_BOUNDARY, Section.ENFORCEMENT),
        (ChecklistItem.UNLICENSED, Section.ENFORCEMENT),
        (ChecklistItem.FARMLAND, Section.ENFORCEMENT),
        (ChecklistItem.BASIC_FARMLAND, Section.ENFORCEMENT),
        (ChecklistItem.ECO_DAMAGE, Section.RESTORATION),
        (ChecklistItem.FOREST_GRASS, Section.FORESTRY),
        (ChecklistItem.OUTSIDE_ACTIVITY, Section.ENFORCEMENT),
        (ChecklistItem.SUBSIDENCE, Section.ENFORCEMENT),
        (ChecklistItem.SIGNBOARD, Section.MINERAL),
        (ChecklistItem.STOCKPILE, Section.MINERAL),
    ],
)
def test_finding_receiver(kind, receiver):
    assert finding_receiver(kind) is receiver


def test_every_item_has_a_receiver_and_a_chinese_word():
    for item in ChecklistItem:
        assert isinstance(finding_receiver(item), Section)
        assert ChecklistItem.from_zh(item.zh) is item
