"""Issue 9: an import writes in batches (executemany, audit.append_many) and parses each distinct cell of a
column once — and what it stores, audits and reports is what it was one row at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from minetui.errors import StaleRecord
from minetui.io.readers import Table
from minetui.io.specs import CORNERS, MINES
from minetui.io.tablespec import parse_table
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.importing import import_file
from minetui.store import audit, db
from tests import factories
from tests.test_import import MINE_HEADER, mine_row, write_csv

LICENCES = [f"C14040020091211200{n:05d}" for n in range(30)]


def test_append_many_chains_exactly_as_append_one_by_one(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "now_utc", lambda: "2025-06-15T08:00:00Z")
    entries = [audit.Entry("import.add", "mine", n, None, {"name": f"矿{n}", "n": n}) for n in range(1, 4)]
    entries.append(audit.Entry("import.update", "corners", 7, [[1, "J1", 1.0, 2.0]], [[1, "J1", 1.5, 2.0]]))
    with db.write(ctx.conn):
        audit.append(ctx.conn, actor="clerk", action="mine.edit", entity="mine", entity_id=9, after={"a": 1})
        batch_head = audit.append_many(ctx.conn, actor="clerk", entries=entries)
    assert audit.first_broken_row(ctx.conn) is None
    batched = ctx.conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    assert (batch_head.seq, batch_head.hash) == (5, batched[-1]["hash"])

    other = Context.open(ctx.db_path.parent / "one_by_one.db", actor="clerk", today=ctx.today)
    try:
        with db.write(other.conn):
            audit.append(other.conn, actor="clerk", action="mine.edit", entity="mine", entity_id=9, after={"a": 1})
            for e in entries:
                audit.append(other.conn, actor="clerk", action=e.action, entity=e.entity, entity_id=e.entity_id,
                             before=e.before, after=e.after)
        single = other.conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    finally:
        other.close()
    assert [tuple(r) for r in batched] == [tuple(r) for r in single]


def test_an_empty_batch_writes_nothing(ctx: Context) -> None:
    with db.write(ctx.conn):
        assert audit.append_many(ctx.conn, actor="clerk", entries=[]) == audit.head(ctx.conn)
    assert audit.count(ctx.conn) == 0


@pytest.fixture
def office(ctx: Context) -> str:
    return factories.add_office(ctx)


def _mines(tmp_path: Path, count: int, **over: str) -> Path:
    rows = [MINE_HEADER] + [mine_row(LICENCES[n], f"第{n}煤矿", **over) for n in range(count)]
    return write_csv(tmp_path / "mines.csv", rows)


def test_a_batch_of_mines_is_stored_and_audited_one_row_per_mine(ctx: Context, tmp_path: Path, office: str) -> None:
    report = import_file(ctx, "mines", _mines(tmp_path, 30))
    assert report.added == 30
    stored = ctx.conn.execute("SELECT id, licence_no, name, area_km2, villages FROM mines ORDER BY id").fetchall()
    assert [r["licence_no"] for r in stored] == LICENCES
    assert stored[5]["name"] == "第5煤矿" and stored[5]["area_km2"] == 1.2 and stored[5]["villages"] == "东村、西村"
    rows = ctx.conn.execute("SELECT entity_id, action, before, after FROM audit WHERE entity = 'mine' ORDER BY seq")
    rows = rows.fetchall()
    assert [int(r["entity_id"]) for r in rows] == [r["id"] for r in stored]
    assert {r["action"] for r in rows} == {"import.add"} and all(r["before"] is None for r in rows)
    assert '"status":{"effective_from":"2019-03-17","status":"producing"}' in rows[0]["after"]
    statuses = ctx.conn.execute("SELECT count(*) FROM mine_status WHERE effective_from = '2019-03-17'").fetchone()
    assert statuses[0] == 30
    assert audit.first_broken_row(ctx.conn) is None


def test_a_changed_mine_that_moved_meanwhile_is_refused_as_stale(ctx: Context, tmp_path: Path, office: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(ctx, "mines", _mines(tmp_path, 2))
    from minetui.store import mines as mine_store

    monkeypatch.setattr(mine_store, "update_mine", lambda *args: False)  # someone saved the row in between
    before = audit.count(ctx.conn)
    with pytest.raises(StaleRecord):
        import_file(ctx, "mines", _mines(tmp_path, 2, 矿业权人="新公司"))
    assert audit.count(ctx.conn) == before  # the whole file rolled back


def test_corners_of_many_mines_are_replaced_at_once(ctx: Context, tmp_path: Path, office: str) -> None:
    import_file(ctx, "mines", _mines(tmp_path, 3))
    header = ["许可证号", "点号", "X", "Y"]

    def corners(shift: float) -> Path:
        rows = [header]
        for licence in LICENCES[:3]:
            rows += [[licence, f"J{p}", f"{38500000 + p * 10 + shift:.2f}", f"{4000000 + p * 7:.2f}"] for p in range(4)]
        return write_csv(tmp_path / "corners.csv", rows)

    assert import_file(ctx, "corners", corners(0)).added == 3
    assert import_file(ctx, "corners", corners(0)).unchanged == 3
    assert import_file(ctx, "corners", corners(1)).changed == 3
    stored = ctx.conn.execute("SELECT mine_id, ring, seq, point_no, x FROM corners ORDER BY mine_id, ring, seq")
    stored = stored.fetchall()
    assert len(stored) == 12 and [r["seq"] for r in stored[:4]] == [1, 2, 3, 4]
    assert stored[1]["x"] == pytest.approx(38500011.0)
    changes = ctx.conn.execute("SELECT action FROM audit WHERE entity = 'corners' ORDER BY seq").fetchall()
    assert [r["action"] for r in changes] == ["import.add"] * 3 + ["import.update"] * 3
    assert audit.first_broken_row(ctx.conn) is None


# --- parsing each distinct cell once ------------------------------------------------------------------------

def test_a_repeated_bad_cell_is_an_error_at_every_row() -> None:
    header = ["许可证号", "点号", "X", "Y"]
    rows = [(n, [LICENCES[0], f"J{n}", "东经", "4000000"]) for n in range(2, 6)]
    records, problems = parse_table(Table("c.csv", header, 1, rows, "utf-8"), CORNERS)
    assert [p.row for p in problems if p.is_error] == [2, 3, 4, 5]
    assert all("x" not in r.values and not r.ok for r in records)
    assert {r.sources["x"] for r in records} == {("X", "东经")}


def test_cells_equal_in_python_but_different_as_text_are_parsed_apart() -> None:
    """True == 1 == 1.0 in Python, so a memo keyed by the cell alone would mix them up."""
    header = ["许可证号", "矿山名称", "矿业权人", "开采矿种", "开采方式", "矿山状态", "自然资源所", "涉林涉草"]
    base = [LICENCES[0], "甲", "甲公司", "煤", "井工", "正常生产", "SD"]
    rows = [(2, [*base, 1]), (3, [LICENCES[1], *base[1:], True]), (4, [LICENCES[2], *base[1:], "否"])]
    records, problems = parse_table(Table("m.xlsx", header, 1, rows, None), MINES)
    assert [r.sources["forest_grass"][1] for r in records] == ["1", "True", "否"]
    assert [r.values["forest_grass"] for r in records] == [True, True, False]
    assert not [p for p in problems if p.is_error]


def test_a_refused_batch_writes_nothing(ctx: Context, tmp_path: Path, office: str) -> None:
    rows = [MINE_HEADER] + [mine_row(LICENCES[n], f"第{n}煤矿") for n in range(5)]
    rows.append(mine_row(LICENCES[9], "坏矿", 开采方式="挖"))
    with pytest.raises(ImportRefused):
        import_file(ctx, "mines", write_csv(tmp_path / "mines.csv", rows))
    assert ctx.conn.execute("SELECT count(*) FROM mines").fetchone()[0] == 0
    assert audit.count(ctx.conn) == 0
