"""The pure cell parsers of domain/normalize.py: every accepted form, and refusals instead of guesses."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minetui.domain import normalize as n
from minetui.domain.model import MineScale, MineStatus, MiningMethod, ZoneLevel
from minetui.domain.validation import Message, Problem
from minetui.i18n import set_language


@pytest.mark.parametrize("raw", [
    "2025-03-17", "2025/3/17", "2025.3.17", "2025年3月17日", "20250317", " 2025-3-17 ", "２０２５年３月１７日",
    "2025。3。17", "2025．03．17", "2025-03-17 00:00:00", date(2025, 3, 17), datetime(2025, 3, 17, 0, 0),
    20250317,
])
def test_dates_in_every_accepted_form(raw):
    assert n.parse_date(raw) == date(2025, 3, 17)


@pytest.mark.parametrize("raw", [
    "2025年2月30日", "2025-13-01", "17/3/2025", "3/17/2025", "March 17, 2025", "2025年3月", "2025", "",
    "昨天", "2025-03-17 10:30", "45000", 45000.5, True, "2025/3/17/1",
])
def test_dates_that_are_not_dates_are_refused_not_guessed(raw):
    with pytest.raises(n.ParseError) as info:
        n.parse_date(raw)
    assert info.value.message == n.Msg.BAD_DATE


def test_validity_cell_gives_both_dates():
    assert n.parse_validity("2019年3月17日至2029年3月17日") == (date(2019, 3, 17), date(2029, 3, 17))
    assert n.parse_validity("2019-03-17 ～ 2029-03-17") == (date(2019, 3, 17), date(2029, 3, 17))
    with pytest.raises(n.ParseError, match="有效期"):
        n.parse_validity("2019年3月17日")
    with pytest.raises(n.ParseError) as info:
        n.parse_validity("2029年3月17日至2019年3月17日")
    assert info.value.message == n.Msg.VALIDITY_ORDER


@pytest.mark.parametrize(("raw", "expected"), [
    ("由1150米至850米标高", (1150.0, 850.0)),
    ("1150米至850米", (1150.0, 850.0)),
    ("由+1150m至-50m标高", (1150.0, -50.0)),
    ("１１５０－８５０米", (1150.0, 850.0)),
    ("标高1150.5米至标高850米", (1150.5, 850.0)),
])
def test_depth_cell(raw, expected):
    assert n.parse_depth_range(raw) == expected


def test_depth_cell_refusals():
    with pytest.raises(n.ParseError) as info:
        n.parse_depth_range("由850米至1150米标高")
    assert info.value.message == n.Msg.DEPTH_ORDER
    with pytest.raises(n.ParseError) as info:
        n.parse_depth_range("地表以下300米")
    assert info.value.message == n.Msg.BAD_DEPTH


def test_numbers_with_units_full_width_and_grouping():
    assert n.parse_number("1.2345平方公里", n.AREA_UNITS) == pytest.approx(1.2345)
    assert n.parse_number("１．５", n.AREA_UNITS) == pytest.approx(1.5)
    assert n.parse_number("38,410,000.00") == pytest.approx(38_410_000.0)
    assert n.parse_number(12) == 12.0
    assert n.parse_number("850 m", n.METRE_UNITS) == 850.0
    for bad in ("1.2.3", "abc", "1.5平方米", "nan", "inf", True, "1,2"):
        with pytest.raises(n.ParseError):
            n.parse_number(bad, n.AREA_UNITS)
    with pytest.raises(n.ParseError):
        n.parse_positive("0")
    assert n.parse_int("2025", 2000, 2100) == 2025
    with pytest.raises(n.ParseError):
        n.parse_int("2025.5")
    with pytest.raises(n.ParseError) as info:
        n.parse_int("1999", 2000, 2100)
    assert info.value.message == n.Msg.OUT_OF_RANGE


@pytest.mark.parametrize(("raw", "cls", "expected"), [
    ("地下", MiningMethod, MiningMethod.UNDERGROUND),
    ("井工", MiningMethod, MiningMethod.UNDERGROUND),
    ("Open-Pit", MiningMethod, MiningMethod.OPEN_PIT),
    ("open_pit", MiningMethod, MiningMethod.OPEN_PIT),
    ("联合", MiningMethod, MiningMethod.COMBINED),
    ("正常生产", MineStatus, MineStatus.PRODUCING),
    ("闭坑", MineStatus, MineStatus.CLOSED),
    ("停建", MineStatus, MineStatus.HALTED),
    ("PRODUCING", MineStatus, MineStatus.PRODUCING),
    ("under construction", MineStatus, MineStatus.CONSTRUCTION),
    ("中型", MineScale, MineScale.MEDIUM),
    ("区级", ZoneLevel, ZoneLevel.DISTRICT),
    ("national", ZoneLevel, ZoneLevel.NATIONAL),
])
def test_enumerations_by_chinese_english_or_alias(raw, cls, expected):
    assert n.parse_enum(raw, cls) is expected


def test_unknown_enumeration_lists_the_choices():
    with pytest.raises(n.ParseError) as info:
        n.parse_enum("半露天", MiningMethod)
    assert info.value.message.code == "enum.invalid"
    assert info.value.problem.args == {"choices": MiningMethod}
    assert info.value.expected == "应为以下之一：露天/地下/联合"  # rendered from the catalogue, choices in Chinese


@pytest.mark.parametrize(("raw", "expected"), [
    ("是", True), ("否", False), ("YES", True), ("no", False), ("true", True), ("False", False), ("1", True),
    ("0", False), (1, True), (0.0, False), (True, True),
])
def test_booleans(raw, expected):
    assert n.parse_bool(raw) is expected


def test_boolean_refusal():
    with pytest.raises(n.ParseError):
        n.parse_bool("可能")


@pytest.mark.parametrize(("raw", "expected"), [
    ("C1404002010121120100373", "C1404002010121120100373"),
    ("c1404002010121120100373", "C1404002010121120100373"),
    ("Ｃ１４０４００２０１０１２１１２０１００３７３", "C1404002010121120100373"),
    (" C1404002010121120100373 ", "C1404002010121120100373"),
    ("1400000720157", "1400000720157"),           # legacy 13-digit number
    (1400000720157, "1400000720157"),             # … stored as a whole number, no digits lost
    ("采1400000720157", None),
])
def test_licence_numbers(raw, expected):
    if expected is None:
        with pytest.raises(n.ParseError):
            n.parse_licence(raw)
    else:
        assert n.parse_licence(raw) == expected


@pytest.mark.parametrize("raw", [5.1e21, "5.1E+21", "5.10E+21", 1404002010121120100373, 1.40040020101211e21,
                                 "1404002010121.0"])
def test_licence_numbers_that_lost_digits_are_refused(raw):
    with pytest.raises(n.ParseError) as info:
        n.parse_licence(raw)
    assert info.value.message == n.Msg.LICENCE_AS_NUMBER


def test_modern_licence_with_wrong_length_is_refused():
    with pytest.raises(n.ParseError) as info:
        n.parse_licence("C140400201012112010037")
    assert info.value.message == n.Msg.BAD_MODERN_LICENCE


def test_clean_and_lists():
    assert n.clean("  ＡＢＣ１２３　") == "ABC123"
    assert n.clean(None) == ""
    assert n.clean(3.0) == "3"
    assert n.split_list("东村、西村，南村;北村；；") == ["东村", "西村", "南村", "北村"]
    assert n.split_list("") == []
    assert n.parse_text(" 长治市ＡＢ煤业（集团）有限公司，一矿　") == "长治市AB煤业（集团）有限公司，一矿"


def test_coordinate_warnings_keep_values_and_flag_mixups():
    assert n.coordinate_warning("y", 38_410_000.0) is None
    assert n.coordinate_warning("y", 410_000.0) == n.Msg.Y_NO_ZONE
    assert n.coordinate_warning("y", 19_410_000.0) == n.Msg.Y_SIX_DEGREE
    assert n.coordinate_warning("x", 3_980_000.0) is None
    assert n.coordinate_warning("x", 39_800.0) is not None


def test_problem_line_format():
    """formats.md's line, kept exactly: file:row:column: message "raw"."""
    problem = Problem.of(n.Msg.BAD_DATE).at(file="mines.xlsx", row=12, column="有效期止", raw="2025年2月30日")
    assert problem.code == "date.invalid"
    assert str(problem) == 'mines.xlsx:12:有效期止: 无法识别的日期 "2025年2月30日"'
    empty = Problem.of(Message("file.empty", "the file is empty")).at(file="a.csv")
    assert str(empty) == "a.csv: 文件是空的"
    try:
        set_language("en")
        assert str(problem) == 'mines.xlsx:12:有效期止: unrecognised date "2025年2月30日"'
    finally:
        set_language("zh")


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parsers_never_raise_anything_but_parse_error(raw):
    parsers = [n.parse_date, n.parse_validity, n.parse_depth_range, n.parse_number, n.parse_licence, n.parse_bool,
               lambda v: n.parse_enum(v, MineStatus), lambda v: n.parse_int(v, 0, 10)]
    for parser in parsers:
        with contextlib.suppress(n.ParseError):
            parser(raw)


def test_the_export_apostrophe_before_a_formula_is_dropped_but_the_value_stays_text() -> None:
    from minetui.domain.normalize import clean, clean_text

    assert clean("'=1+2") == "=1+2"
    assert clean_text("'@甲矿") == "@甲矿"
    assert clean("'plain") == "'plain"  # an apostrophe before ordinary text is the clerk's own
