"""Patrol duties of a hand-made district (services.patrols.duty_rows, office_counts) and `minetui duties`,
`minetui patrols list`. Expected states are counted by hand for today = 2025-06-25 (due soon = 7 days).

District (all licences valid since 2019):
- A (SD) 在产 all year, in a 2025 zone; patrols 01-10, 03-05, 06-01 → 12 monthly duties:
  01 met, 02 overdue, 03 met, 04 overdue, 05 overdue, 06 met, 07–12 open.
- B (XH) 停产 all year, in a zone; patrol 02-01 → Q1 met, Q2 due soon (ends 06-30), Q3, Q4 open.
- C (SD) 在产, in no zone → no duty.
- D (SD) 停产, 在产 from 2025-05-15, in a zone → Q1 overdue, 05 overdue, 06 due soon, 07–12 open.
- E (XH) 在产, in a *2024* zone only → no duty in 2025.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from minetui.cli import main
from minetui.domain.model import MineStatus
from minetui.domain.patrols.duties import DutyKind, DutyState
from minetui.domain.periods import Period
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.patrols import duties as patrol_duties
from minetui.store import db
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone

TODAY = date(2025, 6, 25)
LA, LB, LC, LD, LE = (f"C14040020100111200{n:05d}" for n in (1, 2, 3, 4, 5))
S, P = MineStatus.SUSPENDED, MineStatus.PRODUCING
MET, OPEN, SOON, OVERDUE = DutyState.MET, DutyState.OPEN, DutyState.DUE_SOON, DutyState.OVERDUE


def insert_patrol(ctx: Context, mine_id: int, day: str, office: str = "SD") -> None:
    """A bare patrol row (the duty computation reads only dates; record_patrol is tested elsewhere)."""
    with db.write(ctx.conn):
        ctx.conn.execute(
            "INSERT INTO patrols (mine_id, patrol_date, office_code, inspectors, mode, created_by, created_at)"
            " VALUES (?, ?, ?, '张三、李四', 'on_site', 'tester', '2025-01-01T00:00:00+00:00')",
            (mine_id, day, office))


@pytest.fixture
def district(db_path) -> Context:
    ctx = Context.open(db_path, actor="tester", today=TODAY)
    add_office(ctx, "SD", "苏店自然资源所")
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    since = date(2019, 1, 1)
    ids = {
        "A": add_mine(ctx, LA, "甲矿", statuses=[(P, since)], valid_from=since),
        "B": add_mine(ctx, LB, "乙矿", office="XH", statuses=[(S, since)], valid_from=since),
        "C": add_mine(ctx, LC, "丙矿", statuses=[(P, since)], valid_from=since),
        "D": add_mine(ctx, LD, "丁矿", statuses=[(S, since), (P, date(2025, 5, 15))], valid_from=since),
        "E": add_mine(ctx, LE, "戊矿", office="XH", statuses=[(P, since)], valid_from=since),
    }
    add_zone(ctx, 2025, [ids["A"], ids["B"], ids["D"]])
    add_zone(ctx, 2024, [ids["E"]], name="2024年矿区")
    for day in ("2025-01-10", "2025-03-05", "2025-06-01"):
        insert_patrol(ctx, ids["A"], day)
    insert_patrol(ctx, ids["B"], "2025-02-01", "XH")
    insert_patrol(ctx, ids["A"], "2024-12-30")                 # last year's patrol meets nothing in 2025
    yield ctx
    ctx.close()


@pytest.fixture
def ids(district) -> dict[str, int]:
    """Mine ids by the letters of the module docstring."""
    from minetui.store.mines import mine_ids_by_licence

    by_licence = mine_ids_by_licence(district.conn)
    return {letter: by_licence[licence] for letter, licence in zip("ABCDE", (LA, LB, LC, LD, LE), strict=True)}


def states(rows) -> dict[tuple[str, str], DutyState]:
    return {(r.licence_no, str(r.period)): r.state for r in rows}


# --- the service ------------------------------------------------------------------------------------------

def test_every_duty_of_the_year_with_its_state(district):
    got = states(patrol_duties.duty_rows(district, 2025))
    expected = {
        **{(LA, f"2025-{m:02d}"): s for m, s in zip(range(1, 13), [MET, OVERDUE, MET, OVERDUE, OVERDUE, MET]
                                                     + [OPEN] * 6, strict=True)},
        (LB, "2025-Q1"): MET, (LB, "2025-Q2"): SOON, (LB, "2025-Q3"): OPEN, (LB, "2025-Q4"): OPEN,
        (LD, "2025-Q1"): OVERDUE, (LD, "2025-05"): OVERDUE, (LD, "2025-06"): SOON,
        **{(LD, f"2025-{m:02d}"): OPEN for m in range(7, 13)},
    }
    assert got == expected


def test_a_duty_row_carries_kind_due_days_left_and_the_patrols(district, ids):
    rows = {(r.licence_no, str(r.period)): r for r in patrol_duties.duty_rows(district, 2025)}
    june = rows[(LA, "2025-06")]
    assert (june.kind, june.due, june.met_by, june.patrol_dates, june.days_left) == (
        DutyKind.MONTHLY, date(2025, 6, 30), date(2025, 6, 1), (date(2025, 6, 1),), 5)
    assert (june.mine_name, june.office_code, june.mine_id) == ("甲矿", "SD", ids["A"])
    q1 = rows[(LB, "2025-Q1")]
    assert (q1.kind, q1.due, q1.met_by) == (DutyKind.QUARTERLY, date(2025, 3, 31), date(2025, 2, 1))
    assert rows[(LA, "2025-02")].patrol_dates == () and rows[(LA, "2025-02")].days_left < 0


def test_a_month_also_shows_the_quarterly_duty_of_its_quarter(district):
    got = states(patrol_duties.duty_rows(district, 2025, period=Period.parse("2025-06")))
    assert got == {(LA, "2025-06"): MET, (LB, "2025-Q2"): SOON, (LD, "2025-06"): SOON}


def test_a_quarter_shows_its_monthly_duties(district):
    got = states(patrol_duties.duty_rows(district, 2025, period=Period.parse("2025-Q2")))
    assert got == {(LA, "2025-04"): OVERDUE, (LA, "2025-05"): OVERDUE, (LA, "2025-06"): MET,
                   (LB, "2025-Q2"): SOON, (LD, "2025-05"): OVERDUE, (LD, "2025-06"): SOON}


def test_office_and_mine_filters(district, ids):
    assert {r.licence_no for r in patrol_duties.duty_rows(district, 2025, office="XH")} == {LB}
    assert {r.licence_no for r in patrol_duties.duty_rows(district, 2025, mine_id=ids["D"])} == {LD}
    assert patrol_duties.duty_rows(district, 2024, mine_id=ids["A"]) == []   # not in a 2024 zone
    assert {str(r.period) for r in patrol_duties.duty_rows(district, 2024)} == {
        f"2024-{m:02d}" for m in range(1, 13)}                                 # E in 2024


def test_a_period_of_another_year_is_refused(district):
    with pytest.raises(ServiceError):
        patrol_duties.duty_rows(district, 2025, period=Period.parse("2024-Q2"))


def test_office_counts_for_a_month(district):
    counts = patrol_duties.office_counts(district, 2025, Period.parse("2025-06"))
    assert counts["SD"] == {MET: 1, OPEN: 0, SOON: 1, OVERDUE: 0, DutyState.NOT_REQUIRED: 0}
    assert counts["XH"] == {MET: 0, OPEN: 0, SOON: 1, OVERDUE: 0, DutyState.NOT_REQUIRED: 0}


def test_office_counts_for_the_first_quarter(district):
    counts = patrol_duties.office_counts(district, 2025, Period.parse("2025-Q1"))
    assert (counts["SD"][MET], counts["SD"][OVERDUE]) == (2, 2)   # A: 01, 03 met, 02 overdue; D: Q1 overdue
    assert (counts["XH"][MET], counts["XH"][OVERDUE]) == (1, 0)


def test_a_patrol_after_today_does_not_meet_a_duty_yet(district, ids, db_path):
    insert_patrol(district, ids["D"], "2025-06-28")
    got = states(patrol_duties.duty_rows(district, 2025, mine_id=ids["D"]))
    assert got[(LD, "2025-06")] is SOON
    later = Context(district.conn, db_path, "tester", date(2025, 6, 29))
    assert states(patrol_duties.duty_rows(later, 2025, mine_id=ids["D"]))[(LD, "2025-06")] is MET


# --- the command line --------------------------------------------------------------------------------------

def run(capsysbinary, db_path, *args: str) -> tuple[int, bytes, str]:
    code = main(["--db", str(db_path), "--today", TODAY.isoformat(), *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def test_duties_csv_has_the_documented_columns(district, db_path, capsysbinary):
    code, out, _err = run(capsysbinary, db_path, "duties", "--year", "2025", "--period", "2025-06", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    assert list(rows[0]) == ["licence_no", "mine", "office", "period", "kind", "due", "state", "patrol_dates"]
    assert [(r["licence_no"], r["period"], r["kind"], r["due"], r["state"], r["patrol_dates"]) for r in rows] == [
        (LA, "2025-06", "monthly", "2025-06-30", "met", "2025-06-01"),
        (LD, "2025-06", "monthly", "2025-06-30", "due_soon", ""),
        (LB, "2025-Q2", "quarterly", "2025-06-30", "due_soon", ""),
    ]


def test_duties_json_filtered_by_state_and_office(district, db_path, capsysbinary):
    code, out, _err = run(capsysbinary, db_path, "duties", "--year", "2025", "--office", "苏店自然资源所",
                          "--state", "overdue", "--format", "json")
    assert code == 0
    got = [(r["licence_no"], r["period"]) for r in json.loads(out)]
    assert got == [(LA, "2025-02"), (LA, "2025-04"), (LA, "2025-05"), (LD, "2025-Q1"), (LD, "2025-05")]


def test_duties_table_is_in_chinese(district, db_path, capsysbinary):
    code, out, _err = run(capsysbinary, db_path, "duties", "--period", "2025-06")
    text = out.decode("utf-8")
    assert code == 0 and "许可证号" in text and "即将到期" in text and "已巡查" in text


def test_duties_xlsx_to_a_file(district, db_path, capsysbinary, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "duties.xlsx"
    code, _out, _err = run(capsysbinary, db_path, "duties", "--year", "2025", "--mine", LB, "--out", str(target))
    assert code == 0
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if "许可证号" in row)
    assert [row[values[header].index("周期")] for row in values[header + 1:]] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_an_unknown_office_or_bad_period_is_refused(district, db_path, capsysbinary):
    code, _out, err = run(capsysbinary, db_path, "duties", "--year", "2025", "--office", "nowhere")
    assert code == 2 and "nowhere" in err
    with pytest.raises(SystemExit) as bad:
        main(["--db", str(db_path), "duties", "--period", "2025-13"])
    assert bad.value.code == 2


def test_patrols_list_by_mine_and_year(district, db_path, capsysbinary):
    code, out, _err = run(capsysbinary, db_path, "patrols", "list", "--mine", LA, "--year", "2025", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    assert [(r["licence_no"], r["date"], r["mode"]) for r in rows] == [
        (LA, "2025-01-10", "on_site"), (LA, "2025-03-05", "on_site"), (LA, "2025-06-01", "on_site")]


@pytest.mark.slow
def test_duties_of_20000_mines_are_all_listed(db_path):
    """Province scale through the service (its speed is measured in benchmarks/, never asserted here)."""
    ctx = Context.open(db_path, actor="tester", today=TODAY)
    add_office(ctx)
    with db.write(ctx.conn):
        ctx.conn.executemany(
            "INSERT INTO mines (id, licence_no, name, holder, minerals, method, office_code, valid_from)"
            " VALUES (?, ?, ?, 'h', '煤', 'underground', 'SD', '2019-01-01')",
            [(i, f"C{i:022d}", f"矿{i}") for i in range(1, 20_001)])
        ctx.conn.executemany("INSERT INTO mine_status VALUES (?, '2019-01-01', ?)",
                             [(i, "producing" if i % 3 else "suspended") for i in range(1, 20_001)])
    add_zone(ctx, 2025, list(range(1, 20_001)))
    rows = patrol_duties.duty_rows(ctx, 2025, period=Period.parse("2025-06"))
    ctx.close()
    assert len(rows) == 20_000
    by_kind = {row.kind for row in rows}
    assert by_kind == {DutyKind.MONTHLY, DutyKind.QUARTERLY}
    assert {row.mine_id for row in rows} == set(range(1, 20_001))
