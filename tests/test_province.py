"""The province-scale generator (issue 9): deterministic for a seed, written through the app's own tables, and a
database the app opens. Tested on a small scale factor (the same code path as the full 20,000 mines)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from minetui import cli
from minetui.services.core.context import Context
from minetui.services.demo import province
from minetui.services.demo.district import is_demo_database
from minetui.store import db

SMALL = province.SCALES["province"].factor(0.002)  # 40 mines, ~4,700 patrols


def build(path: Path, seed: int) -> dict[str, tuple[int, str]]:
    province.build_province(path, SMALL, seed=seed)
    conn = sqlite3.connect(path)
    try:
        return province.checksums(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, str]]]:
    path = tmp_path_factory.mktemp("province") / "a.db"
    return path, build(path, seed=7)


def test_the_same_seed_gives_identical_tables(first, tmp_path: Path) -> None:
    _path, sums = first
    assert build(tmp_path / "b.db", seed=7) == sums


def test_another_seed_gives_other_data_of_the_same_shape(first, tmp_path: Path) -> None:
    _path, sums = first
    other = build(tmp_path / "c.db", seed=8)
    assert other["mines"] != sums["mines"] and other["patrols"] != sums["patrols"]
    assert other["mines"][0] == sums["mines"][0] and other["offices"] == sums["offices"]


def test_every_table_of_the_issue_is_filled_in_proportion(first) -> None:
    _path, sums = first
    rows = {table: count for table, (count, _digest) in sums.items()}
    assert rows["mines"] == SMALL.mines == 40 and rows["offices"] == SMALL.offices
    assert rows["corners"] == 4 * SMALL.mines
    per_mine_months = SMALL.mines * 12 * SMALL.years
    assert 0.95 * per_mine_months < rows["patrols"] <= per_mine_months
    assert rows["leads"] == SMALL.leads and rows["patches"] == SMALL.patches
    assert rows["visits"] == SMALL.visits
    assert rows["findings"] == rows["patrol_items"] > 0
    assert rows["mine_status"] >= SMALL.mines and rows["zone_mines"] > 0
    levels = {r for (r,) in sqlite3.connect(_path).execute("SELECT DISTINCT level FROM zones")}
    assert levels == {"national", "provincial", "municipal", "district"}


def test_the_file_is_a_sound_current_demo_database(first) -> None:
    path, _sums = first
    assert is_demo_database(path)
    assert db.inspect_file(path) == ("ok", db.latest_version())
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT value FROM settings WHERE key = 'demo.scale'").fetchone()[0] == SMALL.name
        actions = [r[0] for r in conn.execute("SELECT action FROM audit")]
        assert actions == ["demo.generate"]
    finally:
        conn.close()


def test_services_read_the_generated_data(first) -> None:
    from minetui.services.patrols.duties import duty_rows
    from minetui.services.patrols.listing import count_patrols, page_patrols

    path, sums = first
    ctx = Context.open(path, today=province.PROVINCE_TODAY)
    try:
        assert count_patrols(ctx) == sums["patrols"][0]
        page = page_patrols(ctx, limit=10)
        assert len(page.rows) == 10 and page.more
        assert [r.patrol_date for r in page.rows] == sorted((r.patrol_date for r in page.rows), reverse=True)
        assert page.rows[0].patrol_date <= province.PROVINCE_TODAY.isoformat()
        assert duty_rows(ctx, province.LAST_YEAR)  # zone mines have duties in the last year
    finally:
        ctx.close()


def test_scale_factor_keeps_at_least_one_mine_and_office() -> None:
    tiny = province.SCALES["district"].factor(0.0001)
    assert (tiny.mines, tiny.offices) == (1, 1)


def test_demo_command_takes_scale_and_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--scale" in out and "province" in out and "--seed" in out
