"""The working-day calendar: weekends, holidays, make-up working days, arithmetic and configuration."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minetui.domain.workdays import (
    CalendarConfigError,
    WorkCalendar,
    days_from_to,
    from_config,
)
from tests.calendar_fixtures import CHINA_2025_2026

CHINA = CHINA_2025_2026
DAYS = st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 12, 31))


def naive_is_workday(calendar: WorkCalendar, day: date) -> bool:
    """Independent restatement of the rule, for comparison."""
    if day in calendar.holidays:
        return False
    if day in calendar.makeup_workdays:
        return True
    return day.isoweekday() <= 5


# --- single days ---------------------------------------------------------------------------------------


def test_plain_calendar_is_monday_to_friday():
    plain = WorkCalendar()
    week = [date(2025, 6, 16) + timedelta(days=i) for i in range(7)]  # Mon..Sun
    assert [plain.is_workday(d) for d in week] == [True] * 5 + [False] * 2


def test_makeup_saturday_and_sunday_are_working_days():
    assert date(2025, 2, 8).isoweekday() == 6 and CHINA.is_workday(date(2025, 2, 8))
    assert date(2025, 1, 26).isoweekday() == 7 and CHINA.is_workday(date(2025, 1, 26))
    assert not CHINA.is_workday(date(2025, 2, 9))  # the Sunday after is off


def test_the_national_day_holiday_week_is_off():
    golden_week = sorted(days_from_to(date(2025, 10, 1), date(2025, 10, 8)))
    assert not any(CHINA.is_workday(d) for d in golden_week)
    assert CHINA.workdays_between(date(2025, 9, 27), date(2025, 10, 12)) == [
        date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30),  # Sunday 28th is a make-up day
        date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11),  # Saturday 11th is a make-up day
    ]


def test_same_or_next_and_previous():
    assert CHINA.same_or_next_workday(date(2025, 9, 30)) == date(2025, 9, 30)
    assert CHINA.same_or_next_workday(date(2025, 10, 1)) == date(2025, 10, 9)
    assert CHINA.next_workday(date(2025, 9, 30)) == date(2025, 10, 9)
    assert CHINA.previous_workday(date(2025, 10, 9)) == date(2025, 9, 30)
    assert CHINA.previous_workday(date(2025, 9, 29)) == date(2025, 9, 28)  # the make-up Sunday
    assert CHINA.same_or_previous_workday(date(2025, 10, 5)) == date(2025, 9, 30)
    # R-LEAD-6 "immediately": damage found on the Saturday before Spring Festival's make-up day
    assert CHINA.same_or_next_workday(date(2025, 1, 25)) == date(2025, 1, 26)


def test_add_workdays_examples():
    assert CHINA.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert CHINA.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CHINA.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert CHINA.add_workdays(date(2025, 10, 4), 0) == date(2025, 10, 9)
    assert CHINA.add_workdays(date(2025, 6, 13), 0) == date(2025, 6, 13)
    assert WorkCalendar().add_workdays(date(2025, 6, 13), 5) == date(2025, 6, 20)  # Fri + 5 = next Fri


def test_a_year_of_the_example_has_248_working_days():
    assert CHINA.count_workdays(date(2025, 1, 1), date(2025, 12, 31)) == 248
    assert len(CHINA.workdays_between(date(2026, 1, 1), date(2026, 12, 31))) == 248


@given(DAYS)
def test_is_workday_matches_the_rule(day):
    assert CHINA.is_workday(day) == naive_is_workday(CHINA, day)


@given(DAYS, st.integers(min_value=-60, max_value=60))
def test_add_workdays_counts_working_days_one_by_one(day, n):
    result = CHINA.add_workdays(day, n)
    if n > 0:
        assert result > day and CHINA.is_workday(result)
        assert CHINA.count_workdays(day + timedelta(days=1), result) == n
    elif n < 0:
        assert result < day and CHINA.is_workday(result)
        assert CHINA.count_workdays(result, day - timedelta(days=1)) == -n
    else:
        assert result == CHINA.same_or_next_workday(day)


@given(DAYS, st.integers(min_value=-3, max_value=70))
def test_workdays_between_and_count_agree_with_the_rule(start, length):
    end = start + timedelta(days=length)
    expected = [start + timedelta(days=i) for i in range(length + 1)
                if naive_is_workday(CHINA, start + timedelta(days=i))]
    assert CHINA.workdays_between(start, end) == expected
    assert CHINA.count_workdays(start, end) == len(expected)


@given(DAYS)
def test_next_and_previous_are_neighbours(day):
    following = CHINA.next_workday(day)
    assert CHINA.workdays_between(day + timedelta(days=1), following) == [following]
    before = CHINA.previous_workday(day)
    assert CHINA.workdays_between(before, day - timedelta(days=1)) == [before]


# --- construction and configuration -----------------------------------------------------------------------


def test_a_day_cannot_be_both_holiday_and_makeup_day():
    with pytest.raises(ValueError, match="2025-02-08"):
        WorkCalendar(holidays=frozenset({date(2025, 2, 8)}), makeup_workdays=frozenset({date(2025, 2, 8)}))


def test_a_makeup_day_must_fall_on_a_weekend():
    with pytest.raises(ValueError, match="2025-02-07"):
        WorkCalendar(makeup_workdays=frozenset({date(2025, 2, 7)}))


def test_from_config_reads_dates_ranges_and_toml_dates():
    calendar = from_config({
        "holidays": ["2025-10-01..2025-10-08", date(2025, 1, 1), " 2025-05-01 "],
        "makeup_workdays": ["2025-09-28", "2025-10-11"],
    })
    assert calendar.holidays == days_from_to(date(2025, 10, 1), date(2025, 10, 8)) | {date(2025, 1, 1),
                                                                                     date(2025, 5, 1)}
    assert calendar.makeup_workdays == {date(2025, 9, 28), date(2025, 10, 11)}
    assert WorkCalendar.from_config({}) == WorkCalendar()


@pytest.mark.parametrize(("mapping", "fragment"), [
    ({"holidays": ["2025-10-01", "2025-02-30"]}, "calendar.holidays[1]: '2025-02-30'"),
    ({"holidays": ["2025/10/01"]}, "calendar.holidays[0]: '2025/10/01'"),
    ({"makeup_workdays": ["20250928"]}, "calendar.makeup_workdays[0]"),
    ({"holidays": ["2025-10-08..2025-10-01"]}, "ends before it starts"),
    ({"holidays": [20251001]}, "calendar.holidays[0]: 20251001"),
    ({"holidays": "2025-10-01"}, "expected a list"),
    ({"holiday": ["2025-10-01"]}, "unknown key 'holiday'"),
    ({"holidays": ["2025-09-28"], "makeup_workdays": ["2025-09-28"]}, "both as holiday"),
    ({"makeup_workdays": ["2025-09-29"]}, "Saturday or Sunday"),
])
def test_from_config_names_the_bad_entry(mapping, fragment):
    with pytest.raises(CalendarConfigError) as caught:
        from_config(mapping)
    assert fragment in str(caught.value)
