"""The notice's dated deadlines (domain.deadlines): Nov 30, Dec 31, and Feb 28 of the next year."""

from __future__ import annotations

from datetime import date

from minetui.domain.deadlines import notice_deadlines


def _by_rule(year: int) -> dict[str, date]:
    return {d.rule: d.date for d in notice_deadlines(year)}


def test_exchanges_and_surveys_fall_on_november_30():
    dates = _by_rule(2025)
    for rule in ("R-LEAD-1", "R-LEAD-2", "R-LEAD-3", "R-LEAD-4", "R-SUR-1"):
        assert dates[rule] == date(2025, 11, 30), rule


def test_annual_patrol_report_is_due_december_31():
    assert _by_rule(2025)["R-PAT-6"] == date(2025, 12, 31)


def test_satellite_year_closes_on_february_28_of_the_next_year():
    assert _by_rule(2025)["R-SAT-1"] == date(2026, 2, 28)


def test_satellite_close_stays_on_february_28_when_the_next_year_is_a_leap_year():
    # 2028 is a leap year: the close is still Feb 28, not Feb 29 (never later than the notice's date).
    assert _by_rule(2027)["R-SAT-1"] == date(2028, 2, 28)
    assert _by_rule(2028)["R-SAT-1"] == date(2029, 2, 28)


def test_every_rule_once_in_date_order_with_both_languages():
    deadlines = notice_deadlines(2025)
    assert sorted(d.rule for d in deadlines) == sorted(
        ["R-LEAD-1", "R-LEAD-2", "R-LEAD-3", "R-LEAD-4", "R-SUR-1", "R-PAT-6", "R-SAT-1"])
    assert [d.date for d in deadlines] == sorted(d.date for d in deadlines)
    assert all(d.zh and d.en for d in deadlines)
    assert "2025" in next(d.zh for d in deadlines if d.rule == "R-SAT-1")
