"""Saved views: save, replace, list, run (service and `minetui report view:NAME`), per owner, audited."""

from __future__ import annotations

import csv
import io

import pytest

from minetui import cli
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.reporting.views import delete_view, get_view, list_views, run_view, save_view
from minetui.store import audit
from tests.test_reports import LIC, TODAY, hand_district


@pytest.fixture
def district(ctx: Context) -> dict[str, int]:
    return hand_district(ctx)


def test_save_list_and_run_a_mines_view(ctx, district):
    save_view(ctx, "煤矿倒序", "mines", {"text": "煤矿", "sort": "name", "descending": True},
              sort_key="name", descending=True)
    [view] = list_views(ctx)
    assert (view.name, view.report_name, view.filter["text"], view.owner) == ("煤矿倒序", "mines", "煤矿", "tester")
    result = run_view(ctx, "煤矿倒序")
    assert [r["name"] for r in result.rows] == ["甲煤矿", "戊煤矿", "乙煤矿"]


def test_a_report_view_keeps_params_sort_and_columns(ctx, district):
    save_view(ctx, "到期", "report:licence-expiry", {"days": 180}, sort_key="days_left", descending=True,
              columns=["licence_no", "days_left"])
    result = run_view(ctx, "到期")
    assert [c.key for c in result.columns] == ["licence_no", "days_left"]
    assert [(r["licence_no"], r["days_left"]) for r in result.rows] == [(LIC["C"], 47), (LIC["D"], -45)]


def test_saving_again_replaces_and_is_audited(ctx, district):
    save_view(ctx, "v", "mines", {"text": "甲"})
    head = audit.head(ctx.conn).seq
    again = save_view(ctx, "v", "mines", {"text": "乙"})
    assert again.version == 2 and len(list_views(ctx)) == 1 and get_view(ctx, "v").filter == {"text": "乙"}
    row = audit.log(ctx.conn, entity="view")[0]
    assert row["seq"] == head + 1 and row["actor"] == "tester" and '"乙"' in row["after"] and '"甲"' in row["before"]
    delete_view(ctx, "v")
    assert list_views(ctx) == []


def test_views_belong_to_their_owner(ctx, district, db_path):
    save_view(ctx, "mine", "mines", {})
    other = Context.open(db_path, actor="someone-else", today=ctx.today)
    try:
        assert list_views(other) == []
        with pytest.raises(ServiceError, match="mine"):
            get_view(other, "mine")
        save_view(other, "mine", "mines", {"text": "乙"})  # the same name for another owner is fine
    finally:
        other.close()


@pytest.mark.parametrize("name", ["", "   ", "a:b", "x" * 61])
def test_bad_names_and_unknown_reports_are_refused(ctx, name):
    with pytest.raises(ServiceError):
        save_view(ctx, name, "mines", {})
    with pytest.raises(ServiceError):
        save_view(ctx, "ok", "report:no-such", {})


def test_cli_runs_a_saved_view(ctx, district, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    save_view(ctx, "逾期", "report:overdue-duties", {"year": 2025, "office": "SD"}, sort_key="due",
              descending=True)
    argv = ["--db", str(db_path), "--today", TODAY, "--user", "tester", "report", "view:逾期", "--format", "csv"]
    assert cli.main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [r["period"] for r in rows] == ["2025-04", "2025-02"]
    argv[-5] = "other-user"
    assert cli.main(argv) == 2
    assert "逾期" in capsys.readouterr().err
