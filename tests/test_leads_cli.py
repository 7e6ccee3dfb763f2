"""The leads, tips, lists and patches commands and the issue-4 reports, end to end through `minetui.cli.main`
on the demo district: a 越界 patrol finding reaches enforcement, is received and closed onto the abnormal list;
a forest-damage patch goes into the forestry package the day it is imported; the exchange tells what is owed."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from minetui import cli
from minetui.domain.patrols.record import ChecklistItem, ItemAnswer, ItemCheck, PatrolRecord
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.services.demo import district as demo
from minetui.services.patrols import patrols


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture(autouse=True)
def _password(monkeypatch) -> None:
    monkeypatch.setenv("MINETUI_PASSWORD", demo.DEMO_PASSWORD)  # every demo user's password


def run(db: Path, capsys, *args: str, today: str = "2026-12-01", user: str = "enforcement") -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), "--today", today, "--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_a_patrol_finding_is_received_and_closed_onto_the_abnormal_list(db: Path, capsys) -> None:
    ctx = Context.open(db, actor="巡查员", today=date(2026, 12, 1))
    auth.sign_in(ctx, "admin", demo.DEMO_PASSWORD)
    mine = ctx.conn.execute("SELECT m.id, m.office_code, m.method FROM mines m JOIN zone_mines zm ON zm.mine_id = m.id"
                            " JOIN zones z ON z.id = zm.zone_id WHERE z.year = 2026 AND m.method = 'underground'"
                            " AND m.villages = '' ORDER BY m.id LIMIT 1").fetchone()
    corners = [r[0] for r in ctx.conn.execute("SELECT point_no FROM corners WHERE mine_id = ? LIMIT 3", (mine[0],))]
    checklist = {item: ItemCheck(ItemAnswer.NORMAL) for item in (*patrols.ChecklistItem,)
                 if item not in (ChecklistItem.OUTSIDE_ACTIVITY, ChecklistItem.FOREST_GRASS)}
    checklist[ChecklistItem.OUTSIDE_BOUNDARY] = ItemCheck(ItemAnswer.ABNORMAL, "东侧越界约50米")
    record = PatrolRecord(date=date(2026, 12, 1), office_code=mine[1], inspectors=["甲", "乙"], route_file="r.gpx",
                          corners_checked=corners, checklist=checklist, photos=["a.jpg"])
    saved = patrols.record_patrol(ctx, mine[0], record)
    ctx.close()
    assert saved.findings
    code, out, _err = run(db, capsys, "leads", "list", "--section", "执法机构", "--box", "in", "--state", "draft",
                          "--format", "csv")
    found = [r for r in rows(out) if r["rule"] == "R-PAT-5" and "东侧越界约50米" in r["description"]]
    assert code == 0 and len(found) == 1 and "越界开采" in found[0]["description"]
    lead = found[0]["id"]
    assert run(db, capsys, "leads", "receive", lead)[0] == 2  # a draft is never received before it is sent
    assert run(db, capsys, "leads", "send", lead, user="admin")[0] == 0  # the office's lead: not enforcement's
    assert run(db, capsys, "leads", "send", lead)[0] == 2
    assert run(db, capsys, "leads", "receive", lead)[0] == 0
    code, _out, err = run(db, capsys, "leads", "close", lead, "--outcome", "已立案")
    assert code == 0, err  # a patrol lead needs no list decision
    code, out, _err = run(db, capsys, "leads", "show", lead)
    assert "已办结" in out and "enforcement" in out


def test_an_enforcement_case_closes_with_a_list_decision(db: Path, capsys) -> None:
    _code, out, _err = run(db, capsys, "leads", "list", "--format", "csv")
    case = next(r for r in rows(out) if r["rule"] == "R-LEAD-2")  # enforcement → mineral management
    assert run(db, capsys, "leads", "receive", case["id"])[0] == 2  # not enforcement's to receive
    assert run(db, capsys, "leads", "receive", case["id"], user="mineral")[0] == 0
    code, _out, err = run(db, capsys, "leads", "close", case["id"], "--outcome", "已立案查处", user="mineral")
    assert code == 2 and "名录" in err
    code, _out, err = run(db, capsys, "leads", "close", case["id"], "--outcome", "已立案查处", "--list", "abnormal",
                          "--list-reason", "超层开采", user="mineral")
    assert code == 0, err
    _code, out, _err = run(db, capsys, "lists", "list", "--format", "csv")
    assert any(r["licence_no"] == case["licence_no"] and r["kind"] == "abnormal" and r["lead_id"] == case["id"]
               for r in rows(out))


def test_a_forest_damage_patch_reaches_the_forestry_package_the_same_day(db: Path, capsys, tmp_path: Path) -> None:
    patch = tmp_path / "patches.csv"
    patch.write_text("年度,批次,图斑编号,中心点X,中心点Y,面积（亩）,合法性判定,处置方式,破坏林草\n"
                     "2026,4,140404-2026-4-001,3971458.33,38415062.5,3.0,违法,立案,是\n", encoding="utf-8")
    assert run(db, capsys, "import", "patches", str(patch), today="2026-12-04")[0] == 0
    code, out, err = run(db, capsys, "leads", "package", "--to", "forestry", "--out", str(tmp_path),
                         today="2026-12-04")
    assert code == 0, err
    folder = Path(out.strip())
    assert folder.name == "forestry-20261204-01" and (folder / "manifest.json").exists()
    _code, out, _err = run(db, capsys, "leads", "list", "--section", "forestry", "--format", "csv", today="2026-12-04")
    sent = [r for r in rows(out) if "140404-2026-4-001" in r["location"]]
    assert sent and sent[0]["state"] == "sent" and sent[0]["deadline"] == "2026-12-04"
    _code, out, _err = run(db, capsys, "patches", "list", "--unlinked", "--format", "csv")
    assert {r["patch_no"] for r in rows(out)} == {"140404-2026-2-005", "140404-2026-4-001"}


def test_the_exchange_report_and_the_catalogue(db: Path, capsys) -> None:
    code, out, _err = run(db, capsys, "report", "exchange", "--year", "2026", "--format", "csv", today="2026-11-20")
    found = {r["rule"]: r for r in rows(out)}
    assert code == 0 and set(found) == {"R-LEAD-1", "R-LEAD-2", "R-LEAD-3", "R-LEAD-4"}
    assert found["R-LEAD-3"]["owed"] == "1" and found["R-LEAD-2"]["awaiting"] == "1"
    assert all(r["days_left"] == "10" for r in found.values())
    _code, out, _err = run(db, capsys, "report", "--list")
    assert all(name in out for name in ("exchange", "leads", "lists", "patches"))


def test_tips_keep_the_contact_to_the_detail(db: Path, capsys) -> None:
    code, out, _err = run(db, capsys, "tips", "add", "--what", "河道旁有人挖砂", "--kind", "无证开采", "--place",
                          "苏店镇某河段", "--contact", "13900001111")
    assert code == 0
    tip = out.strip()
    _code, listed, _err = run(db, capsys, "tips", "list", "--format", "csv")
    assert "13900001111" not in listed and "河道旁有人挖砂" in listed
    _code, shown, _err = run(db, capsys, "tips", "show", tip)
    assert "13900001111" in shown
    _code, exported, _err = run(db, capsys, "report", "leads", "--format", "csv")
    assert "13900001111" not in exported and "河道旁有人挖砂" in exported
