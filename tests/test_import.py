"""`import_file` and `minetui import` end to end on real SQLite files: all or nothing, every error listed,
re-imports change nothing, dry runs write nothing, references resolved, one audit row per record."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from minetui import cli
from minetui.domain.model import MineStatus, ZoneState
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.importing import import_file
from minetui.store import audit
from minetui.store import mines as mine_store
from tests import factories

L1, L2, L3 = "C1404002010121120100371", "C1404002010121120100372", "C1404002010121120100373"
MINE_HEADER = ["许可证号", "矿山名称", "矿业权人", "开采矿种", "开采方式", "矿山状态", "自然资源所", "矿区面积",
               "开采深度", "有效期", "涉林涉草", "涉及村庄"]


def mine_row(licence: str, name: str, **over: str) -> list[str]:
    row = {"许可证号": licence, "矿山名称": name, "矿业权人": name + "有限公司", "开采矿种": "煤",
           "开采方式": "井工", "矿山状态": "正常生产", "自然资源所": "苏店自然资源所", "矿区面积": "1.2平方公里",
           "开采深度": "由1150米至850米标高", "有效期": "2019年3月17日至2029年3月17日", "涉林涉草": "否",
           "涉及村庄": "东村、西村"}
    row.update(over)
    return [row[h] for h in MINE_HEADER]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def counts(ctx: Context) -> dict[str, int]:
    tables = ("offices", "mines", "mine_status", "corners", "zones", "zone_mines", "audit")
    return {t: ctx.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def audit_rows(ctx: Context, entity: str) -> list:
    return ctx.conn.execute("SELECT * FROM audit WHERE entity = ? ORDER BY seq", (entity,)).fetchall()


@pytest.fixture
def office(ctx: Context) -> str:
    return factories.add_office(ctx)  # SD 苏店自然资源所


@pytest.fixture
def mines_csv(tmp_path: Path, office: str) -> Path:
    rows = [MINE_HEADER, mine_row(L1, "甲煤矿"), mine_row(L2, "乙煤矿", 开采方式="露天", 矿山状态="停产")]
    return write_csv(tmp_path / "mines.csv", rows)


# --- offices --------------------------------------------------------------------------------------------

def test_offices_from_a_gbk_file_with_a_title_row(ctx: Context, tmp_path: Path):
    rows = [["上党区自然资源所名单"], ["编号", "名称", "乡镇"], ["SD", "苏店自然资源所", "苏店镇，韩店街道"],
            ["XH", "西火自然资源所", ""]]
    path = write_csv(tmp_path / "offices.csv", rows, encoding="gbk")
    report = import_file(ctx, "offices", path)
    assert (report.added, report.changed, report.unchanged) == (2, 0, 0)
    row = ctx.conn.execute("SELECT * FROM offices WHERE code = 'SD'").fetchone()
    assert (row["name"], row["towns"]) == ("苏店自然资源所", "苏店镇、韩店街道")
    assert [r["entity_id"] for r in audit_rows(ctx, "office")] == ["SD", "XH"]

    write_csv(path, [["编号", "名称", "乡镇"], ["SD", "苏店自然资源所", "苏店镇"], ["XH", "西火自然资源所", ""]])
    report = import_file(ctx, "offices", path)
    assert (report.added, report.changed, report.unchanged) == (0, 1, 1)
    assert report.details[0].changes == {"towns": ("苏店镇、韩店街道", "苏店镇")}


def test_office_names_must_stay_unique(ctx: Context, tmp_path: Path, office: str):
    path = write_csv(tmp_path / "o.csv", [["code", "name"], ["XH", "苏店自然资源所"], ["NS", "南宋所"],
                                          ["BC", "南宋所"]])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "offices", path)
    assert [str(p) for p in info.value.problems] == [
        'o.csv:2:name: 名称已被编号为 SD 的自然资源所使用 "苏店自然资源所"',
        'o.csv:4:name: 与第 3 行的名称重复 "南宋所"',
    ]


# --- mines ----------------------------------------------------------------------------------------------

def test_mines_are_added_with_status_history_from_valid_from(ctx: Context, mines_csv: Path):
    before = counts(ctx)
    report = import_file(ctx, "mines", mines_csv)
    assert (report.added, report.changed, report.unchanged, report.warnings) == (2, 0, 0, [])
    row = mine_store.get_row_by_licence(ctx.conn, L1)
    assert row is not None
    assert (row["method"], row["area_km2"], row["depth_top_m"], row["depth_bottom_m"]) == (
        "underground", 1.2, 1150.0, 850.0)
    assert (row["valid_from"], row["valid_to"], row["villages"], row["office_code"], row["forest_grass"]) == (
        "2019-03-17", "2029-03-17", "东村、西村", "SD", 0)
    assert mine_store.status_history(ctx.conn, row["id"]) == [(MineStatus.PRODUCING, date(2019, 3, 17))]
    second = mine_store.get_row_by_licence(ctx.conn, L2)
    assert mine_store.status_history(ctx.conn, second["id"]) == [(MineStatus.SUSPENDED, date(2019, 3, 17))]
    rows = audit_rows(ctx, "mine")
    assert [r["action"] for r in rows] == ["import.add", "import.add"]
    assert rows[0]["before"] is None and '"status":{"effective_from":"2019-03-17"' in rows[0]["after"]
    assert counts(ctx)["audit"] == before["audit"] + 2
    assert audit.first_broken_row(ctx.conn) is None


def test_reimport_changes_nothing(ctx: Context, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    before = counts(ctx)
    report = import_file(ctx, "mines", mines_csv)
    assert (report.added, report.changed, report.unchanged) == (0, 0, 2)
    assert counts(ctx) == before
    assert mine_store.get_row_by_licence(ctx.conn, L1)["version"] == 1


def test_updated_list_updates_by_key_and_audits_before_and_after(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    renamed = mine_row(L1, "甲煤矿（整合）", 矿业权人="甲煤矿有限公司", 矿区面积="1.5")
    same = mine_row(L2, "乙煤矿", 开采方式="露天", 矿山状态="停产")
    path = write_csv(tmp_path / "mines2.csv", [MINE_HEADER, renamed, same, mine_row(L3, "丙煤矿")])
    report = import_file(ctx, "mines", path)
    assert (report.added, report.changed, report.unchanged) == (1, 1, 1)
    change = next(d for d in report.details if d.action == "change")
    assert change.key == L1 and change.row == 2
    assert change.changes == {"name": ("甲煤矿", "甲煤矿（整合）"), "area_km2": (1.2, 1.5)}
    row = mine_store.get_row_by_licence(ctx.conn, L1)
    assert (row["name"], row["area_km2"], row["version"]) == ("甲煤矿（整合）", 1.5, 2)
    last = audit_rows(ctx, "mine")[-2]
    assert last["action"] == "import.update" and '"name":"甲煤矿"' in last["before"]


def test_columns_missing_from_the_file_keep_their_stored_values(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "m.csv", [
        ["licence_no", "name", "holder", "minerals", "method", "status", "office"],
        [L1, "甲煤矿", "甲煤矿有限公司", "煤", "underground", "producing", "SD"],
    ])
    report = import_file(ctx, "mines", path)
    assert (report.changed, report.unchanged) == (0, 1)
    assert mine_store.get_row_by_licence(ctx.conn, L1)["area_km2"] == 1.2


def test_a_bad_row_in_the_middle_writes_nothing_and_every_error_is_listed(ctx: Context, tmp_path: Path,
                                                                         office: str):
    rows = [MINE_HEADER, mine_row(L1, "甲煤矿"),
            mine_row(L2, "乙煤矿", 有效期="2019年3月17日至2025年2月30日", 矿区面积="大约一平方公里",
                     自然资源所="不存在所"),
            mine_row(L3, "丙煤矿", 开采方式="坑采", 矿山状态=""),
            mine_row("5.1E+21", "丁煤矿")]
    path = write_csv(tmp_path / "mines.csv", rows)
    before = counts(ctx)
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "mines", path)
    assert [str(p) for p in info.value.problems] == [
        'mines.csv:3:有效期: 无法识别的有效期（应如“2019年3月17日至2029年3月17日”） "2019年3月17日至2025年2月30日"',
        'mines.csv:3:矿区面积: 应为数字 "大约一平方公里"',
        'mines.csv:3:自然资源所: 未知的自然资源所（应为已导入的编号或名称） "不存在所"',
        'mines.csv:4:开采方式: 应为以下之一：露天/地下/联合 "坑采"',
        "mines.csv:4:矿山状态: 必填项为空",
        'mines.csv:5:许可证号: 许可证号被存成了数字，已丢失位数；请把该列设为文本后重新填写 "5.1E+21"',
    ]
    assert counts(ctx) == before
    assert str(info.value) == "导入被拒绝：mines.csv 有 6 处错误，未写入任何数据"


def test_duplicate_licence_numbers_name_both_rows(ctx: Context, tmp_path: Path, office: str):
    path = write_csv(tmp_path / "mines.csv", [MINE_HEADER, mine_row(L1, "甲"), mine_row(L2, "乙"),
                                              mine_row(L1.lower(), "甲二")])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "mines", path)
    assert [str(p) for p in info.value.problems] == [
        f'mines.csv:4:许可证号: 与第 2 行重复（同一许可证号） "{L1.lower()}"']


def test_missing_required_columns_are_all_named(ctx: Context, tmp_path: Path, office: str):
    path = write_csv(tmp_path / "mines.csv", [["许可证号", "矿山名称", "备注"], [L1, "甲", ""]])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "mines", path)
    assert [str(p) for p in info.value.problems] == [
        f"mines.csv:1:{title}: 缺少必填列" for title in ("矿业权人", "开采矿种", "开采方式", "矿山状态", "自然资源所")]
    assert [str(p) for p in info.value.warnings] == ["mines.csv:1:备注: 未知的列，已忽略"]


def test_english_headers_in_any_order_full_width_digits_and_separate_columns(ctx: Context, tmp_path: Path,
                                                                           office: str):
    path = write_csv(tmp_path / "mines.tsv", [
        ["office", "status", "method", "minerals", "holder", "name", "licence_no", "valid_from", "valid_to",
         "depth_top_m", "depth_bottom_m", "scale", "forest_grass", "epsg", "credit_code"],
        ["SD", "在产", "open_pit", "石灰岩，白云岩", "某公司", "某矿", "Ｃ１４０４００２０１０１２１１２０１００３７１",
         "２０２０．１．１", "20300101", "１０５０米", "９８０", "小型", "是", "EPSG:4526", "91140400MA0K1234XY"],
    ], encoding="utf-16", delimiter="\t")
    import_file(ctx, "mines", path)
    row = mine_store.get_row_by_licence(ctx.conn, L1)
    assert (row["valid_from"], row["valid_to"], row["depth_top_m"], row["depth_bottom_m"]) == (
        "2020-01-01", "2030-01-01", 1050.0, 980.0)
    assert (row["minerals"], row["scale"], row["forest_grass"], row["method"]) == (
        "石灰岩、白云岩", "small", 1, "open_pit")


def test_xlsx_with_date_cells_and_a_licence_stored_as_a_float(ctx: Context, tmp_path: Path, office: str):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["上党区2025年矿山清单"])
    sheet.append(["许可证号", "矿山名称", "矿业权人", "开采矿种", "开采方式", "矿山状态", "自然资源所", "有效期起",
                  "有效期止"])
    sheet.append([L1, "甲", "甲公司", "煤", "地下", "在产", "SD", datetime(2019, 3, 17), datetime(2029, 3, 17)])
    path = tmp_path / "mines.xlsx"
    workbook.save(path)
    import_file(ctx, "mines", path)
    assert mine_store.get_row_by_licence(ctx.conn, L1)["valid_to"] == "2029-03-17"

    sheet.append([1.40400201012112e21, "乙", "乙公司", "煤", "地下", "在产", "SD", datetime(2019, 3, 17), None])
    workbook.save(path)
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "mines", path)
    assert [(p.row, p.column) for p in info.value.problems] == [(4, "许可证号")]


def test_status_without_date_is_checked_against_history(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "m.csv", [MINE_HEADER, mine_row(L1, "甲煤矿", 矿山状态="停产")])
    report = import_file(ctx, "mines", path)
    assert report.unchanged == 1
    assert [str(w) for w in report.warnings] == [
        "m.csv:2:矿山状态: 与状态历史最新记录（在产，2019-03-17 起）不一致；状态历史未改动，"
        '如需变更请填写状态日期或导入状态历史 "停产"']
    mine_id = mine_store.get_row_by_licence(ctx.conn, L1)["id"]
    assert mine_store.status_history(ctx.conn, mine_id) == [(MineStatus.PRODUCING, date(2019, 3, 17))]


def test_status_with_a_date_adds_a_history_entry_once(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "m.csv", [[*MINE_HEADER, "状态日期"],
                                          [*mine_row(L1, "甲煤矿", 矿山状态="停产"), "2025年1月5日"]])
    report = import_file(ctx, "mines", path)
    assert report.details[0].changes == {"status": (None, "suspended")}
    mine_id = mine_store.get_row_by_licence(ctx.conn, L1)["id"]
    assert mine_store.status_history(ctx.conn, mine_id)[-1] == (MineStatus.SUSPENDED, date(2025, 1, 5))
    assert import_file(ctx, "mines", path).unchanged == 1


def test_depth_order_is_checked_against_the_stored_row(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "m.csv", [[*MINE_HEADER[:7], "开采深度下限"], [*mine_row(L1, "甲煤矿")[:7], "1200"]])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "mines", path)
    assert [str(p) for p in info.value.problems] == ['m.csv:2:开采深度下限: 开采深度上限应高于下限 "1200"']


def test_dry_run_reports_and_writes_nothing(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "m.csv", [MINE_HEADER, mine_row(L1, "甲煤矿二"), mine_row(L3, "丙")])
    before = counts(ctx)
    report = import_file(ctx, "mines", path, dry_run=True)
    assert report.dry_run and (report.added, report.changed, report.unchanged) == (1, 1, 0)
    assert counts(ctx) == before
    assert mine_store.get_row_by_licence(ctx.conn, L1)["name"] == "甲煤矿"


# --- corners --------------------------------------------------------------------------------------------

CORNER_HEADER = ["许可证号", "圈号", "点号", "X坐标", "Y坐标"]


def square(licence: str, ring: str = "1", close: bool = False) -> list[list[str]]:
    points = [("1", "3980000.00", "38410000.00"), ("2", "3980000.00", "38411000.00"),
              ("3", "3981000.00", "38411000.00"), ("4", "3981000.00", "38410000.00")]
    if close:
        points.append(points[0])
    return [[licence, ring, p, x, y] for p, x, y in points]


def test_corners_replace_the_rings_and_reimport_is_unchanged(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "c.csv", [CORNER_HEADER, *square(L1, close=True), *square(L1, "2"), *square(L2)])
    report = import_file(ctx, "corners", path)
    assert (report.added, report.changed, report.unchanged) == (2, 0, 0)
    mine_id = mine_store.get_row_by_licence(ctx.conn, L1)["id"]
    stored = mine_store.corners_of(ctx.conn, mine_id)
    assert [(c.ring, c.point_no) for c in stored] == [(1, "1"), (1, "2"), (1, "3"), (1, "4"), (1, "1"),
                                                      (2, "1"), (2, "2"), (2, "3"), (2, "4")]
    assert import_file(ctx, "corners", path).unchanged == 2

    write_csv(path, [CORNER_HEADER, *square(L1)])
    report = import_file(ctx, "corners", path)
    assert (report.changed, report.details[0].changes) == (1, {"corners": (9, 4)})
    assert len(mine_store.corners_of(ctx.conn, mine_id)) == 4
    assert audit_rows(ctx, "corners")[-1]["action"] == "import.update"


def test_corner_errors_unknown_licence_duplicates_and_short_rings(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    bad_repeat = [L1, "1", "2", "3980500.00", "38410500.00"]
    rows = [CORNER_HEADER, *square(L1), bad_repeat, *square(L3), [L2, "1", "1", "3980000", "38410000"],
            [L2, "1", "2", "3980000", "38411000"]]
    path = write_csv(tmp_path / "c.csv", rows)
    before = counts(ctx)
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "corners", path)
    assert [str(p) for p in info.value.problems] == [
        'c.csv:6:点号: 与第 3 行的点号重复（同一圈） "2"',
        *[f'c.csv:{r}:许可证号: 未知的许可证号（请先导入矿山） "{L3}"' for r in range(7, 11)],
        'c.csv:11:点号: 第 1 圈不足 3 个拐点 "1"',
    ]
    assert counts(ctx) == before


def test_corner_coordinates_without_zone_prefix_warn(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    rows = [CORNER_HEADER, *[[lic, ring, p, x, y[2:]] for lic, ring, p, x, y in square(L1)]]
    report = import_file(ctx, "corners", write_csv(tmp_path / "c.csv", rows))
    assert report.added == 1 and len(report.warnings) == 4
    assert all(w.column == "Y坐标" for w in report.warnings)


# --- status history -------------------------------------------------------------------------------------

def test_status_history_rows_are_keyed_by_licence_and_date(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "s.csv", [["许可证号", "矿山状态", "变更日期"], [L1, "停产", "2024-07-01"],
                                          [L1, "在产", "2019/3/17"]])
    report = import_file(ctx, "status", path)
    assert (report.added, report.changed, report.unchanged) == (1, 0, 1)
    write_csv(path, [["licence_no", "status", "effective_from"], [L1, "停建", "2024-07-01"]])
    report = import_file(ctx, "status", path)
    assert report.details[0].changes == {"status": ("suspended", "halted")}
    mine_id = mine_store.get_row_by_licence(ctx.conn, L1)["id"]
    assert mine_store.status_history(ctx.conn, mine_id) == [(MineStatus.PRODUCING, date(2019, 3, 17)),
                                                            (MineStatus.HALTED, date(2024, 7, 1))]
    write_csv(path, [["licence_no", "status", "effective_from"], [L1, "停建", "2024-07-01"],
                     [L1, "在产", "2024.7.1"]])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "status", path)
    assert [str(p) for p in info.value.problems] == [
        's.csv:3:effective_from: 与第 2 行重复（同一许可证号、起始日期） "2024.7.1"']


# --- zones ----------------------------------------------------------------------------------------------

ZONE_HEADER = ["年度", "级别", "监测矿区", "编号", "许可证号", "依据"]


def test_zones_are_created_approved_and_memberships_added(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    path = write_csv(tmp_path / "z.csv", [["上党区2025年重点监测矿区清单"], ZONE_HEADER,
                                          ["2025", "区级", "苏店片区", "QJ-01", L1, "长上自然资发〔2025〕47号"],
                                          ["2025", "区级", "苏店片区", "", L2, ""],
                                          ["2025", "省级", "上党煤矿区", "", L1, ""]])
    report = import_file(ctx, "zones", path)
    assert (report.added, report.changed, report.unchanged) == (3, 0, 0)
    assert report.notes == ["新建监测矿区：2025 区级 苏店片区", "新建监测矿区：2025 省级 上党煤矿区"]
    zones = ctx.conn.execute("SELECT name, level, code, state FROM zones ORDER BY id").fetchall()
    assert [tuple(z) for z in zones] == [("苏店片区", "district", "QJ-01", "approved"),
                                         ("上党煤矿区", "provincial", None, "approved")]
    assert ctx.conn.execute("SELECT count(*) FROM zone_mines").fetchone()[0] == 3
    before = counts(ctx)
    assert import_file(ctx, "zones", path).unchanged == 3
    assert counts(ctx) == before


def test_a_rejected_zone_takes_no_mines(ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    ctx.conn.execute("INSERT INTO zones (year, level, name, state) VALUES (2025, 'district', '否决片区', ?)",
                     (str(ZoneState.REJECTED),))
    path = write_csv(tmp_path / "z.csv", [ZONE_HEADER, ["2025", "区级", "否决片区", "", L1, ""]])
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "zones", path)
    assert [str(p) for p in info.value.problems] == ['z.csv:2:监测矿区: 该监测矿区已被驳回，不能再加入矿山 "否决片区"']


# --- files that cannot be read, kinds that do not exist -------------------------------------------------

def test_an_empty_file_is_refused_as_a_whole(ctx: Context, tmp_path: Path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportRefused) as info:
        import_file(ctx, "offices", path)
    assert [str(p) for p in info.value.problems] == ["empty.csv: 文件是空的"]


# --- robustness -----------------------------------------------------------------------------------------

CELL = st.one_of(st.text(max_size=30), st.sampled_from(["", "在产", "2025年2月30日", "5.1E+21", "SD", L1, "是",
                                                          "由1150米至850米标高", "１．５", "\t", '"', "\n"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=len(MINE_HEADER), max_size=len(MINE_HEADER)), max_size=5),
       kind=st.sampled_from(["mines", "corners", "zones", "status", "offices"]))
def test_random_cells_never_crash_the_importer(ctx: Context, tmp_path: Path, office: str, rows, kind):
    header = {"mines": MINE_HEADER, "corners": CORNER_HEADER, "zones": ZONE_HEADER,
              "status": ["许可证号", "矿山状态", "变更日期"], "offices": ["编号", "名称", "乡镇"]}[kind]
    path = write_csv(tmp_path / f"{kind}.csv", [header, *[r[: len(header)] for r in rows]])
    try:
        report = import_file(ctx, kind, path)
    except ImportRefused as refused:
        assert refused.problems and all(p.is_error and p.file == path.name for p in refused.problems)
    else:
        assert report.added + report.changed + report.unchanged == len(report.details)


# --- the command line -----------------------------------------------------------------------------------

@pytest.fixture
def run_cli(monkeypatch, tmp_path: Path, db_path: Path, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["--db", str(db_path), "--user", "tester", *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_cli_import_exit_codes_and_messages(run_cli, tmp_path: Path):
    offices = write_csv(tmp_path / "offices.csv", [["编号", "名称"], ["SD", "苏店自然资源所"]])
    code, out, err = run_cli("import", "offices", str(offices))
    assert (code, out) == (0, "")
    assert err == "minetui: offices.csv: 新增 1，更新 0，未变 0，警告 0\n"

    mines = write_csv(tmp_path / "mines.csv", [[*MINE_HEADER, "备注"], [*mine_row(L1, "甲煤矿"), ""],
                                               [*mine_row(L2, "乙", 有效期="2025年2月30日"), ""]])
    code, out, err = run_cli("import", "mines", str(mines))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        'mines.csv:3:有效期: 无法识别的有效期（应如“2019年3月17日至2029年3月17日”） "2025年2月30日"',
        "警告：mines.csv:1:备注: 未知的列，已忽略",
        "minetui: 导入被拒绝：mines.csv 有 1 处错误，未写入任何数据",
    ]

    write_csv(mines, [MINE_HEADER, mine_row(L1, "甲煤矿")])
    code, out, err = run_cli("import", "mines", str(mines), "--dry-run")
    assert (code, out) == (0, f"+ {L1}\n")
    assert err.endswith("（试运行，未写入）\n")
    assert run_cli("import", "mines", str(mines))[0] == 0

    write_csv(mines, [MINE_HEADER, mine_row(L1, "甲煤矿二", 矿业权人="甲煤矿有限公司")])
    code, out, err = run_cli("--lang", "en", "import", "mines", str(mines), "--dry-run")
    assert out == f"~ {L1}: name: 甲煤矿 → 甲煤矿二\n"
    assert err == "minetui: mines.csv: 0 added, 1 changed, 0 unchanged, 0 warning(s) (dry run: nothing was written)\n"


def test_cli_import_problems_are_in_english_under_lang_en(run_cli, tmp_path: Path):
    """`minetui --lang en import mines bad.csv`: every problem in English (issue 12); the columns stay as the
    file names them, and the same file under the default language gives the Chinese lines."""
    offices = write_csv(tmp_path / "offices.csv", [["编号", "名称"], ["SD", "苏店自然资源所"]])
    assert run_cli("import", "offices", str(offices))[0] == 0
    bad = write_csv(tmp_path / "bad.csv", [
        [*MINE_HEADER, "备注"],
        [*mine_row(L1, "甲煤矿", 开采方式="半露天", 矿区面积="abc"), ""],
        [*mine_row("5.1E+21", "乙煤矿", 有效期="2025年2月30日", 自然资源所="北关所"), ""],
        [*mine_row(L1, "甲煤矿"), ""],
    ])
    code, out, err = run_cli("--lang", "en", "import", "mines", str(bad))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        'bad.csv:2:开采方式: should be one of: open-pit/underground/combined "半露天"',
        'bad.csv:2:矿区面积: should be a number "abc"',
        'bad.csv:3:有效期: unrecognised validity (e.g. “2019年3月17日至2029年3月17日”) "2025年2月30日"',
        'bad.csv:3:自然资源所: unknown office (a code or name of an imported office) "北关所"',
        'bad.csv:3:许可证号: the licence number was stored as a number and has lost digits; format the column as '
        'text and type it again "5.1E+21"',
        'bad.csv:4:许可证号: same as row 2 (the same licence_no) "C1404002010121120100371"',
        "warning: bad.csv:1:备注: unknown column, ignored",
        "minetui: import refused: 6 error(s) in bad.csv; nothing was written",
    ]
    code, _, zh = run_cli("import", "mines", str(bad))
    assert code == 2 and 'bad.csv:2:矿区面积: 应为数字 "abc"' in zh.splitlines()
    assert 'bad.csv:4:许可证号: 与第 2 行重复（同一许可证号） "C1404002010121120100371"' in zh.splitlines()


def test_a_ring_whose_repeated_first_number_has_other_coordinates_imports_with_a_warning(
        ctx: Context, tmp_path: Path, mines_csv: Path):
    import_file(ctx, "mines", mines_csv)
    rows = [CORNER_HEADER, *square(L1), [L1, "1", "1", "3980000.50", "38410000.00"]]
    report = import_file(ctx, "corners", write_csv(tmp_path / "c.csv", rows))
    assert report.added == 1
    assert [str(w) for w in report.warnings] == ['c.csv:6:点号: 与第 2 行的首点点号相同但坐标不同：第 1 圈未闭合 "1"']
