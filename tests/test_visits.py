"""Issue 6: combined single visits — plan, commit, move, cancel, record in one pass, count (R-VISIT-1)."""

from __future__ import annotations

from datetime import date

import pytest

from minetui.domain.inspections.spotchecks import SpotCheckResult, Trigger, TriggerKind
from minetui.domain.inspections.surveys import SurveyMethod
from minetui.domain.inspections.verification import DEFAULT_ITEMS, Answer, ItemJudgement, VerificationRecord
from minetui.domain.patrols.duties import DutyState
from minetui.errors import ServiceError, StaleRecord
from minetui.services.core.settings import set_setting, visit_settings
from minetui.services.inspections import spotchecks
from minetui.services.inspections.surveys import SurveyResult
from minetui.services.patrols.duties import duty_rows
from minetui.services.reporting.visits import visit_counts
from minetui.services.visits import changes as visit_changes
from minetui.services.visits import external, recording, visits
from minetui.services.visits.sheets import sheet_markdown, visit_sheet
from minetui.store import audit
from tests.inspection_fixtures import build_district
from tests.patrol_fixtures import good_record

A = "C1404042020011110000001"
D = "C1404042020011110000004"
AUG_1 = date(2025, 8, 1)
Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def verification(day: date = AUG_1, **changes) -> VerificationRecord:
    fields = {"date": day, "inspectors": ["张三", "李四"], "items": {i.key: ItemJudgement(Answer.CONSISTENT)
                                                                  for i in DEFAULT_ITEMS},
              "conclusion": "与登记信息一致", "evidence": ["site.jpg"]}
    fields.update(changes)
    return VerificationRecord(**fields)


def survey(day: date = AUG_1) -> SurveyResult:
    return SurveyResult(day, "山西省第三测绘院", [SurveyMethod.UNDERGROUND], deepest_m=900.0, highest_m=1100.0)


def visit_of(ctx, licence: str, day: date) -> visits.VisitRow:
    return next(v for v in visits.list_visits(ctx, day, day) if v.licence_no == licence)


def counts(ctx) -> dict[str, int]:
    tables = ("patrols", "verifications", "surveys", "visits", "visit_tasks")
    return {t: ctx.conn.execute(f"SELECT count(*) FROM {t} WHERE 1").fetchone()[0] for t in tables}


@pytest.fixture
def district(ctx):
    return build_district(ctx)


def test_a_quarter_is_planned_with_as_few_visits_as_windows_allow(ctx, district) -> None:
    pp = visits.plan_period(ctx, *Q3)
    rows = {(r["licence_no"], r["date"]): r for r in visits.plan_rows(pp)}
    # a and d: three monthly patrols; verification and the second survey round ride on August's visit
    assert rows[(A, AUG_1)]["tasks"] == "patrol:2025-08;survey:2025-R2;verification:2025"
    assert rows[(A, AUG_1)]["sections"] == "苏店自然资源所、勘测单位、矿管股"
    assert pp.summary == {"tasks": 11, "placed": 11, "unplaced": 0, "visits": 7, "external_visits": 0,
                          "lower_bound": 7, "one_visit_per_task": 11, "saved": 4}


def test_commit_then_record_in_one_pass_meets_every_task(ctx, district) -> None:
    ids = visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    assert len(ids) == 7
    assert visits.plan_period(ctx, *Q3).summary["tasks"] == 0  # committed tasks are not planned again
    visit = visit_of(ctx, A, AUG_1)
    ctx.today = AUG_1
    recorded = recording.record_visit(ctx, visit.id, {
        "patrol:2025-08": good_record(AUG_1), "verification:2025": verification(), "survey:2025-R2": survey()})
    assert recorded.visit.state == "done" and set(recorded.saved) == {t.task_id for t in visit.tasks}
    duty = next(r for r in duty_rows(ctx, 2025) if r.mine_id == district.a and str(r.period) == "2025-08")
    assert duty.state is DutyState.MET
    assert ctx.conn.execute("SELECT check_date FROM verifications WHERE mine_id = ?", (district.a,)).fetchone()[0] \
        == "2025-08-01"
    assert ctx.conn.execute("SELECT status FROM surveys WHERE mine_id = ? AND round = 2",
                            (district.a,)).fetchone()[0] == "done"
    assert sorted(e["action"] for e in audit.history(ctx.conn, "visit", visit.id)) == [
        "visit.plan", "visit.record"]


def test_one_refused_result_writes_nothing(ctx, district) -> None:
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    ctx.today = AUG_1
    before = counts(ctx)
    with pytest.raises(visits.TaskRefused) as refused:
        recording.record_visit(ctx, visit.id, {"patrol:2025-08": good_record(AUG_1),
                                            "verification:2025": verification(inspectors=["张三"]),
                                            "survey:2025-R2": survey()})
    assert refused.value.task_id == "verification:2025"
    assert "inspectors" in {p.field for p in refused.value.problems}
    assert counts(ctx) == before and visits.get_visit(ctx, visit.id).state == "planned"


def test_results_must_cover_the_tasks_on_one_day_inside_their_windows(ctx, district) -> None:
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    ctx.today = date(2025, 8, 5)
    with pytest.raises(ServiceError, match="survey:2025-R2"):
        recording.record_visit(ctx, visit.id,
                               {"patrol:2025-08": good_record(AUG_1), "verification:2025": verification()})
    with pytest.raises(ServiceError, match="2025-08-01, 2025-08-04"):
        recording.record_visit(ctx, visit.id, {"patrol:2025-08": good_record(AUG_1),
                                            "verification:2025": verification(date(2025, 8, 4)),
                                            "survey:2025-R2": survey()})


def test_move_within_the_windows_and_cancel_back_to_the_pool(ctx, district) -> None:
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    with pytest.raises(ServiceError, match="patrol:2025-08"):
        visit_changes.move_visit(ctx, visit.id, date(2025, 9, 2))
    with pytest.raises(ServiceError, match="2025-08-02"):
        visit_changes.move_visit(ctx, visit.id, date(2025, 8, 2))  # a Saturday
    with pytest.raises(StaleRecord):
        visit_changes.move_visit(ctx, visit.id, date(2025, 8, 5), expected_version=visit.version + 1)
    moved = visit_changes.move_visit(ctx, visit.id, date(2025, 8, 5))
    assert moved.visit.date == date(2025, 8, 5) and moved.visit.version == visit.version + 1
    visit_changes.cancel_visit(ctx, visit.id)
    with pytest.raises(ServiceError, match="cancelled"):
        visit_changes.move_visit(ctx, visit.id, date(2025, 8, 6))  # the state's key is named
    again = visits.plan_period(ctx, *Q3)
    assert {visits.base_task_id(t) for v in again.plan.visits for t in v.task_ids} == {
        "patrol:2025-08", "survey:2025-R2", "verification:2025"}


def test_capacity_and_closures_come_from_the_settings(ctx, district) -> None:
    set_setting(ctx, "visits.capacity", "1")
    set_setting(ctx, "calendar.closures", "2025-07-01..2025-07-02")
    pp = visits.plan_period(ctx, *Q3)
    july = sorted((v.date, v.mine_key) for v in pp.plan.visits if v.date.month == 7)
    # earliest deadline first: a's and d's July patrols, then b's quarterly one
    assert july == [(date(2025, 7, 3), A), (date(2025, 7, 4), D), (date(2025, 7, 7), "C1404042020011110000002")]
    assert visit_settings(ctx).capacity == 1
    with pytest.raises(ServiceError, match=r"visits\.capacity"):
        set_setting(ctx, "visits.capacity", "0")
    assert visit_settings(ctx).capacity == 1  # the refused value was rolled back


def test_committed_visits_fill_the_capacity_of_a_later_plan(ctx, district) -> None:
    set_setting(ctx, "visits.capacity", "2")
    july = (date(2025, 7, 1), date(2025, 7, 31))
    visits.commit_plan(ctx, visits.plan_period(ctx, *july))  # a, b and d on Jul 1 and 2 (two a day)
    spotchecks.open_spotcheck(ctx, district.f, Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 6, 14), "x"))
    ctx.today = date(2025, 6, 30)
    pp = visits.plan_period(ctx, *july)
    loads = {day: n for day, n in ctx.conn.execute(
        "SELECT visit_date, count(*) FROM visits GROUP BY visit_date")}
    assert loads == {"2025-07-01": 2, "2025-07-02": 1}
    assert [(v.mine_key, v.date) for v in pp.plan.visits] == [("C1404042020011110000006", date(2025, 7, 1))]
    # f's office is XH; its own capacity is untouched by SD's visits


def test_external_visits_are_joined_and_committed_visits_take_new_tasks(ctx, district) -> None:
    external.add_external(ctx, A, date(2025, 7, 15), "市局", "执法检查")
    pp = visits.plan_period(ctx, date(2025, 7, 1), date(2025, 7, 31))
    joined = next(v for v in pp.plan.visits if v.mine_key == A)
    assert joined.date == date(2025, 7, 15) and joined.external is not None
    assert next(r for r in visits.plan_rows(pp) if r["licence_no"] == A)["joins"] == "市局 执法检查"
    visits.commit_plan(ctx, pp)
    stored = visit_of(ctx, A, date(2025, 7, 15))
    assert stored.joined == "市局 执法检查"
    with pytest.raises(ServiceError, match="市局 执法检查"):
        visit_changes.move_visit(ctx, stored.id, date(2025, 7, 16))
    # a spot-check opened later joins d's committed visit instead of adding one
    d_visit = visit_of(ctx, D, date(2025, 7, 1))
    spotchecks.open_spotcheck(ctx, district.d, Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 6, 14), "x"))
    again = visits.plan_period(ctx, date(2025, 7, 1), date(2025, 7, 31))
    assert [again.joins(v) for v in again.plan.visits] == [d_visit.id]
    visits.commit_plan(ctx, again)
    assert visits.get_visit(ctx, d_visit.id).task_ids == "patrol:2025-07;spotcheck:1;survey:2025-R2;verification:2025"
    assert visits.get_visit(ctx, d_visit.id).window_end == date(2025, 7, 11)  # the spot-check's last working day


def test_a_spot_check_is_recorded_with_its_findings(ctx, district) -> None:
    opened = spotchecks.open_spotcheck(ctx, district.f, Trigger(TriggerKind.MEDIA, "上党晚报", date(2025, 6, 14), "x"))
    visits.commit_plan(ctx, visits.plan_period(ctx, date(2025, 6, 16), date(2025, 6, 30)))
    visit = next(v for v in visits.list_visits(ctx, date(2025, 6, 16), date(2025, 6, 30)) if v.mine_id == district.f)
    ctx.today = visit.date
    outcome = recording.SpotCheckOutcome(SpotCheckResult(visit.date, ["张三", "李四"], "东侧越界"),
                                      [("enforcement", "东侧越界约30米")])
    recorded = recording.record_visit(ctx, visit.id, {f"spotcheck:{opened.id}": outcome})
    assert spotchecks.spotcheck_detail(ctx, opened.id).check_date == visit.date
    assert recorded.saved == {f"spotcheck:{opened.id}": opened.id}


def test_visits_are_counted_against_the_cap_with_a_min_gap_warning(ctx, district) -> None:
    set_setting(ctx, "visits.yearly_cap", "3")
    set_setting(ctx, "visits.min_gap_days", "10")
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    ctx.today = AUG_1
    visit = visit_of(ctx, A, AUG_1)
    recording.record_visit(ctx, visit.id, {
        "patrol:2025-08": good_record(AUG_1), "verification:2025": verification(), "survey:2025-R2": survey()})
    rows = {r.licence_no: r for r in visit_counts(ctx, 2025)}
    a = rows[A]
    # done: the Aug 1 visit (3 records, one day); planned: Jul 1 and Sep 1; one per task: 3 + 1 + 1
    assert (a.done, a.planned, a.one_per_task, a.cap, a.over_cap) == (1, 2, 5, 3, 0)
    assert (rows[D].done, rows[D].planned, rows[D].one_per_task) == (0, 3, 5)
    assert visit_changes.move_visit(ctx, visit_of(ctx, D, date(2025, 9, 1)).id, date(2025, 9, 2)).warnings == []
    soon = visit_changes.move_visit(ctx, visit_of(ctx, D, date(2025, 7, 1)).id, date(2025, 7, 28))
    assert any("2025-08-01" in w for w in soon.warnings)
    external.add_external(ctx, A, date(2025, 12, 1), "省厅")
    assert visit_counts(ctx, 2025)[0].over_cap == 1


def test_a_plan_warns_when_a_committed_visit_is_near(ctx, district) -> None:
    set_setting(ctx, "visits.min_gap_days", "20")
    visits.commit_plan(ctx, visits.plan_period(ctx, date(2025, 6, 16), date(2025, 6, 30)))  # a on Jun 16
    pp = visits.plan_period(ctx, date(2025, 7, 1), date(2025, 7, 31))
    assert any(w.code == "min_gap" and w.mine_key == A for w in pp.plan.warnings)


def test_the_visit_sheet_names_who_attends_what_to_check_and_the_corners(ctx, district) -> None:
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    sheet = visit_sheet(ctx, visit_of(ctx, A, AUG_1).id)
    assert sheet.attending == ["苏店自然资源所", "勘测单位", "矿管股"]
    bases = {basis for basis, _item in sheet.checklist}
    assert bases == {"R-PAT-3", "DZ/T 0463-2024", "R-SUR-1"}
    assert [c.point_no for c in sheet.corners] == ["1", "2", "3", "4"]
    text = sheet_markdown(sheet)
    assert "甲煤矿" in text and "| 专项勘测 2025-R2 |" in text and "3980000.00" in text


def test_the_home_panel_the_brief_and_the_catalogue_show_the_visits(ctx, district) -> None:
    from minetui.services.reporting.brief import build_brief
    from minetui.services.reporting.catalogue import run_report
    from minetui.services.reporting.dashboard import build_dashboard

    ctx.today = date(2025, 7, 10)
    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    panel = next(p for p in build_dashboard(ctx).panels if p.key == "visits")
    assert [(r.label, [f.value for f in r.figures]) for r in panel.rows] == [("苏店自然资源所", [3, 0])]
    section = next(s for s in build_brief(ctx).sections if s.key == "visits")
    assert not section.no_data and "11" in section.lines[0] and "7" in section.lines[0]
    result = run_report(ctx, "visits", {"year": 2025})
    assert {r["licence_no"]: (r["planned"], r["one_per_task"]) for r in result.rows}[A] == (3, 5)


def test_a_plan_made_mid_quarter_places_no_visit_before_today(ctx, district) -> None:
    ctx.today = AUG_1
    pp = visits.plan_period(ctx, *Q3)
    assert pp.plan.visits and all(v.date >= AUG_1 for v in pp.plan.district_visits)
    past = [u for u in pp.plan.unplaced if u.reason_code == "past"]
    assert all(u.task.latest < AUG_1 for u in past)


# --- the one-pass form: exception lines in the user's words ------------------------------------------------

def test_a_chinese_exception_line_becomes_an_abnormal_item_and_a_drafted_lead(ctx, district) -> None:
    from minetui.services.visits.record_form import VisitForm, record_with_form

    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    ctx.today = AUG_1
    form = VisitForm(AUG_1, ["张三", "李四"], corners_checked=["1", "2", "3"], route_file="route.gpx",
                     evidence=["site.jpg"], conclusion="发现越界", surveyor="山西省第三测绘院",
                     deepest_m=900.0, highest_m=1100.0,
                     abnormal=[("越界开采", "东侧发现越界采坑")])
    record_with_form(ctx, visit.id, form)
    finding = ctx.conn.execute("SELECT kind, note FROM findings WHERE mine_id = ?", (district.a,)).fetchone()
    assert tuple(finding) == ("outside_boundary", "东侧发现越界采坑")
    lead = ctx.conn.execute("SELECT to_section, description FROM leads WHERE mine_id = ? AND rule = 'R-PAT-5'",
                            (district.a,)).fetchone()
    assert lead["to_section"] == "enforcement" and "东侧发现越界采坑" in lead["description"]


def test_an_exception_line_naming_no_item_refuses_the_record_and_writes_nothing(ctx, district) -> None:
    from minetui.services.visits.record_form import VisitForm, record_with_form

    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    ctx.today = AUG_1
    before = counts(ctx)
    form = VisitForm(AUG_1, ["张三", "李四"], corners_checked=["1", "2", "3"], surveyor="测绘院",
                     deepest_m=900.0, highest_m=1100.0, abnormal=[("越界开采", "东侧"), ("乱七八糟", "这行不认识")])
    with pytest.raises(ServiceError, match="乱七八糟") as refused:
        record_with_form(ctx, visit.id, form)
    assert "越界开采" in str(refused.value) and "标识牌" in str(refused.value)  # the words it may use
    assert counts(ctx) == before and visits.get_visit(ctx, visit.id).state == "planned"


def test_exception_lines_accept_keys_and_english_words(ctx, district) -> None:
    from minetui.domain.patrols.record import ChecklistItem
    from minetui.i18n import label
    from minetui.services.visits.record_form import VisitForm, exception_items

    visits.commit_plan(ctx, visits.plan_period(ctx, *Q3))
    visit = visit_of(ctx, A, AUG_1)
    english = label(ChecklistItem.ECO_DAMAGE, "en").upper()  # case does not matter
    form = VisitForm(AUG_1, ["张三"], abnormal=[("outside_boundary", "a"), (english, "b"), ("标识牌", "c")])
    assert exception_items(ctx, visit, form) == {"outside_boundary": "a", "eco_damage": "b", "signboard": "c"}
