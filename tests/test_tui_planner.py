"""The planner screen through Pilot: plan a quarter for one office, move a task from one visit to another,
commit, and record a committed visit's results in one pass (issue 6)."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Static

from minetui.domain.patrols.duties import DutyState
from minetui.services.patrols.duties import duty_rows
from minetui.services.visits import visits
from minetui.tui.app import MineApp
from minetui.tui.screens.planner import ChoiceDialog, PlannerScreen
from minetui.tui.screens.visit_record import RecordVisitScreen, VisitSheetScreen, abnormal_lines, split
from tests.inspection_fixtures import build_district
from tests.tui_helpers import settle, sync

A = "C1404042020011110000001"
SIZE = (120, 40)


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@sync
async def test_plan_move_commit_and_record_in_one_pass(ctx) -> None:
    district = build_district(ctx)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("P")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen) and str(screen.period) == "2025-Q3"
        await pilot.press("o")  # the first office: 苏店 (SD)
        await settle(pilot)
        assert screen.office == "SD"
        totals = str(screen.query_one("#planner-totals", Static).content)
        assert "7" in totals and "11" in totals
        proposed = screen.query_one("#proposed", DataTable)
        rows = cells(proposed)
        assert rows[3][:3] == ["2025-08-01", "甲煤矿", "日常巡查 2025-08、专项勘测 2025-R2、实地核查 2025"]
        proposed.move_cursor(row=3)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # survey:2025-R2 → the visit on 2025-07-01
        await settle(pilot)
        rows = cells(proposed)
        assert rows[0][:3] == ["2025-07-01", "甲煤矿", "日常巡查 2025-07、专项勘测 2025-R2"]
        assert rows[3][2] == "日常巡查 2025-08、实地核查 2025"
        await pilot.press("c")
        await settle(pilot)
        committed = screen.query_one("#committed", DataTable)
        assert committed.row_count == 7 and proposed.row_count == 0
        first = visits.list_visits(ctx, date(2025, 7, 1), date(2025, 7, 1), office="SD")
        target = next(v for v in first if v.licence_no == A)
        assert target.task_ids == "patrol:2025-07;survey:2025-R2"
        committed.focus()
        committed.move_cursor(row=0)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, VisitSheetScreen)
        await pilot.press("escape")
        await settle(pilot)
        app.ctx.today = date(2025, 7, 1)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordVisitScreen)
        for name, value in (("inspectors", "张三、李四"), ("corners", "1、2、3"), ("route", "route.gpx"),
                            ("evidence", "site.jpg"), ("surveyor", "山西省第三测绘院")):
            form.query_one(f"#{name}", Input).value = value
        await pilot.press("f2")
        for _ in range(10):  # the save runs in a worker thread; give a slow machine time
            await settle(pilot)
            if not isinstance(app.screen, RecordVisitScreen):
                break
        assert not isinstance(app.screen, RecordVisitScreen)
    assert visits.get_visit(ctx, target.id).state == "done"
    july = next(r for r in duty_rows(ctx, 2025) if r.mine_id == district.a and str(r.period) == "2025-07")
    assert july.state is DutyState.MET
    assert ctx.conn.execute("SELECT status FROM surveys WHERE mine_id = ? AND round = 2",
                            (district.a,)).fetchone()[0] == "done"


@sync
async def test_a_refused_record_keeps_the_form_open_and_writes_nothing(ctx) -> None:
    build_district(ctx)
    visits.commit_plan(ctx, visits.plan_period(ctx, date(2025, 7, 1), date(2025, 7, 31), "SD"))
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PlannerScreen(office="SD"))
        await settle(pilot)
        app.ctx.today = date(2025, 7, 1)
        app.screen.query_one("#committed", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#inspectors", Input).value = "张三"  # one inspector: refused
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, RecordVisitScreen)
    assert ctx.conn.execute("SELECT count(*) FROM patrols").fetchone()[0] == 0
    assert {v.state for v in visits.list_visits(ctx, date(2025, 7, 1), date(2025, 7, 31))} == {"planned"}


def test_form_helpers() -> None:
    assert split("张三、李四, 王五") == ["张三", "李四", "王五"]
    assert abnormal_lines("outside_boundary：东侧越界\n\nsignboard: 缺失") == [
        ("outside_boundary", "东侧越界"), ("signboard", "缺失")]
