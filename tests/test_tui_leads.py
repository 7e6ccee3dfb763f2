"""Leads in the app, driven by keys through Pilot: a section's inbox and outbox, a lead's detail and its steps,
closing with a list decision, returning with a reason, refusals, tip intake, the lists and the patches.

The world (today 2025-06-15): office SD; 甲煤矿 registered by the bureau, 丙煤矿 by the city bureau, and
[b]甲[/b]矿 whose name looks like markup. Leads, all sent:
- one: R-LEAD-1 矿管股 → 执法机构 about 甲煤矿;   ret: R-LEAD-1 矿管股 → 执法机构 about [b]甲[/b]矿;
- case: R-LEAD-2 执法机构 → 矿管股 about 甲煤矿;  city: R-LEAD-4 生态修复股 → 矿管股 about 丙煤矿.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static, Tab

from minetui import i18n
from minetui.config import Config
from minetui.domain.leads.leads import LeadState
from minetui.domain.leads.lists import ListDecision, ListKind
from minetui.domain.model import Section
from minetui.services.core.context import Context
from minetui.services.importing import import_file
from minetui.services.leads import leads, lists, tips
from minetui.tui.app import MineApp
from minetui.tui.screens.detail import MineDetailScreen
from minetui.tui.screens.lead_close import CloseDialog, answer_of
from minetui.tui.screens.lead_detail import LeadDetailScreen, _origin_lead_id
from minetui.tui.screens.leads import LeadsScreen, default_section
from minetui.tui.screens.lists import ListsScreen, RemoveDialog
from minetui.tui.screens.patches import PatchesScreen, patch_key
from minetui.tui.screens.tip_form import TipDialog, tip_input
from minetui.tui.widgets.choice import ChoiceField
from minetui.tui.widgets.dialogs import ConfirmDialog, TextDialog
from tests.factories import add_mine, add_office
from tests.lead_fixtures import draft, walk
from tests.tui_helpers import settle, sync

SIZE = (80, 24)


def plain(renderable: object) -> str:
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def shown(app: MineApp, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


def notes(app: MineApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def rows_of(app: MineApp, table_id: str) -> list[tuple[str, ...]]:
    table = app.screen.query_one(table_id, DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


@pytest.fixture
def world(ctx: Context) -> dict[str, int]:
    add_office(ctx)
    ids = {"a": add_mine(ctx, "C1404002009121120046101", "甲煤矿", holder="山西甲能源有限公司"),
           "c": add_mine(ctx, "C1404002009121120046103", "丙煤矿"),
           "e": add_mine(ctx, "C1404002009121120046105", "[b]甲[/b]矿")}
    ctx.conn.execute("UPDATE mines SET registered_by = 'city' WHERE id = ?", (ids["c"],))
    ids["one"] = draft(ctx, "R-LEAD-1", ids["a"], description="实地核查发现越界开采")
    ids["ret"] = draft(ctx, "R-LEAD-1", ids["e"], description="[red]越界[/red]")
    ids["case"] = draft(ctx, "R-LEAD-2", ids["a"], description="2025年立案查处：越界开采")
    ids["city"] = draft(ctx, "R-LEAD-4", ids["c"], description="修复不到位")
    for key in ("one", "ret", "case", "city"):
        walk(ctx, ids[key], "send")
    return ids


def app_for(ctx: Context, section: str = "") -> MineApp:
    if section:
        ctx = Context(conn=ctx.conn, db_path=ctx.db_path, actor=ctx.actor, today=ctx.today,
                      config=Config(section=section))
    return MineApp(ctx)


async def open_leads(pilot, *, forward: int = 0) -> LeadsScreen:
    """`l` from home, then `]` `forward` times (矿管股 → 执法机构 → 生态修复股 …)."""
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    for _ in range(forward):
        await pilot.press("right_square_bracket")
        await settle(pilot)
    assert isinstance(pilot.app.screen, LeadsScreen)
    return pilot.app.screen


async def open_lead(pilot, lead_id: int) -> LeadDetailScreen:
    screen = pilot.app.screen
    screen.query_one("#leads-rows", DataTable).move_cursor(row=[r.id for r in screen.rows].index(lead_id))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LeadDetailScreen) and pilot.app.screen.lead_id == lead_id
    return pilot.app.screen


def footer_keys(app: MineApp) -> set[str]:
    """The keys the footer shows on the current screen."""
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


# --- pure helpers -----------------------------------------------------------------------------------------------


def test_the_clerks_section_comes_from_the_config_by_key_or_word() -> None:
    assert default_section("enforcement") is Section.ENFORCEMENT
    assert default_section(" 生态修复股 ") is Section.RESTORATION
    assert default_section("") is Section.MINERAL and default_section("nonsense") is Section.MINERAL
    assert default_section("enforcement", Section.RESTORATION) is Section.RESTORATION  # the signed-in user's


def test_a_close_answer_needs_an_outcome_and_a_complete_list_decision() -> None:
    assert answer_of(" ", None, "", False)[0] is None
    assert answer_of("已办结", None, "", False)[0].outcome == "已办结"
    missing, why = answer_of("已立案", None, "", True)
    assert missing is None and "名录" in why
    assert answer_of("已立案", "not_listed", " ", True)[0] is None
    listed = answer_of("已立案", "serious", "", True)[0]
    assert (listed.decision, listed.kind) == (ListDecision.LISTED, ListKind.SERIOUS)
    not_listed = answer_of("已立案", "not_listed", "已整改", True)[0]
    assert (not_listed.decision, not_listed.kind, not_listed.reason) == (ListDecision.NOT_LISTED, None, "已整改")


def test_tip_values_are_checked_before_saving() -> None:
    values = {"reporter": "", "contact": "", "place": "某村", "licence": " ", "what": "夜间拉运", "happened": "",
              "received": ""}
    with pytest.raises(ValueError, match="类型"):
        tip_input(values, None, date(2025, 6, 15))
    tip = tip_input({**values, "happened": "2025年6月1日"}, "unlicensed", date(2025, 6, 15))
    assert (tip.received_on, tip.happened_on, tip.licence_no) == (date(2025, 6, 15), date(2025, 6, 1), None)
    with pytest.raises(ValueError, match="发生时间"):
        tip_input({**values, "happened": "昨天"}, "unlicensed", date(2025, 6, 15))


def test_origin_keys_are_read_back() -> None:
    class Row:
        rule, origin_key = "R-LIST-1", "list:3:abnormal:17"

    assert _origin_lead_id(Row()) == 17  # type: ignore[arg-type]
    Row.origin_key = "list:3:abnormal:2025-06-15"
    assert _origin_lead_id(Row()) is None  # type: ignore[arg-type]

    class Patch:
        origin_key = "patch:2025:140404-2025-2-001"

    assert patch_key(Patch()) == (2025, "140404-2025-2-001")  # type: ignore[arg-type]


# --- inbox and outbox -------------------------------------------------------------------------------------------


@sync
async def test_enforcement_inbox_receive_and_close(ctx: Context, world) -> None:
    app = app_for(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_leads(pilot, forward=1)
        assert "执法机构" in shown(app, "#leads-bar") and "收件箱" in shown(app, "#leads-bar")
        assert [r.id for r in screen.rows] == [world["one"], world["ret"]]
        assert rows_of(app, "#leads-rows")[0][:6] == (
            str(world["one"]), "已移送", "168", "2025-11-30", "甲煤矿", "矿管股 → 执法机构")
        assert "新 2" in app.screen.query_one("#in", Tab).label.plain
        detail = await open_lead(pilot, world["one"])
        assert footer_keys(app) >= {"r", "t"} and not footer_keys(app) & {"s", "h", "c"}
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert leads.get_lead(ctx, world["one"]).state is LeadState.RECEIVED
        assert footer_keys(app) >= {"h", "t", "c"} and "r" not in footer_keys(app)
        assert "已接收" in shown(app, "#lead-content")
        await pilot.press("c")
        await settle(pilot)
        # A lead enforcement received may close with a list decision (optional): the "done when".
        assert isinstance(app.screen, CloseDialog) and app.screen.query(ChoiceField)
        await pilot.press(*"已立案查处", "enter", "1", "f2")
        await settle(pilot)
        lead = leads.get_lead(ctx, world["one"])
        assert (lead.state, lead.outcome, lead.closed_on) == (LeadState.CLOSED, "已立案查处", date(2025, 6, 15))
        assert lead.list_decision is ListDecision.LISTED
        assert [e.lead_id for e in lists.entries(ctx, kind=ListKind.ABNORMAL)] == [world["one"]]
        page = shown(app, "#lead-content")
        assert "已办结" in page and "已立案查处" in page and "接收" in page and "tester" in page
        assert not footer_keys(app) & {"s", "r", "h", "t", "c"}
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeadsScreen) and detail is not app.screen
        assert rows_of(app, "#leads-rows")[0][1:3] == ("已办结", "")
        assert "新 1" in app.screen.query_one("#in", Tab).label.plain


@sync
async def test_close_with_a_list_decision_and_see_it_on_the_list(ctx: Context, world) -> None:
    app = app_for(ctx, "矿管股")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_leads(pilot)
        assert [r.id for r in screen.rows] == [world["case"], world["city"]]
        await open_lead(pilot, world["case"])
        await pilot.press("r", "y")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CloseDialog) and not dialog.query("#close-warning")
        await pilot.press(*"已立案查处", "enter")  # on to the decision
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog and "名录" in shown(app, "#close-problem")  # no decision yet: refused
        dialog.query_one("#close-decision", ChoiceField).focus()
        await pilot.press("1", "tab", *"越界开采拒不整改", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen), notes(app)
        lead = leads.get_lead(ctx, world["case"])
        assert lead.state is LeadState.CLOSED and lead.list_decision is ListDecision.LISTED
        assert "名录记录" in shown(app, "#lead-content") and "越界开采拒不整改" in shown(app, "#lead-content")
        assert "已记录名录条目" in notes(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        rows = rows_of(app, "#entries")
        assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
            ("异常名录", "2025-06-15", "山西甲能源有限公司", "越界开采拒不整改")]
        await pilot.press("enter")  # the entry's lead
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen) and app.screen.lead_id == world["case"]


@sync
async def test_a_right_registered_elsewhere_is_forwarded_and_the_forward_shown(ctx: Context, world) -> None:
    app = app_for(ctx, "mineral")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        await open_lead(pilot, world["city"])
        assert "市局" in shown(app, "#lead-content")  # the right's registrar
        await pilot.press("r", "y")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "登记机关" in shown(app, "#close-warning")
        await pilot.press(*"修复不到位", "enter", "2", "tab", "enter")
        await settle(pilot)
        forwarded = app.screen
        assert isinstance(forwarded, LeadDetailScreen) and forwarded.lead_id != world["city"]
        row = leads.get_lead(ctx, forwarded.lead_id)
        assert (row.rule, row.to_section, row.state) == ("R-LIST-1", Section.CITY, LeadState.DRAFT)
        assert f"由线索 {world['city']} 办结时转出" in shown(app, "#lead-content")
        assert lists.entries(ctx) == []
        await pilot.press("escape")
        await settle(pilot)
        assert f"改为向市局移送线索 {forwarded.lead_id}" in shown(app, "#lead-content")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen) and app.screen.lead_id == forwarded.lead_id


@sync
async def test_return_with_a_reason_and_see_it_returned_in_the_senders_outbox(ctx: Context, world) -> None:
    app = app_for(ctx, "enforcement")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        assert rows_of(app, "#leads-rows")[1][4] == "[b]甲[/b]矿"  # shown as typed, never as markup
        await open_lead(pilot, world["ret"])
        assert "[red]越界[/red]" in shown(app, "#lead-content")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # a reason is required
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"材料不全", "enter")
        await settle(pilot)
        lead = leads.get_lead(ctx, world["ret"])
        assert (lead.state, lead.return_reason) == (LeadState.RETURNED, "材料不全")
        assert "材料不全" in shown(app, "#lead-content")
        await pilot.press("escape", "left_square_bracket", "i")  # 矿管股's outbox
        await settle(pilot)
        assert "矿管股" in shown(app, "#leads-bar") and "发件箱" in shown(app, "#leads-bar")
        returned = [r for r in rows_of(app, "#leads-rows") if r[0] == str(world["ret"])]
        assert returned and returned[0][1] == "已退回"
        assert "退回 1" in app.screen.query_one("#out", Tab).label.plain
        await pilot.press("f", "f", "f", "f", "f", "f")  # state filter: … 已退回
        assert [r[0] for r in rows_of(app, "#leads-rows")] == [str(world["ret"])]
        assert "已退回" in shown(app, "#leads-bar")


@sync
async def test_refusals_show_their_message(ctx: Context, world) -> None:
    app = app_for(ctx, "enforcement")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        await open_lead(pilot, world["one"])
        leads.receive(ctx, world["one"])  # another clerk, behind the screen's back
        await pilot.press("t", *"不属实", "enter")
        await settle(pilot)
        assert f"线索 {world['one']} 已被他人修改" in notes(app), notes(app)
        assert leads.get_lead(ctx, world["one"]).state is LeadState.RECEIVED  # nothing written
        assert "已接收" in shown(app, "#lead-content")  # the page was read again
        await pilot.press("s")  # not a step the state machine allows now: says why, does not go home
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen)
        assert "处于“已接收”状态的线索不能移送" in notes(app), notes(app)


@sync
async def test_the_filters_overdue_only_and_the_section_picker(ctx: Context, world) -> None:
    late = draft(ctx, "R-LEAD-1", world["a"], year=2024, description="去年的线索")
    walk(ctx, late, "send")
    app = app_for(ctx, "enforcement")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_leads(pilot)
        assert [r.id for r in screen.rows] == [late, world["one"], world["ret"]]
        assert "逾期 1" in app.screen.query_one("#in", Tab).label.plain
        await pilot.press("o")
        assert [r.id for r in screen.rows] == [late] and "仅逾期" in shown(app, "#leads-bar")
        await pilot.press("o", "c")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # 执法机构 → … → 工作专班
        await settle(pilot)
        assert screen.current_desk().section is Section.TASK_FORCE and screen.rows == []
        assert "尚无移送给工作专班的线索" in shown(app, "#leads-empty")


# --- tips -------------------------------------------------------------------------------------------------------


@sync
async def test_tip_intake_creates_the_tip_and_opens_its_lead(ctx: Context, world) -> None:
    app = app_for(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TipDialog) and dialog.query_one("#tip-received", Input).value == "2025-06-15"
        await pilot.press(*"王某", "enter", *"13800000000", "enter", *"西池乡某村后山", "enter", "enter")
        await pilot.press("f2")  # no kind yet
        await settle(pilot)
        assert app.screen is dialog and "类型" in notes(app)
        dialog.query_one("#tip-kind", Select).value = "unlicensed"
        dialog.query_one("#tip-what", Input).focus()
        await pilot.press(*"夜间有车辆拉运石料", "enter", *"2025-06-14", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen), notes(app)
        lead = leads.get_lead(ctx, app.screen.lead_id)
        assert (lead.source.value, lead.from_section, lead.to_section, lead.location, lead.state) == (
            "tip", Section.TASK_FORCE, Section.ENFORCEMENT, "西池乡某村后山", LeadState.DRAFT)
        page = shown(app, "#lead-content")
        assert "夜间有车辆拉运石料" in page and "13800000000" not in page and "王某" not in page
        tip = tips.tip_detail(ctx, int(lead.origin_key.split(":")[1]))
        assert (tip.reporter, tip.contact, tip.happened_on) == ("王某", "13800000000", date(2025, 6, 14))
        assert footer_keys(app) >= {"s"}


@sync
async def test_a_refused_tip_keeps_the_dialog_and_what_was_typed(ctx: Context, world) -> None:
    app = app_for(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#tip-kind", Select).value = "eco_damage"
        dialog.query_one("#tip-licence", Input).value = "C9999"
        dialog.query_one("#tip-what", Input).value = "山体破坏"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog and "C9999" in notes(app)
        assert dialog.query_one("#tip-what", Input).value == "山体破坏"
        assert tips.tip_rows(ctx) == []


# --- lists, patches, the mine ----------------------------------------------------------------------------------


@sync
async def test_lists_screen_filters_and_removes_an_entry(ctx: Context, world) -> None:
    kept = lists.add_entry(ctx, world["a"], ListKind.SERIOUS, "越界开采拒不整改", date_in=date(2022, 6, 1)).entry_id
    lists.add_entry(ctx, world["e"], ListKind.ABNORMAL, "未按期公示信息")
    app = app_for(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_leads(pilot)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ListsScreen) and len(screen.rows) == 2
        assert "1 条应复核" in shown(app, "#lists-bar")
        await pilot.press("f")  # due for review: the serious entry after its 3 years
        assert [r.id for r in screen.rows] == [kept] and rows_of(app, "#entries")[0][2] == "2025-06-01"
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, RemoveDialog)
        await pilot.press("enter", "enter")  # the reason is required
        assert isinstance(app.screen, RemoveDialog)
        app.screen.query_one("#remove-reason", Input).value = "已整改到位"
        app.screen.query_one("#remove-date", Input).value = "2025/6/10"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen), notes(app)
        removed = lists.entries(ctx, current_only=False, kind=ListKind.SERIOUS)[0]
        assert (removed.date_out, removed.out_reason) == (date(2025, 6, 10), "已整改到位")
        assert screen.rows == [] and "没有记录" in shown(app, "#lists-empty")
        await pilot.press("f")  # removed
        assert [r.id for r in screen.rows] == [kept] and rows_of(app, "#entries")[0][3] == "2025-06-10"
        await pilot.press("f", "t")  # all entries, the abnormal list only
        assert [r.kind for r in screen.rows] == [ListKind.ABNORMAL]
        assert rows_of(app, "#entries")[0][4] == "[b]甲[/b]矿有限公司"
        await pilot.press("enter")  # no lead: the mine
        await settle(pilot)
        assert isinstance(app.screen, MineDetailScreen) and app.screen.mine_id == world["e"]


@sync
async def test_patches_screen_links_flags_and_opens_the_lead(ctx: Context, world, tmp_path: Path) -> None:
    path = tmp_path / "patches.csv"
    path.write_text("年度,批次,图斑编号,中心点X,中心点Y,面积（亩）,合法性判定,处置方式,理由,破坏林草\n"
                    "2025,2,P-001,3980500,38410500,2.5,违法,立案,,是\n"
                    "2025,2,P-002,3990000,38420000,4.1,违法,立案,,否\n"
                    "2024,4,P-900,3980500,38410500,1.0,合法,,,否\n", encoding="utf-8")
    import_file(ctx, "patches", path)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_leads(pilot)
        await pilot.press("W")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PatchesScreen) and screen.year == 2025
        rows = rows_of(app, "#patches")
        assert [r[1:6] for r in rows] == [("P-001", "违法", "立案", "甲煤矿", "是"),
                                          ("P-002", "违法", "立案", "无证？", "")]
        assert rows[0][6].endswith("草稿") and rows[1][6] == ""
        assert "1 个不在任何许可证范围内" in shown(app, "#patches-bar")
        await pilot.press("u")
        assert [r.patch_no for r in screen.rows] == ["P-002"]
        await pilot.press("u", "left_square_bracket")
        assert [r.patch_no for r in screen.rows] == ["P-900"]
        await pilot.press("right_square_bracket", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LeadDetailScreen)
        assert leads.get_lead(ctx, app.screen.lead_id).rule == "R-LEAD-6"


@sync
async def test_the_mine_detail_lists_its_leads_and_entries(ctx: Context, world) -> None:
    lists.add_entry(ctx, world["a"], ListKind.ABNORMAL, "未按期公示信息")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_mine(world["a"])
        await settle(pilot)
        section = shown(app, "#detail-leads")
        assert "线索" in section and "实地核查发现越界开采" in section and "2025年立案查处" in section
        assert "异常名录" in section and "未按期公示信息" in section and "修复不到位" not in section


@sync
async def test_in_english(ctx: Context, world) -> None:
    i18n.set_language("en")
    app = app_for(ctx, "enforcement")
    async with app.run_test(size=SIZE) as pilot:
        await open_leads(pilot)
        assert "Enforcement" in shown(app, "#leads-bar") and "inbox" in shown(app, "#leads-bar")
        assert "new 2" in app.screen.query_one("#in", Tab).label.plain
        assert rows_of(app, "#leads-rows")[0][5] == "Mineral Management → Enforcement"
        await open_lead(pilot, world["one"])
        assert "Sender" in shown(app, "#lead-content") and "sent" in shown(app, "#lead-content")
