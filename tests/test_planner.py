"""The combined-visit planner (R-VISIT-1): optimal against brute force, windows, working days, capacity,
external visits, infeasible tasks explained, and moving / cancelling visits."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minetui import i18n
from minetui.domain.visits.changes import cancel_visit, move_task, move_visit, plan_summary
from minetui.domain.visits.model import (
    CANCELLED,
    CAPACITY,
    EXTERNAL_NOT_WORKDAY,
    MIN_GAP,
    NO_WORKDAY,
    OFFICE_MISMATCH,
    FixedVisit,
    Plan,
    PlanSettings,
    Refusal,
    Task,
    Visit,
)
from minetui.domain.visits.planner import plan_visits
from minetui.domain.workdays import WorkCalendar
from tests.calendar_fixtures import CHINA_2025_2026

MON = date(2025, 6, 16)  # a Monday with no holiday nearby


def day(offset: int) -> date:
    return MON + timedelta(days=offset)


def task(task_id: str, start: int, end: int, mine: str = "M1", office: str | None = "O1",
         kind: str = "patrol", sections: frozenset[str] = frozenset({"office"})) -> Task:
    return Task(task_id, mine, office, kind, day(start), day(end), sections)


def visit_of(plan: Plan, task_id: str) -> Visit:
    return next(v for v in plan.visits if task_id in v.task_ids)


# ================================================================================================
# Brute force and invariants
# ================================================================================================


def brute_force_minimum(tasks: list[Task], calendar: WorkCalendar) -> int:
    """The fewest distinct (mine, date) visits over every assignment of a working day in its window to
    each task (exhaustive depth-first search; a branch is cut only when it already uses as many visits as
    the best complete assignment found). Tasks without a working day are left out."""
    options = [[(t.mine_key, d) for d in calendar.workdays_between(t.earliest, t.latest)] for t in tasks]
    options = [o for o in options if o]
    best = len(options)

    def search(index: int, chosen: frozenset[tuple[str, date]]) -> None:
        nonlocal best
        if len(chosen) >= best:
            return
        if index == len(options):
            best = len(chosen)
            return
        for option in options[index]:
            search(index + 1, chosen | {option})

    search(0, frozenset())
    return best


def assert_valid(plan: Plan, tasks: list[Task], calendar: WorkCalendar, capacity: int | None = None,
                 explained: bool = True) -> None:
    """Every task exactly once (placed or unplaced); placed on a working day inside its window, at its
    mine; capacity never exceeded; every unplaced task explained by the facts (`explained`: as planned,
    before any day was freed by a move)."""
    placed = [t for v in plan.visits for t in v.tasks]
    unplaced = [u.task for u in plan.unplaced]
    assert Counter(t.task_id for t in placed + unplaced) == Counter(t.task_id for t in tasks)
    for visit in plan.visits:
        assert visit.tasks, "no empty visits"
        assert calendar.is_workday(visit.date)
        assert visit.window_start <= visit.date <= visit.window_end
        for t in visit.tasks:
            assert t.mine_key == visit.mine_key
            assert t.earliest <= visit.date <= t.latest
    assert len({(v.mine_key, v.date) for v in plan.visits}) == len(plan.visits), "one visit per mine and day"
    load = Counter((v.office, v.date) for v in plan.district_visits if v.office is not None)
    if capacity is not None:
        assert max(load.values(), default=0) <= capacity
    for item in plan.unplaced:
        window = calendar.workdays_between(item.task.earliest, item.task.latest)
        if item.reason_code == NO_WORKDAY:
            assert window == []
        elif explained:
            assert item.reason_code == CAPACITY and capacity is not None
            office = visit_office(plan, tasks, item.task)
            assert window and all(load[(office, d)] == capacity for d in window)
            assert str(office) in item.message and window[0].isoformat() in item.message


def visit_office(plan: Plan, tasks: list[Task], t: Task) -> str | None:
    offices = Counter(x.office for x in tasks if x.mine_key == t.mine_key and x.office is not None)
    return min(offices, key=lambda o: (-offices[o], o)) if offices else None


@st.composite
def instances(draw, max_tasks: int = 6, mines: tuple[str, ...] = ("M1", "M2"), offices=("O1",)):
    """A random calendar over a ≤ 20-day range (some holidays, maybe a make-up weekend day) and ≤ 6 tasks."""
    span = draw(st.integers(min_value=1, max_value=20))
    start = MON + timedelta(days=draw(st.integers(min_value=0, max_value=6)))
    range_days = [start + timedelta(days=i) for i in range(span)]
    holidays = draw(st.sets(st.sampled_from(range_days), max_size=4))
    weekend = [d for d in range_days if d.weekday() >= 5 and d not in holidays]
    makeup = draw(st.sets(st.sampled_from(weekend), max_size=2)) if weekend else set()
    calendar = WorkCalendar(frozenset(holidays), frozenset(makeup))
    tasks = []
    for n in range(draw(st.integers(min_value=0, max_value=max_tasks))):
        first = draw(st.integers(min_value=0, max_value=span - 1))
        last = draw(st.integers(min_value=first, max_value=span - 1))
        tasks.append(Task(f"t{n}", draw(st.sampled_from(mines)), draw(st.sampled_from(offices)), "patrol",
                          range_days[first], range_days[last]))
    return calendar, tasks


# ================================================================================================
# Optimality and invariants (property-based)
# ================================================================================================


@settings(max_examples=300, deadline=None)
@given(instances())
def test_without_capacity_the_plan_is_the_brute_force_minimum(instance):
    calendar, tasks = instance
    plan = plan_visits(tasks, PlanSettings(calendar))
    assert_valid(plan, tasks, calendar)
    minimum = brute_force_minimum(tasks, calendar)
    assert len(plan.visits) == plan.lower_bound == minimum
    assert all(u.reason_code == NO_WORKDAY for u in plan.unplaced)
    assert plan.one_visit_per_task == len(tasks) - len(plan.unplaced)


@settings(max_examples=300, deadline=None)
@given(instances(max_tasks=8, mines=("M1", "M2", "M3", "M4"), offices=("O1", "O2")),
       st.integers(min_value=1, max_value=2))
def test_with_capacity_nothing_is_exceeded_and_every_miss_is_explained(instance, capacity):
    calendar, tasks = instance
    plan = plan_visits(tasks, PlanSettings(calendar, capacity_per_office_day=capacity))
    assert_valid(plan, tasks, calendar, capacity)
    if not any(u.reason_code == CAPACITY for u in plan.unplaced):
        assert len(plan.district_visits) >= plan.lower_bound


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_plan_does_not_depend_on_input_order(instance, rnd):
    calendar, tasks = instance
    shuffled = list(tasks)
    rnd.shuffle(shuffled)
    assert plan_visits(shuffled, PlanSettings(calendar, 1)) == plan_visits(tasks, PlanSettings(calendar, 1))


def test_brute_force_helper_is_not_trivially_equal():
    """Sanity of the oracle itself: two disjoint windows need two visits, nested ones need one."""
    plain = WorkCalendar()
    assert brute_force_minimum([task("a", 0, 0), task("b", 1, 1)], plain) == 2
    assert brute_force_minimum([task("a", 0, 4), task("b", 1, 1), task("c", 1, 3)], plain) == 1
    assert brute_force_minimum([task("a", 0, 0), task("b", 0, 0, mine="M2")], plain) == 2


# ================================================================================================
# Examples
# ================================================================================================


def test_tasks_combine_and_the_visit_is_dated_as_early_as_the_windows_allow():
    tasks = [task("patrol:2025-06", 0, 4), task("verify:2025", 2, 11, kind="verification"),
             task("survey:R1", 1, 9, kind="survey", sections=frozenset({"survey_team"}))]
    plan = plan_visits(tasks)
    [visit] = plan.visits
    assert visit.date == day(2) and (visit.window_start, visit.window_end) == (day(2), day(4))
    assert visit.task_ids == ("patrol:2025-06", "survey:R1", "verify:2025")
    assert visit.sections == ("office", "survey_team")
    assert plan_summary(plan) == {"tasks": 3, "placed": 3, "unplaced": 0, "visits": 1, "external_visits": 0,
                                  "lower_bound": 1, "one_visit_per_task": 3, "saved": 2}


def test_windows_are_clipped_to_working_days():
    # 2025-09-29 (Mon) … 2025-10-12 (Sun): the National Day week is off, the 11th (Sat) is a make-up day
    plan = plan_visits([Task("a", "M1", "O1", "patrol", date(2025, 10, 1), date(2025, 10, 12)),
                        Task("b", "M1", "O1", "patrol", date(2025, 10, 10), date(2025, 10, 12))],
                       PlanSettings(CHINA_2025_2026))
    [visit] = plan.visits
    assert visit.date == date(2025, 10, 10)
    assert (visit.window_start, visit.window_end) == (date(2025, 10, 10), date(2025, 10, 11))


def test_a_window_of_weekend_and_holiday_only_is_explained():
    i18n.set_language("en")
    weekend = task("weekend", 5, 6)
    holidays = Task("golden-week", "M1", "O1", "patrol", date(2025, 10, 1), date(2025, 10, 8))
    plan = plan_visits([weekend, holidays, task("ok", 0, 0)], PlanSettings(CHINA_2025_2026))
    assert [(u.task.task_id, u.reason_code) for u in plan.unplaced] == [("golden-week", NO_WORKDAY),
                                                                       ("weekend", NO_WORKDAY)]
    assert "2025-10-01" in plan.unplaced[0].message and "no working day" in plan.unplaced[0].message
    assert plan.one_visit_per_task == 1 and len(plan.visits) == 1


def test_unplaced_messages_are_in_chinese_by_default():
    plan = plan_visits([task("weekend", 5, 6)])
    assert "工作日" in plan.unplaced[0].message


def test_tasks_join_a_fixed_external_visit_in_their_window():
    survey = FixedVisit("M1", day(3), "city survey")
    tasks = [task("a", 0, 4), task("b", 3, 9), task("c", 5, 9), task("d", 0, 4, mine="M2")]
    plan = plan_visits(tasks, PlanSettings(capacity_per_office_day=1), fixed=[survey])
    joined = visit_of(plan, "a")
    assert joined.external == survey and joined.date == day(3) and joined.task_ids == ("a", "b")
    assert visit_of(plan, "c").external is None and visit_of(plan, "c").date == day(7)
    # the external visit takes no capacity: M2's own visit still gets the first day
    assert visit_of(plan, "d").date == day(0)
    assert plan.lower_bound == 2 and plan_summary(plan)["external_visits"] == 1
    assert plan_summary(plan)["saved"] == 4 - 2


def test_an_external_visit_on_a_holiday_takes_no_task_and_says_so():
    external = FixedVisit("M1", date(2025, 10, 2), "province survey")
    plan = plan_visits([Task("a", "M1", "O1", "patrol", date(2025, 9, 29), date(2025, 10, 10))],
                       PlanSettings(CHINA_2025_2026), fixed=[external])
    assert plan.visits[0].external is None and plan.visits[0].date == date(2025, 9, 29)
    assert [w.code for w in plan.warnings] == [EXTERNAL_NOT_WORKDAY]


def test_capacity_splits_a_visit_and_unplaces_what_cannot_fit():
    i18n.set_language("en")
    tasks = [task("a1", 0, 0, mine="A"), task("b1", 0, 1, mine="B"), task("b2", 0, 0, mine="B")]
    plan = plan_visits(tasks, PlanSettings(capacity_per_office_day=1))
    assert plan.lower_bound == 2
    assert visit_of(plan, "a1").date == day(0)
    assert visit_of(plan, "b1").date == day(1) and visit_of(plan, "b1").task_ids == ("b1",)
    [missed] = plan.unplaced
    assert (missed.task.task_id, missed.reason_code) == ("b2", CAPACITY)
    assert "O1" in missed.message and day(0).isoformat() in missed.message
    assert_valid(plan, tasks, WorkCalendar(), capacity=1)


def test_capacity_moves_visits_to_later_days_inside_their_windows():
    tasks = [task(f"t{i}", 0, 4, mine=f"M{i}") for i in range(6)]
    plan = plan_visits(tasks, PlanSettings(capacity_per_office_day=2))
    assert Counter(v.date for v in plan.visits) == {day(0): 2, day(1): 2, day(2): 2}
    assert plan.unplaced == []


def test_visits_without_an_office_are_not_limited():
    tasks = [task(f"t{i}", 0, 0, mine=f"M{i}", office=None) for i in range(3)]
    plan = plan_visits(tasks, PlanSettings(capacity_per_office_day=1))
    assert len(plan.visits) == 3 and plan.unplaced == []


def test_close_visits_to_one_mine_are_warned_not_refused():
    plan = plan_visits([task("a", 0, 0), task("b", 3, 3), task("c", 16, 16)],
                       PlanSettings(min_gap_days=7), fixed=[FixedVisit("M1", day(9), "city")])
    gaps = [w for w in plan.warnings if w.code == MIN_GAP]
    assert len(gaps) == 2 and len(plan.visits) == 3
    assert day(0).isoformat() in gaps[0].message and day(3).isoformat() in gaps[0].message
    assert day(3).isoformat() in gaps[1].message and day(9).isoformat() in gaps[1].message


def test_tasks_naming_different_offices_are_warned():
    plan = plan_visits([task("a", 0, 0, office="O2"), task("b", 0, 0, office="O1"), task("c", 1, 1, office="O2")])
    assert {v.office for v in plan.visits} == {"O2"}
    assert [w.code for w in plan.warnings] == [OFFICE_MISMATCH]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        task("x", 3, 1)
    with pytest.raises(ValueError, match="more than once"):
        plan_visits([task("x", 0, 1), task("x", 2, 3)])
    with pytest.raises(ValueError):
        PlanSettings(capacity_per_office_day=0)


def test_an_empty_plan():
    plan = plan_visits([])
    assert plan.visits == [] and plan.lower_bound == 0 and plan_summary(plan)["tasks"] == 0


# ================================================================================================
# Moving and cancelling
# ================================================================================================


def two_mine_plan(capacity: int | None = 1) -> Plan:
    return plan_visits([task("a", 0, 4), task("b", 1, 4), task("c", 0, 4, mine="M2"), task("d", 8, 9)],
                       PlanSettings(capacity_per_office_day=capacity, min_gap_days=7))


def test_move_a_visit_inside_its_window():
    plan = two_mine_plan()
    visit = visit_of(plan, "a")
    assert visit.date == day(1)
    moved = move_visit(plan, visit, day(3))
    assert isinstance(moved, Plan)
    assert visit_of(moved, "a").date == day(3) and visit_of(moved, "a").task_ids == ("a", "b")
    assert len(moved.visits) == len(plan.visits)
    assert_valid(moved, [task("a", 0, 4), task("b", 1, 4), task("c", 0, 4, mine="M2"), task("d", 8, 9)],
                 WorkCalendar(), capacity=1)


@pytest.mark.parametrize(("offset", "reason"), [(5, "not_workday"), (0, "outside_window"), (9, "outside_window")])
def test_move_refuses_a_weekend_or_a_day_outside_a_window(offset, reason):
    plan = two_mine_plan()
    refusal = move_visit(plan, visit_of(plan, "a"), day(offset))
    assert isinstance(refusal, Refusal) and refusal.reason_code == reason


def test_move_refuses_a_full_day():
    i18n.set_language("en")
    plan = two_mine_plan()
    m2 = visit_of(plan, "c")
    refusal = move_visit(plan, m2, visit_of(plan, "a").date)
    assert isinstance(refusal, Refusal) and refusal.reason_code == CAPACITY
    assert "O1" in refusal.message
    assert isinstance(move_visit(two_mine_plan(capacity=2), m2, day(1)), Plan)


def test_move_onto_another_visit_of_the_same_mine_combines_them():
    """A stored plan edited by hand can hold two visits to one mine whose windows overlap."""
    a, b = task("a", 0, 4), task("b", 0, 4)
    first, second = Visit("M1", "O1", day(0), (a,), day(0), day(4)), Visit("M1", "O1", day(3), (b,), day(0), day(4))
    plan = Plan([first, second], [], 1, 2, [], PlanSettings(capacity_per_office_day=1, min_gap_days=7))
    combined = move_visit(plan, first, day(3))
    assert isinstance(combined, Plan)
    [visit] = combined.visits
    assert (visit.date, visit.task_ids, visit.window_start, visit.window_end) == (day(3), ("a", "b"), day(0), day(4))


def test_move_refuses_an_external_visit_and_a_stranger():
    plan = plan_visits([task("a", 0, 4)], fixed=[FixedVisit("M1", day(2), "city")])
    assert move_visit(plan, plan.visits[0], day(3)).reason_code == "external"  # type: ignore[union-attr]
    stranger = Visit("M9", None, day(0), (), day(0), day(0))
    assert move_visit(plan, stranger, day(1)).reason_code == "not_in_plan"  # type: ignore[union-attr]


def test_move_a_task_into_another_visit_of_its_mine():
    plan = plan_visits([task("a", 0, 9), task("b", 0, 1), task("c", 7, 9)])
    assert len(plan.visits) == 2 and visit_of(plan, "a").date == day(0)
    target = visit_of(plan, "c")
    moved = move_task(plan, task("a", 0, 9), target)
    assert isinstance(moved, Plan)
    assert visit_of(moved, "a").task_ids == ("a", "c") and visit_of(moved, "b").task_ids == ("b",)
    assert visit_of(moved, "b").window_end == day(1)
    late = move_task(plan, task("b", 0, 1), target)
    assert isinstance(late, Refusal) and late.reason_code == "outside_window"


def test_move_task_refuses_another_mine():
    plan = plan_visits([task("a", 0, 4), task("c", 0, 4, mine="M2")])
    refusal = move_task(plan, task("a", 0, 4), visit_of(plan, "c"))
    assert isinstance(refusal, Refusal) and refusal.reason_code == "other_mine"


def test_cancel_returns_the_tasks_to_the_pool_and_they_can_be_placed_again():
    plan = plan_visits([task("a", 0, 4), task("b", 3, 9), task("c", 8, 9)])
    assert [v.task_ids for v in plan.visits] == [("a", "b"), ("c",)]
    cancelled = cancel_visit(plan, visit_of(plan, "a"))
    assert isinstance(cancelled, Plan)
    assert [(u.task.task_id, u.reason_code) for u in cancelled.unplaced] == [("a", CANCELLED), ("b", CANCELLED)]
    assert plan_summary(cancelled)["visits"] == 1 and plan_summary(cancelled)["tasks"] == 3
    again = move_task(cancelled, task("b", 3, 9), cancelled.visits[0])
    assert isinstance(again, Plan)
    assert again.visits[0].task_ids == ("b", "c") and [u.task.task_id for u in again.unplaced] == ["a"]


def test_a_random_sequence_of_moves_keeps_every_invariant():
    rnd = random.Random(6)
    calendar = CHINA_2025_2026
    tasks = []
    for n in range(40):
        start = date(2025, 9, 20) + timedelta(days=rnd.randrange(20))
        tasks.append(Task(f"t{n:02}", f"M{rnd.randrange(6)}", f"O{rnd.randrange(2)}", "patrol", start,
                          start + timedelta(days=rnd.randrange(15))))
    plan = plan_visits(tasks, PlanSettings(calendar, capacity_per_office_day=1, min_gap_days=5))
    for _ in range(60):
        if not plan.visits:
            break
        visit = rnd.choice(plan.visits)
        result = move_visit(plan, visit, visit.window_start + timedelta(days=rnd.randrange(-2, 8)))
        if isinstance(result, Plan):
            plan = result
        assert_valid(plan, tasks, calendar, capacity=1, explained=False)


def test_plans_start_today_and_a_task_whose_window_has_gone_is_told_as_overdue() -> None:
    from minetui.domain.visits.changes import from_day

    today = day(10)
    ahead, gone = from_day([task("past", 0, 5), task("running", 3, 20), task("later", 12, 20)], today)
    assert [u.task.task_id for u in gone] == ["past"] and gone[0].reason_code == "past"
    assert "overdue" in gone[0].message or "逾期" in gone[0].message
    assert {t.task_id: t.earliest for t in ahead} == {"running": today, "later": day(12)}
