"""Daily backups, network shares, `minetui check` on a damaged file, and `check --evidence` re-hashing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from minetui import cli
from minetui.config import Config, ConfigError, load_config
from minetui.services.core import maintenance
from minetui.services.core.context import Context
from minetui.services.patrols.patrols import EvidenceInput, record_patrol
from minetui.services.reporting.check import check_evidence
from minetui.store import db
from minetui.tui.app import MineApp
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, good_record
from tests.tui_helpers import settle, sync

# --- config ---------------------------------------------------------------------------------------------------


def test_safety_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("busy_timeout_ms = 250\ndaily_backup = false\nbackup_keep = 3\n", encoding="utf-8")
    config = load_config(path)
    assert (config.busy_timeout_ms, config.daily_backup, config.backup_keep) == (250, False, 3)
    assert (Config().busy_timeout_ms, Config().daily_backup, Config().backup_keep) == (5000, True, 14)
    for bad in ("daily_backup = 1", "busy_timeout_ms = true", "backup_keep = 0", "busy_timeout_ms = -5"):
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=bad.split()[0]):
            load_config(path)


# --- daily backups --------------------------------------------------------------------------------------------


def test_the_first_start_of_a_day_backs_up_once(ctx: Context) -> None:
    first = maintenance.daily_backup(ctx, date(2025, 6, 15))
    assert first == ctx.db_path.parent / "backups" / "minetui-daily-2025-06-15.db"
    assert maintenance.verify_backup(first).sha256
    assert maintenance.daily_backup(ctx, date(2025, 6, 15)) is None  # the second start that day
    assert maintenance.daily_backup(ctx, date(2025, 6, 16)) is not None


def test_only_the_last_n_daily_backups_are_kept(ctx: Context) -> None:
    ctx.config = Config(backup_keep=3)
    manual = maintenance.backup(ctx)
    for day in range(1, 7):
        maintenance.daily_backup(ctx, date(2025, 6, day))
    kept = maintenance.daily_backups(ctx.db_path)
    assert [p.name for p in kept] == [f"minetui-daily-2025-06-0{d}.db" for d in (4, 5, 6)]
    assert all(maintenance.hash_file_for(p).exists() for p in kept)
    assert not (kept[0].parent / "minetui-daily-2025-06-01.db.sha256").exists()
    assert manual.exists()  # a backup the clerk made is never pruned


def test_daily_backup_can_be_switched_off(ctx: Context) -> None:
    ctx.config = Config(daily_backup=False)
    assert maintenance.daily_backup(ctx, date(2025, 6, 15)) is None
    assert not (ctx.db_path.parent / "backups").exists()


@sync
async def test_the_app_backs_up_on_start_off_the_ui_thread(ctx: Context) -> None:
    app = MineApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    written = maintenance.daily_backups(ctx.db_path)
    assert len(written) == 1 and maintenance.verify_backup(written[0])


# --- network shares -------------------------------------------------------------------------------------------


def fake_mounts(tmp_path: Path, share: Path, fstype: str = "nfs4") -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        f"server:/export {share} {fstype} rw,relatime 0 0\n"
        f"/dev/sdb1 {share}/local ext4 rw 0 0\n", encoding="utf-8")
    return mounts


def test_network_paths_are_recognised_from_the_mounts_list(tmp_path: Path) -> None:
    share = tmp_path / "share"
    mounts = fake_mounts(tmp_path, share)
    assert db.is_network_path(share / "minetui.db", mounts)
    assert db.is_network_path(share, mounts)
    assert not db.is_network_path(share / "local" / "minetui.db", mounts)  # a local disk mounted inside it
    assert not db.is_network_path(tmp_path / "share-other" / "minetui.db", mounts)  # a prefix, not a parent
    assert not db.is_network_path(tmp_path / "minetui.db", mounts)
    assert db.is_network_path(Path("//server/share/minetui.db"), mounts)
    assert not db.is_network_path(share / "x.db", fake_mounts(tmp_path, share, "ext4"))
    assert db.is_network_path(share / "x.db", fake_mounts(tmp_path, share, "cifs"))
    assert not db.is_network_path(share / "x.db", tmp_path / "no-such-mounts")


@pytest.fixture
def on_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(db, "MOUNTS_FILE", fake_mounts(tmp_path, share))
    return share / "minetui.db"


def test_no_wal_on_a_network_share(on_share: Path, tmp_path: Path) -> None:
    conn = db.connect(on_share)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not on_share.with_name("minetui.db-wal").exists()
    local = db.connect(tmp_path / "local.db")
    try:
        assert local.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        local.close()


def test_the_cli_warns_about_a_network_share(on_share: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(on_share), "--lang", "en", "check"]) == 0
    err = capsys.readouterr().err
    assert "network share" in err and str(on_share) in err


@sync
async def test_the_app_warns_about_a_network_share(on_share: Path) -> None:
    ctx = Context.open(on_share, actor="tester", today=date(2025, 6, 15))
    try:
        app = MineApp(ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = " ".join(str(n.message) for n in app._notifications)
            assert str(on_share) in shown
    finally:
        ctx.close()


# --- check: integrity and foreign keys ------------------------------------------------------------------------


def test_check_names_a_broken_reference(ctx: Context, capsys: pytest.CaptureFixture[str]) -> None:
    add_office(ctx)
    add_mine(ctx, "C1404002009121120046101", "甲煤矿")
    raw = sqlite3.connect(ctx.db_path, isolation_level=None)  # behind the app's back, foreign keys off
    raw.execute("UPDATE mines SET office_code = 'GONE'")
    raw.close()
    code = cli.main(["--db", str(ctx.db_path), "check", "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 2 and "foreign_key" in out and "mines rowid 1" in out


def test_check_names_a_damaged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "damaged.db"
    ctx = Context.open(path, actor="tester")
    add_office(ctx)
    for i in range(300):
        add_mine(ctx, f"C14040020091211{i:08d}", f"煤矿{i}", corners=[])
    ctx.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = ctx.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'mines_name'").fetchone()[0]
    page = ctx.conn.execute("PRAGMA page_size").fetchone()[0]
    ctx.close()
    with open(path, "r+b") as handle:  # scribble over the name index's root page
        handle.seek((root - 1) * page + 8)
        handle.write(b"\xff" * 64)
    code = cli.main(["--db", str(path), "check", "--format", "csv"])
    captured = capsys.readouterr()
    assert code == 2 and "integrity" in captured.out, captured.err


# --- check --evidence -----------------------------------------------------------------------------------------


@pytest.fixture
def with_evidence(ctx: Context, tmp_path: Path) -> dict[str, Path]:
    add_office(ctx)
    mine_id = add_mine(ctx, "C1404002009121120046101", "甲煤矿")
    add_zone(ctx, 2025, [mine_id])
    folder = tmp_path / "field"
    folder.mkdir()
    (folder / "route.gpx").write_bytes(b"<gpx>track</gpx>")
    (folder / "现场.jpg").write_bytes(b"\xff\xd8photo")
    record_patrol(ctx, mine_id, good_record(photos=["现场.jpg"]), evidence=[
        EvidenceInput(folder / "route.gpx", "route"), EvidenceInput(folder / "现场.jpg", "photo")])
    store = ctx.db_path.with_name("minetui.evidence")
    return {p.suffix: p for p in store.rglob("*") if p.is_file()}


def test_a_sound_evidence_store_passes(ctx: Context, with_evidence: dict[str, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert check_evidence(ctx) == []
    assert cli.main(["--db", str(ctx.db_path), "check", "--evidence"]) == 0


def test_check_evidence_names_changed_and_missing_files(ctx: Context, with_evidence: dict[str, Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with_evidence[".jpg"].write_bytes(b"\xff\xd8edited")
    with_evidence[".gpx"].unlink()
    problems = {p.code: p for p in check_evidence(ctx)}
    assert set(problems) == {"evidence_changed", "evidence_missing"}
    assert "现场.jpg" in problems["evidence_changed"].message
    assert "route.gpx" in problems["evidence_missing"].message
    assert problems["evidence_missing"].licence_no == "C1404002009121120046101"
    code = cli.main(["--db", str(ctx.db_path), "check", "--evidence", "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 2 and "evidence_changed" in out and "evidence_missing" in out
    assert cli.main(["--db", str(ctx.db_path), "check"]) == 0  # without --evidence the files are not read
