"""Periods of patrol duties: months and quarters, their days, text forms and order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minetui.domain.periods import Period, PeriodKind, month_of, months_of_year, quarter_of, quarters_of_year

DAYS = st.dates(min_value=date(1999, 1, 1), max_value=date(2101, 12, 31))


@pytest.mark.parametrize(
    ("text", "kind", "year", "number", "canonical"),
    [
        ("2025-03", PeriodKind.MONTH, 2025, 3, "2025-03"),
        ("2025-3", PeriodKind.MONTH, 2025, 3, "2025-03"),
        ("2025-12", PeriodKind.MONTH, 2025, 12, "2025-12"),
        (" 2025-Q2 ", PeriodKind.QUARTER, 2025, 2, "2025-Q2"),
        ("2025-q4", PeriodKind.QUARTER, 2025, 4, "2025-Q4"),
    ],
)
def test_parse_and_str(text, kind, year, number, canonical):
    period = Period.parse(text)
    assert (period.kind, period.year, period.number) == (kind, year, number)
    assert str(period) == canonical


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-Q5", "2025-Q0", "2025", "25-03", "2025/03", "2025-Q", ""])
def test_parse_refuses_what_is_not_a_period(text):
    with pytest.raises(ValueError, match="not a period"):
        Period.parse(text)


def test_constructor_refuses_out_of_range_numbers():
    with pytest.raises(ValueError):
        Period.month(2025, 13)
    with pytest.raises(ValueError):
        Period.quarter(2025, 0)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2100-02", date(2100, 2, 1), date(2100, 2, 28)),  # divisible by 100, not by 400: no Feb 29
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),
        ("2025-04", date(2025, 4, 1), date(2025, 4, 30)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_start_and_end(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.days == (end - start).days + 1


def test_quarter_days_in_leap_and_common_year():
    assert Period.parse("2024-Q1").days == 91
    assert Period.parse("2025-Q1").days == 90


def test_contains_edges():
    june = Period.parse("2025-06")
    assert june.contains(date(2025, 6, 1)) and june.contains(date(2025, 6, 30))
    assert not june.contains(date(2025, 5, 31)) and not june.contains(date(2025, 7, 1))
    assert not june.contains(date(2024, 6, 15))


def test_months_of_a_quarter_and_quarter_of_a_month():
    assert [str(p) for p in Period.parse("2025-Q4").months()] == ["2025-10", "2025-11", "2025-12"]
    assert Period.parse("2025-05").months() == [Period.parse("2025-05")]
    assert Period.parse("2025-09").quarter_of_month() == Period.parse("2025-Q3")
    assert Period.parse("2025-10").quarter_of_month() == Period.parse("2025-Q4")


def test_month_of_and_quarter_of():
    assert month_of(date(2024, 2, 29)) == Period.month(2024, 2)
    assert quarter_of(date(2025, 3, 31)) == Period.quarter(2025, 1)
    assert quarter_of(date(2025, 4, 1)) == Period.quarter(2025, 2)
    assert quarter_of(date(2025, 12, 31)) == Period.quarter(2025, 4)


def test_iteration_over_a_year():
    assert [str(p) for p in months_of_year(2025)] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert [str(p) for p in quarters_of_year(2025)] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_days_until_end():
    june = Period.parse("2025-06")
    assert june.days_until_end(date(2025, 6, 30)) == 0
    assert june.days_until_end(date(2025, 6, 23)) == 7
    assert june.days_until_end(date(2025, 7, 1)) == -1
    assert Period.parse("2024-02").days_until_end(date(2024, 2, 28)) == 1


def test_shift_crosses_years():
    assert str(Period.parse("2024-12").next()) == "2025-01"
    assert str(Period.parse("2025-01").previous()) == "2024-12"
    assert str(Period.parse("2024-Q4").next()) == "2025-Q1"
    assert str(Period.parse("2025-Q1").shift(-5)) == "2023-Q4"
    assert str(Period.parse("2024-01").shift(25)) == "2026-02"


def test_order_is_chronological_month_before_its_quarter():
    texts = ["2025-Q2", "2025-05", "2024-12", "2025-04", "2025-Q1", "2025-03"]
    assert [str(p) for p in sorted(Period.parse(t) for t in texts)] == [
        "2024-12", "2025-Q1", "2025-03", "2025-04", "2025-Q2", "2025-05",
    ]
    assert Period.parse("2025-12") < Period.parse("2026-01")
    assert Period.parse("2025-Q4") > Period.parse("2025-10")


def test_value_semantics():
    assert Period.parse("2025-03") == Period.month(2025, 3)
    assert len({Period.parse("2025-03"), Period.month(2025, 3), Period.quarter(2025, 1)}) == 2
    with pytest.raises(AttributeError):
        Period.month(2025, 3).number = 4  # type: ignore[misc]


def test_chinese_label():
    assert Period.parse("2025-03").zh == "2025年3月"
    assert Period.parse("2025-Q2").zh == "2025年第2季度"


@given(DAYS)
def test_any_day_lies_in_its_month_and_quarter(day):
    month, quarter = month_of(day), quarter_of(day)
    assert month.contains(day) and quarter.contains(day)
    assert month in quarter.months()
    assert month.quarter_of_month() == quarter
    assert month.start <= day <= month.end


@given(DAYS, st.sampled_from(list(PeriodKind)))
def test_periods_tile_the_calendar(day, kind):
    period = month_of(day) if kind is PeriodKind.MONTH else quarter_of(day)
    assert Period.parse(str(period)) == period
    assert period.next().start == period.end + timedelta(days=1)
    assert period.previous().end == period.start - timedelta(days=1)
    assert period.next().previous() == period
