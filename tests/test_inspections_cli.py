"""The command line of issue 5: verification, surveys, spot-checks, tasks and their reports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from minetui import cli
from minetui.domain.model import ZoneLevel
from tests.inspection_fixtures import add_levels, build_district

A, B, D, F = ("C1404042020011110000001", "C1404042020011110000002", "C1404042020011110000004",
              "C1404042020011110000006")


@pytest.fixture
def district(ctx):
    d = build_district(ctx)
    add_levels(ctx, 2025, d.a, [ZoneLevel.PROVINCIAL])
    return d


@pytest.fixture
def run(db_path, tmp_path, monkeypatch, district):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def invoke(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", "2025-06-15", *argv])

    return invoke


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_verification_list_add_and_report(run, capsys) -> None:
    assert run("verification", "add", F, "--year", "2025", "--reason", "双随机抽取", "--random") == 0
    assert run("report", "verification-list", "--year", "2025", "--format", "csv") == 0
    rows = {r["licence_no"]: r for r in csv_rows(capsys.readouterr().out)}
    assert set(rows) == {A, D, F}
    assert rows[F]["basis"] == "双随机抽取" and rows[F]["state"] == "open" and rows[A]["due"] == "2025-11-30"
    assert run("verification", "list", "--year", "2025", "--changes", "--format", "json") == 0
    changes = {r["licence_no"]: r["change"] for r in json.loads(capsys.readouterr().out)}
    assert changes[B] == "left" and changes[F] == "joined"
    assert run("verification", "add", F, "--year", "2025", "--reason", " ") == 2


def test_verification_record(run, capsys, tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    base = ["verification", "record", A, "--date", "2025-06-12", "--conclusion", "越界", "--rest-consistent",
            "--item", "inside_area=不一致:东侧越界", "--evidence", str(photo)]
    assert run(*base, "--inspectors", "张三") == 2
    assert run(*base, "--inspectors", "张三、李四") == 0
    captured = capsys.readouterr()
    assert captured.out.strip().isdigit() and "inside_area" in captured.err


def test_surveys_record_extent_and_report(run, capsys, tmp_path: Path) -> None:
    assert run("surveys", "record", D, "--round", "1", "--date", "2025-06-10", "--surveyor", "测绘院",
               "--method", "drone") == 2  # a combined mine needs an underground survey too
    assert run("surveys", "record", D, "--round", "1", "--date", "2025-06-10", "--surveyor", "测绘院",
               "--method", "无人机航测", "--method", "underground", "--deepest", "900") == 0
    survey_id = capsys.readouterr().out.strip()
    extent = tmp_path / "extent.csv"
    extent.write_text("点号,X,Y\n1,3980500,38410900\n2,3980500,38411100\n3,3980700,38411100\n4,3980700,38410900\n",
                      encoding="utf-8")
    assert run("surveys", "extent", survey_id, str(extent)) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "20000.00" and "outside_area" in captured.err
    assert run("report", "surveys", "--year", "2025", "--format", "csv") == 0
    rows = {(r["licence_no"], r["round"]): r for r in csv_rows(capsys.readouterr().out)}
    assert rows[(D, "1")]["state"] == "done" and float(rows[(D, "1")]["outside_area_m2"]) == 20000.0
    assert rows[(A, "1")]["organiser"] == "city"
    assert run("surveys", "list", "--year", "2025", "--organiser", "district", "--format", "json") == 0
    assert {r["licence_no"] for r in json.loads(capsys.readouterr().out)} == {D}


def test_spotchecks_and_tasks(run, capsys) -> None:
    assert run("spotchecks", "open", F, "--trigger", "media", "--source", "上党晚报", "--date", "2025-06-01",
               "--link", "https://x.cn/1", "--section", "enforcement") == 0
    spot_id = capsys.readouterr().out.strip()
    assert run("spotchecks", "result", spot_id, "--date", "2025-06-10", "--inspectors", "张三、李四",
               "--result", "发现越界", "--finding", "enforcement=东侧越界") == 0
    capsys.readouterr()
    assert run("report", "spot-checks", "--year", "2025", "--format", "json") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["state"] == "done" and row["trigger"] == "media" and "东侧越界" in row["findings"]
    assert run("tasks", "--from", "2025-06-01", "--to", "2025-06-30", "--format", "csv") == 0
    ids = {(r["task_id"], r["licence_no"]) for r in csv_rows(capsys.readouterr().out)}
    assert ("verification:2025", D) in ids and ("survey:2025-R1", D) in ids
    assert not any(t.startswith("survey:") and lic == A for t, lic in ids)  # the city's survey
    assert not any(t.startswith("spotcheck:") for t, _lic in ids)  # done
    assert run("tasks", "--from", "2025-07-01", "--to", "2025-06-01") == 2
