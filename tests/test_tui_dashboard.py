"""The dashboard home screen, the report table screen, copy/export and saved views, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from minetui.domain.model import Section
from minetui.domain.patrols.duties import DutyState
from minetui.services.core.context import Context
from minetui.services.reporting.catalogue import run_report
from minetui.services.reporting.views import list_views, save_view
from minetui.tui.app import MineApp
from minetui.tui.screens.calendar import CalendarScreen
from minetui.tui.screens.home import HomeScreen
from minetui.tui.screens.mines import MinesScreen
from minetui.tui.screens.report import ReportScreen, ReportsScreen
from minetui.tui.table_io import PathDialog, ViewPicker, default_export_path, export_path
from tests.test_reports import LIC, hand_district
from tests.tui_helpers import settle, sync

SIZE = (100, 40)


@pytest.fixture
def district(ctx: Context) -> dict[str, int]:
    return hand_district(ctx)


def panel_values(app: MineApp, index: int) -> list[list[str]]:
    table = app.screen.query_one(f"#panel-{index}", DataTable)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def select_cell(pilot, app: MineApp, panel: int, row: int, column: int) -> None:
    table = app.screen.query_one(f"#panel-{panel}", DataTable)
    table.focus()
    table.cursor_coordinate = (row, column)  # type: ignore[assignment]
    await pilot.press("enter")
    await settle(pilot)


@sync
async def test_dashboard_numbers_match_the_reports(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        patrols = panel_values(app, 0)
        # June: A's June duty open, B's Q2 duty open; the year's overdue: A's Feb and Apr.
        assert patrols == [["苏店自然资源所", "0", "1", "0", "2"], ["西火自然资源所", "0", "1", "0", "0"],
                           ["合计", "0", "2", "0", "2"]]
        overdue = run_report(ctx, "overdue-duties", {"year": 2025}).rows
        assert len([r for r in overdue if r["office"] == "SD"]) == 2
        deadlines = panel_values(app, 1)
        assert deadlines[0][1:] == ["2025-06-30", "15"] and "日常巡查" in deadlines[0][0]
        assert any("采矿许可证到期：丙铁矿" in row[0] and row[2] == "47" for row in deadlines)
        shown = " ".join(str(s.content) for s in app.screen.query(".panel-note"))
        assert shown.count("尚无数据") == 2  # no lead, no visit yet
        assert panel_values(app, 4)[0] == ["实地核查（R-VER-1）", "1", "0", "0"]  # A: producing, in a zone


@sync
async def test_enter_on_overdue_opens_the_filtered_report(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_cell(pilot, app, 0, 0, 4)  # 苏店, overdue this year
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.report_name == "overdue-duties"
        assert screen.params["office"] == "SD" and len(screen.rows) == 2
        table = screen.query_one("#report-table", DataTable)
        assert table.row_count == 2 and str(table.get_row_at(0)[1]) == LIC["A"]
        await pilot.press("enter")  # the row is about a mine: it opens
        await settle(pilot)
        assert type(app.screen).__name__ == "MineDetailScreen"


@sync
async def test_enter_on_open_duties_opens_the_calendar_filtered(ctx: Context, district) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_cell(pilot, app, 0, 1, 2)  # 西火, open this month
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        assert screen.office == "XH" and screen.state_filter is DutyState.OPEN and str(screen.period) == "2025-06"
        assert [r.licence_no for r in screen.rows] == [LIC["B"]]


@sync
async def test_report_screen_sorts_pages_copies_and_exports(ctx: Context, district, tmp_path: Path,
                                                           monkeypatch) -> None:
    copied: list[str] = []
    app = MineApp(ctx)
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        await app.push_screen(ReportScreen("licence-expiry", {"days": 180}))
        await settle(pilot)
        screen = app.screen
        assert [r["licence_no"] for r in screen.rows] == [LIC["D"], LIC["C"]]
        await pilot.press("S")  # reverse the first column (valid to)
        assert [r["licence_no"] for r in screen.rows] == [LIC["C"], LIC["D"]]
        await pilot.press("y")
        assert copied[-1].splitlines()[0].startswith("有效期止\t剩余天数\t许可证号")
        assert copied[-1].splitlines()[1].startswith(f"2025-08-01\t47\t{LIC['C']}")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        out = tmp_path / "到期.csv"
        app.screen.query_one("#answer", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        text = out.read_bytes().decode("utf-8-sig")
        assert text.splitlines()[1].startswith(f"2025-08-01,47,{LIC['C']}")


@sync
async def test_mines_list_saves_and_reopens_a_view(ctx: Context, district) -> None:
    copied: list[str] = []
    app = MineApp(ctx)
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#filter", Input).value = "煤矿"
        app.screen.apply_filter()
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("y")
        assert [line.split("\t")[0] for line in copied[-1].splitlines()[1:]] == [LIC["E"], LIC["B"], LIC["A"]]
        await pilot.press("v")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "煤矿倒序"
        await pilot.press("enter")
        await settle(pilot)
        [view] = list_views(ctx)
        assert view.filter == {"text": "煤矿", "sort": "licence_no", "descending": True}
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, ViewPicker)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinesScreen) and screen.query_state.text == "煤矿" and screen.query_state.descending
        assert [r.licence_no for r in screen.rows] == [LIC["E"], LIC["B"], LIC["A"]]


@sync
async def test_a_saved_report_view_opens_the_report_screen(ctx: Context, district) -> None:
    save_view(ctx, "西火逾期", "report:overdue-duties", {"year": 2025, "office": "SD"}, sort_key="due",
              descending=True)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.view_name == "西火逾期"
        assert [r["period"] for r in screen.rows] == ["2025-04", "2025-02"]


def test_export_paths(tmp_path: Path) -> None:
    from datetime import date

    assert default_export_path("zones", date(2025, 6, 15), tmp_path) == tmp_path / "zones-2025-06-15.xlsx"
    assert export_path(str(tmp_path / "a")).name == "a.xlsx"
    assert export_path(str(tmp_path / "a.CSV")).name == "a.CSV"


@sync
async def test_zones_screen_copies_and_exports(ctx: Context, district, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    copied: list[str] = []
    app = MineApp(ctx)
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.members, app.screen
        await pilot.press("y")
        assert copied[-1].splitlines() == ["许可证号\t矿山名称\t矿山状态\t自然资源所\t依据",
                                           f"{LIC['A']}\t甲煤矿\t在产\tSD\t"]
        await pilot.press("e")
        await settle(pilot)
        out = tmp_path / "zones"
        app.screen.query_one("#answer", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        sheet = load_workbook(tmp_path / "zones.xlsx").active
        assert "2025年重点监测矿区名单" in sheet["A1"].value
        assert [sheet["E3"].value, sheet["E4"].value] == [LIC["A"], LIC["B"]]


@sync
async def test_enter_on_a_lead_number_opens_that_desk_filtered(ctx: Context) -> None:
    from minetui.tui.screens.leads import LeadsScreen
    from tests.test_dashboard_hooks import lead_district

    ids = lead_district(ctx)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert panel_values(app, 2)[0] == ["矿管股", "2", "1", "1"]
        await select_cell(pilot, app, 2, 0, 3)  # 矿管股, handling overdue
        screen = app.screen
        assert isinstance(screen, LeadsScreen) and screen.box == "in" and screen.overdue_only
        assert screen.current_desk().section is Section.MINERAL and [r.id for r in screen.rows] == [ids["L2"]]
        await pilot.press("escape")
        await settle(pilot)
        await select_cell(pilot, app, 2, 0, 2)  # 矿管股, sending overdue: its outbox
        assert app.screen.box == "out" and [r.id for r in app.screen.rows] == [ids["L1"]]
        await pilot.press("escape")
        await settle(pilot)
        await select_cell(pilot, app, 2, 3, 2)  # the office's patrol finding not sent in time
        screen = app.screen
        assert screen.current_desk().office == "SD" and screen.current_desk().name == "苏店自然资源所"
        assert [r.id for r in screen.rows] == [ids["L7"]]


@sync
async def test_enter_on_survey_progress_opens_the_surveys_screen(ctx: Context, tmp_path: Path) -> None:
    from minetui.tui.screens.surveys import SurveysScreen
    from tests.test_dashboard_hooks import inspection_district

    photo = tmp_path / "site.jpg"
    photo.write_bytes(b"jpeg bytes")
    inspection_district(ctx, photo)
    app = MineApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        index = next(i for i, p in enumerate(app.screen.dashboard.panels) if p.key == "verification")
        assert panel_values(app, index)[2] == ["专项勘测（市局、省厅组织）", "2", "0", "0"]
        await select_cell(pilot, app, index, 2, 1)
        screen = app.screen
        assert isinstance(screen, SurveysScreen) and screen.year == 2025 and screen.who is True
        assert len(screen.rows) == 2 and all(r.external for r in screen.rows)
