"""`import patrols` (formats.md): rows checked like the form, files resolved beside the imported file and
stored as evidence, errors by row and column, all or nothing, re-import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minetui.cli import main
from minetui.domain.model import MiningMethod
from minetui.domain.patrols.record import ChecklistItem, PatrolMode
from minetui.paths import evidence_dir
from minetui.services.core.import_engine import ImportRefused
from minetui.services.importing import import_file
from minetui.services.patrols import reading
from minetui.store import audit, db
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, table_counts

LICENCE = "C1404002010011120012345"
HEADER = ("许可证号,巡查日期,巡查人员,方式,无人机原因,轨迹,核查拐点,标识牌,矿石尾矿堆放,占用耕地,占用永久基本农田,"
          "越界开采,无证开采,生态破坏,界外地面沉陷,发现问题,照片")
ON_SITE = (f'{LICENCE},2025-06-10,张三、李四,现场,,route.gpx,1、2、3,正常,正常,正常,正常,正常,正常,正常,正常,,'
           'p1.jpg、p2.jpg')
DRONE = (f'{LICENCE},2025年5月8日,张三、李四,无人机,交通阻断,flight.kml,1、2、4,正常,正常,不适用,不适用,正常,正常,'
         '异常：排土场滑坡,正常,排土场东侧滑坡,air.jpg')


@pytest.fixture
def mine_id(ctx) -> int:
    add_office(ctx)
    mine = add_mine(ctx, LICENCE, "苏店煤矿", method=MiningMethod.UNDERGROUND, valid_from=date(2019, 3, 17))
    add_zone(ctx, 2025, [mine])
    return mine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    here = tmp_path / "巡查"
    (here).mkdir()
    for name, data in (("route.gpx", b"<gpx/>"), ("flight.kml", b"<kml/>"), ("p1.jpg", b"photo1"),
                       ("p2.jpg", b"photo2"), ("air.jpg", b"aerial")):
        (here / name).write_bytes(data)
    return here


def write_csv(folder: Path, *rows: str, name: str = "patrols.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def stored_files(db_path: Path) -> list[Path]:
    root = evidence_dir(db_path)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_good_file_is_imported_with_its_evidence(ctx, mine_id, folder, db_path):
    report = import_file(ctx, "patrols", write_csv(folder, ON_SITE, DRONE))
    assert (report.added, report.changed, report.unchanged) == (2, 0, 0)
    listed = reading.mine_patrols(ctx, mine_id)
    assert [(p.date, p.mode, p.abnormal) for p in listed] == [(date(2025, 6, 10), PatrolMode.ON_SITE, 0),
                                                             (date(2025, 5, 8), PatrolMode.DRONE, 1)]
    on_site = reading.patrol_detail(ctx, listed[0].id)
    assert on_site.record.office_code == "SD"                       # the mine's office by default
    assert on_site.record.corners_checked == ["1", "2", "3"]
    assert sorted((str(e.role), e.original_name) for e in on_site.evidence) == [
        ("photo", "p1.jpg"), ("photo", "p2.jpg"), ("route", "route.gpx")]
    drone = reading.patrol_detail(ctx, listed[1].id)
    assert drone.record.drone_reason == "交通阻断" and drone.record.findings == "排土场东侧滑坡"
    assert [(str(e.role), e.original_name) for e in drone.evidence] == [("route", "flight.kml"), ("aerial", "air.jpg")]
    [finding] = drone.findings
    assert finding.kind is ChecklistItem.ECO_DAMAGE and finding.note == "排土场滑坡"
    assert len(stored_files(db_path)) == 5
    assert {r["action"] for r in audit.log(ctx.conn, entity="patrol")} == {"import.add"}


def test_re_importing_the_same_file_changes_nothing(ctx, mine_id, folder, db_path):
    path = write_csv(folder, ON_SITE, DRONE)
    import_file(ctx, "patrols", path)
    counts, audit_rows, files = table_counts(ctx), audit.count(ctx.conn), stored_files(db_path)
    report = import_file(ctx, "patrols", path)
    assert (report.added, report.changed, report.unchanged) == (0, 0, 2)
    assert (table_counts(ctx), audit.count(ctx.conn), stored_files(db_path)) == (counts, audit_rows, files)


def test_a_different_row_for_a_recorded_patrol_is_refused(ctx, mine_id, folder):
    import_file(ctx, "patrols", write_csv(folder, ON_SITE))
    changed = ON_SITE.replace("张三、李四", "张三、王五")
    with pytest.raises(ImportRefused) as refused:
        import_file(ctx, "patrols", write_csv(folder, changed, name="again.csv"))
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "巡查日期")]
    assert table_counts(ctx)["patrols"] == 1


def test_a_dry_run_writes_nothing_and_copies_nothing(ctx, mine_id, folder, db_path):
    report = import_file(ctx, "patrols", write_csv(folder, ON_SITE, DRONE), dry_run=True)
    assert report.added == 2 and report.dry_run
    assert set(table_counts(ctx).values()) == {0} and stored_files(db_path) == []


def test_a_bad_file_lists_every_error_by_row_and_column_and_writes_nothing(ctx, mine_id, folder, db_path):
    missing_photo = ON_SITE.replace("2025-06-10", "2025-06-11").replace("p1.jpg、p2.jpg", "p1.jpg、gone.jpg") \
        .replace("1、2、3", "1、2")
    unknown_licence = ON_SITE.replace(LICENCE, "C1404002010011120099999")
    bad_answer = ON_SITE.replace("2025-06-10", "2025-06-12").replace(",正常,正常,正常,正常,正常,正常,正常,正常,",
                                                                     ",好,正常,正常,正常,正常,正常,正常,正常,")
    no_route_future = ON_SITE.replace("2025-06-10", "2025-07-01").replace("route.gpx", "")
    path = write_csv(folder, ON_SITE, missing_photo, unknown_licence, bad_answer, no_route_future)
    with pytest.raises(ImportRefused) as refused:
        import_file(ctx, "patrols", path)
    found = {(p.row, p.column) for p in refused.value.problems}
    assert found == {(3, "照片"), (3, "核查拐点"), (4, "许可证号"), (5, "标识牌"), (6, "巡查日期"), (6, "轨迹")}
    photo = next(p for p in refused.value.problems if p.column == "照片")
    assert photo.raw == "gone.jpg" and str(photo).startswith("patrols.csv:3:照片:")
    assert set(table_counts(ctx).values()) == {0} and stored_files(db_path) == []


def test_corner_rules_are_checked_once_the_files_are_there(ctx, mine_id, folder):
    two_corners = ON_SITE.replace("1、2、3", "1、2")
    with pytest.raises(ImportRefused) as refused:
        import_file(ctx, "patrols", write_csv(folder, two_corners))
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "核查拐点")]


def test_a_required_item_missing_from_the_file_is_named_by_its_column(ctx, mine_id, folder):
    header = HEADER.replace(",界外地面沉陷", "")
    row = ON_SITE.replace(",正常,,p1.jpg", ",,p1.jpg")
    (folder / "p.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_file(ctx, "patrols", folder / "p.csv")
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "界外地面沉陷")]


def test_copied_files_are_removed_when_the_import_fails_while_writing(ctx, mine_id, folder, db_path):
    with db.write(ctx.conn):
        ctx.conn.execute("CREATE TRIGGER fail_second BEFORE INSERT ON patrols WHEN NEW.patrol_date = '2025-05-08'"
                         " BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(Exception, match="disk full"):
        import_file(ctx, "patrols", write_csv(folder, ON_SITE, DRONE))
    assert set(table_counts(ctx).values()) == {0} and stored_files(db_path) == []


def test_the_command_line_import(ctx, mine_id, folder, db_path, capsys):
    path = write_csv(folder, ON_SITE)
    assert main(["--db", str(db_path), "--today", "2025-06-15", "import", "patrols", str(path)]) == 0
    assert table_counts(ctx)["patrols"] == 1
    bad = write_csv(folder, ON_SITE.replace("p1.jpg", "nope.jpg").replace("2025-06-10", "2025-06-09"), name="b.csv")
    assert main(["--db", str(db_path), "--today", "2025-06-15", "import", "patrols", str(bad)]) == 2
    assert "b.csv:2:照片" in capsys.readouterr().err
