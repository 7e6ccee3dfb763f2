"""Start-up (a fresh process each run): minetui's home screen painted, beside a bare Textual app's first paint;
and the peak memory of a process scrolling the patrol list."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.context import Bench
from benchmarks.harness import Check, Result

ROOT = Path(__file__).resolve().parent.parent


def _probe(*args: str, timeout: float = 600) -> tuple[float, dict[str, float]]:
    """(wall-clock time the child was started, its JSON line)."""
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "benchmarks.probe", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed: {done.stderr.strip()[-2000:]}")
    return started, json.loads(done.stdout.strip().splitlines()[-1])


def start_up(bench: Bench) -> list[Result]:
    runs = max(3, bench.repeats + 2)
    _probe("bare"), _probe("app", str(bench.db), bench.today.isoformat())  # warm the OS caches: not counted
    bare, home, dashboard = [], [], []
    for _ in range(runs):  # interleaved, so that a busy moment of the machine hits both alike
        started, marks = _probe("bare")
        bare.append(marks["painted"] - started)
        started, marks = _probe("app", str(bench.db), bench.today.isoformat())
        home.append(marks["home"] - started)
        dashboard.append(marks["dashboard"] - started)
    floor = "a bare Textual app mounting one Static"
    return [
        Result("startup.home", "start → home screen painted with the counts (headless, fresh process)", "s",
               samples=home, floor_title=floor, floor_samples=bare,
               checks=[Check("ratio_max", 1.7, "≤ 1.7× the bare Textual app"),
                       Check("ratio_max", 2.0, "never over 2×")]),
        Result("startup.dashboard", "start → every dashboard panel painted (panels load in workers)", "s",
               samples=dashboard, floor_title=floor, floor_samples=bare,
               note="the panels compute the year's duties, deadlines, leads and visits after the first paint"),
    ]


def peak_memory(bench: Bench) -> list[Result]:
    pages = 100 if bench.scale.mines >= 10_000 else 10
    _started, marks = _probe("scroll", str(bench.db), bench.today.isoformat(), str(pages), timeout=1200)
    return [Result("memory.scroll", f"peak memory: patrol list scrolled ({pages} screens down, G, {pages} up, g) "
                   f"and all {marks['rows_walked']:,} rows paged end to end", "MB", samples=[marks["peak_mb"]],
                   checks=[Check("max", 300, "peak memory ≤ 300 MB")],
                   note=f"the table never held more than {marks['most_rows_held']} rows")]
