"""Whole-district work: a year's patrol duties, a year's plan of combined visits, importing the mines and their
corners, exporting patrol records to CSV and XLSX — each beside its floor where the issue names one."""

from __future__ import annotations

import contextlib
import csv
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from benchmarks.context import Bench
from benchmarks.harness import RATE, Check, Result, rates, timed
from minetui.services.core.context import Context
from minetui.services.demo.province import LAST_YEAR
from minetui.store import db

EXPORT_ROWS = 1_000_000


def duties(bench: Bench) -> list[Result]:
    from minetui.services.patrols.duties import duty_rows

    ctx, year = bench.ctx, LAST_YEAR
    count = len(duty_rows(ctx, year))
    span = (f"{year}-01-01", f"{year}-12-31")
    floor_sql = "SELECT mine_id, count(*) FROM patrols WHERE patrol_date BETWEEN ? AND ? GROUP BY mine_id"
    floor = timed(lambda: ctx.conn.execute(floor_sql, span).fetchall(), bench.repeats)
    samples = timed(lambda: duty_rows(ctx, year), bench.repeats)
    return [Result("duties.year", f"patrol duties of every mine for {year} ({count:,} duties, state of each)", "s",
                   samples=samples, floor_title="one GROUP BY over the patrols of that year", floor_samples=floor,
                   checks=[Check("max", 2.0, "≤ 2 s")])]


def plan_year(bench: Bench) -> list[Result]:
    """services.visits.plan_period over the whole year (every open task of every mine), as `minetui plan`."""
    from minetui.services.visits.visits import plan_period

    ctx, year = bench.ctx, LAST_YEAR
    found: dict[str, int] = {}

    def plan() -> None:
        period_plan = plan_period(ctx, date(year, 1, 1), date(year, 12, 31))
        found["tasks"] = sum(len(v.tasks) for v in period_plan.plan.visits)
        found["visits"] = len(period_plan.plan.visits)

    samples = timed(plan, max(1, bench.repeats - 1))
    tasks = found["tasks"]
    result = Result("plan.year", f"plan {year}'s combined visits for all mines ({tasks:,} tasks → "
                    f"{found['visits']:,} visits)", "s", samples=samples, checks=[Check("max", 10, "≤ 10 s")])
    result.note = f"{tasks / result.median:,.0f} tasks per second"
    return [result]


# --- import ----------------------------------------------------------------------------------------------------

def _export_csv(ctx: Context, kind: str, path: Path) -> int:
    from minetui.io.output import render
    from minetui.services.reporting.export import export_rows

    columns, rows = export_rows(ctx, kind)
    with path.open("wb") as out:
        return render(columns, rows, "csv", out)


def _fresh(bench: Bench, name: str, offices: Path) -> Context:
    from minetui.services.importing import import_file

    path = bench.work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    ctx = Context.open(path, actor="benchmark", today=bench.today, config=bench.config)
    import_file(ctx, "offices", offices)
    return ctx


def import_mines(bench: Bench) -> list[Result]:
    from minetui.services.importing import import_file

    files = {kind: bench.work / f"{kind}.csv" for kind in ("offices", "mines", "corners")}
    counts = {kind: _export_csv(bench.ctx, kind, path) for kind, path in files.items()}
    rows = counts["mines"] + counts["corners"]
    holder: dict[str, Context] = {}

    def setup() -> None:
        if "ctx" in holder:
            holder.pop("ctx").close()
        holder["ctx"] = _fresh(bench, "import.db", files["offices"])

    with _timed_writes() as spent:
        def run() -> None:
            spent.append(0.0)  # this run's writes are added here (the setup's offices are not counted)
            import_file(holder["ctx"], "mines", files["mines"])
            import_file(holder["ctx"], "corners", files["corners"])
            spent.append(-1.0)

        samples = timed(run, bench.repeats, setup=setup)
    holder.pop("ctx").close()
    spent = [s for s in spent if s >= 0]
    floor = timed(lambda: _insert_all(bench, files), bench.repeats)
    title = f"import {counts['mines']:,} mines + {counts['corners']:,} corners from CSV, validated"
    total = Result("import.total", title, "s", samples=samples,
                   floor_title="sqlite-utils insert_all of the same rows in one transaction", floor_samples=floor,
                   checks=[Check("max", 5.0, "≤ 5 s")])
    write = Result("import.write_rate", "import: the database write part (the planned writes, audit rows included)",
                   "rows/s", kind=RATE, samples=rates(rows, spent), floor_title="sqlite-utils insert_all",
                   floor_samples=rates(rows, floor), checks=[Check("min", 250_000, "≥ 250k rows/s")])
    write.note = f"writes took {sorted(spent)[len(spent) // 2]:.2f} s of each import; the rest reads, parses, validates"
    return [total, write]


@contextlib.contextmanager
def _timed_writes() -> Iterator[list[float]]:
    """Seconds spent in the import's planned writes (services.imports._apply, inside its transaction), per
    import run (mines + corners). Instrumentation only; what is written does not change."""
    from minetui.services.core import import_engine as imports

    spent: list[float] = []
    original = imports._apply

    def apply(ctx: Context, plan: imports.Plan) -> None:
        started = time.perf_counter()
        original(ctx, plan)
        if spent and spent[-1] >= 0:  # -1: between runs (the setup's offices)
            spent[-1] += time.perf_counter() - started

    imports._apply = apply  # type: ignore[assignment]
    try:
        yield spent
    finally:
        imports._apply = original  # type: ignore[assignment]


def _insert_all(bench: Bench, files: dict[str, Path]) -> None:
    """The floor: the same rows (as the CSV reader gives them) inserted by sqlite-utils in one transaction."""
    import sqlite_utils

    path = bench.work / "floor.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = db.connect(path)
    try:
        mines = _csv_rows(files["mines"])
        corners = _csv_rows(files["corners"])
        offices = _csv_rows(files["offices"])
        database = sqlite_utils.Database(conn)
        with db.write(conn):
            database["offices"].insert_all(offices)
            database["mines"].insert_all(
                {k: v or None for k, v in row.items() if k not in ("status", "status_since", "office")}
                | {"office_code": row["office"], "forest_grass": int(row["forest_grass"] in ("1", "true"))}
                for row in mines)
            ids = dict(conn.execute("SELECT licence_no, id FROM mines").fetchall())
            database["corners"].insert_all(
                {"mine_id": ids[row["licence_no"]], "ring": int(row["ring"] or 1), "seq": seq,
                 "point_no": row["point_no"], "x": float(row["x"]), "y": float(row["y"])}
                for seq, row in enumerate(corners))
    finally:
        conn.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- export ----------------------------------------------------------------------------------------------------

_RAW_PATROLS = ("SELECT m.licence_no, p.patrol_date, p.inspectors, p.office_code, p.mode, p.drone_reason,"
                " p.route_name, p.village_inquiry, p.findings_text FROM patrols p JOIN mines m ON m.id = p.mine_id"
                " ORDER BY p.patrol_date, p.id")


def _app_export(bench: Bench, fmt: str, count: int, path: Path) -> None:
    from minetui.io.output import render
    from minetui.services.reporting.export import export_rows

    columns, rows = export_rows(bench.ctx, "patrols")
    with path.open("wb") as out:
        render(columns, islice(rows, count), fmt, out)


def _raw_csv(bench: Bench, count: int, path: Path) -> None:
    raw = sqlite3.connect(f"file:{bench.db}?mode=ro", uri=True)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["licence_no", "date", "inspectors", "office", "mode", "drone_reason", "route",
                             "village_inquiry", "findings"])
            writer.writerows(islice(raw.execute(_RAW_PATROLS), count))
    finally:
        raw.close()


def _raw_xlsx(bench: Bench, count: int, path: Path) -> None:
    import xlsxwriter

    raw = sqlite3.connect(f"file:{bench.db}?mode=ro", uri=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet()
        for index, row in enumerate(islice(raw.execute(_RAW_PATROLS), count)):
            sheet.write_row(index, 0, row)
    finally:
        workbook.close()
        raw.close()


def exports(bench: Bench) -> list[Result]:
    count = min(EXPORT_ROWS, bench.patrol_count)
    csv_path, xlsx_path = bench.work / "patrols.csv", bench.work / "patrols.xlsx"
    results = [Result("export.csv", f"export {count:,} patrol rows to CSV", "rows/s", kind=RATE,
                      samples=rates(count, timed(lambda: _app_export(bench, "csv", count, csv_path), bench.repeats)),
                      floor_title="Python's csv writer over a raw cursor",
                      floor_samples=rates(count, timed(lambda: _raw_csv(bench, count, csv_path), bench.repeats)),
                      checks=[Check("ratio_min", 0.5, "≥ 0.5× the floor's rows per second")])]
    xlsx_repeats = 1 if count >= 500_000 else bench.repeats
    app = rates(count, timed(lambda: _app_export(bench, "xlsx", count, xlsx_path), xlsx_repeats))
    try:
        floor = rates(count, timed(lambda: _raw_xlsx(bench, count, xlsx_path), xlsx_repeats))
        floor_title = "xlsxwriter in constant-memory mode"
    except ImportError:
        floor, floor_title = [], "xlsxwriter not installed: pip install -e '.[bench]'"
    results.append(Result("export.xlsx", f"export {count:,} patrol rows to XLSX", "rows/s", kind=RATE,
                          samples=app, floor_title=floor_title, floor_samples=floor,
                          checks=[Check("ratio_min", 0.8, "≥ 0.8× the floor's rows per second")]))
    results[-1].note = f"{xlsx_repeats} run(s) each: a million-row XLSX takes about a minute"
    for path in (csv_path, xlsx_path):
        path.unlink(missing_ok=True)
    return results

