"""Issue 6 on the command line: `minetui plan`, `minetui visits …`, `minetui report visits`, and the demo
district's year planned with totals checked against an independent count."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from minetui import cli
from minetui.services.core.context import Context
from minetui.services.demo import district as demo
from minetui.services.visits import visits
from minetui.services.visits.tasks import external_visits, open_tasks
from tests.inspection_fixtures import build_district

A, D = "C1404042020011110000001", "C1404042020011110000004"


@pytest.fixture
def run(db_path, tmp_path, monkeypatch, ctx):
    build_district(ctx)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def invoke(*argv: str) -> int:
        return cli.main(["--db", str(db_path), "--today", "2025-06-15", *argv])

    return invoke


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_plan_as_csv_keeps_its_shape_and_puts_the_totals_on_stderr(run, capsys) -> None:
    assert run("plan", "--from", "2025-07-01", "--to", "2025-09-30", "--format", "csv") == 0
    out, err = capsys.readouterr()
    rows = csv_rows(out)
    assert list(rows[0]) == ["licence_no", "mine", "office", "date", "window_start", "window_end", "tasks",
                             "sections", "joins"]
    assert len(rows) == 7 and out.count("\n") == 8
    august = next(r for r in rows if r["licence_no"] == A and r["date"] == "2025-08-01")
    assert august["tasks"] == "patrol:2025-08;survey:2025-R2;verification:2025"
    assert "7" in err and "11" in err


def test_plan_as_table_has_the_totals_as_a_footer_and_commit_stores_it(run, capsys, ctx) -> None:
    assert run("--lang", "en", "plan", "--from", "2025-07-01", "--to", "2025-09-30", "--office", "SD",
               "--commit") == 0
    out, err = capsys.readouterr()
    assert "7 visits for 11 tasks; one visit per task would be 11; proven minimum 7" in out
    assert "committed: 7 visits stored" in err
    assert run("visits", "list", "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 7 and {r["state"] for r in listed} == {"planned"}
    first = listed[0]["id"]
    assert run("visits", "move", str(first), "2025-07-02") == 0
    assert run("visits", "move", str(first), "2025-08-02") == 2  # outside July's patrol window, and a Saturday
    assert run("visits", "cancel", str(first)) == 0
    assert visits.get_visit(ctx, first).state == "cancelled"
    assert run("visits", "list", "--state", "planned", "--format", "csv") == 0
    assert len(csv_rows(capsys.readouterr().out)) == 6


def test_plan_as_json_and_xlsx(run, capsys, tmp_path: Path) -> None:
    assert run("plan", "--from", "2025-07-01", "--to", "2025-07-31", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["licence_no"] for r in rows} == {A, D, "C1404042020011110000002"}
    out = tmp_path / "plan.xlsx"
    assert run("plan", "--from", "2025-07-01", "--to", "2025-07-31", "--out", str(out)) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(A in row for row in values)


def test_visit_sheet_as_markdown_and_xlsx(run, capsys, tmp_path: Path) -> None:
    assert run("plan", "--from", "2025-08-01", "--to", "2025-08-31", "--commit") == 0
    capsys.readouterr()
    assert run("visits", "sheet", "1") == 0
    text = capsys.readouterr().out
    assert "实地核查 2025" in text and "3980000.00" in text and "R-PAT-3" in text
    out = tmp_path / "sheet.xlsx"
    assert run("visits", "sheet", "1", "--out", str(out)) == 0
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "C1404042020011110000001" in cells and "DZ/T 0463-2024" in cells


def test_external_visits_and_the_visits_report(run, capsys) -> None:
    assert run("visits", "external", "add", "--licence", A, "--date", "2025-07-15", "--agency", "市局") == 0
    assert run("visits", "external", "add", "--licence", "C000", "--date", "2025-07-15", "--agency", "市局") == 2
    assert run("plan", "--from", "2025-07-01", "--to", "2025-07-31", "--commit", "--format", "csv") == 0
    rows = csv_rows(capsys.readouterr().out)
    assert next(r for r in rows if r["licence_no"] == A)["joins"] == "市局"
    assert run("visits", "settings", "visits.yearly_cap", "1") == 0
    assert "visits.yearly_cap\t1" in capsys.readouterr().out
    assert run("report", "visits", "--year", "2025", "--format", "csv") == 0
    report = {r["licence_no"]: r for r in csv_rows(capsys.readouterr().out)}
    # a: the city's visit carries a's July tasks (one day); d: one visit with three tasks
    assert (report[A]["planned"], report[A]["one_per_task"], report[A]["over_cap"]) == ("1", "4", "0")
    assert (report[D]["planned"], report[D]["one_per_task"], report[D]["saved"]) == ("1", "3", "2")


WHAT_IF = """licence_no,office,task_id,kind,earliest,latest,sections
L1,SD,patrol:2025-07,patrol,2025-07-01,2025-07-31,
L1,SD,survey:2025-R2,survey,2025-07-01,2025-11-30,mineral
L1,SD,spot:1,spotcheck,2025-07-20,2025-08-20,mineral、restoration
L2,XH,patrol:2025-07,巡查,2025/7/1,2025年7月31日,
"""


def test_what_if_plans_a_file_without_touching_the_database(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = tmp_path / "none.db"
    tasks = tmp_path / "tasks.csv"
    tasks.write_text(WHAT_IF, encoding="utf-8")
    assert cli.main(["--db", str(db), "--lang", "en", "plan", "--tasks", str(tasks)]) == 0
    out, _err = capsys.readouterr()
    assert "2 visits for 4 tasks; one visit per task would be 4; proven minimum 2" in out
    assert not db.exists()


def test_what_if_with_a_bad_file_names_rows_and_columns(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = tmp_path / "none.db"
    tasks = tmp_path / "bad.csv"
    tasks.write_text(WHAT_IF.replace("2025-07-20,2025-08-20", "2025-08-20,2025-07-20")
                     .replace("2025/7/1", "2025年2月30日").replace(",巡查,", ",walk,"), encoding="utf-8")
    assert cli.main(["--db", str(db), "plan", "--tasks", str(tasks)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:4:latest" in err
    assert "bad.csv:5:kind" in err and "bad.csv:5:earliest" in err
    assert not db.exists()


# --- the demo district: a year's plan against an independent count ------------------------------------------

def _workdays(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)
            if (start + timedelta(days=i)).weekday() < 5]


def _minimum_points(windows: list[tuple[date, date]]) -> int:
    """Fewest days piercing every window — the mirror greedy (latest start first), not the planner's."""
    count, chosen = 0, None
    for start, end in sorted(windows, key=lambda w: w[0], reverse=True):
        if chosen is None or not start <= chosen <= end:
            chosen, count = start, count + 1
    return count


def test_the_demo_year_plan_reaches_the_independently_counted_minimum(tmp_path: Path) -> None:
    path = demo.build_demo(tmp_path / "demo.db")
    ctx = Context.open(path, actor="tester", today=date(2026, 1, 1))
    try:
        year = (date(2026, 1, 1), date(2026, 12, 31))
        tasks = open_tasks(ctx, *year)
        fixed = defaultdict(set)
        for f in external_visits(ctx, *year):
            fixed[f.mine_key].add(f.date)
        windows: dict[str, list[tuple[date, date]]] = defaultdict(list)
        joined = 0
        for task in tasks:
            days = _workdays(task.earliest, task.latest)
            if not days:
                continue
            if any(d in fixed[task.mine_key] for d in days):
                joined += 1
                continue
            windows[task.mine_key].append((days[0], days[-1]))
        expected_minimum = sum(_minimum_points(w) for w in windows.values())
        pp = visits.plan_period(ctx, *year)
        summary = pp.summary
        assert summary["tasks"] == len(tasks) > 300
        assert summary["one_visit_per_task"] == len(tasks)
        assert summary["lower_bound"] == expected_minimum
        assert summary["visits"] == expected_minimum < len(tasks)  # capacity 3 a day never binds here
        per_mine = defaultdict(int)
        for task in tasks:
            per_mine[task.mine_key] += 1
        for mine, count in per_mine.items():
            placed = [t for v in pp.plan.visits if v.mine_key == mine for t in v.tasks]
            assert len(placed) == count
        assert all(t.earliest <= v.date <= t.latest for v in pp.plan.visits for t in v.tasks)
    finally:
        ctx.close()
