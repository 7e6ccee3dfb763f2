"""Patrol duties (R-PAT-1, R-PAT-2), their states on a given day, and a calendar's view of a period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minetui.domain.model import MineStatus, StatusChange
from minetui.domain.patrols.duties import (
    Coverage,
    Duty,
    DutyFacts,
    DutyKind,
    DutyState,
    NoDutyReason,
    assess,
    duties_for_many,
    duties_for_year,
    duty_state,
    meeting_patrol,
    period_status,
)
from minetui.domain.periods import Period

P, S, C, X, B = (MineStatus.PRODUCING, MineStatus.SUSPENDED, MineStatus.CLOSED, MineStatus.CANCELLED,
                 MineStatus.CONSTRUCTION)
ALL_MONTHS = [f"{m:02d}" for m in range(1, 13)]


def history(*entries: tuple[MineStatus, date]) -> list[StatusChange]:
    return [StatusChange(status, since) for status, since in entries]


def duties(entries, year=2025, *, valid_from=None, valid_to=None, zones=None) -> list[str]:
    """The duty periods of one mine-year as text, e.g. ['2025-Q1', '2025-04', …]."""
    zone_years = {year} if zones is None else zones
    return [str(d.period) for d in duties_for_year(history(*entries), valid_from, valid_to, zone_years, year)]


def months(year: int, *numbers: int) -> list[str]:
    return [f"{year}-{n:02d}" for n in numbers]


# ------------------------------------------------------------------------------------------------
# The rule at its edges
# ------------------------------------------------------------------------------------------------


def test_producing_all_year_needs_twelve_monthly_patrols():
    assert duties([(P, date(2020, 1, 1))]) == months(2025, *range(1, 13))


@pytest.mark.parametrize("status", [S, C, B, MineStatus.HALTED, MineStatus.PREPARING])
def test_every_other_status_needs_four_quarterly_patrols(status):
    # 关闭 included: "停产、关闭及基建等未正常生产矿山每季度至少巡查1次".
    assert duties([(status, date(2020, 1, 1))]) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_duty_kind_and_due_follow_the_period():
    monthly, quarterly = Duty(Period.parse("2024-02")), Duty(Period.parse("2025-Q2"))
    assert (monthly.kind, monthly.due) == (DutyKind.MONTHLY, date(2024, 2, 29))
    assert (quarterly.kind, quarterly.due) == (DutyKind.QUARTERLY, date(2025, 6, 30))


def test_change_on_the_first_of_a_month():
    # Producing from Apr 1: March has no 在产 day → Q1 is a quarterly duty; April on are producing months.
    assert duties([(S, date(2020, 1, 1)), (P, date(2025, 4, 1))]) == ["2025-Q1", *months(2025, *range(4, 13))]
    # Suspended from Apr 1: March 31 was the last producing day.
    assert duties([(P, date(2020, 1, 1)), (S, date(2025, 4, 1))]) == [
        *months(2025, 1, 2, 3), "2025-Q2", "2025-Q3", "2025-Q4"]


def test_change_on_the_fifteenth_of_a_month():
    # Producing from May 15: May is a producing month; April (not producing) gets no duty of its own and
    # Q2 has no quarterly duty because it has producing months.
    assert duties([(S, date(2020, 1, 1)), (P, date(2025, 5, 15))]) == ["2025-Q1", *months(2025, *range(5, 13))]
    # Suspended from May 15: May still had 14 producing days.
    assert duties([(P, date(2020, 1, 1)), (S, date(2025, 5, 15))]) == [
        *months(2025, 1, 2, 3, 4, 5), "2025-Q3", "2025-Q4"]


def test_change_on_the_last_day_of_a_month():
    # One producing day (Jun 30) makes June a producing month, the only duty of Q2.
    assert duties([(S, date(2020, 1, 1)), (P, date(2025, 6, 30))]) == [
        "2025-Q1", *months(2025, *range(6, 13))]
    # Suspended from Jan 31: January had 30 producing days; Feb and Mar need no duty of their own.
    assert duties([(P, date(2020, 1, 1)), (S, date(2025, 1, 31))]) == ["2025-01", "2025-Q2", "2025-Q3", "2025-Q4"]
    # Suspended on Nov 30 (last day of Nov) — November is still producing (Nov 1–29).
    assert duties([(P, date(2020, 1, 1)), (S, date(2025, 11, 30))]) == months(2025, *range(1, 12))


def test_change_in_the_last_month_of_a_quarter():
    # Producing until Sep 10: July–September are producing months; Q4 is quarterly.
    assert duties([(P, date(2020, 1, 1)), (S, date(2025, 9, 11))]) == [*months(2025, *range(1, 10)), "2025-Q4"]
    # Producing from Sep 20 only: Q3's single producing month is September; July and August need nothing.
    assert duties([(S, date(2020, 1, 1)), (P, date(2025, 9, 20))]) == [
        "2025-Q1", "2025-Q2", *months(2025, 9, 10, 11, 12)]


def test_short_producing_spell_inside_a_quarter():
    spell = [(S, date(2020, 1, 1)), (P, date(2025, 8, 10)), (S, date(2025, 8, 20))]
    assert duties(spell) == ["2025-Q1", "2025-Q2", "2025-08", "2025-Q4"]


def test_zone_joined_in_one_year_and_left_the_next():
    producing = [(P, date(2020, 1, 1))]
    assert duties(producing, 2023, zones={2024}) == []
    assert duties(producing, 2024, zones={2024}) == months(2024, *range(1, 13))
    assert duties(producing, 2025, zones={2024}) == []


def test_licence_that_starts_mid_year():
    # Status recorded since an earlier licence; the new licence is valid from Aug 20.
    assert duties([(P, date(2018, 1, 1))], valid_from=date(2025, 8, 20)) == months(2025, 8, 9, 10, 11, 12)
    # A suspended mine whose licence starts Sep 30: one valid day makes Q3 a duty.
    assert duties([(S, date(2018, 1, 1))], valid_from=date(2025, 9, 30)) == ["2025-Q3", "2025-Q4"]


def test_licence_that_ends_mid_year():
    assert duties([(P, date(2018, 1, 1))], valid_to=date(2025, 4, 1)) == months(2025, 1, 2, 3, 4)
    assert duties([(S, date(2018, 1, 1))], valid_to=date(2025, 3, 31)) == ["2025-Q1"]
    assert duties([(P, date(2018, 1, 1))], valid_to=date(2024, 12, 31)) == []


def test_dec_31_to_jan_1():
    # Producing from Dec 31: only December of 2024 is a producing month; all of 2025 is.
    entries = [(S, date(2020, 1, 1)), (P, date(2024, 12, 31))]
    assert duties(entries, 2024) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-12"]
    assert duties(entries, 2025) == months(2025, *range(1, 13))
    # Suspended from Jan 1: 2024 produced throughout, 2025 owes only quarterly patrols.
    entries = [(P, date(2020, 1, 1)), (S, date(2025, 1, 1))]
    assert duties(entries, 2024) == months(2024, *range(1, 13))
    assert duties(entries, 2025) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_feb_29_of_a_leap_year():
    # A single producing day, Feb 29 2024.
    entries = [(S, date(2020, 1, 1)), (P, date(2024, 2, 29)), (S, date(2024, 3, 1))]
    found = duties_for_year(history(*entries), None, None, {2024}, 2024)
    assert [str(d.period) for d in found] == ["2024-02", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert found[0].due == date(2024, 2, 29)
    # Suspended from Feb 29: February is still a producing month (Feb 1–28).
    assert duties([(P, date(2020, 1, 1)), (S, date(2024, 2, 29))], 2024) == [
        "2024-01", "2024-02", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_cancellation_mid_quarter_ends_every_obligation():
    assert duties([(P, date(2020, 1, 1)), (X, date(2025, 5, 15))]) == months(2025, 1, 2, 3, 4, 5)
    assert duties([(S, date(2020, 1, 1)), (X, date(2025, 5, 15))]) == ["2025-Q1", "2025-Q2"]
    # Cancelled on the first day of a quarter: that quarter owes nothing.
    assert duties([(S, date(2020, 1, 1)), (X, date(2025, 4, 1))]) == ["2025-Q1"]


def test_entries_after_cancellation_are_ignored():
    entries = [(S, date(2020, 1, 1)), (X, date(2025, 5, 15)), (P, date(2025, 8, 1))]
    assert duties(entries) == ["2025-Q1", "2025-Q2"]


def test_no_status_before_the_first_entry():
    assert duties([]) == []
    # Producing from Mar 10: January and February have no status — only March is owed in Q1.
    assert duties([(P, date(2025, 3, 10))]) == months(2025, *range(3, 13))
    assert duties([(S, date(2025, 11, 5))]) == ["2025-Q4"]


def test_history_order_does_not_matter_and_a_later_entry_on_the_same_day_wins():
    assert duties([(S, date(2025, 4, 1)), (P, date(2020, 1, 1))]) == ["2025-01", "2025-02", "2025-03",
                                                                       "2025-Q2", "2025-Q3", "2025-Q4"]
    assert duties([(P, date(2020, 1, 1)), (S, date(2020, 1, 1))]) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


# ------------------------------------------------------------------------------------------------
# Property: the interval computation agrees with a day-by-day oracle
# ------------------------------------------------------------------------------------------------


def oracle(entries, valid_from, valid_to, zone_years, year) -> set[Period]:
    """Obviously correct and slow: look at every day of the year."""
    if year not in zone_years:
        return set()
    producing, obligated = set(), set()
    day = date(year, 1, 1)
    while day.year == year:
        started = [(since, status) for status, since in entries if since <= day]
        valid = (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)
        cancelled = any(status is X for _, status in started)
        if valid and started and not cancelled:
            status_today = max(started)[1]
            obligated.add((day.month - 1) // 3 + 1)
            if status_today is P:
                producing.add(day.month)
        day += timedelta(days=1)
    expected = {Period.month(year, m) for m in producing}
    for quarter in obligated:
        if not any(3 * quarter - 2 <= m <= 3 * quarter for m in producing):
            expected.add(Period.quarter(year, quarter))
    return expected


def _boundary_days() -> list[date]:
    days = []
    for year in (2023, 2024, 2025):
        for month in range(1, 13):
            first = date(year, month, 1)
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            days += [first, first.replace(day=15), last]
    return days


DAY = st.one_of(st.dates(date(2023, 1, 1), date(2025, 12, 31)), st.sampled_from(_boundary_days()))
HISTORY = st.lists(st.tuples(st.sampled_from(list(MineStatus)), DAY), max_size=6, unique_by=lambda e: e[1])


@settings(max_examples=300, deadline=None)
@given(HISTORY, st.none() | DAY, st.none() | DAY, st.sets(st.sampled_from([2023, 2024, 2025])),
       st.sampled_from([2024, 2025]))
def test_duties_agree_with_a_day_by_day_oracle(entries, valid_from, valid_to, zone_years, year):
    found = duties_for_year(history(*entries), valid_from, valid_to, zone_years, year)
    periods = [d.period for d in found]
    assert len(periods) == len(set(periods)), "no period is owed twice"
    assert set(periods) == oracle(entries, valid_from, valid_to, zone_years, year)
    assert periods == sorted(periods)
    # A quarterly duty never coexists with a monthly duty of the same quarter.
    quarters_with_months = {p.quarter_of_month() for p in periods if p.kind == "month"}
    assert not any(p in quarters_with_months for p in periods if p.kind == "quarter")


# ------------------------------------------------------------------------------------------------
# Many mines at once
# ------------------------------------------------------------------------------------------------


def test_duties_for_many_matches_one_by_one_and_skips_mines_without_duties():
    facts = {
        "producing": DutyFacts(history((P, date(2020, 1, 1))), None, None, {2025}),
        "suspended": DutyFacts(history((S, date(2020, 1, 1))), None, None, {2024, 2025}),
        "out of zone": DutyFacts(history((P, date(2020, 1, 1))), None, None, {2024}),
        "expired": DutyFacts(history((P, date(2020, 1, 1))), None, date(2024, 6, 1), {2025}),
    }
    result = duties_for_many(facts.items(), 2025)
    assert set(result) == {"producing", "suspended"}
    for key, found in result.items():
        f = facts[key]
        assert found == duties_for_year(f.history, f.valid_from, f.valid_to, f.in_zone_years, 2025)


@pytest.mark.slow
def test_twenty_thousand_mines_at_once_agree_with_one_by_one():
    """Province scale through the batch path (its speed is measured in benchmarks/, never asserted here)."""
    histories = [
        history((S, date(2019, 1, 1)), (P, date(2025, 1 + i % 12, 1 + i % 28)), (S, date(2025, 12, 1 + i % 31)))
        for i in range(20_000)
    ]
    facts = [(i, DutyFacts(h, date(2019, 1, 1), date(2029, 1, 1), {2024, 2025})) for i, h in enumerate(histories)]
    result = duties_for_many(facts, 2025)
    assert len(result) == 20_000
    for key in (0, 1, 11, 12, 19_999):
        f = facts[key][1]
        assert result[key] == duties_for_year(f.history, f.valid_from, f.valid_to, f.in_zone_years, 2025)


# ------------------------------------------------------------------------------------------------
# States on a given day
# ------------------------------------------------------------------------------------------------

JUNE = Duty(Period.parse("2025-06"))
Q2 = Duty(Period.parse("2025-Q2"))


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 5, 31), DutyState.OPEN),  # the period has not started
        (date(2025, 6, 1), DutyState.OPEN),
        (date(2025, 6, 22), DutyState.OPEN),  # 8 days left
        (date(2025, 6, 23), DutyState.DUE_SOON),  # 7 days left
        (date(2025, 6, 30), DutyState.DUE_SOON),  # the last day
        (date(2025, 7, 1), DutyState.OVERDUE),  # the day after
        (date(2026, 1, 1), DutyState.OVERDUE),
    ],
)
def test_unmet_duty_state_at_the_edges(today, state):
    assert duty_state(JUNE, [], today) is state


def test_due_soon_days_is_a_setting():
    assert duty_state(JUNE, [], date(2025, 6, 20), due_soon_days=10) is DutyState.DUE_SOON
    assert duty_state(JUNE, [], date(2025, 6, 29), due_soon_days=0) is DutyState.OPEN
    assert duty_state(JUNE, [], date(2025, 6, 30), due_soon_days=0) is DutyState.DUE_SOON


def test_a_future_period_is_open_even_when_its_end_is_near():
    # Today Jun 28 is not inside July; July is not "due soon" although nothing stops a later rule from it.
    assert duty_state(Duty(Period.parse("2025-07")), [], date(2025, 6, 28), due_soon_days=40) is DutyState.OPEN


def test_quarter_duty_state():
    assert duty_state(Q2, [], date(2025, 6, 23)) is DutyState.DUE_SOON
    assert duty_state(Q2, [], date(2025, 6, 22)) is DutyState.OPEN
    assert duty_state(Q2, [date(2025, 4, 1)], date(2025, 7, 1)) is DutyState.MET


def test_met_by_the_earliest_patrol_inside_the_period():
    patrols = [date(2025, 6, 20), date(2025, 7, 1), date(2025, 6, 5), date(2025, 5, 31)]
    result = assess(JUNE, patrols, date(2025, 8, 1))
    assert (result.state, result.met_by) == (DutyState.MET, date(2025, 6, 5))
    assert result.days_left == -32


def test_patrols_outside_the_period_do_not_meet_it():
    patrols = [date(2025, 5, 31), date(2025, 7, 1)]
    assert meeting_patrol(JUNE, patrols, date(2025, 7, 2)) is None
    assert duty_state(JUNE, patrols, date(2025, 7, 2)) is DutyState.OVERDUE


def test_patrol_on_the_last_and_first_day_of_the_period_meets_it():
    assert duty_state(JUNE, [date(2025, 6, 30)], date(2025, 7, 1)) is DutyState.MET
    assert duty_state(JUNE, [date(2025, 6, 1)], date(2025, 6, 1)) is DutyState.MET


def test_patrols_after_today_have_not_happened_yet():
    result = assess(JUNE, [date(2025, 6, 12)], date(2025, 6, 10))
    assert (result.state, result.met_by, result.days_left) == (DutyState.OPEN, None, 20)


def test_december_duty_across_the_new_year():
    december = Duty(Period.parse("2024-12"))
    assert duty_state(december, [], date(2024, 12, 31)) is DutyState.DUE_SOON
    assert duty_state(december, [], date(2025, 1, 1)) is DutyState.OVERDUE
    assert duty_state(december, [date(2025, 1, 1)], date(2025, 1, 2)) is DutyState.OVERDUE
    assert duty_state(december, [date(2024, 12, 31)], date(2025, 1, 2)) is DutyState.MET


def test_february_29_duty():
    february = Duty(Period.parse("2024-02"))
    assert assess(february, [], date(2024, 2, 29)).days_left == 0
    assert duty_state(february, [], date(2024, 2, 22)) is DutyState.DUE_SOON
    assert duty_state(february, [], date(2024, 2, 21)) is DutyState.OPEN
    assert duty_state(february, [], date(2024, 3, 1)) is DutyState.OVERDUE
    assert duty_state(february, [date(2024, 2, 29)], date(2024, 3, 1)) is DutyState.MET


def test_state_words():
    assert DutyState.OVERDUE.zh == "逾期未巡查"
    assert DutyKind.MONTHLY.zh == "月度巡查"
    assert DutyState.from_zh("已巡查") is DutyState.MET


# ------------------------------------------------------------------------------------------------
# A calendar asks about one period
# ------------------------------------------------------------------------------------------------


def status_of(text, entries, *, valid_from=None, valid_to=None, zones=frozenset({2025}), patrols=(),
              today=date(2025, 6, 15)):
    return period_status(Period.parse(text), history(*entries), valid_from, valid_to, zones, patrols, today)


def test_producing_month_has_its_own_duty():
    result = status_of("2025-05", [(P, date(2020, 1, 1))], patrols=[date(2025, 5, 3)])
    assert result.coverage is Coverage.MONTHLY
    assert [str(a.duty.period) for a in result.assessments] == ["2025-05"]
    assert (result.state, result.assessments[0].met_by) == (DutyState.MET, date(2025, 5, 3))


def test_month_covered_by_its_quarter_met_by_a_patrol_in_another_month():
    result = status_of("2025-05", [(S, date(2020, 1, 1))], patrols=[date(2025, 4, 9)])
    assert result.coverage is Coverage.QUARTERLY
    assert [str(a.duty.period) for a in result.assessments] == ["2025-Q2"]
    assert result.state is DutyState.MET
    assert result.reasons == ()


def test_quarter_made_of_monthly_duties_shows_the_most_urgent():
    result = status_of("2025-Q2", [(S, date(2020, 1, 1)), (P, date(2025, 5, 15))],
                       patrols=[date(2025, 5, 20)], today=date(2025, 6, 25))
    assert result.coverage is Coverage.MONTHLY
    assert [(str(a.duty.period), a.state) for a in result.assessments] == [
        ("2025-05", DutyState.MET), ("2025-06", DutyState.DUE_SOON)]
    assert result.state is DutyState.DUE_SOON


def test_non_producing_month_in_a_quarter_with_producing_months():
    result = status_of("2025-04", [(S, date(2020, 1, 1)), (P, date(2025, 5, 15))])
    assert (result.coverage, result.state) == (Coverage.NONE, DutyState.NOT_REQUIRED)
    assert result.reasons == (NoDutyReason.PRODUCING_MONTHS_IN_QUARTER,)


def test_not_in_a_zone_that_year():
    result = status_of("2025-03", [(P, date(2020, 1, 1))], zones={2024})
    assert (result.state, result.reasons) == (DutyState.NOT_REQUIRED, (NoDutyReason.NOT_IN_ZONE,))


def test_licence_not_valid():
    result = status_of("2025-Q1", [(P, date(2020, 1, 1))], valid_from=date(2025, 8, 20))
    assert result.reasons == (NoDutyReason.LICENCE_NOT_VALID,)


def test_cancelled():
    result = status_of("2025-06", [(P, date(2020, 1, 1)), (X, date(2025, 5, 15))])
    assert (result.state, result.reasons) == (DutyState.NOT_REQUIRED, (NoDutyReason.CANCELLED,))
    assert status_of("2025-05", [(P, date(2020, 1, 1)), (X, date(2025, 5, 15))]).coverage is Coverage.MONTHLY


def test_no_status_yet():
    assert status_of("2025-02", [(P, date(2025, 3, 10))]).reasons == (NoDutyReason.NO_STATUS,)
    assert status_of("2025-02", []).reasons == (NoDutyReason.NO_STATUS,)


def test_every_reason_that_applies_to_some_day_is_given():
    # Licence from Mar 15, status only from Apr 1: March is partly outside validity, partly without status.
    result = status_of("2025-03", [(S, date(2025, 4, 1))], valid_from=date(2025, 3, 15))
    assert result.reasons == (NoDutyReason.LICENCE_NOT_VALID, NoDutyReason.NO_STATUS)
    assert NoDutyReason.NO_STATUS.zh == "尚无矿山状态"
