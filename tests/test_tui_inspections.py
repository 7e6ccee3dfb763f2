"""Field verification, special surveys and joint spot-checks in the app, driven by keys through Pilot.

The district (tests/tui_helpers.build_district) with today = 2025-06-25:
- 甲煤矿 (a): 在产, underground, national zone 2025 → on the verification list; surveys organised by 省厅
  (theirs); licence ring 1 is the square X 3 980 000–3 981 000, Y 38 410 000–38 411 000; depth 1150 m to 850 m;
- 乙煤矿 (b): 在产 until 2025-03-01, national zone → on the list; 丁石灰岩矿 (d): 在产, district zone → on the
  list, surveys organised by 区局 (ours); 丙铁矿 (c) only in a proposed zone and [b]甲[/b]矿 (e) in none: off it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Static
from textual.widgets._toast import Toast

from minetui.domain.inspections.spotchecks import TriggerKind
from minetui.domain.inspections.surveys import SurveyMethod
from minetui.domain.inspections.verification import AdditionKind, Answer, ListBasis
from minetui.domain.model import Section
from minetui.i18n import set_language
from minetui.services.core.context import Context
from minetui.services.inspections.findings import findings_of
from minetui.services.inspections.spotchecks import spotcheck_rows
from minetui.services.inspections.surveys import survey_rows
from minetui.services.inspections.verification import mine_verifications, verification_list
from minetui.tui.app import MineApp
from minetui.tui.screens.detail import MineDetailScreen
from minetui.tui.screens.inspection_common import InspectionDetailScreen
from minetui.tui.screens.spotcheck_form import OpenSpotCheckForm, SpotCheckResultForm
from minetui.tui.screens.spotchecks import SpotChecksScreen
from minetui.tui.screens.survey_form import SurveyForm
from minetui.tui.screens.surveys import SurveysScreen
from minetui.tui.screens.verification import AddDialog, VerificationScreen
from minetui.tui.screens.verification_form import VerificationForm, names_of
from minetui.tui.widgets.checks import CheckField
from minetui.tui.widgets.choice import ChoiceField
from minetui.tui.widgets.dialogs import MinePicker, TextDialog
from tests.tui_helpers import build_district, settle, sync

SIZE = (80, 24)
TODAY = date(2025, 6, 25)
A_LICENCE = "C1404002009121120046101"


def plain(renderable: object) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def rows_of(table: DataTable) -> list[tuple[str, ...]]:
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def toasts(app: MineApp) -> str:
    return "\n".join(str(t._notification.message) for t in app.screen.query(Toast))


def page_text(app: MineApp) -> str:
    assert isinstance(app.screen, InspectionDetailScreen), type(app.screen)
    return plain(app.screen.query_one("#insp-detail", Static).content)


def problem_at(form: object, name: str) -> str:
    static = form.query_one(f"#problem-{name}", Static)  # type: ignore[attr-defined]
    return str(static.content) if static.display else ""


@pytest.fixture
def day_ctx(db_path: Path):
    context = Context.open(db_path, actor="tester", today=TODAY)
    yield context
    context.close()


@pytest.fixture
def district(day_ctx: Context) -> dict[str, int]:
    return build_district(day_ctx)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "check.jpg"
    path.write_bytes(b"\xff\xd8photo")
    return path


async def open_list(pilot, key: str, screen: type) -> DataTable:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen), type(pilot.app.screen)
    return pilot.app.screen.query_one("#insp-rows", DataTable)


async def cursor_to(pilot, table: DataTable, text: str) -> None:
    table.move_cursor(row=next(i for i, r in enumerate(rows_of(table)) if text in r))
    await pilot.pause()


def test_names_are_split_on_chinese_and_ascii_separators() -> None:
    assert names_of("张三、李四, 王五  赵六") == ["张三", "李四", "王五", "赵六"]


# --- verification ---------------------------------------------------------------------------------------------


@sync
async def test_the_verification_list_shows_why_each_mine_is_on_it(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_list(pilot, "v", VerificationScreen)
        rows = rows_of(table)
        assert [r[0] for r in rows] == ["甲煤矿", "乙煤矿", "丁石灰岩矿"]
        assert rows[0][1:4] == ("待核查", "2025-11-30", "")
        assert rows[0][4] == "重点监测矿区在产矿山"
        bar = plain(app.screen.query_one("#insp-bar", Static).content)
        assert "2025" in bar and "待核查 3" in bar
        note = plain(app.screen.query_one("#insp-note", Static).content)
        assert "3" in note  # all three joined since 2024, which had no zones
        await pilot.press("c")
        assert [r[:2] for r in rows_of(table)] == [("新列入", "甲煤矿"), ("新列入", "乙煤矿"), ("新列入", "丁石灰岩矿")]
        await pilot.press("c", "left_square_bracket")
        await settle(pilot)
        assert not table.display
        assert "2024" in plain(app.screen.query_one("#insp-empty", Static).content)


@sync
async def test_record_a_verification_with_keys_and_see_the_lead_it_raises(day_ctx: Context, district,
                                                                           photo: Path) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_list(pilot, "v", VerificationScreen)
        await cursor_to(pilot, table, "甲煤矿")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VerificationForm)
        # Pilot cannot type 、 (an IME character); spaces and commas separate names too.
        await pilot.press("tab", *"张三 李四", "tab")
        for item in form.target.items:
            if item.key == "inside_area":
                await pilot.press("2", "tab", *"east side past corner 3", "tab")
            else:
                await pilot.press("1", "tab", "tab")
        await pilot.press(*"workings cross the boundary", "tab", *str(photo), "f2")
        await settle(pilot)
        assert "执法机构" in toasts(app)
        text = page_text(app)
        assert "张三、李四" in text and "不一致" in text and "east side past corner 3" in text
        assert "R-LEAD-1" in text and "执法机构" in text
        await pilot.press("escape")
        await settle(pilot)
        assert rows_of(table)[0][:4] == ("甲煤矿", "已核查", "2025-11-30", "不一致")
    saved = mine_verifications(day_ctx, district["a"])
    assert [(v.verdict, v.record.evidence) for v in saved] == [(Answer.INCONSISTENT, ["check.jpg"])]
    assert [(f.kind, f.receiver) for f in saved[0].findings] == [("inside_area", Section.ENFORCEMENT)]


@sync
async def test_an_empty_verification_form_shows_every_refusal_at_its_field(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_list(pilot, "v", VerificationScreen)
        await cursor_to(pilot, table, "丁石灰岩矿")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VerificationForm)
        form.query_one("#f-date", Input).value = "2025-13-01"
        await pilot.press("f2")
        await settle(pilot)
        assert "2025-06-10" in problem_at(form, "date")
        form.query_one("#f-date", Input).value = "2025-06-20"
        form.query_one("#f-inspectors", Input).value = "张三"
        form.query_one("#answer-output", ChoiceField).value = Answer.UNVERIFIABLE
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is form
        assert "至少" in problem_at(form, "inspectors")
        assert "矿山状态" in problem_at(form, "items") and "产量" not in problem_at(form, "items")
        assert problem_at(form, "output")  # 无法核实 without a note
        assert problem_at(form, "conclusion") and problem_at(form, "evidence")
        assert "未保存" in plain(form.query_one("#form-summary", Static).content)
        assert form.query_one("#f-inspectors", Input).value == "张三"  # what was typed is kept
    assert mine_verifications(day_ctx, district["d"]) == []


@sync
async def test_add_a_mine_by_decision_with_a_reason_typed_as_markup(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_list(pilot, "v", VerificationScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MinePicker)
        await pilot.press(*"046105", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AddDialog)
        await pilot.press("enter")  # no reason: refused, the dialog stays
        assert isinstance(app.screen, AddDialog)
        await pilot.press(*"[red]tip[/red]", "enter")
        await settle(pilot)
        assert isinstance(app.screen, VerificationScreen)
        row = next(r for r in rows_of(table) if r[0] == "[b]甲[/b]矿")
        assert row[4] == "决定列入：[red]tip[/red]"
    added = next(r for r in verification_list(day_ctx, 2025) if r.mine_id == district["e"])
    assert added.bases == (ListBasis.DECISION,) and added.reason == "[red]tip[/red]"
    assert AdditionKind.DECISION.value == "decision"


@sync
async def test_the_mine_detail_opens_the_mine_s_own_lists(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_mine(district["a"])
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VerificationScreen)
        assert [r[0] for r in rows_of(app.screen.query_one("#insp-rows", DataTable))] == ["甲煤矿"]
        assert "甲煤矿" in plain(app.screen.query_one("#insp-bar", Static).content)
        await pilot.press("escape", "u")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        assert [r[:2] for r in rows_of(app.screen.query_one("#insp-rows", DataTable))] == [
            ("甲煤矿", "R1"), ("甲煤矿", "R2")]
        await pilot.press("escape", "c")
        await settle(pilot)
        assert isinstance(app.screen, SpotChecksScreen)
        assert "046105" not in plain(app.screen.query_one("#insp-empty", Static).content)


@sync
async def test_a_mine_off_the_list_can_still_be_verified_from_its_own_list(day_ctx: Context, district,
                                                                          photo: Path) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await app.push_screen(VerificationScreen(mine_id=district["c"]))
        await settle(pilot)
        assert "a" in plain(app.screen.query_one("#insp-empty", Static).content)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VerificationForm)
        form.query_one("#f-inspectors", Input).value = "张三 李四"
        for item in form.target.items:
            form.query_one(f"#answer-{item.key}", ChoiceField).value = Answer.CONSISTENT
        form.query_one("#f-conclusion", Input).value = "一致"
        form.query_one("#f-evidence", Input).value = str(photo)
        await pilot.press("f2")
        await settle(pilot)
        assert "不在" in toasts(app)  # the warning: not on the year's list
        assert "一致" in page_text(app)
    assert [v.verdict for v in mine_verifications(day_ctx, district["c"])] == [Answer.CONSISTENT]


# --- surveys --------------------------------------------------------------------------------------------------


def write_extent(path: Path) -> Path:
    """Ring 1 of 甲煤矿 shifted 500 m north: half of it, 500 000 m², lies outside the licence."""
    lines = ["点号,X,Y", "1,3980500.00,38410000.00", "2,3980500.00,38411000.00", "3,3981500.00,38411000.00",
             "4,3981500.00,38410000.00"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@sync
async def test_surveys_show_the_organiser_and_mark_theirs(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_list(pilot, "u", SurveysScreen)
        rows = rows_of(table)
        assert [(r[0], r[1], r[2]) for r in rows] == [
            ("甲煤矿", "R1", "省厅↗"), ("甲煤矿", "R2", "省厅↗"), ("乙煤矿", "R1", "省厅↗"),
            ("丁石灰岩矿", "R1", "区局"), ("丁石灰岩矿", "R2", "区局")]
        await pilot.press("t")
        assert [r[2] for r in rows_of(table)] == ["区局", "区局"]
        await pilot.press("t")
        assert {r[2] for r in rows_of(table)} == {"省厅↗"}


@sync
async def test_record_a_survey_with_an_extent_and_see_the_outside_area(day_ctx: Context, district,
                                                                        tmp_path: Path) -> None:
    extent = write_extent(tmp_path / "extent.csv")
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_list(pilot, "u", SurveysScreen)
        await cursor_to(pilot, table, "甲煤矿")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SurveyForm)
        assert form.query_one("#f-methods", CheckField).value == [SurveyMethod.UNDERGROUND]
        form.query_one("#f-date", Input).value = "2025-06-20"
        form.query_one("#f-surveyor", Input).value = "市测绘院"
        form.query_one("#f-deepest_m", Input).value = "800"
        form.query_one("#f-extent", Input).value = str(extent)
        await pilot.press("f2")
        await settle(pilot)
        notes = toasts(app)
        assert "500,000.0 m²" in notes and "50.0 米" in notes
        text = page_text(app)
        assert "500,000.0 m²" in text and "4 个拐点" in text
        assert "越界开采" in text and "超层开采" in text and "执法机构" in text
    row = next(r for r in survey_rows(day_ctx, 2025) if r.mine_id == district["a"] and r.round == 1)
    assert row.outside_area_m2 == pytest.approx(500_000.0) and row.over_depth
    assert {f.kind for f in findings_of(day_ctx, source="survey", source_id=row.survey_id)} == {
        "outside_area", "over_depth"}


@sync
async def test_a_survey_refusal_is_shown_at_its_field_and_nothing_is_saved(day_ctx: Context, district,
                                                                            tmp_path: Path) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_list(pilot, "u", SurveysScreen)
        await cursor_to(pilot, table, "丁石灰岩矿")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SurveyForm)
        form.query_one("#f-deepest_m", Input).value = "deep"
        await pilot.press("f2")
        await settle(pilot)
        assert problem_at(form, "deepest_m")
        form.query_one("#f-deepest_m", Input).value = ""
        form.query_one("#f-extent", Input).value = str(tmp_path / "missing.csv")
        await pilot.press("f2")
        await settle(pilot)
        assert "missing.csv" in problem_at(form, "extent")
        form.query_one("#f-extent", Input).value = ""
        await pilot.press("f2")
        await settle(pilot)
        assert problem_at(form, "surveyor")
        assert "露天" in problem_at(form, "methods")  # an open-pit mine needs measurement or drone imagery
    assert all(r.survey_id is None for r in survey_rows(day_ctx, 2025))


@sync
async def test_load_an_extent_for_a_recorded_round(day_ctx: Context, district, tmp_path: Path) -> None:
    from minetui.services.inspections.surveys import SurveyResult, record_survey

    record_survey(day_ctx, district["d"], 2025, 1, SurveyResult(date(2025, 6, 1), "区测绘队",
                                                                [SurveyMethod.DRONE]))
    extent = write_extent(tmp_path / "extent.csv")
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await open_list(pilot, "u", SurveysScreen)
        await cursor_to(pilot, table, "丁石灰岩矿")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#answer", Input).value = str(extent)
        await pilot.press("enter")
        await settle(pilot)
        assert "500,000.0 m²" in toasts(app)
        text = page_text(app)
        assert "区测绘队" in text and "500,000.0 m²" in text and "越界开采" in text
        await pilot.press("escape")
        await settle(pilot)
        await cursor_to(pilot, table, "丁石灰岩矿")
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = str(tmp_path / "nothing.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        assert "nothing.csv" in toasts(app)


# --- spot-checks ----------------------------------------------------------------------------------------------


@sync
async def test_open_a_spot_check_from_a_media_trigger(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_list(pilot, "k", SpotChecksScreen)
        assert "o" in plain(app.screen.query_one("#insp-empty", Static).content)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MinePicker)
        await pilot.press(*"046103", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpenSpotCheckForm)
        assert not form.query_one("#row-level").display and form.query_one("#row-link").display
        await pilot.press("f2")  # no outlet named
        await settle(pilot)
        assert "媒体" in problem_at(form, "source")
        form.query_one("#f-source", Input).value = "上党晚报"
        form.query_one("#f-date", Input).value = "2025-06-20"
        form.query_one("#f-link", Input).value = "https://example.org/news/1"
        sections = form.query_one("#f-sections", CheckField)
        sections.focus()
        await pilot.press("1", "3")  # 矿管股 always takes part (not toggled off); 执法机构 joins
        assert sections.value == [Section.MINERAL, Section.RESTORATION, Section.ENFORCEMENT]
        await pilot.press("f2")
        await settle(pilot)
        assert "2025-07-19" in toasts(app)
        text = page_text(app)
        assert "媒体曝光" in text and "上党晚报" in text and "2025-06-20 – 2025-07-19" in text
        assert "矿管股、生态修复股、执法机构" in text
        await pilot.press("escape")
        await settle(pilot)
        rows = rows_of(app.screen.query_one("#insp-rows", DataTable))
        assert [r[:4] for r in rows] == [("丙铁矿", "媒体曝光", "待抽查", "2025-07-19")]
    (row,) = spotcheck_rows(day_ctx, year=2025)
    assert row.trigger.kind is TriggerKind.MEDIA and row.sections == (
        Section.MINERAL, Section.RESTORATION, Section.ENFORCEMENT)


@sync
async def test_an_environmental_inspection_needs_its_level(day_ctx: Context, district) -> None:
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "k", SpotChecksScreen)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"046104", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpenSpotCheckForm)
        form.query_one("#f-kind", ChoiceField).value = TriggerKind.ENV_INSPECTION
        await pilot.pause()
        assert form.query_one("#row-level").display and not form.query_one("#row-link").display
        form.query_one("#f-source", Input).value = "晋环督〔2025〕3号"
        await pilot.press("f2")
        await settle(pilot)
        assert problem_at(form, "level")
    assert spotcheck_rows(day_ctx, year=2025) == []


@sync
async def test_record_a_spot_check_result_with_a_finding(day_ctx: Context, district) -> None:
    from minetui.domain.inspections.spotchecks import Trigger
    from minetui.services.inspections.spotchecks import open_spotcheck

    opened = open_spotcheck(day_ctx, district["c"], Trigger(TriggerKind.AUDIT, "审计报告", date(2025, 6, 1)))
    app = MineApp(day_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_list(pilot, "k", SpotChecksScreen)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SpotCheckResultForm)
        form.query_one("#f-inspectors", Input).value = "张三"
        await pilot.press("f2")
        await settle(pilot)
        assert problem_at(form, "inspectors") and problem_at(form, "result")
        form.query_one("#f-inspectors", Input).value = "张三 李四"
        form.query_one("#f-result", Input).value = "发现越界堆放"
        form.query_one("#f-finding-restoration", Input).value = "边坡未治理"
        await pilot.press("f2")
        await settle(pilot)
        text = page_text(app)
        assert "发现越界堆放" in text and "边坡未治理" in text and "生态修复股" in text
    (row,) = spotcheck_rows(day_ctx, year=2025)
    assert row.id == opened.id and row.check_date == TODAY and row.inspectors == ("张三", "李四")


# --- language -------------------------------------------------------------------------------------------------


@sync
async def test_the_screens_speak_english_with_lang_en(day_ctx: Context, district) -> None:
    set_language("en")
    try:
        app = MineApp(day_ctx)
        async with app.run_test(size=SIZE) as pilot:
            table = await open_list(pilot, "v", VerificationScreen)
            assert app.screen.title == "Field verification"
            assert rows_of(table)[0][1] == "open"
            assert [str(c.label) for c in table.columns.values()][:3] == ["Mine", "State", "Due"]
    finally:
        set_language("zh")
