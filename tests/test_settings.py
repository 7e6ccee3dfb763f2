"""One settings registry (services/core/settings): every setting declared once, typed reading, one setter that
validates, role-checks and audits in one shape; and `minetui settings list|get|set|reset` and `minetui plan` end to
end on a real database file."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from minetui import cli, i18n
from minetui.domain.policy import RULES, Action
from minetui.errors import ServiceError
from minetui.i18n import gettext_in
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.store import audit
from minetui.store import settings as store
from tests.inspection_fixtures import build_district

PW = "admin-password"


# --- the registry ---------------------------------------------------------------------------------------------


def test_every_setting_is_declared_once_with_a_chinese_label_and_description() -> None:
    keys = [s.key for s in settings.SETTINGS]
    assert len(keys) == len(set(keys)) and set(keys) == set(settings.BY_KEY)
    for setting in settings.SETTINGS:
        for msgid in (setting.label, setting.description, setting.group):
            assert gettext_in("zh", msgid) != msgid, f"{setting.key}: {msgid!r} has no Chinese in minetui.po"
        assert setting.action in RULES


def test_the_settings_that_were_spread_over_the_code_are_all_here() -> None:
    assert set(settings.BY_KEY) == {
        "calendar.closures", "leads.default_workdays", "leads.registration_days", "leads.registration_lookback_days",
        "lists.serious_years", "verification.items", "verification.due", "survey.windows", "spotcheck.window_days",
        "visits.capacity", "visits.yearly_cap", "visits.min_gap_days", "brief.stuck_lead_days", "brief.recent_days",
        "deadline.annual_filing", "bureau_name"}


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.key)
def test_each_default_reads_back_from_its_own_text(setting) -> None:
    assert setting.read(setting.default_text) == setting.default


@pytest.mark.parametrize(("key", "typed", "stored"), [
    ("visits.capacity", " 不限 ", "none"),
    ("visits.capacity", "4", "4"),
    ("calendar.closures", "2026-01-06，2025-12-31、2026-01-05", "2025-12-31, 2026-01-05..2026-01-06"),
    ("calendar.closures", "", ""),
    ("deadline.annual_filing", "6-30", "06-30"),
    ("bureau_name", "  长治市上党区   自然资源局 ", "长治市上党区 自然资源局"),
    ("verification.items", '[{"key": "k", "zh": "界桩"}]', '[{"key":"k","zh":"界桩","en":"k","violation":false}]'),
])
def test_a_value_is_stored_in_its_canonical_text(ctx: Context, key: str, typed: str, stored: str) -> None:
    assert settings.set_setting(ctx, key, typed) == stored
    assert store.get_setting(ctx.conn, key) == stored


@pytest.mark.parametrize(("key", "bad"), [
    ("visits.capacity", "0"), ("visits.capacity", "lots"), ("leads.default_workdays", "-1"),
    ("lists.serious_years", "0"), ("deadline.annual_filing", "02-29"), ("verification.due", "13-01"),
    ("calendar.closures", "2026-02-30"), ("calendar.closures", "2026-01-06..2026-01-05"), ("bureau_name", "  "),
    ("survey.windows", "03-01..05-31,08-01..12-31"), ("verification.items", "[]"), ("verification.items", "{"),
    ("spotcheck.window_days", "1.5"),
])
def test_a_bad_value_is_refused_naming_the_setting_and_nothing_is_written(ctx: Context, key: str, bad: str) -> None:
    written = audit.count(ctx.conn)
    with pytest.raises(settings.SettingRefused) as refused:
        settings.set_setting(ctx, key, bad)
    assert key in str(refused.value) and settings.find(key).title in str(refused.value)
    assert store.get_setting(ctx.conn, key) is None and audit.count(ctx.conn) == written


def test_every_change_is_audited_in_one_shape(ctx: Context) -> None:
    settings.set_setting(ctx, "visits.capacity", "2")
    settings.set_setting(ctx, "visits.capacity", "5")
    settings.reset_setting(ctx, "visits.capacity")
    settings.reset_setting(ctx, "visits.capacity")  # nothing stored: nothing to audit
    rows = [(r["action"], r["entity_id"], r["before"], r["after"]) for r in audit.log(ctx.conn, entity="setting")]
    assert rows == [
        ("setting.reset", "visits.capacity", '{"visits.capacity":"5"}', None),
        ("setting.put", "visits.capacity", '{"visits.capacity":"2"}', '{"visits.capacity":"5"}'),
        ("setting.put", "visits.capacity", None, '{"visits.capacity":"2"}'),
    ]
    assert settings.get(ctx, settings.VISIT_CAPACITY) == 3


def test_a_stored_value_that_does_not_parse_is_refused_never_replaced_by_the_default(ctx: Context) -> None:
    from minetui.store import db

    with db.write(ctx.conn):  # written behind minetui's back
        store.put_setting(ctx.conn, "brief.stuck_lead_days", "thirty")
    with pytest.raises(settings.SettingRefused, match=r"brief\.stuck_lead_days"):
        settings.get(ctx, settings.BRIEF_STUCK_DAYS)
    [row] = [r for r in settings.setting_rows(ctx) if r.setting.key == "brief.stuck_lead_days"]
    assert row.text == "thirty" and row.source is settings.Source.STORED and "brief.stuck_lead_days" in row.problem


def test_unknown_and_retired_keys_are_refused(ctx: Context) -> None:
    with pytest.raises(ServiceError, match=r"visits\.capacity"):  # the message lists the known keys
        settings.set_setting(ctx, "visits.capcity", "2")
    with pytest.raises(ServiceError, match=r"calendar\.closures"):
        settings.set_setting(ctx, "visits.holidays", "2025-10-01")


def test_the_demo_markers_are_not_settings(ctx: Context) -> None:
    from minetui.store import db

    with db.write(ctx.conn):
        store.put_setting(ctx.conn, "demo", "1")
        store.put_setting(ctx.conn, "demo.scale", "district")
    keys = [r.setting.key for r in settings.setting_rows(ctx)]
    assert "demo" not in keys and "demo.scale" not in keys and len(keys) == len(settings.SETTINGS)


def test_services_read_the_registry(ctx: Context) -> None:
    from minetui.services.patrols.report import report_unit
    from minetui.services.reporting.deadlines import annual_filing_day

    settings.set_setting(ctx, "bureau_name", "壶关县自然资源局")
    settings.set_setting(ctx, "deadline.annual_filing", "05-31")
    settings.set_setting(ctx, "visits.min_gap_days", "0")
    assert report_unit(ctx) == "壶关县自然资源局"
    assert annual_filing_day(ctx, 2026) == date(2026, 5, 31)
    assert settings.visit_settings(ctx).plan_settings.min_gap_days is None


# --- the command line, on a real database --------------------------------------------------------------------


@pytest.fixture
def run(db_path: Path, tmp_path: Path, monkeypatch, capsys):
    for name in ("MINETUI_PASSWORD", "MINETUI_NEW_PASSWORD", "MINETUI_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing is ever prompted

    def invoke(*argv: str, today: str = "2025-06-15") -> tuple[int, str, str]:
        code = cli.main(["--db", str(db_path), "--today", today, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_settings_list_shows_every_setting_value_source_and_label_and_the_calendar(ctx: Context, run) -> None:
    assert run("settings", "set", "visits.capacity", "2")[0] == 0
    code, out, err = run("settings", "list", "--format", "csv")
    assert code == 0
    rows = {r["key"]: r for r in csv_rows(out)}
    assert list(next(iter(rows.values()))) == ["label", "value", "source", "default", "key", "description", "group"]
    assert set(rows) == set(settings.BY_KEY)
    assert (rows["visits.capacity"]["value"], rows["visits.capacity"]["source"]) == ("2", "stored")
    assert (rows["visits.yearly_cap"]["value"], rows["visits.yearly_cap"]["source"]) == ("12", "default")
    assert rows["visits.capacity"]["label"] == "每所每工作日检查次数"
    assert "chinesecalendar" in err and "2004–" in err  # the calendar, on stderr so the CSV keeps its shape
    code, out, _err = run("settings", "list")
    assert code == 0 and "每所每工作日检查次数" in out and "已设置" in out and "工作日历" in out
    code, out, _err = run("--lang", "en", "settings", "list", "--format", "json")
    listed = {r["key"]: r for r in json.loads(out)}
    assert listed["calendar.closures"]["label"] == "Bureau closures"


def test_settings_list_warns_about_a_year_the_calendar_does_not_know(ctx: Context, run) -> None:
    from minetui.services.core.workcalendar import official

    last = official().last_year
    _code, out, _err = run("settings", "list", today=f"{last}-11-29")
    assert "警告" in out and f"{last + 1}年" in out
    _code, out, _err = run("settings", "list", today=f"{last}-06-01")
    assert "警告" not in out


def test_settings_get_set_reset(ctx: Context, run) -> None:
    assert run("settings", "get", "spotcheck.window_days") == (0, "30\n", "")
    code, _out, err = run("settings", "set", "calendar.closures", "2025-12-31，2026-01-05..2026-01-06")
    assert code == 0 and "本局停工日" in err
    assert run("settings", "get", "calendar.closures")[1] == "2025-12-31, 2026-01-05..2026-01-06\n"
    assert run("settings", "reset", "calendar.closures")[0] == 0
    assert run("settings", "get", "calendar.closures")[1] == "\n"


def test_settings_set_refuses_a_bad_value_with_exit_2_naming_the_key(ctx: Context, run) -> None:
    code, out, err = run("settings", "set", "visits.capacity", "lots")
    assert code == 2 and out == "" and "visits.capacity" in err and "每所每工作日检查次数" in err
    assert err.count("\n") == 1
    code, _out, err = run("settings", "set", "work_calendar", "{}")
    assert code == 2 and "calendar.closures" in err
    assert run("settings", "get", "nothing.here")[0] == 2


def test_settings_get_refuses_a_stored_value_that_does_not_parse(ctx: Context, run) -> None:
    from minetui.store import db

    with db.write(ctx.conn):
        store.put_setting(ctx.conn, "visits.yearly_cap", "twelve")
    code, out, err = run("settings", "get", "visits.yearly_cap")
    assert code == 2 and out == "" and "visits.yearly_cap" in err
    code, out, _err = run("settings", "list")  # the listing still shows it, and says what is wrong
    assert code == 0 and "twelve" in out and "visits.yearly_cap" in out.split("警告")[-1]


def test_only_the_admin_may_set_a_setting(ctx: Context, run, monkeypatch, tmp_path: Path) -> None:
    offices = tmp_path / "offices.csv"
    offices.write_text("编号,名称\nSD,苏店自然资源所\n", encoding="utf-8")
    assert run("import", "offices", str(offices))[0] == 0
    monkeypatch.setenv("MINETUI_NEW_PASSWORD", PW)
    assert run("users", "add", "boss", "--role", "admin")[0] == 0
    monkeypatch.setenv("MINETUI_PASSWORD", PW)
    assert run("--user", "boss", "users", "add", "leader", "--role", "supervisor")[0] == 0
    code, _out, err = run("--user", "leader", "settings", "set", "visits.capacity", "2")
    assert code == 2 and "visits.capacity" in err and err.count("\n") == 1
    assert run("settings", "get", "visits.capacity")[1] == "3\n"  # reading needs no sign-in
    assert run("--user", "boss", "settings", "set", "visits.capacity", "2")[0] == 0
    assert [r["actor"] for r in audit.log(ctx.conn, entity="setting")] == ["boss"]


def test_the_old_visits_settings_command_reads_and_writes_the_registry(ctx: Context, run) -> None:
    assert run("visits", "settings", "visits.min_gap_days", "10")[0] == 0
    code, out, _err = run("visits", "settings")
    assert code == 0 and out.splitlines() == ["visits.capacity\t3", "visits.yearly_cap\t12", "visits.min_gap_days\t10"]
    assert run("settings", "get", "visits.min_gap_days")[1] == "10\n"


# --- minetui plan over the National Day week, on a real database ---------------------------------------------


def plan_csv(run, *extra: str) -> list[dict[str, str]]:
    code, out, err = run("plan", "--from", "2025-09-27", "--to", "2025-10-12", "--format", "csv", *extra)
    assert code == 0, err
    return csv_rows(out)


def test_plan_uses_the_make_up_days_and_never_the_holiday(ctx: Context, run) -> None:
    build_district(ctx)
    rows = plan_csv(run)
    golden_week = {date(2025, 10, d).isoformat() for d in range(1, 9)}
    assert rows and not {r["date"] for r in rows} & golden_week
    # September's duties: the working days left are Sun Sep 28 (make-up), Mon 29 and Tue 30 — visited as early as
    # possible, on the Sunday; October's: Thu Oct 9 first, the window running to the make-up Saturday Oct 11
    september = [r for r in rows if r["date"] < "2025-10-01"]
    october = [r for r in rows if r["date"] > "2025-10-01"]
    assert {(r["date"], r["window_end"]) for r in september} == {("2025-09-28", "2025-09-30")}
    assert {(r["date"], r["window_end"]) for r in october} == {("2025-10-09", "2025-10-11")}


def test_a_closure_set_on_the_command_line_moves_the_plan(ctx: Context, run) -> None:
    build_district(ctx)
    assert run("settings", "set", "calendar.closures", "2025-09-28,2025-10-09")[0] == 0
    rows = plan_csv(run)
    assert {r["date"] for r in rows} == {"2025-09-29", "2025-10-10"}


def test_plan_warns_when_the_calendar_does_not_know_the_year(ctx: Context, run) -> None:
    from minetui.services.core.workcalendar import official

    i18n.set_language("zh")
    year = official().last_year + 1
    build_district(ctx)
    code, out, err = run("plan", "--from", f"{year}-01-01", "--to", f"{year}-03-31", today=f"{year}-01-01")
    assert code == 0, err
    assert f"{year}年" in out and "chinesecalendar" in out


def test_the_roles_of_the_settings_action_are_the_admins_only() -> None:
    assert RULES[Action.SETTINGS_EDIT] == {}
