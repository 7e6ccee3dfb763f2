"""The patrol calendar, the patrol form and the mine detail's patrol section, driven by keys through Pilot.

The district (tests/tui_helpers.build_district) with today = 2025-06-25, so the June duties are due soon:
- 甲煤矿 (a, SD office): 在产, underground, villages 东村、西村, corner points 1–7 → a monthly duty each month;
- 乙煤矿 (b, XH): 在产 until 停产 on 2025-03-01 → monthly duties Jan, Feb; the quarterly duty of Q2;
- 丁石灰岩矿 (d, XH): 在产, open-pit → monthly duties; a patrol on 2025-05-20 meets May;
- 丙铁矿 sits only in a proposed zone and [b]甲[/b]矿 in none: no duties.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Static
from textual.widgets._toast import Toast

from minetui.domain.patrols.duties import DutyState
from minetui.domain.patrols.record import ChecklistItem, ItemAnswer, ItemCheck, PatrolMode
from minetui.domain.periods import Period
from minetui.services.core.context import Context
from minetui.services.patrols.duties import duty_rows
from minetui.services.patrols.form import checklist_items, corner_number, names_of, parse_observed, prefill_date
from minetui.services.patrols.patrols import PointKind, record_patrol
from minetui.services.patrols.reading import mine_patrols
from minetui.tui.app import MineApp
from minetui.tui.screens.calendar import CalendarScreen, toggled
from minetui.tui.screens.detail import MineDetailScreen
from minetui.tui.screens.home import HomeScreen
from minetui.tui.screens.patrol_form import PatrolFormScreen
from minetui.tui.widgets.choice import ChoiceField
from minetui.tui.widgets.dialogs import ConfirmDialog
from tests.patrol_fixtures import good_record
from tests.tui_helpers import build_district, settle, sync

SIZE = (80, 24)
TODAY = date(2025, 6, 25)


def plain(static: Static) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


def rows_of(table: DataTable) -> list[tuple[str, ...]]:
    """(mine, period, kind, due, days left, state, patrolled on) of every row."""
    return [tuple(str(c) for c in table.get_row_at(i)[:7]) for i in range(table.row_count)]


def toasts(app: MineApp) -> str:
    return "\n".join(str(t._notification.message) for t in app.screen.query(Toast))


@pytest.fixture
def day_ctx(db_path: Path):
    context = Context.open(db_path, actor="tester", today=TODAY)
    yield context
    context.close()


@pytest.fixture
def district(day_ctx: Context) -> dict[str, int]:
    ids = build_district(day_ctx)
    checklist = {**good_record().checklist, ChecklistItem.OUTSIDE_ACTIVITY: ItemCheck(ItemAnswer.NORMAL)}
    del checklist[ChecklistItem.SUBSIDENCE]
    record_patrol(day_ctx, ids["d"], good_record(date(2025, 5, 20), office_code="XH", checklist=checklist))
    return ids


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, body in (("route", b"<gpx/>"), ("photo", b"\xff\xd8jpeg"), ("aerial", b"\xff\xd8aerial")):
        path = tmp_path / f"{name}.{'gpx' if name == 'route' else 'jpg'}"
        path.write_bytes(body)
        found[name] = path
    return found


async def open_calendar(pilot) -> DataTable:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CalendarScreen)
    return pilot.app.screen.query_one("#duties", DataTable)


async def open_form_for(pilot, mine: str) -> PatrolFormScreen:
    """From the calendar: the cursor onto `mine`'s first duty, then `n`."""
    table = pilot.app.screen.query_one("#duties", DataTable)
    table.move_cursor(row=[r[0] for r in rows_of(table)].index(mine))
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PatrolFormScreen)
    return pilot.app.screen


def fill(form: PatrolFormScreen, **values: object) -> None:
    """Set fields directly (the keyboard path is covered by test_fill_and_save_with_keys_only)."""
    for name, value in values.items():
        if name.startswith("answer_") or name in ("mode", "drone_choice"):
            widget_id = "answer-" + name.removeprefix("answer_") if name.startswith("answer_") else f"f-{name}"
            form.query_one(f"#{widget_id}", ChoiceField).value = value
        elif name == "observed":
            form.query_one("#f-observed").text = value  # type: ignore[attr-defined]
        else:
            form.query_one(f"#f-{name}", Input).value = str(value)


def valid_values_for_a(files: dict[str, Path]) -> dict[str, object]:
    answers = {f"answer_{item.value}": ItemAnswer.NORMAL for item, required in checklist_items_a() if required}
    return {"inspectors": "张三、李四", "route_file": str(files["route"]), "photos": str(files["photo"]),
            "corners_checked": "1、2、3", "village_inquiry": "村委会未反映问题", **answers}


def checklist_items_a():
    from minetui.domain.model import MiningMethod

    return checklist_items(MiningMethod.UNDERGROUND)


def problem(form: PatrolFormScreen, field: str) -> str:
    static = form.query_one(f"#problem-{field}", Static)
    return plain(static) if static.display else ""


# --- pure helpers ------------------------------------------------------------------------------------------------


def test_prefill_date_is_today_or_the_period_end_when_earlier() -> None:
    assert prefill_date(TODAY, date(2025, 6, 30)) == TODAY
    assert prefill_date(TODAY, date(2025, 5, 31)) == date(2025, 5, 31)
    assert prefill_date(TODAY, None) == TODAY


def test_toggle_between_a_month_and_its_quarter() -> None:
    assert toggled(Period.month(2025, 5)) == Period.quarter(2025, 2)
    assert toggled(Period.quarter(2025, 2)) == Period.month(2025, 4)


def test_observed_lines_become_corner_or_activity_points() -> None:
    lines = "拐点3  3981000.00 38411000.00\n\n采场，3981020.5，38411010\nbad line"
    points, problems = parse_observed(lines, {"1", "3"})
    assert [(p.label, p.kind, p.point_no, p.x, p.y) for p in points] == [
        ("拐点3", PointKind.CORNER, "3", 3981000.0, 38411000.0),
        ("采场", PointKind.ACTIVITY, None, 3981020.5, 38411010.0),
    ]
    assert len(problems) == 1 and "4" in problems[0]  # the line number
    assert corner_number("J1", {"1"}) == "1" and corner_number("拐点9", {"1"}) is None


def test_names_are_split_on_any_usual_separator() -> None:
    assert names_of(" 张三、李四，王五 赵六;钱七 ") == ["张三", "李四", "王五", "赵六", "钱七"]
    assert names_of("") == []


def test_checklist_marks_the_method_items_required() -> None:
    from minetui.domain.model import MiningMethod

    required = {item for item, needed in checklist_items(MiningMethod.OPEN_PIT) if needed}
    assert ChecklistItem.OUTSIDE_ACTIVITY in required and ChecklistItem.SUBSIDENCE not in required
    combined = {item for item, needed in checklist_items(MiningMethod.COMBINED) if needed}
    assert {ChecklistItem.OUTSIDE_ACTIVITY, ChecklistItem.SUBSIDENCE} <= combined
    assert ChecklistItem.FOREST_GRASS not in combined


# --- the calendar ------------------------------------------------------------------------------------------------


@sync
async def test_calendar_opens_from_home_on_this_month(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_calendar(pilot)
        assert rows_of(table) == [
            ("甲煤矿", "2025-06", "月度巡查", "2025-06-30", "5", "即将到期", ""),
            ("乙煤矿", "2025-Q2", "季度巡查", "2025-06-30", "5", "即将到期", ""),
            ("丁石灰岩矿", "2025-06", "月度巡查", "2025-06-30", "5", "即将到期", ""),
        ]
        bar = plain(app.screen.query_one("#calendar-bar", Static))
        assert "2025年6月" in bar and "全部自然资源所" in bar
        counts = plain(app.screen.query_one("#calendar-counts", Static))
        assert "苏店自然资源所" in counts and "西火自然资源所" in counts and "合计" in counts
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_months_back_and_forth_with_exact_states(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_calendar(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert rows_of(table) == [
            ("甲煤矿", "2025-05", "月度巡查", "2025-05-31", "-25", "逾期未巡查", ""),
            ("乙煤矿", "2025-Q2", "季度巡查", "2025-06-30", "5", "即将到期", ""),  # the quarter covers May
            ("丁石灰岩矿", "2025-05", "月度巡查", "2025-05-31", "", "已巡查", "2025-05-20"),
        ]
        counts = app.screen.data.counts
        assert counts["SD"][DutyState.OVERDUE] == 1 and counts["SD"][DutyState.MET] == 0
        assert counts["XH"][DutyState.MET] == 1 and counts["XH"][DutyState.DUE_SOON] == 1
        await pilot.press("left_square_bracket", "left_square_bracket")  # March: 乙 was 停产 from the 1st
        await settle(pilot)
        # 乙 has producing months in Q1 (Jan, Feb): no quarterly duty, and March needs none of its own.
        assert [(r[0], r[1], r[5]) for r in rows_of(table)] == [
            ("甲煤矿", "2025-03", "逾期未巡查"), ("丁石灰岩矿", "2025-03", "逾期未巡查")]
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.screen.period == Period.month(2025, 6)


@sync
async def test_quarter_view_office_cycle_and_state_filter(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_calendar(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.period == Period.quarter(2025, 2)
        assert sorted((r[0], r[1], r[5]) for r in rows_of(table)) == sorted([
            ("甲煤矿", "2025-04", "逾期未巡查"), ("甲煤矿", "2025-05", "逾期未巡查"), ("甲煤矿", "2025-06", "即将到期"),
            ("乙煤矿", "2025-Q2", "即将到期"),
            ("丁石灰岩矿", "2025-04", "逾期未巡查"), ("丁石灰岩矿", "2025-05", "已巡查"),
            ("丁石灰岩矿", "2025-06", "即将到期"),
        ])
        assert rows_of(table)[0][5] == "逾期未巡查"  # most urgent first
        await pilot.press("o")  # SD only
        await settle(pilot)
        assert {r[0] for r in rows_of(table)} == {"甲煤矿"}
        counts = plain(app.screen.query_one("#calendar-counts", Static))
        assert "苏店自然资源所" in counts and "西火自然资源所" not in counts
        await pilot.press("o")  # XH
        await settle(pilot)
        assert {r[0] for r in rows_of(table)} == {"乙煤矿", "丁石灰岩矿"}
        await pilot.press("f")  # overdue only
        assert [(r[0], r[1]) for r in rows_of(table)] == [("丁石灰岩矿", "2025-04")]
        await pilot.press("f")  # due soon
        assert sorted(r[0] for r in rows_of(table)) == ["丁石灰岩矿", "乙煤矿"]
        await pilot.press("f")  # open: none
        empty = app.screen.query_one("#calendar-empty", Static)
        assert table.row_count == 0 and empty.display and "按 f" in plain(empty)
        await pilot.press("f")  # met
        assert [(r[0], r[6]) for r in rows_of(table)] == [("丁石灰岩矿", "2025-05-20")]
        await pilot.press("f", "o")  # all states, all offices
        await settle(pilot)
        assert table.row_count == 7
        await pilot.press("v")  # back to a month: the quarter's first
        await settle(pilot)
        assert app.screen.period == Period.month(2025, 4)


@sync
async def test_a_year_without_a_zone_list_says_where_to_build_it(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_calendar(pilot)
        for _ in range(7):
            await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.period == Period.month(2026, 1)
        empty = app.screen.query_one("#calendar-empty", Static)
        assert not table.display and empty.display
        shown = plain(empty)
        assert "先在重点监测矿区中建立本年度清单" in shown and "z" in shown
        await pilot.press("z")
        await settle(pilot)
        assert type(app.screen).__name__ == "ZonesScreen"


@sync
async def test_enter_on_a_duty_opens_the_mine_with_its_patrol_section(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_calendar(pilot)
        table.move_cursor(row=2)  # 丁石灰岩矿
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen) and app.screen.mine_id == district["d"]
        shown = plain(app.screen.query_one("#detail-patrols", Static))
        assert "2025年巡查任务" in shown
        assert "2025-05" in shown and "已巡查" in shown and "2025-04" in shown and "逾期未巡查" in shown
        assert "2025-05-20" in shown and "现场" in shown and "张三、李四" in shown
        assert "没有发现问题" in shown


# --- the form ----------------------------------------------------------------------------------------------------


@sync
async def test_n_opens_the_form_prefilled(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(pilot)
        await pilot.press("left_square_bracket")  # May: the date is the period's end, before today
        await settle(pilot)
        form = await open_form_for(pilot, "甲煤矿")
        assert form.query_one("#f-date", Input).value == "2025-05-31"
        assert form.query_one("#f-office_code").value == "SD"  # type: ignore[attr-defined]
        assert "1、2、3、4、5、6、7" in plain(form.query_one("#row-corners_checked .form-hint", Static))
        assert form.query_one("#row-village_inquiry").display
        assert not form.query_one("#row-drone_reason").display
        assert form.query_one("#f-inspectors", Input).has_focus


@sync
async def test_fill_and_save_with_keys_only_turns_the_duty_met(day_ctx: Context, district, files) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_calendar(pilot)
        await open_form_for(pilot, "甲煤矿")
        # Pilot cannot send 、 (an IME character); the form takes "," and spaces as separators too.
        await pilot.press(*"张三 李四", "tab", "tab", *str(files["route"]), "tab", *str(files["photo"]), "tab",
                          *"1,2,3", "tab")
        for _item, required in checklist_items_a():  # answer, then past the note
            await pilot.press(*(["1"] if required else []), "tab", "tab")
        await pilot.press(*"村委会未反映问题", "f2")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen), toasts(app)
        assert rows_of(table)[-1] == ("甲煤矿", "2025-06", "月度巡查", "2025-06-30", "", "已巡查", "2025-06-25")
        assert "巡查记录已保存：甲煤矿，2025-06-25" in toasts(app)
        saved = mine_patrols(day_ctx, district["a"])
        assert [(p.date, p.mode, p.inspectors, p.abnormal) for p in saved] == [
            (TODAY, PatrolMode.ON_SITE, ("张三", "李四"), 0)]
        duty = duty_rows(day_ctx, 2025, mine_id=district["a"], period=Period.month(2025, 6))
        assert [d.state for d in duty] == [DutyState.MET]


@pytest.mark.parametrize(("values", "field", "expected"), [
    ({"route_file": ""}, "route_file", "现场巡查须上传记录巡查路线的轨迹文件"),
    ({"corners_checked": "1、1、2"}, "corners_checked", "现为2处"),
    ({"corners_checked": "1、2、9"}, "corners_checked", "9 不是本矿采矿许可证的拐点"),
    ({"answer_subsidence": None}, "subsidence", "界外地面沉陷：地下开采矿山必须检查此项"),
    ({"answer_subsidence": ItemAnswer.NOT_APPLICABLE}, "subsidence", "不能填“不适用”"),
    ({"village_inquiry": ""}, "village_inquiry", "东村、西村"),
    ({"date": "2025-07-01"}, "date", "晚于今天"),
    ({"date": "2025-13-01"}, "date", "2025-06-10"),
    ({"inspectors": ""}, "inspectors", "至少填写1名巡查人员"),
    ({"photos": "/no/such/photo.jpg"}, "photos", "/no/such/photo.jpg"),
    ({"observed": "拐点3 abc"}, "observed", "第 1 行"),
])
@sync
async def test_each_refusal_is_shown_at_its_field_and_the_form_keeps_its_values(
        day_ctx: Context, district, files, values, field, expected) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(pilot)
        form = await open_form_for(pilot, "甲煤矿")
        fill(form, **{**valid_values_for_a(files), **values})
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is form
        assert expected in problem(form, field)
        summary = form.query_one("#form-summary", Static)
        assert summary.display and "未保存" in plain(summary)
        assert form.query_one("#f-inspectors", Input).value == valid_values_for_a(files)["inspectors"] or \
            field == "inspectors"
        assert mine_patrols(day_ctx, district["a"]) == []


@sync
async def test_drone_needs_a_reason_a_flight_route_and_an_aerial_photo(day_ctx: Context, district, files) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(pilot)
        form = await open_form_for(pilot, "甲煤矿")
        fill(form, **{**valid_values_for_a(files), "route_file": ""})
        form.query_one("#f-mode", ChoiceField).focus()
        await pilot.press("right")  # 无人机
        await settle(pilot)
        assert form.query_one("#row-drone_reason").display and form.query_one("#row-aerial_photos").display
        assert "巡飞路线" in plain(form.query_one("#row-route_file .form-label"))  # type: ignore[arg-type]
        await pilot.press("f2")
        await settle(pilot)
        assert "须填写原因" in problem(form, "drone_reason")
        assert "至少1张航拍照片" in problem(form, "aerial_photos")
        assert "巡飞路线文件" in problem(form, "route_file")
        fill(form, drone_choice="other", route_file=str(files["route"]), aerial_photos=str(files["aerial"]))
        await settle(pilot)
        assert form.query_one("#row-drone_text").display
        await pilot.press("f2")  # the written reason is still empty
        await settle(pilot)
        assert "须填写原因" in problem(form, "drone_text")
        fill(form, drone_text="暴雨冲毁进场道路")
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, PatrolFormScreen)
        [saved] = mine_patrols(day_ctx, district["a"])
        assert saved.mode is PatrolMode.DRONE


@sync
async def test_warnings_need_a_confirm_and_the_boundary_check_is_told(day_ctx: Context, district, files) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_calendar(pilot)
        form = await open_form_for(pilot, "甲煤矿")
        # One inspector (a warning), a corner 25 m north of the ring, an abnormal item (a finding).
        fill(form, **{**valid_values_for_a(files), "inspectors": "张三", "answer_eco_damage": ItemAnswer.ABNORMAL,
                      "observed": "拐点3 3981025.00 38411000.00\n采场 3980500.00 38410500.00"})
        form.query_one("#note-eco_damage", Input).value = "排土场压占林地"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # not now: the form stays, nothing saved
        await settle(pilot)
        assert app.screen is form and mine_patrols(day_ctx, district["a"]) == []
        assert "建议" in problem(form, "inspectors")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        shown = toasts(app)
        assert "拐点3 在界外 25.0 米：疑似越界" in shown and "采场 在矿区范围内" in shown
        assert "发现问题：生态破坏 → 生态修复股" in shown
        assert "发现问题（疑似）：越界开采 → 执法机构" in shown


@sync
async def test_esc_asks_before_discarding_an_edited_form(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(pilot)
        form = await open_form_for(pilot, "甲煤矿")
        await pilot.press("escape")  # untouched: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        form = await open_form_for(pilot, "甲煤矿")
        await pilot.press("张", "shift+tab", "q", "m", "p", "escape")  # no jumping away from a form with input
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.query_one("#f-inspectors", Input).value == "张"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)


@sync
async def test_n_on_the_detail_records_a_patrol_for_that_mine(day_ctx: Context, district, files) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.open_mine(district["a"])
        await settle(pilot)
        shown = plain(app.screen.query_one("#detail-patrols", Static))
        assert "尚无巡查记录" in shown and "2025-06" in shown and "即将到期" in shown
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PatrolFormScreen) and form.query_one("#f-date", Input).value == "2025-06-25"
        fill(form, **{**valid_values_for_a(files), "answer_outside_boundary": ItemAnswer.ABNORMAL})
        form.query_one("#note-outside_boundary", Input).value = "北侧有新采坑"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
        shown = plain(app.screen.query_one("#detail-patrols", Static))
        assert "2025-06-25" in shown and "已巡查" in shown
        assert "越界开采" in shown and "执法机构" in shown and "北侧有新采坑" in shown
