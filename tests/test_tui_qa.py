"""What a pass through the app at 80×24 found: words instead of raw task ids, the dashboard's numbers kept on
screen, the mine form one line per field, the palette key in the UI language, the report list's headers, and
the village inquiry in the one-pass visit record."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from textual.widgets import DataTable, Input

from minetui import i18n
from minetui.domain.inspections.tasks import task_words
from minetui.services.core.context import Context
from minetui.services.reporting.model import Figure, Panel, PanelRow
from minetui.services.visits import visits
from minetui.tui.app import MineApp
from minetui.tui.format import tasks_words
from minetui.tui.screens.home import label_width
from minetui.tui.screens.mine_edit import MineEditScreen
from minetui.tui.screens.planner import PlannerScreen
from minetui.tui.screens.report import ReportsScreen
from minetui.tui.screens.visit_record import RecordVisitScreen
from tests.factories import add_mine, add_office
from tests.inspection_fixtures import build_district
from tests.tui_helpers import settle, sync


def test_task_ids_read_as_words_in_both_languages() -> None:
    assert task_words("survey:2026-R2") == "专项勘测 2026-R2"
    assert task_words("patrol:2026-10") == "日常巡查 2026-10"
    assert task_words("spotcheck:17") == "联合抽查 #17"
    assert task_words("something:else") == "something:else"
    assert task_words("verification") == "verification"
    assert tasks_words("patrol:2025-08;verification:2025") == "日常巡查 2025-08、实地核查 2025"
    i18n.set_language("en")
    assert task_words("verification:2025") == "verification 2025"


def deadline_panel(label: str) -> Panel:
    rows = [PanelRow(label, [Figure("2026-11-30"), Figure(1)]), PanelRow("短", [Figure("2026-12-01"), Figure(2)])]
    return Panel("deadlines", "近期到期事项", ["事项", "截止日期", "剩余天数"], rows)


def test_a_long_label_is_cut_so_that_the_numbers_stay_on_an_80_column_screen() -> None:
    panel = deadline_panel("矿管股向生态修复股转送本年度因修复义务不到位列入名录的矿业权人信息 · 矿管股")
    width = label_width(panel, 80)
    assert width is not None and 12 <= width < cell_len(panel.rows[0].label)
    figures = (cell_len("截止日期") + 2) + (cell_len("剩余天数") + 2)
    assert 2 + width + 2 + figures <= 80
    assert label_width(panel, 200) is None  # room enough: as wide as the label
    assert label_width(deadline_panel("短"), 80) is None


@sync
async def test_the_mine_form_has_one_line_per_field(ctx: Context) -> None:
    add_office(ctx)
    mine_id = add_mine(ctx, "C1404002009121120046101", "甲煤矿")
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.open_mine(mine_id)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, MineEditScreen)
        heights = {field.region.height for field in app.screen.query(".form-field") if field.region.height}
        assert heights == {1}


@sync
async def test_the_palette_key_and_the_report_list_speak_the_ui_language(ctx: Context) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        palette = [b for b in app._bindings.key_to_bindings["ctrl+p"] if b.action == "command_palette"]
        assert palette and {b.description for b in palette} == {"命令面板"}
        await app.push_screen(ReportsScreen())
        await settle(pilot)
        headers = [str(c.label) for c in app.screen.query_one(DataTable).columns.values()]
        assert "矿山名称" not in headers and headers[1] == "命令行名称"


@sync
async def test_the_planner_shows_task_words_and_the_record_asks_the_village(ctx: Context) -> None:
    build_district(ctx)
    visits.commit_plan(ctx, visits.plan_period(ctx, date(2025, 7, 1), date(2025, 7, 31), "SD"))
    app = MineApp(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(PlannerScreen(office="SD"))
        await settle(pilot)
        committed = app.screen.query_one("#committed", DataTable)
        tasks = [str(committed.get_row_at(i)[3]) for i in range(committed.row_count)]
        assert tasks and all(":" not in t for t in tasks) and any("日常巡查 2025-07" in t for t in tasks)
        app.ctx.today = date(2025, 7, 1)
        committed.focus()
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordVisitScreen)
        form.query_one("#inspectors", Input).value = "张三、李四"
        form.query_one("#village", Input).value = "村委会未反映问题"
        assert form.form().village_inquiry == "村委会未反映问题"


@sync
async def test_j_k_g_and_G_move_on_the_reports_list(ctx: Context) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count > 3 and table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
