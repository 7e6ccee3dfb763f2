"""Issue 5 item 7: the open inspection tasks of a range for the planner, on a hand-built district."""

from __future__ import annotations

from datetime import date

from minetui.domain.inspections.spotchecks import Trigger, TriggerKind
from minetui.domain.inspections.tasks import InspectionTask, TaskKind
from minetui.domain.model import Section, ZoneLevel
from minetui.domain.visits.model import FixedVisit
from minetui.domain.visits.planner import plan_visits
from minetui.services.inspections import spotchecks, surveys
from minetui.services.patrols.patrols import record_patrol
from minetui.services.visits.tasks import external_visits, inspection_tasks, open_tasks
from tests.inspection_fixtures import add_levels, build_district
from tests.patrol_fixtures import good_record

JUNE_1, JULY_31 = date(2025, 6, 1), date(2025, 7, 31)


def setup_district(ctx):
    d = build_district(ctx)
    add_levels(ctx, 2025, d.a, [ZoneLevel.MUNICIPAL])  # a's surveys are the city's
    surveys.schedule_survey(ctx, d.a, 2025, 2, date(2025, 7, 10))
    spotchecks.open_spotcheck(ctx, d.f, Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 5, 20), "https://x.cn/1"))
    record_patrol(ctx, d.a, good_record(date(2025, 6, 10)))
    return d


def by_mine(tasks: list[InspectionTask]) -> dict[int, dict[str, tuple[date, date]]]:
    found: dict[int, dict[str, tuple[date, date]]] = {}
    for task in tasks:
        found.setdefault(task.mine_id, {})[task.task_id] = (task.earliest, task.latest)
    return found


def test_windows_are_clipped_to_the_range_and_city_surveys_left_out(ctx) -> None:
    d = setup_district(ctx)
    tasks = by_mine(inspection_tasks(ctx, JUNE_1, JULY_31))
    assert tasks[d.a] == {  # June's patrol is met; the city organises a's surveys
        "patrol:2025-07": (date(2025, 7, 1), JULY_31),
        "verification:2025": (JUNE_1, JULY_31),
    }
    assert tasks[d.d] == {
        "patrol:2025-06": (JUNE_1, date(2025, 6, 30)),
        "patrol:2025-07": (date(2025, 7, 1), JULY_31),
        "verification:2025": (JUNE_1, JULY_31),
        "survey:2025-R1": (JUNE_1, date(2025, 6, 30)),
        "survey:2025-R2": (date(2025, 7, 1), JULY_31),
    }
    assert tasks[d.b] == {"patrol:2025-Q2": (JUNE_1, date(2025, 6, 30)), "patrol:2025-Q3": (date(2025, 7, 1), JULY_31)}
    assert tasks[d.f] == {"spotcheck:1": (JUNE_1, date(2025, 6, 18))}
    assert d.c not in tasks and d.e not in tasks


def test_sections_checklists_and_planner_tasks(ctx) -> None:
    d = setup_district(ctx)
    spot = next(t for t in inspection_tasks(ctx, JUNE_1, JULY_31) if t.kind is TaskKind.SPOT_CHECK)
    assert spot.sections == (Section.MINERAL, Section.RESTORATION) and spot.checklist == "R-SPOT-1"
    tasks = open_tasks(ctx, JUNE_1, JULY_31)
    assert len({t.task_id for t in tasks}) == len(tasks)
    verification = next(t for t in tasks if t.task_id == "verification:2025@C1404042020011110000004")
    assert verification.kind == "verification" and verification.office == "SD"
    assert verification.sections == frozenset({"mineral"})
    fixed = external_visits(ctx, JUNE_1, JULY_31)
    assert [(v.mine_key, v.date) for v in fixed] == [("C1404042020011110000001", date(2025, 7, 10))]
    assert isinstance(fixed[0], FixedVisit) and "市局" in fixed[0].label
    plan = plan_visits(tasks, fixed=fixed)
    assert not plan.unplaced
    joined = [v for v in plan.visits if v.external is not None]
    assert [v.task_ids for v in joined] == [("patrol:2025-07@C1404042020011110000001",
                                             "verification:2025@C1404042020011110000001")]
    assert d.a


def test_office_filter_and_a_range_across_the_year_end(ctx) -> None:
    d = setup_district(ctx)
    assert {t.mine_id for t in inspection_tasks(ctx, JUNE_1, JULY_31, office="XH")} == {d.f}
    ctx.today = date(2025, 12, 20)
    late = inspection_tasks(ctx, date(2025, 12, 1), date(2026, 1, 31))
    assert {t.task_id for t in late if t.mine_id == d.a} == {"patrol:2025-12"}  # no 2026 zones
    assert all(t.latest <= date(2026, 1, 31) for t in late)
