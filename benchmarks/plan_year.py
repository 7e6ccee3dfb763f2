"""Benchmark: plan a year of combined visits for many mines (R-VISIT-1). Target: 20,000 mines × 15 tasks ≤ 10 s.

Each mine gets 12 monthly patrols (window = the month), the field verification (Apr 1 – Oct 31) and two
survey rounds (Jan 1 – Jun 30, Jul 1 – Nov 30): 15 tasks. Mines are spread over the offices; the calendar
is the 2025 example (holidays and make-up days).

Usage: python benchmarks/plan_year.py [--mines 20000] [--offices 10] [--capacity 120]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minetui.domain.periods import months_of_year
from minetui.domain.visits.changes import plan_summary
from minetui.domain.visits.model import PlanSettings, Task
from minetui.domain.visits.planner import plan_visits
from minetui.services.core.workcalendar import build_calendar

YEAR = 2025


def year_tasks(mines: int, offices: int) -> list[Task]:
    """15 tasks for each of `mines` mines."""
    months = list(months_of_year(YEAR))
    tasks = []
    for n in range(mines):
        mine, office = f"C{n:022d}", f"O{n % offices:02d}"
        for month in months:
            tasks.append(Task(f"{mine}/patrol:{month}", mine, office, "patrol", month.start, month.end))
        tasks.append(Task(f"{mine}/verification:{YEAR}", mine, None, "verification",
                          date(YEAR, 4, 1), date(YEAR, 10, 31)))
        tasks.append(Task(f"{mine}/survey:{YEAR}-R1", mine, None, "survey", date(YEAR, 1, 1), date(YEAR, 6, 30)))
        tasks.append(Task(f"{mine}/survey:{YEAR}-R2", mine, None, "survey", date(YEAR, 7, 1), date(YEAR, 11, 30)))
    return tasks


def run(label: str, tasks: list[Task], settings: PlanSettings) -> float:
    started = time.perf_counter()
    plan = plan_visits(tasks, settings)
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s  {plan_summary(plan)}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mines", type=int, default=20_000)
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--capacity", type=int, default=120, help="visits per office per working day")
    args = parser.parse_args()

    started = time.perf_counter()
    tasks = year_tasks(args.mines, args.offices)
    print(f"{len(tasks):,} tasks for {args.mines:,} mines built in {time.perf_counter() - started:.2f} s")
    calendar = build_calendar()
    slowest = max(run("no capacity", tasks, PlanSettings(calendar, min_gap_days=7)),
                  run(f"capacity {args.capacity}", tasks, PlanSettings(calendar, args.capacity, 7)))
    print("OK (≤ 10 s)" if slowest <= 10 else "TOO SLOW (> 10 s)")
    return 0 if slowest <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
