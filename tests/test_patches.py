"""Satellite patches on the demo district: point-in-polygon linking (a patch outside every licence, a licence
without the zone prefix), the import's rules, and the R-LEAD-6 draft a forest-damage patch gets at once."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from minetui.domain.leads.leads import LeadState
from minetui.domain.model import Section
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.demo import district as demo
from minetui.services.importing import import_file
from minetui.services.leads import leads, patches

HEADER = "年度,批次,图斑编号,中心点X,中心点Y,面积（亩）,合法性判定,处置方式,理由,破坏林草\n"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_ctx(demo_file: Path, tmp_path: Path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    ctx = Context.open(path, actor="tester", today=date(2026, 6, 12))  # a Friday
    auth.sign_in(ctx, "admin", demo.DEMO_PASSWORD)  # the demo has users
    yield ctx
    ctx.close()


def inside_point(ctx: Context, name: str) -> tuple[float, float, str]:
    """A point inside the named mine's first ring (X northing, Y as stored), and its licence number."""
    row = ctx.conn.execute("SELECT id, licence_no FROM mines WHERE name = ?", (name,)).fetchone()
    ring = ctx.conn.execute("SELECT x, y FROM corners WHERE mine_id = ? AND ring = 1 ORDER BY seq",
                            (row[0],)).fetchall()
    point = Polygon([(y, x) for x, y in ring]).representative_point()
    return round(point.y, 2), round(point.x, 2), row[1]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "patches.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_patches_link_to_the_licence_holding_their_centre(demo_ctx: Context, tmp_path: Path) -> None:
    x, y, licence = inside_point(demo_ctx, "恒源煤矿")
    fx, fy, flicence = inside_point(demo_ctx, "冯岭白云岩矿")  # stored without the zone prefix 38
    path = write(tmp_path, [f"2025,2,T-001,{x},{y},3.5,合法,,,否",
                            f"2025,2,T-002,{fx},{fy + 38_000_000},1.2,违法,立案,,否",
                            "2025,2,T-003,3970020.00,38405020.00,8.0,违法,不处理,已自行复垦,否"])
    report = import_file(demo_ctx, "patches", path)
    assert report.added == 3 and [w.row for w in report.warnings] == [4]
    assert "无证开采" in report.warnings[0].message
    rows = {p.patch_no: p for p in patches.patch_rows(demo_ctx, year=2025)}
    assert rows["T-001"].licence_no == licence and rows["T-002"].licence_no == flicence
    assert rows["T-003"].mine_id is None
    assert [p.patch_no for p in patches.patch_rows(demo_ctx, year=2025, unlinked=True)] == ["T-003"]
    assert rows["T-001"].deadline == date(2026, 2, 28) and rows["T-001"].settled
    again = import_file(demo_ctx, "patches", path)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)


def test_a_forest_damage_patch_reaches_forestry_the_same_day(demo_ctx: Context, tmp_path: Path) -> None:
    x, y, _licence = inside_point(demo_ctx, "恒源煤矿")
    import_file(demo_ctx, "patches", write(tmp_path, [f"2025,2,F-001,{x},{y},2.0,违法,立案,,是",
                                                      "2025,2,F-002,3970020.00,38405020.00,4.0,违法,立案,,是"]))
    found = [r for r in leads.list_leads(demo_ctx, section=Section.FORESTRY, box="in", rules=["R-LEAD-6"])
             if "F-00" in r.location]
    assert len(found) == 2 and all(r.state is LeadState.DRAFT for r in found)
    assert all(r.deadline == date(2026, 6, 12) for r in found)  # Friday: due Friday
    assert {r.mine_id is None for r in found} == {True, False}
    import_file(demo_ctx, "patches", write(tmp_path, [f"2025,2,F-001,{x},{y},2.5,违法,立案,,是"]))
    assert len([r for r in leads.list_leads(demo_ctx, rules=["R-LEAD-6"]) if "F-00" in r.location]) == 2


def test_patch_rows_break_the_rules_by_column(demo_ctx: Context, tmp_path: Path) -> None:
    path = write(tmp_path, ["2025,1,B-001,3980000,38410000,1,违法,,,否",
                            "2025,1,B-002,3980000,38410000,1,违法,不处理,,否",
                            "2025,1,B-001,3980000,38410000,1,合法,,,否"])
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_ctx, "patches", path)
    found = {(p.row, p.column) for p in refused.value.problems}
    assert {(2, "处置方式"), (3, "理由"), (4, "图斑编号")} <= found
    assert patches.patch_rows(demo_ctx, year=2025) == []
