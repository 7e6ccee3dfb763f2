"""Recording patrols (services.patrols.record_patrol): saved and read back, refusals that write nothing,
evidence de-duplication, boundary checks on a zone-38 square, findings and the audit trail."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from minetui.domain.model import MiningMethod, Section
from minetui.domain.patrols.record import ChecklistItem, ItemAnswer, ItemCheck, PatrolMode
from minetui.io.evidence import EvidenceFileError
from minetui.paths import evidence_dir
from minetui.services.patrols import patrols, reading
from minetui.services.patrols.patrols import EvidenceInput, ObservedPoint, PatrolRefused
from minetui.store import audit, db
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, good_record, table_counts

LICENCE = "C1404002010011120012345"


@pytest.fixture
def mine_id(ctx) -> int:
    add_office(ctx)
    mine = add_mine(ctx, LICENCE, "苏店煤矿", method=MiningMethod.UNDERGROUND, valid_from=date(2019, 3, 17))
    add_zone(ctx, 2025, [mine])
    return mine


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "field"
    folder.mkdir()
    found = {}
    for name, content in (("route.gpx", b"<gpx>track</gpx>"), ("site.jpg", b"\xff\xd8photo-1"),
                          ("other.JPG", b"\xff\xd8photo-2"), ("copy.jpg", b"\xff\xd8photo-1")):
        found[name] = folder / name
        found[name].write_bytes(content)
    return found


def stored_files(db_path: Path) -> list[Path]:
    folder = evidence_dir(db_path)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def evidence_for(files: dict[str, Path], *names: str) -> list[EvidenceInput]:
    roles = {"route.gpx": "route"}
    return [EvidenceInput(files[n], roles.get(n, "photo")) for n in names]


# --- a valid patrol ----------------------------------------------------------------------------------------

def test_a_valid_patrol_is_saved_and_read_back(ctx, mine_id, files, db_path):
    saved = patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx", "site.jpg"))

    detail = reading.patrol_detail(ctx, saved.id)
    assert detail.mine_id == mine_id
    assert detail.record.date == date(2025, 6, 10)
    assert detail.record.inspectors == ["张三", "李四"]
    assert detail.record.mode is PatrolMode.ON_SITE
    assert detail.record.route_file == "route.gpx"
    assert detail.record.photos == ["site.jpg"]
    assert detail.record.checklist[ChecklistItem.SUBSIDENCE] == ItemCheck(ItemAnswer.NORMAL)
    assert len(detail.record.checklist) == 8
    assert detail.corners == [(1, "1"), (1, "2"), (1, "3")]
    assert detail.created_by == "tester" and detail.version == 1
    assert saved.findings == [] and detail.findings == []
    # evidence: stored under its SHA-256 with the suffix kept, and recorded with name, size and role
    by_role = {e.role: e for e in detail.evidence}
    photo = by_role[patrols.EvidenceRole.PHOTO]
    digest = hashlib.sha256(files["site.jpg"].read_bytes()).hexdigest()
    assert photo.sha256 == digest and photo.size == files["site.jpg"].stat().st_size
    assert photo.original_name == "site.jpg"
    assert photo.path == evidence_dir(db_path) / digest[:2] / f"{digest}.jpg"
    assert photo.path.read_bytes() == files["site.jpg"].read_bytes()
    assert by_role[patrols.EvidenceRole.ROUTE].path.suffix == ".gpx"


def test_saving_leaves_one_audit_row_with_who_and_what(ctx, mine_id, files):
    before = audit.count(ctx.conn)
    saved = patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx"))
    rows = audit.history(ctx.conn, "patrol", saved.id)
    assert audit.count(ctx.conn) == before + 1
    assert rows[0]["actor"] == "tester" and rows[0]["action"] == "patrol.add" and rows[0]["before"] is None
    assert '"patrol_date":"2025-06-10"' in rows[0]["after"]
    assert audit.first_broken_row(ctx.conn) is None


def test_mine_patrols_lists_newest_first_with_abnormal_count(ctx, mine_id, files):
    ev = evidence_for(files, "route.gpx")
    first = patrols.record_patrol(ctx, mine_id, good_record(date(2025, 5, 3)), evidence=ev)
    abnormal = good_record(date(2025, 6, 2))
    abnormal.checklist[ChecklistItem.SIGNBOARD] = ItemCheck(ItemAnswer.ABNORMAL, "标识牌倒伏")
    abnormal.checklist[ChecklistItem.ECO_DAMAGE] = ItemCheck(ItemAnswer.ABNORMAL, "排土场滑坡")
    second = patrols.record_patrol(ctx, mine_id, abnormal, evidence=ev)

    listed = reading.mine_patrols(ctx, mine_id)
    assert [(r.id, r.date, r.abnormal) for r in listed] == [(second.id, date(2025, 6, 2), 2),
                                                           (first.id, date(2025, 5, 3), 0)]
    assert listed[0].inspectors == ("张三", "李四") and listed[0].mode is PatrolMode.ON_SITE


# --- refusals write nothing --------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"corners_checked": ["1", "2"]}, "corners_checked"),
    ({"corners_checked": ["1", "2", "9"]}, "corners_checked"),
    ({"date": date(2025, 7, 1)}, "date"),                       # after today (2025-06-15)
    ({"date": date(2019, 1, 5)}, "date"),                       # before the licence existed
    ({"route_file": None}, "route_file"),
    ({"mode": PatrolMode.DRONE, "route_file": "route.gpx"}, "drone_reason"),
    ({"inspectors": []}, "inspectors"),
    ({"office_code": "XX"}, "office_code"),                     # no such office
])
def test_a_refused_record_writes_no_rows_and_copies_no_file(ctx, mine_id, files, db_path, changes, field):
    record = good_record(**changes)
    no_route = "route_file" in changes and changes["route_file"] is None
    evidence = evidence_for(files, "site.jpg") if no_route else evidence_for(files, "route.gpx", "site.jpg")
    with pytest.raises(PatrolRefused) as refused:
        patrols.record_patrol(ctx, mine_id, record, evidence=evidence)
    assert field in {p.field for p in refused.value.problems if p.is_error}
    assert set(table_counts(ctx).values()) == {0}
    assert stored_files(db_path) == []


def test_a_missing_evidence_file_names_the_file_and_nothing_is_saved(ctx, mine_id, files, db_path, tmp_path):
    missing = tmp_path / "field" / "gone.jpg"
    evidence = [*evidence_for(files, "route.gpx", "site.jpg"), EvidenceInput(missing, "photo")]
    with pytest.raises(EvidenceFileError, match=r"gone\.jpg"):
        patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence)
    assert set(table_counts(ctx).values()) == {0}
    assert stored_files(db_path) == []


def test_a_failed_transaction_removes_the_files_it_copied_but_keeps_referenced_ones(ctx, mine_id, files, db_path):
    patrols.record_patrol(ctx, mine_id, good_record(date(2025, 5, 3)), evidence=evidence_for(files, "route.gpx"))
    kept = stored_files(db_path)
    with db.write(ctx.conn):
        ctx.conn.execute("CREATE TRIGGER fail_patrol BEFORE INSERT ON patrols BEGIN SELECT RAISE(ABORT, 'disk'); END")
    with pytest.raises(sqlite3.IntegrityError):
        patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx", "other.JPG"))
    assert stored_files(db_path) == kept            # other.JPG's copy is gone, the referenced route stays
    assert table_counts(ctx)["patrols"] == 1


def test_an_unknown_evidence_role_is_refused(ctx, mine_id, files):
    with pytest.raises(PatrolRefused) as refused:
        patrols.record_patrol(ctx, mine_id, good_record(), evidence=[EvidenceInput(files["route.gpx"], "video")])
    assert [p.field for p in refused.value.problems if p.is_error] == ["evidence"]


# --- evidence de-duplication --------------------------------------------------------------------------------

def test_the_same_file_twice_is_stored_once_and_referenced_twice(ctx, mine_id, files, db_path):
    first = patrols.record_patrol(ctx, mine_id, good_record(date(2025, 5, 3)),
                                  evidence=evidence_for(files, "route.gpx", "site.jpg"))
    second = patrols.record_patrol(ctx, mine_id, good_record(date(2025, 6, 3)),
                                   evidence=evidence_for(files, "route.gpx", "copy.jpg"))  # same bytes as site.jpg
    assert len(stored_files(db_path)) == 2        # the route and one photo
    counts = table_counts(ctx)
    assert counts["evidence"] == 2 and counts["patrol_evidence"] == 4
    one = {e.role: e.sha256 for e in reading.patrol_detail(ctx, first.id).evidence}
    two = {e.role: e.sha256 for e in reading.patrol_detail(ctx, second.id).evidence}
    assert one == two
    assert [e.original_name for e in reading.patrol_detail(ctx, second.id).evidence] == ["route.gpx", "copy.jpg"]


def test_a_file_given_twice_in_one_role_is_referenced_once(ctx, mine_id, files):
    saved = patrols.record_patrol(ctx, mine_id, good_record(),
                                  evidence=evidence_for(files, "route.gpx", "site.jpg", "copy.jpg"))
    assert len(reading.patrol_detail(ctx, saved.id).evidence) == 2


# --- boundary checks (the factory's 1 km² square: X 3 980 000–3 981 000, Y 38 410 000–38 411 000) ------

def test_a_point_25_m_outside_is_measured_and_flagged_suspected(ctx, mine_id, files):
    observed = [ObservedPoint("采坑东缘", 3_980_500.00, 38_411_025.00),
                ObservedPoint("界桩2", 3_980_000.00, 38_411_000.00, "corner", "2"),
                ObservedPoint("工棚", 3_980_500.00, 38_410_500.00)]
    saved = patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx"),
                                  observed=observed)

    outside, corner, inside = saved.point_checks
    assert not outside.inside and outside.distance_outside_m == pytest.approx(25.0, abs=0.01)
    assert corner.inside and corner.distance_outside_m == 0.0          # the boundary counts as inside
    assert inside.inside and inside.distance_outside_m == 0.0
    [finding] = saved.findings
    assert finding.kind is ChecklistItem.OUTSIDE_BOUNDARY and finding.suspected
    assert finding.receiver is Section.ENFORCEMENT
    assert "采坑东缘" in finding.note and "25.0" in finding.note
    stored = reading.patrol_detail(ctx, saved.id).point_checks
    assert [(p.label, p.inside, p.distance_outside_m) for p in stored] == [
        ("采坑东缘", False, 25.0), ("界桩2", True, 0.0), ("工棚", True, 0.0)]


def test_a_diagonal_point_is_measured_to_the_nearest_corner(ctx, mine_id, files):
    saved = patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx"),
                                  observed=[ObservedPoint("NE", 3_981_030.00, 38_411_040.00)])
    assert saved.point_checks[0].distance_outside_m == pytest.approx(50.0, abs=0.01)  # 30-40-50


def test_an_abnormal_boundary_item_and_an_outside_point_make_one_finding(ctx, mine_id, files):
    record = good_record()
    record.checklist[ChecklistItem.OUTSIDE_BOUNDARY] = ItemCheck(ItemAnswer.ABNORMAL, "东侧越界开挖")
    saved = patrols.record_patrol(ctx, mine_id, record, evidence=evidence_for(files, "route.gpx"),
                                  observed=[ObservedPoint("东侧", 3_980_500.00, 38_411_025.00)])
    [finding] = saved.findings
    assert finding.kind is ChecklistItem.OUTSIDE_BOUNDARY and not finding.suspected
    assert finding.note.startswith("东侧越界开挖")


# --- findings -------------------------------------------------------------------------------------------

def test_each_abnormal_item_is_a_finding_for_its_receiver(ctx, mine_id, files):
    record = good_record()
    record.checklist[ChecklistItem.ECO_DAMAGE] = ItemCheck(ItemAnswer.ABNORMAL, "排土场滑坡")
    record.checklist[ChecklistItem.FARMLAND] = ItemCheck(ItemAnswer.ABNORMAL, "堆土压占耕地")
    record.checklist[ChecklistItem.FOREST_GRASS] = ItemCheck(ItemAnswer.ABNORMAL, "毁林")
    saved = patrols.record_patrol(ctx, mine_id, record, evidence=evidence_for(files, "route.gpx"))
    assert {(f.kind, f.receiver) for f in saved.findings} == {
        (ChecklistItem.FARMLAND, Section.ENFORCEMENT),
        (ChecklistItem.ECO_DAMAGE, Section.RESTORATION),
        (ChecklistItem.FOREST_GRASS, Section.FORESTRY),
    }
    assert all(not f.suspected and f.patrol_id == saved.id for f in saved.findings)
    assert {f.note for f in reading.mine_findings(ctx, mine_id)} == {"排土场滑坡", "堆土压占耕地", "毁林"}


def test_one_finding_of_a_kind_per_patrol_is_enforced_by_the_schema(ctx, mine_id, files):
    record = good_record()
    record.checklist[ChecklistItem.ECO_DAMAGE] = ItemCheck(ItemAnswer.ABNORMAL, "x")
    saved = patrols.record_patrol(ctx, mine_id, record, evidence=evidence_for(files, "route.gpx"))
    with pytest.raises(sqlite3.IntegrityError), db.write(ctx.conn):
        ctx.conn.execute("INSERT INTO findings (mine_id, patrol_id, kind, receiver, created_at)"
                         " VALUES (?, ?, 'eco_damage', 'restoration', 'now')", (mine_id, saved.id))


def test_warnings_do_not_stop_the_save(ctx, mine_id, files):
    saved = patrols.record_patrol(ctx, mine_id, good_record(inspectors=["张三"]),
                                  evidence=evidence_for(files, "route.gpx"))
    assert "inspectors" in {w.field for w in saved.warnings}


def test_patrol_stats_give_mode_reason_and_abnormal_kinds(ctx, mine_id, files):
    drone = good_record(date(2025, 4, 2), mode=PatrolMode.DRONE, drone_reason="交通阻断", photos=[],
                        aerial_photos=["a1.jpg"])
    drone.checklist[ChecklistItem.STOCKPILE] = ItemCheck(ItemAnswer.ABNORMAL, "尾矿外堆")
    patrols.record_patrol(ctx, mine_id, drone, evidence=[*evidence_for(files, "route.gpx"),
                                                         EvidenceInput(files["other.JPG"], "aerial")])
    patrols.record_patrol(ctx, mine_id, good_record(), evidence=evidence_for(files, "route.gpx"))
    stats = reading.patrol_stats(ctx, 2025)
    assert [(s.date, s.mode, s.drone_reason, s.abnormal_kinds, s.office_code) for s in stats] == [
        (date(2025, 4, 2), PatrolMode.DRONE, "交通阻断", (ChecklistItem.STOCKPILE,), "SD"),
        (date(2025, 6, 10), PatrolMode.ON_SITE, None, (), "SD"),
    ]
    assert reading.patrol_stats(ctx, 2024) == [] and reading.patrol_stats(ctx, 2025, office="XH") == []


def test_schema_sql_holds_every_statement_of_migration_2():
    from minetui import resources

    def flat(sql: str) -> str:
        return " ".join(" ".join(line.split("--")[0] for line in sql.splitlines()).split())

    schema = flat(db.schema_sql())
    migration = resources.migration_files()[2]
    statements = db.split_sql(migration)
    assert len(statements) >= 10
    for statement in statements:
        assert flat(statement) in schema
