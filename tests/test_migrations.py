"""Upgrades never break data: every earlier schema migrates to what schema.sql creates, with a backup first;
a file from a newer minetui is refused untouched.

tests/schemas/v1.sql is the frozen first schema, and tests/schemas/migrations.sha256 the SHA-256 of every
released migration: the schema of version N is v1 plus migrations 2…N, which can never change once released
(a test holds each file to its recorded hash). Adding migration N means: write store/migrations/NNNN_name.sql,
change schema.sql the same way, and add its line to migrations.sha256 (`sha256sum NNNN_name.sql`).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from minetui import cli, errors, resources
from minetui.store import db

SNAPSHOTS = Path(__file__).resolve().parent / "schemas"


def structure(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns and foreign keys, indexes with their columns, triggers and views."""
    found: dict[str, object] = {}
    objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                           " ORDER BY type, name").fetchall()
    for kind, name, table in objects:
        if kind == "table":
            columns = sorted(tuple(r)[1:6] for r in conn.execute(f"PRAGMA table_xinfo('{name}')"))
            keys = sorted(tuple(r)[2:5] for r in conn.execute(f"PRAGMA foreign_key_list('{name}')"))
            found[f"table {name}"] = (columns, keys)
        elif kind == "index":
            unique = next((r[2] for r in conn.execute(f"PRAGMA index_list('{table}')") if r[1] == name), None)
            found[f"index {name}"] = (table, unique, [r[2] for r in conn.execute(f"PRAGMA index_info('{name}')")])
        else:
            found[f"{kind} {name}"] = table
    return found


def fresh_structure(tmp_path: Path) -> dict[str, object]:
    conn = db.connect(tmp_path / "fresh.db")
    try:
        assert db.user_version(conn) == db.latest_version()
        return structure(conn)
    finally:
        conn.close()


def database_at(path: Path, schema: str, version: int) -> Path:
    """A file as minetui `version` left it: its schema, a row or two, and its user_version."""
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    conn.execute("INSERT INTO offices (code, name) VALUES ('SD01', '韩店自然资源所')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


MIGRATIONS = Path(db.__file__).resolve().parent / "migrations"


def released() -> dict[str, str]:
    """{file name: SHA-256} of the released migrations."""
    lines = (SNAPSHOTS / "migrations.sha256").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def schema_at(version: int) -> str:
    """The schema a file of `version` has: the frozen v1 plus the migrations 2…version."""
    steps = resources.migration_files()
    return "\n".join([(SNAPSHOTS / "v1.sql").read_text(encoding="utf-8"), *(steps[v] for v in range(2, version + 1))])


def test_released_migrations_never_change_and_every_migration_is_recorded() -> None:
    files = sorted(p.name for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    recorded = released()
    assert sorted(recorded) == files, (
        "every migration needs its line in tests/schemas/migrations.sha256 (sha256sum NNNN_name.sql)")
    for name in files:
        digest = hashlib.sha256((MIGRATIONS / name).read_bytes()).hexdigest()
        assert digest == recorded[name], f"{name} was changed after its release: add a new migration instead"


def test_the_latest_version_built_step_by_step_equals_schema_sql(tmp_path: Path) -> None:
    latest = db.latest_version()
    stepped = database_at(tmp_path / "stepped.db", schema_at(latest), latest)
    conn = sqlite3.connect(stepped)
    try:
        assert structure(conn) == fresh_structure(tmp_path), (
            "schema.sql differs from v1 + the migrations: change both the same way")
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(1, db.latest_version()))
def test_each_earlier_version_migrates_to_the_current_schema(tmp_path: Path, version: int) -> None:
    path = database_at(tmp_path / "old.db", schema_at(version), version)
    conn = db.connect(path)
    try:
        assert db.user_version(conn) == db.latest_version()
        assert structure(conn) == fresh_structure(tmp_path)
        assert conn.execute("SELECT name FROM offices WHERE code = 'SD01'").fetchone()[0] == "韩店自然资源所"
    finally:
        conn.close()
    assert list(tmp_path.glob(f"old.v{version}-*.bak.db"))


def test_an_empty_file_gets_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    conn = db.connect(path)
    try:
        assert structure(conn) == fresh_structure(tmp_path)
    finally:
        conn.close()


@pytest.fixture
def current_db(tmp_path: Path) -> Path:
    path = database_at(tmp_path / "minetui.db", db.schema_sql(), db.latest_version())
    return path


def with_extra_migration(monkeypatch: pytest.MonkeyPatch, sql: str) -> int:
    """Pretend the next release adds migration `sql`; returns its version."""
    steps = resources.migration_files()
    new = max(steps) + 1
    monkeypatch.setattr(resources, "migration_files", lambda: {**steps, new: sql})
    return new


def test_a_migration_backs_up_first_then_upgrades(current_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = db.latest_version()
    new = with_extra_migration(monkeypatch, "CREATE TABLE throwaway (id INTEGER PRIMARY KEY);\n"
                                            "INSERT INTO throwaway (id) VALUES (1);")
    conn = db.connect(current_db)
    try:
        assert db.user_version(conn) == new
        assert conn.execute("SELECT count(*) FROM throwaway").fetchone()[0] == 1
    finally:
        conn.close()
    (backup,) = current_db.parent.glob(f"minetui.v{old}-*.bak.db")
    assert backup.stat().st_mode & 0o777 == 0o600 or os.name == "nt"
    saved = sqlite3.connect(backup)
    try:
        assert saved.execute("PRAGMA user_version").fetchone()[0] == old
        assert saved.execute("SELECT count(*) FROM sqlite_master WHERE name = 'throwaway'").fetchone()[0] == 0
        assert saved.execute("SELECT name FROM offices").fetchone()[0] == "韩店自然资源所"
    finally:
        saved.close()


def test_a_failing_migration_changes_nothing(current_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = db.latest_version()
    with_extra_migration(monkeypatch, "CREATE TABLE half_done (id INTEGER);\nTHIS IS NOT SQL;")
    with pytest.raises(sqlite3.OperationalError):
        db.connect(current_db)
    conn = sqlite3.connect(current_db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    finally:
        conn.close()
    assert list(current_db.parent.glob(f"minetui.v{old}-*.bak.db"))


def test_a_database_from_a_newer_minetui_is_refused(current_db: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(current_db.parent / "config"))
    conn = sqlite3.connect(current_db)
    conn.execute("PRAGMA journal_mode = WAL")  # as minetui leaves its files
    conn.execute(f"PRAGMA user_version = {db.latest_version() + 1}")
    conn.close()
    before = current_db.read_bytes()
    with pytest.raises(errors.DatabaseTooNew):
        db.connect(current_db)
    assert cli.main(["--db", str(current_db), "init"]) == 2
    assert "newer" in capsys.readouterr().err
    assert current_db.read_bytes() == before
    assert not list(current_db.parent.glob("*.bak.db"))
