"""`minetui demo`: the demo district built from the seeds through the real importer, into demo.db only."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from minetui import cli, paths, resources
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.demo import district as demo
from minetui.store import audit, settings


def seed_rows(name: str) -> list[dict[str, str]]:
    text = resources.seed_text(f"{name}.csv")
    return list(csv.DictReader(text.splitlines()))


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


def test_the_demo_holds_every_seed_row(demo_db: Path) -> None:
    assert count(demo_db, "SELECT count(*) FROM offices") == len(seed_rows("offices")) == 7
    assert count(demo_db, "SELECT count(*) FROM mines") == len(seed_rows("mines")) == 60
    assert count(demo_db, "SELECT count(*) FROM corners") == len(seed_rows("corners"))
    assert count(demo_db, "SELECT count(*) FROM mine_status") == len(seed_rows("status"))
    assert count(demo_db, "SELECT count(*) FROM zone_mines") == len(seed_rows("zones"))
    assert count(demo_db, "SELECT count(DISTINCT year || level) FROM zones") == 12  # 3 years × 4 levels
    assert count(demo_db, "SELECT count(*) FROM staff") == len(seed_rows("staff"))
    assert count(demo_db, "SELECT count(*) FROM staff WHERE section IS NOT NULL AND office_code IS NULL") >= 5


def test_the_demo_holds_the_patrol_history_with_its_evidence_and_findings(demo_db: Path) -> None:
    patrols = seed_rows("patrols")
    assert count(demo_db, "SELECT count(*) FROM patrols") == len(patrols) > 500
    assert count(demo_db, "SELECT count(*) FROM patrols WHERE mode = 'drone' AND drone_reason <> ''") == sum(
        p["mode"] == "无人机" for p in patrols) >= 5
    abnormal = sum(value.startswith("异常") for p in patrols for value in p.values())
    assert count(demo_db, "SELECT count(*) FROM findings") == abnormal >= 10
    assert count(demo_db, "SELECT count(*) FROM leads WHERE rule = 'R-PAT-5'") == abnormal  # drafted on import
    files = {p["route"] for p in patrols} | {name for p in patrols for name in p["photos"].split("、")}
    assert count(demo_db, "SELECT count(*) FROM evidence") == len(files)  # each file stored once
    assert count(demo_db, "SELECT count(*) FROM patrol_evidence") == len(patrols) + sum(
        len(p["photos"].split("、")) for p in patrols)
    stored = [f for f in paths.evidence_dir(demo_db).rglob("*") if f.is_file()]
    assert len(stored) == len(files) and all(len(f.stem) == 64 for f in stored)


def test_the_demo_is_marked_and_audited(demo_db: Path) -> None:
    assert demo.is_demo_database(demo_db)
    ctx = Context.open(demo_db, actor="tester")
    try:
        assert settings.get_setting(ctx.conn, "demo") == "1"
        assert audit.first_broken_row(ctx.conn) is None
        actions = {r[0] for r in ctx.conn.execute("SELECT DISTINCT action FROM audit")}
        assert {"import.add", "demo.add", "demo.mark"} <= actions
        assert {r[0] for r in ctx.conn.execute("SELECT DISTINCT actor FROM audit")} == {demo.DEMO_ACTOR}
    finally:
        ctx.close()


def test_check_finds_the_deliberate_flaws(demo_db: Path) -> None:
    from minetui.services.reporting.check import run_checks

    ctx = Context.open(demo_db, actor="tester", today=date(2026, 11, 29))
    try:
        found = {(p.code, p.licence_no) for p in run_checks(ctx) if p.licence_no}
    finally:
        ctx.close()
    codes = {code for code, _ in found}
    assert {"not_closed", "self_crossing", "y_no_zone_prefix", "licence_expired", "licence_expiring"} <= codes
    assert sum(code == "licence_expired" for code, _ in found) == 1


def test_an_existing_demo_is_rebuilt_from_scratch(tmp_path: Path) -> None:
    path = demo.build_demo(tmp_path / "demo.db")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM zone_mines")
    conn.commit()
    conn.close()
    assert demo.build_demo(path) == path
    assert count(path, "SELECT count(*) FROM mines") == 60
    assert count(path, "SELECT count(*) FROM zone_mines") == len(seed_rows("zones"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db", "demo.evidence"]
    assert len([f for f in paths.evidence_dir(path).rglob("*") if f.is_file()]) == count(
        path, "SELECT count(*) FROM evidence")


def make_real_db(path: Path) -> None:
    ctx = Context.open(path, actor="clerk")
    ctx.conn.execute("INSERT INTO offices (code, name) VALUES ('X1', '真实的所')")
    ctx.close()


def test_a_database_that_is_not_a_demo_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "minetui.db"
    make_real_db(real)
    before = real.read_bytes()
    with pytest.raises(demo.NotADemoDatabase):
        demo.build_demo(real)
    assert real.read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    with pytest.raises(demo.NotADemoDatabase):
        demo.build_demo(other)
    assert other.read_text(encoding="utf-8") == "not a database"


def test_force_keeps_the_old_file_beside_the_new_demo(tmp_path: Path) -> None:
    real = tmp_path / "minetui.db"
    make_real_db(real)
    demo.build_demo(real, force=True)
    assert demo.is_demo_database(real)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("minetui.replaced-")]
    assert len(kept) == 1 and kept[0].suffix == ".db"
    assert count(kept[0], "SELECT count(*) FROM offices WHERE code = 'X1'") == 1
    assert not paths.evidence_dir(kept[0]).exists()  # the real database had no evidence folder


def test_force_moves_the_real_databases_evidence_aside_with_it(tmp_path: Path) -> None:
    real = tmp_path / "minetui.db"
    make_real_db(real)
    photo = paths.evidence_dir(real) / "ab" / ("ab" * 32 + ".jpg")
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"a real patrol photo")
    demo.build_demo(real, force=True)
    (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith("minetui.replaced-") and p.suffix == ".db"]
    assert (paths.evidence_dir(kept) / "ab" / photo.name).read_bytes() == b"a real patrol photo"
    assert not (paths.evidence_dir(real) / "ab" / photo.name).exists()


def test_a_failed_build_leaves_the_old_demo_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = demo.build_demo(tmp_path / "demo.db")
    before = count(path, "SELECT count(*) FROM audit")
    broken = tmp_path / "seeds"
    broken.mkdir()
    for name in ("offices", "corners", "status", "zones", "staff"):
        (broken / f"{name}.csv").write_text(
            resources.seed_text(f"{name}.csv"), encoding="utf-8")
    (broken / "mines.csv").write_text("licence_no,name\nC1,x\n", encoding="utf-8")

    import contextlib

    @contextlib.contextmanager
    def from_broken(name: str):
        yield broken / name

    monkeypatch.setattr(resources, "seed_path", from_broken)
    with pytest.raises(ServiceError, match="mines"):
        demo.build_demo(path)
    assert count(path, "SELECT count(*) FROM audit") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db", "demo.evidence", "seeds"]


def test_a_ring_repeating_its_first_number_elsewhere_imports_with_a_warning(ctx: Context, tmp_path: Path) -> None:
    from minetui.services.importing import import_file

    for kind in ("offices", "mines"):
        with resources.seed_path(f"{kind}.csv") as file:
            import_file(ctx, kind, file)
    licence = seed_rows("mines")[0]["licence_no"]
    corners = tmp_path / "corners.csv"
    corners.write_text("licence_no,point_no,x,y\n" + "".join(
        f"{licence},{no},{x},{y}\n" for no, x, y in (
            (1, 3980000, 38410000), (2, 3980000, 38411000), (3, 3981000, 38411000), (1, 3981000, 38410000))),
        encoding="utf-8")
    report = import_file(ctx, "corners", corners)
    assert report.added == 1 and any("未闭合" in w.message for w in report.warnings)


# --- the command ----------------------------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform data dir moved into tmp, and $MINETUI_DB naming a 'real' database there."""
    home = tmp_path / "data"
    monkeypatch.setattr(paths, "data_dir", lambda: home)
    monkeypatch.setenv("MINETUI_DB", str(tmp_path / "real.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return home


def test_cli_demo_writes_demo_db_never_the_real_one(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["demo"]) == 0
    assert count(data_dir / "demo.db", "SELECT count(*) FROM mines") == 60
    assert not (tmp_path / "real.db").exists() and not (data_dir / "minetui.db").exists()
    out, err = capsys.readouterr()
    assert out == "" and str(data_dir / "demo.db") in err


def test_cli_demo_with_db_and_refusal_exit_codes(data_dir: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "mine.db"
    assert cli.main(["--db", str(target), "demo"]) == 0
    assert demo.is_demo_database(target)
    real = tmp_path / "kept.db"
    make_real_db(real)
    assert cli.main(["demo", "--db", str(real)]) == 2
    assert "--force" in capsys.readouterr().err
    assert cli.main(["demo", "--db", str(real), "--force"]) == 0
    assert demo.is_demo_database(real)


def test_cli_demo_open_launches_the_app_on_the_demo(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real run_app is called with --db set to the demo; only the Textual app itself is replaced."""
    import minetui.tui.app as tui_app

    seen: dict[str, object] = {}

    class FakeApp:
        def __init__(self, ctx: Context) -> None:
            seen["db"] = ctx.db_path
            seen["mines"] = ctx.conn.execute("SELECT count(*) FROM mines").fetchone()[0]

        def run(self) -> None:
            seen["ran"] = True

    monkeypatch.setattr(tui_app, "MineApp", FakeApp)
    assert cli.main(["demo", "--open"]) == 0
    assert seen == {"db": data_dir / "demo.db", "mines": 60, "ran": True}
