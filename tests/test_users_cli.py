"""`minetui users …` and sign-in on the command line: MINETUI_PASSWORD for scripts, exit 2 without a password
for a write, reading commands open without --user, and single-user files exactly as before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from minetui import cli
from minetui.services.core.context import Context
from minetui.store import audit

PW = "admin-password"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path: Path) -> None:
    for name in ("MINETUI_PASSWORD", "MINETUI_NEW_PASSWORD", "MINETUI_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing is ever prompted


def run(db: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), "--today", "2025-06-15", *args])
    out, err = capsys.readouterr()
    return code, out, err


def offices_file(tmp_path: Path, code: str = "SD") -> Path:
    path = tmp_path / f"offices-{code}.csv"
    path.write_text(f"编号,名称\n{code},{code}自然资源所\n", encoding="utf-8")
    return path


@pytest.fixture
def with_users(db_path: Path, capsys, monkeypatch, tmp_path: Path) -> Path:
    """A database with an office, an admin and a supervisor (added through the CLI)."""
    assert run(db_path, capsys, "import", "offices", str(offices_file(tmp_path)))[0] == 0
    monkeypatch.setenv("MINETUI_NEW_PASSWORD", PW)
    assert run(db_path, capsys, "users", "add", "boss", "--role", "admin", "--display-name", "局长")[0] == 0
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    assert run(db_path, capsys, "--user", "boss", "users", "add", "leader", "--role", "supervisor")[0] == 0
    code, _out, err = run(db_path, capsys, "--user", "boss", "users", "add", "clerk", "--role", "office_clerk",
                          "--office", "SD")
    assert code == 0, err
    monkeypatch.delenv("MINETUI_PASSWORD")
    monkeypatch.delenv("MINETUI_NEW_PASSWORD")
    return db_path


def test_single_user_files_work_exactly_as_before(db_path: Path, capsys, tmp_path: Path) -> None:
    code, _out, err = run(db_path, capsys, "--user", "张三", "import", "offices", str(offices_file(tmp_path)))
    assert code == 0, err
    ctx = Context.open(db_path)
    try:
        assert audit.log(ctx.conn)[0]["actor"] == "张三"
    finally:
        ctx.close()


def test_a_write_without_a_password_is_exit_2_with_a_clear_line(with_users: Path, capsys, tmp_path: Path) -> None:
    code, _out, err = run(with_users, capsys, "--user", "boss", "import", "offices", str(offices_file(tmp_path, "XH")))
    assert code == 2 and "MINETUI_PASSWORD" in err and err.count("\n") == 1


def test_a_write_with_minetui_password_is_signed_and_audited(with_users: Path, capsys, monkeypatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    code, _out, err = run(with_users, capsys, "--user", "boss", "import", "offices", str(offices_file(tmp_path, "XH")))
    assert code == 0, err
    ctx = Context.open(with_users)
    try:
        assert audit.log(ctx.conn, entity="office")[0]["actor"] == "boss"
    finally:
        ctx.close()


def test_a_wrong_password_or_a_role_without_the_right_is_exit_2(with_users: Path, capsys, monkeypatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("MINETUI_PASSWORD", "not-the-password")
    code, _out, err = run(with_users, capsys, "--user", "boss", "import", "offices", str(offices_file(tmp_path, "XH")))
    assert code == 2 and err.strip()
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    code, _out, err = run(with_users, capsys, "--user", "leader", "import", "offices",
                          str(offices_file(tmp_path, "XH")))
    assert code == 2 and "mine.import" in err


def test_reading_commands_stay_open_without_user(with_users: Path, capsys) -> None:
    for args in (("export", "mines", "--format", "csv"), ("check",), ("audit", "verify"), ("audit", "log"),
                 ("users", "list", "--format", "csv"), ("zones", "list", "--year", "2025")):
        code, _out, err = run(with_users, capsys, *args)
        assert code == 0, (args, err)


def test_users_list_shows_roles_and_no_password_material(with_users: Path, capsys) -> None:
    code, out, _err = run(with_users, capsys, "users", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 0 and [(r["name"], r["role"], r["office_code"]) for r in rows] == [
        ("boss", "admin", ""), ("clerk", "office_clerk", "SD"), ("leader", "supervisor", "")]
    assert "pw_" not in out and "display_name" in rows[0]


def test_passwd_role_and_disable(with_users: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    monkeypatch.setenv("MINETUI_NEW_PASSWORD", "leader-password")
    assert run(with_users, capsys, "--user", "boss", "users", "passwd", "leader")[0] == 0
    monkeypatch.setenv("MINETUI_PASSWORD", "leader-password")
    monkeypatch.setenv("MINETUI_NEW_PASSWORD", "leader-password-2")
    assert run(with_users, capsys, "--user", "leader", "users", "passwd", "leader")[0] == 0  # one's own
    assert run(with_users, capsys, "--user", "leader", "users", "disable", "clerk")[0] == 2  # not an admin
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    code, _out, err = run(with_users, capsys, "--user", "boss", "users", "role", "leader", "section_staff")
    assert code == 2 and err.strip()  # section staff need a section
    assert run(with_users, capsys, "--user", "boss", "users", "role", "leader", "section_staff",
               "--section", "mineral")[0] == 0
    assert run(with_users, capsys, "--user", "boss", "users", "disable", "leader")[0] == 0
    monkeypatch.setenv("MINETUI_PASSWORD", "leader-password-2")
    assert run(with_users, capsys, "--user", "leader", "users", "list")[0] == 2  # disabled: cannot sign in


def test_a_new_password_needs_the_variable_or_a_terminal(db_path: Path, capsys) -> None:
    code, _out, err = run(db_path, capsys, "users", "add", "boss", "--role", "admin")
    assert code == 2 and "MINETUI_NEW_PASSWORD" in err


def test_the_demo_ships_its_users_and_a_session_of_three_users_keeps_the_audit_chain(
        tmp_path: Path, capsys, monkeypatch) -> None:
    from minetui.services.demo.district import DEMO_PASSWORD, DEMO_USERS

    demo = tmp_path / "demo.db"
    assert run(demo, capsys, "demo")[0] == 0
    code, out, _err = run(demo, capsys, "users", "list", "--format", "csv")
    assert code == 0 and {r["name"] for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))} == {
        u[0] for u in DEMO_USERS}
    ctx = Context.open(demo)
    licence = ctx.conn.execute("SELECT licence_no FROM mines ORDER BY id LIMIT 1").fetchone()[0]
    ctx.close()
    monkeypatch.setenv("MINETUI_PASSWORD", DEMO_PASSWORD)
    session = [
        ("sd01", ("tips", "add", "--what", "夜间有人开采", "--kind", "unlicensed", "--place", "韩店街道某村"), 0),
        ("mineral", ("leads", "add", "--rule", "R-LEAD-1", "--mine", licence, "--description", "核查发现越界"), 0),
        ("admin", ("lists", "add", licence, "--kind", "abnormal", "--reason", "未按期公示年度信息"), 0),
        ("leader", ("tips", "add", "--what", "有人挖砂", "--kind", "unlicensed", "--place", "某河段"), 2),
        ("sd01", ("lists", "add", licence, "--kind", "serious", "--reason", "越权"), 2),
    ]
    for user, args, expected in session:
        code, _out, err = run(demo, capsys, "--user", user, *args)
        assert code == expected, (user, args, err)
    monkeypatch.delenv("MINETUI_PASSWORD")
    assert run(demo, capsys, "audit", "verify")[0] == 0
    code, out, _err = run(demo, capsys, "audit", "log", "--format", "csv")
    actors = [r["actor"] for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))][:8]
    assert {"sd01", "mineral", "admin"} <= set(actors) and "leader" not in actors
