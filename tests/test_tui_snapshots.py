"""SVG snapshots at 80×24 of the home screen, the mine list and the zones screen (fixed data and day).

Update after an intended change of the look: `pytest tests/test_tui_snapshots.py --snapshot-update`,
then review the SVGs under tests/__snapshots__/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minetui.services.core.context import Context
from minetui.tui.app import MineApp
from tests.tui_helpers import build_district, settle


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The app on the small district; the database path is relative so the header is the same every run."""
    monkeypatch.chdir(tmp_path)
    ctx = Context.open(Path("minetui.db"), actor="tester", today=date(2025, 6, 15))
    build_district(ctx)
    yield MineApp(ctx)
    ctx.close()


@pytest.fixture
def empty_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    ctx = Context.open(Path("minetui.db"), actor="tester", today=date(2025, 6, 15))
    yield MineApp(ctx)
    ctx.close()


def test_home(snap_compare, app: MineApp) -> None:
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))


def test_home_empty_database(snap_compare, empty_app: MineApp) -> None:
    assert snap_compare(empty_app, run_before=settle, terminal_size=(80, 24))


def test_mines_list(snap_compare, app: MineApp) -> None:
    async def open_mines(pilot) -> None:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(app, run_before=open_mines, terminal_size=(80, 24))


def test_zones(snap_compare, app: MineApp) -> None:
    async def open_zones(pilot) -> None:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)

    assert snap_compare(app, run_before=open_zones, terminal_size=(80, 24))


def test_patrol_calendar_quarter(snap_compare, app: MineApp) -> None:
    """The calendar's quarter view (`p`, then `v`): per-office counts, duties coloured by state."""

    async def open_calendar(pilot) -> None:
        await settle(pilot)
        await pilot.press("p", "v")
        await settle(pilot)

    assert snap_compare(app, run_before=open_calendar, terminal_size=(80, 24))


def test_special_surveys(snap_compare, app: MineApp) -> None:
    """The special surveys (`u`): rounds per mine, 区局 ours and 省厅↗ theirs, state and due day."""

    async def open_surveys(pilot) -> None:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)

    assert snap_compare(app, run_before=open_surveys, terminal_size=(80, 24))


def test_leads_inbox(snap_compare, app: MineApp) -> None:
    """The leads screen (`l`, then `]` to 执法机构): inbox and outbox counts on the tabs, an overdue lead in red,
    a mine name that looks like markup shown as typed."""
    from minetui.services.mines.browse import find_mines
    from tests.lead_fixtures import draft, walk

    ids = {row.name: row.id for row in find_mines(app.ctx, "")}
    walk(app.ctx, draft(app.ctx, "R-LEAD-1", ids["甲煤矿"], description="实地核查发现越界开采"), "send")
    walk(app.ctx, draft(app.ctx, "R-LEAD-1", ids["[b]甲[/b]矿"], year=2024, description="去年的线索"), "send")
    walk(app.ctx, draft(app.ctx, "R-LEAD-2", ids["乙煤矿"], description="立案查处"), "send", "return")

    async def open_leads(pilot) -> None:
        await settle(pilot)
        await pilot.press("l", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(app, run_before=open_leads, terminal_size=(80, 24))
