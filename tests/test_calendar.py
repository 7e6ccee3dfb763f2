"""R-DAY-1: ONE working-day calendar for every rule — the official holidays and make-up working days from the
chinesecalendar package, plus the bureau's closures (setting calendar.closures); a year it does not know is a
warning. Every expected date below is worked out by hand from the State Council's notices
(tests/calendar_fixtures.py), not taken from the code's output:

2025 National Day + Mid-autumn: Oct 1 (Wed) – Oct 8 (Wed) off; make-up working days Sun Sep 28 and Sat Oct 11.
2026 Spring Festival: Feb 15 (Sun) – Feb 23 (Mon) off; make-up working days Sat Feb 14 and Sat Feb 28.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minetui import i18n
from minetui.domain.leads.leads import LeadSettings, Rule, lead_deadline
from minetui.domain.leads.patches import patch_deadline
from minetui.domain.visits.model import CALENDAR_UNKNOWN, NO_WORKDAY, PlanSettings, Task
from minetui.domain.visits.planner import plan_visits
from minetui.domain.workdays import WorkCalendar
from minetui.services.core import settings as bureau
from minetui.services.core.workcalendar import build_calendar, calendar_warnings, official
from minetui.services.leads import leads
from minetui.services.leads.drafting import LeadDraft, draft_lead
from tests.calendar_fixtures import CHINA_2025_2026, HOLIDAYS_2025_2026, MAKEUP_2025_2026

OFFICIAL = build_calendar()
GOLDEN_WEEK = [date(2025, 10, 1) + timedelta(days=i) for i in range(8)]


def off_by_hand(day: date, closures: frozenset[date] = frozenset()) -> bool:
    """The rule restated from the hand-transcribed notices: holidays and closures off, weekends off unless a
    make-up working day."""
    if day in HOLIDAYS_2025_2026 or day in closures:
        return True
    return day.isoweekday() >= 6 and day not in MAKEUP_2025_2026


# --- the package: what it knows, and that it works offline -----------------------------------------------------


def test_the_package_agrees_with_the_state_council_notices_2025_and_2026() -> None:
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        assert OFFICIAL.is_workday(day) == (not off_by_hand(day)), day
        day += timedelta(days=1)


def test_the_package_knows_2004_to_at_least_2026_and_nothing_else() -> None:
    years = official().years
    assert official().first_year == 2004 and {2004, 2025, 2026} <= years
    assert 2003 not in years and official().last_year + 1 not in years
    assert official().source.startswith("chinesecalendar ")


def test_the_calendar_is_built_without_the_network() -> None:
    """The holiday table is inside the package: with every socket refused, the calendar still builds."""
    code = ("import socket\n"
            "def refuse(*args, **kwargs):\n    raise OSError('network used')\n"
            "socket.socket = refuse\nsocket.create_connection = refuse\nsocket.getaddrinfo = refuse\n"
            "from datetime import date\n"
            "from minetui.services.core.workcalendar import build_calendar\n"
            "print(build_calendar().is_workday(date(2025, 10, 1)), build_calendar().is_workday(date(2025, 9, 28)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


# --- the visit planner (R-VISIT-1) ---------------------------------------------------------------------------


def patrol(task_id: str, start: date, end: date, mine: str = "M1") -> Task:
    return Task(task_id, mine, "O1", "patrol", start, end, frozenset({"office"}))


def test_no_visit_in_the_national_day_week_and_the_make_up_days_are_used() -> None:
    # one office, one visit a day, six mines due between Sat Sep 27 and Sat Oct 11: the working days there are
    # Sun Sep 28 (make-up), Mon Sep 29, Tue Sep 30, Thu Oct 9, Fri Oct 10 and Sat Oct 11 (make-up) — six.
    tasks = [patrol(f"t{n}", date(2025, 9, 27), date(2025, 10, 11), mine=f"M{n}") for n in range(7)]
    plan = plan_visits(tasks, PlanSettings(OFFICIAL, capacity_per_office_day=1))
    assert sorted(v.date for v in plan.visits) == [date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30),
                                                   date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11)]
    assert [u.reason_code for u in plan.unplaced] == ["capacity"]  # the seventh has no working day left


def test_a_window_of_the_make_up_sunday_is_visited_that_sunday() -> None:
    # the defect of issue 13: Sat Sep 27 – Sun Sep 28, 2025 was called "no working day"
    plan = plan_visits([patrol("weekend", date(2025, 9, 27), date(2025, 9, 28))], PlanSettings(OFFICIAL))
    assert [v.date for v in plan.visits] == [date(2025, 9, 28)] and plan.unplaced == []
    saturday = plan_visits([patrol("sat", date(2025, 10, 11), date(2025, 10, 12))], PlanSettings(OFFICIAL))
    assert [v.date for v in saturday.visits] == [date(2025, 10, 11)]


def test_a_window_inside_the_holiday_is_unplaced_not_visited_on_oct_1() -> None:
    plan = plan_visits([patrol("golden", date(2025, 10, 1), date(2025, 10, 8))], PlanSettings(OFFICIAL))
    assert plan.visits == [] and [u.reason_code for u in plan.unplaced] == [NO_WORKDAY]
    early = plan_visits([patrol("early", date(2025, 10, 1), date(2025, 10, 31))], PlanSettings(OFFICIAL))
    assert [v.date for v in early.visits] == [date(2025, 10, 9)]  # as early as allowed: the first day back


DAYS_2025_2026 = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 20))


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[Task], frozenset[date], int | None]:
    closures = frozenset(draw(st.lists(DAYS_2025_2026, max_size=6)))
    tasks = []
    for n in range(draw(st.integers(min_value=1, max_value=25))):
        start = draw(DAYS_2025_2026)
        tasks.append(Task(f"t{n:02}", f"M{draw(st.integers(0, 6))}", f"O{draw(st.integers(0, 1))}", "patrol",
                          start, start + timedelta(days=draw(st.integers(0, 20)))))
    return tasks, closures, draw(st.sampled_from([None, 1, 2]))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_no_planned_visit_ever_falls_on_a_day_off(case: tuple[list[Task], frozenset[date], int | None]) -> None:
    tasks, closures, capacity = case
    plan = plan_visits(tasks, PlanSettings(build_calendar(closures), capacity_per_office_day=capacity))
    for visit in plan.visits:
        assert not off_by_hand(visit.date, closures), visit
    # and a task is unplaced for want of a working day only when its window really has none
    for unplaced in plan.unplaced:
        if unplaced.reason_code == NO_WORKDAY:
            window = unplaced.task
            days = [window.earliest + timedelta(days=i) for i in range((window.latest - window.earliest).days + 1)]
            assert all(off_by_hand(d, closures) for d in days)


# --- lead deadlines -----------------------------------------------------------------------------------------


def test_five_working_days_over_the_spring_festival_2026() -> None:
    # arose Thu Feb 12: Fri 13 (1), Sat 14 make-up (2), Feb 15–23 off, Tue 24 (3), Wed 25 (4), Thu 26 (5)
    assert lead_deadline(Rule.MANUAL, date(2026, 2, 12), 2026, OFFICIAL) == date(2026, 2, 26)
    # Monday to Friday alone would have said Thu Feb 19, in the middle of the holiday
    assert lead_deadline(Rule.MANUAL, date(2026, 2, 12), 2026, WorkCalendar()) == date(2026, 2, 19)


def test_a_deadline_can_fall_on_a_make_up_saturday() -> None:
    # arose Mon Feb 23 (the holiday's last day): Tue 24 (1), Wed 25 (2), Thu 26 (3), Fri 27 (4), Sat 28 make-up (5)
    assert lead_deadline(Rule.MANUAL, date(2026, 2, 23), 2026, OFFICIAL) == date(2026, 2, 28)
    # R-LEAD-6 "immediately": damage found on the make-up Saturday Feb 14 is due that day; on Sun Feb 15, on Feb 24
    assert lead_deadline(Rule.LEAD_6, date(2026, 2, 14), 2026, OFFICIAL) == date(2026, 2, 14)
    assert lead_deadline(Rule.LEAD_6, date(2026, 2, 15), 2026, OFFICIAL) == date(2026, 2, 24)
    # R-LEAD-5: 20 calendar days after an issue on Jan 26 is Sun Feb 15, a holiday → Tue Feb 24
    assert lead_deadline(Rule.LEAD_5, date(2026, 1, 26), 2026, OFFICIAL, LeadSettings()) == date(2026, 2, 24)


def test_a_closure_from_the_setting_moves_a_lead_deadline(ctx) -> None:
    ctx.today = date(2026, 2, 12)
    bureau.set_setting(ctx, "calendar.closures", "2026-02-26")
    lead_id = draft_lead(ctx, LeadDraft(Rule.MANUAL, to_section="enforcement", from_section="mineral",
                                        location="某地", description="测试", arose=date(2026, 2, 12)))
    assert lead_id is not None
    # as above, but Thu Feb 26 is closed: the fifth working day is Fri Feb 27
    assert leads.get_lead(ctx, lead_id).deadline == date(2026, 2, 27)
    assert leads.lead_detail(ctx, lead_id).calendar_note == ""


def test_closures_are_days_off_even_on_a_make_up_day() -> None:
    closed = build_calendar({date(2025, 9, 28), date(2025, 9, 29)})
    assert not closed.is_workday(date(2025, 9, 28)) and not closed.is_workday(date(2025, 9, 29))
    assert closed.workdays_between(date(2025, 9, 27), date(2025, 10, 10)) == [date(2025, 9, 30), date(2025, 10, 9),
                                                                              date(2025, 10, 10)]
    assert closed.count_workdays(date(2025, 9, 27), date(2025, 10, 10)) == 3


# --- patch deadlines (R-SAT-1) ------------------------------------------------------------------------------


@pytest.mark.parametrize(("returned", "due"), [
    (date(2025, 9, 1), date(2025, 10, 9)),    # a month later is Oct 1, a holiday: the first day back, Thu Oct 9
    (date(2026, 1, 14), date(2026, 2, 14)),   # Sat Feb 14, 2026 is a make-up working day: it stays
    (date(2026, 1, 15), date(2026, 2, 24)),   # Sun Feb 15 is in the Spring Festival: Tue Feb 24
    (date(2025, 6, 3), date(2025, 7, 3)),     # an ordinary Thursday
])
def test_a_returned_patch_is_due_a_month_later_on_a_working_day(returned: date, due: date) -> None:
    assert patch_deadline(returned.year, returned, OFFICIAL) == due
    assert patch_deadline(returned.year, returned, CHINA_2025_2026) == due


# --- a year the calendar does not know -----------------------------------------------------------------------


def unknown_year() -> int:
    return official().last_year + 1


def test_a_plan_reaching_into_an_unknown_year_says_so() -> None:
    i18n.set_language("en")
    year = unknown_year()
    plan = plan_visits([patrol("next", date(year, 3, 2), date(year, 3, 6))], PlanSettings(OFFICIAL))
    [warning] = [w for w in plan.warnings if w.code == CALENDAR_UNKNOWN]
    assert str(year) in warning.message and "does not know" in warning.message
    assert len(plan.visits) == 1  # still planned, Monday to Friday — but said
    known = plan_visits([patrol("now", date(2026, 3, 2), date(2026, 3, 6))], PlanSettings(OFFICIAL))
    assert not [w for w in known.warnings if w.code == CALENDAR_UNKNOWN]


def test_a_lead_due_in_an_unknown_year_carries_the_warning(ctx) -> None:
    year = unknown_year()
    ctx.today = date(year, 3, 2)
    lead_id = draft_lead(ctx, LeadDraft(Rule.MANUAL, to_section="enforcement", from_section="mineral",
                                        location="某地", description="测试"))
    assert lead_id is not None
    note = leads.lead_detail(ctx, lead_id).calendar_note
    assert str(year) in note and "chinesecalendar" in note
    # a Nov 30 exchange lead is not counted in working days: nothing to warn about
    exchange = draft_lead(ctx, LeadDraft(Rule.LEAD_3, location="某地", description="测试"))
    assert exchange is not None and leads.lead_detail(ctx, exchange).calendar_note == ""


def test_the_warning_looks_a_quarter_ahead() -> None:
    last = official().last_year
    assert calendar_warnings(OFFICIAL, date(last, 6, 30)) == []
    assert calendar_warnings(OFFICIAL, date(last, 11, 29)) != []   # the demo's today: next year is near
    assert str(last + 1) in calendar_warnings(OFFICIAL, date(last + 1, 1, 5))[0]
