"""What every measurement shares: repeated timing, the result beside its floor, targets, the report and JSON.

A Result holds the samples of one measurement and of its floor (the physical lower bound measured in the
same run), the median and spread of each, the ratio, and the checks of its targets (each names what it
requires, so a miss says exactly which target it is).
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

# How a figure compares with its floor: "time" (lower is better, ratio = value / floor) or "rate" (higher is
# better, ratio = value / floor as a fraction of the floor's rate).
TIME, RATE, SIZE = "time", "rate", "size"


@dataclass(frozen=True, slots=True)
class Check:
    """One target: `kind` 'max' (value ≤ limit), 'min' (value ≥ limit), 'ratio_max' (ratio ≤ limit) or
    'ratio_min' (ratio ≥ limit)."""

    kind: str
    limit: float
    text: str

    def passes(self, value: float, ratio: float | None) -> bool | None:
        """True/False, or None when it cannot be judged (no floor measured)."""
        if self.kind in ("ratio_max", "ratio_min"):
            if ratio is None:
                return None
            return ratio <= self.limit if self.kind == "ratio_max" else ratio >= self.limit
        return value <= self.limit if self.kind == "max" else value >= self.limit


@dataclass(slots=True)
class Result:
    """A measurement's samples (in `unit`) beside its floor's."""

    key: str
    title: str
    unit: str
    kind: str = TIME
    samples: list[float] = field(default_factory=list)
    floor_title: str = ""
    floor_samples: list[float] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> float:
        """max − min of the samples (0 for one sample)."""
        return max(self.samples) - min(self.samples)

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor_samples) if self.floor_samples else None

    @property
    def ratio(self) -> float | None:
        floor = self.floor_median
        if floor is None or floor == 0:
            return None
        return self.median / floor

    def misses(self) -> list[str]:
        return [c.text for c in self.checks if c.passes(self.median, self.ratio) is False]

    def unjudged(self) -> list[str]:
        return [c.text for c in self.checks if c.passes(self.median, self.ratio) is None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "title": self.title, "unit": self.unit, "kind": self.kind,
            "median": self.median, "spread": self.spread, "samples": self.samples,
            "floor": None if not self.floor_samples else {
                "title": self.floor_title, "median": self.floor_median, "samples": self.floor_samples},
            "ratio": self.ratio,
            "targets": [{"text": c.text, "met": c.passes(self.median, self.ratio)} for c in self.checks],
            "note": self.note,
        }


def timed(fn: Callable[[], Any], repeats: int, *, clock: Callable[[], float] = time.perf_counter,
          setup: Callable[[], Any] | None = None) -> list[float]:
    """Seconds of `fn()` per run (`setup()` before each run, not timed)."""
    samples = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        started = clock()
        fn()
        samples.append(clock() - started)
    return samples


def ms(samples: list[float]) -> list[float]:
    return [s * 1000 for s in samples]


def rates(count: int, samples: list[float]) -> list[float]:
    """Rows per second of each run."""
    return [count / s if s > 0 else float("inf") for s in samples]


def environment() -> dict[str, Any]:
    """What the figures were measured on."""
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu_count": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "textual": version("textual"), "rich": version("rich"), "openpyxl": version("openpyxl"),
        "xlsxwriter": version("xlsxwriter"), "platform": platform.platform(), "machine": platform.machine(),
        "load_average_at_start": load, "executable": Path(sys.executable).name,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rows/s" or abs(value) >= 1000:
        return f"{value:,.0f} {unit}"
    if abs(value) >= 100:
        return f"{value:.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.3f} {unit}" if abs(value) < 1 else f"{value:.2f} {unit}"


def report_lines(results: list[Result]) -> list[str]:
    """One block per measurement: figure ± spread, floor, ratio, targets met or missed."""
    lines = []
    for r in results:
        spread = f" (spread {_figure(r.spread, r.unit)}, n={len(r.samples)})"
        lines.append(f"{r.title}")
        lines.append(f"    minetui  {_figure(r.median, r.unit)}{spread}")
        if r.floor_samples:
            lines.append(f"    floor    {_figure(r.floor_median, r.unit)}  ({r.floor_title}, n={len(r.floor_samples)})")
            lines.append(f"    ratio    {r.ratio:.2f}×" if r.ratio is not None else "    ratio    —")
        elif r.floor_title:
            lines.append(f"    floor    — ({r.floor_title})")
        for check in r.checks:
            met = check.passes(r.median, r.ratio)
            mark = {True: "met   ", False: "MISSED", None: "n/a   "}[met]
            lines.append(f"    {mark}   {check.text}")
        if r.note:
            lines.append(f"    note     {r.note}")
    return lines


def write_json(path: Path, scale: str, env: dict[str, Any], results: list[Result], extra: dict[str, Any]) -> None:
    payload = {"scale": scale, "environment": env, **extra, "results": [r.as_dict() for r in results],
               "missed": [{"key": r.key, "targets": r.misses()} for r in results if r.misses()]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
