"""Crashes and clashes between real processes on one SQLite file (issue 8 acceptance figures).

Crash: `minetui import mines BIG.csv` (5,000 mines) is killed at seeded random moments; every time the file
opens, passes integrity_check, holds the whole batch or none of it, and its audit chain verifies.
Clash: two writers at once both succeed in turn; a writer that waits past the busy timeout is told plainly.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import minetui
from minetui import errors
from minetui.config import Config
from minetui.services.core.context import Context
from minetui.services.importing import import_file
from minetui.store import audit, db

SOURCE_ROOT = Path(minetui.__file__).resolve().parents[1]
HEADER = "licence_no,name,holder,minerals,method,status,office,valid_from,valid_to\n"


def mines_csv(path: Path, start: int, count: int) -> Path:
    rows = (f"C14040020091211{i:08d},煤矿{i},公司{i},煤,地下,在产,SD,2019-03-17,2029-03-17\n"
            for i in range(start, start + count))
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def environment(tmp_path: Path, config: str = "") -> dict[str, str]:
    """The child's environment: this source tree, and a config dir of its own (with `config` as config.toml)."""
    home = tmp_path / "config-home"
    (home / "minetui").mkdir(parents=True, exist_ok=True)
    (home / "minetui" / "config.toml").write_text(config, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(SOURCE_ROOT), "XDG_CONFIG_HOME": str(home)}


def minetui_cmd(db_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "minetui", "--db", str(db_path), "--today", "2025-06-15", *args]


@pytest.fixture
def base_db(tmp_path: Path) -> Path:
    """A database holding one office, closed (checkpointed) so that it can be copied as a file."""
    path = tmp_path / "base.db"
    (tmp_path / "offices.csv").write_text("code,name,towns\nSD,苏店自然资源所,苏店镇\n", encoding="utf-8")
    ctx = Context.open(path, actor="tester", today=date(2025, 6, 15))
    try:
        import_file(ctx, "offices", tmp_path / "offices.csv")
    finally:
        ctx.close()
    return path


def fresh_copy(base: Path, target: Path) -> Path:
    shutil.copyfile(base, target)
    return target


def state_of(path: Path) -> tuple[str, int, int, int, int | None]:
    """(integrity_check, mines, status rows, audit rows, first broken audit row) of the file, opened as the app
    opens it (so that a hot journal is rolled back first)."""
    conn = db.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        mines = conn.execute("SELECT count(*) FROM mines").fetchone()[0]
        statuses = conn.execute("SELECT count(*) FROM mine_status").fetchone()[0]
        return integrity, mines, statuses, audit.count(conn), audit.first_broken_row(conn)
    finally:
        conn.close()


def test_an_import_killed_at_any_moment_leaves_all_or_nothing(tmp_path: Path, base_db: Path) -> None:
    big = mines_csv(tmp_path / "BIG.csv", 0, 5000)
    env = environment(tmp_path)
    base_audit = state_of(base_db)[3]

    reference = fresh_copy(base_db, tmp_path / "full.db")
    started = time.monotonic()
    done = subprocess.run(minetui_cmd(reference, "import", "mines", str(big)), env=env, capture_output=True,
                          text=True, timeout=120)
    full_run = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert state_of(reference) == ("ok", 5000, 5000, base_audit + 5000, None)

    chance = random.Random(20250615)
    killed = 0
    for attempt in range(12):
        target = fresh_copy(base_db, tmp_path / f"run{attempt}.db")
        child = subprocess.Popen(minetui_cmd(target, "import", "mines", str(big)), env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 1.0) * full_run)
        killed += child.poll() is None
        child.kill()
        child.wait(timeout=30)
        integrity, mines, statuses, audit_rows, broken = state_of(target)
        assert integrity == "ok", attempt
        assert broken is None, attempt
        assert (mines, statuses, audit_rows) in {(0, 0, base_audit), (5000, 5000, base_audit + 5000)}, attempt
    assert killed >= 6  # most kills landed while the import was still running


def test_two_imports_at_once_both_land_in_turn(tmp_path: Path, base_db: Path) -> None:
    target = fresh_copy(base_db, tmp_path / "shared.db")
    files = [mines_csv(tmp_path / "a.csv", 0, 400), mines_csv(tmp_path / "b.csv", 1000, 400)]
    env = environment(tmp_path)
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # both children start and queue behind this lock, then take turns
    children = [subprocess.Popen(minetui_cmd(target, "import", "mines", str(f)), env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files]
    time.sleep(0.5)
    holder.execute("COMMIT")
    holder.close()
    results = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    integrity, mines, statuses, _audit_rows, broken = state_of(target)
    assert (integrity, mines, statuses, broken) == ("ok", 800, 800, None)


PATROL_SCRIPT = """
import sys
from datetime import date
from minetui.services.core.context import Context
from minetui.services.patrols.patrols import record_patrol
from tests.patrol_fixtures import good_record

ctx = Context.open(sys.argv[1], actor=sys.argv[2], today=date(2025, 6, 15))
try:
    for day in (2, 6, 10):
        record_patrol(ctx, int(sys.argv[3]), good_record(date(2025, 6, day), inspectors=[sys.argv[2]]))
finally:
    ctx.close()
"""


def test_two_clerks_recording_patrols_at_once_lose_nothing(tmp_path: Path) -> None:
    from tests.factories import add_mine, add_office
    from tests.patrol_fixtures import add_zone

    path = tmp_path / "patrols.db"
    ctx = Context.open(path, actor="tester", today=date(2025, 6, 15))
    try:
        add_office(ctx)
        mine_id = add_mine(ctx, "C1404002009121120046101", "甲煤矿")
        add_zone(ctx, 2025, [mine_id])
    finally:
        ctx.close()
    env = environment(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    children = [subprocess.Popen([sys.executable, "-c", PATROL_SCRIPT, str(path), clerk, str(mine_id)], env=env,
                                 cwd=SOURCE_ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for clerk in ("张三", "李四")]
    time.sleep(0.5)
    holder.execute("COMMIT")
    holder.close()
    results = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    conn = db.connect(path)
    try:
        by_clerk = dict(conn.execute("SELECT created_by, count(*) FROM patrols GROUP BY created_by").fetchall())
        assert audit.first_broken_row(conn) is None
    finally:
        conn.close()
    assert by_clerk == {"张三": 3, "李四": 3}


def test_a_writer_waiting_past_the_busy_timeout_is_told_the_database_is_busy(tmp_path: Path,
                                                                               base_db: Path) -> None:
    target = fresh_copy(base_db, tmp_path / "busy.db")
    small = mines_csv(tmp_path / "small.csv", 0, 5)
    env = environment(tmp_path, "busy_timeout_ms = 300\n")
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        done = subprocess.run(minetui_cmd(target, "import", "mines", str(small)), env=env, capture_output=True,
                              text=True, timeout=60)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2
    assert "the database is busy" in done.stderr and "Traceback" not in done.stderr
    assert waited < 4.5  # the configured 300 ms, not the default 5 s
    assert state_of(target)[1] == 0


def test_the_busy_timeout_comes_from_the_config(tmp_path: Path, base_db: Path) -> None:
    target = fresh_copy(base_db, tmp_path / "busy.db")
    ctx = Context.open(target, actor="tester", config=Config(busy_timeout_ms=150))
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert ctx.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 150
        started = time.monotonic()
        with pytest.raises(errors.DatabaseBusy), db.write(ctx.conn):
            pass
        assert 0.1 <= time.monotonic() - started < 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        ctx.close()
