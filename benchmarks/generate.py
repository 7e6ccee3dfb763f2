"""Generate the deterministic benchmark dataset (the same as `minetui demo --scale province --seed N`).

Usage: python -m benchmarks.generate [--scale district|province] [--seed N] [--factor F] OUT.db
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from minetui.services.demo.province import PROVINCE_TODAY, SCALE_KEY, SCALES, Scale, build_province
from minetui.store import db, settings

DEFAULT_SEED = 1


def scale_of(name: str, factor: float | None = None) -> Scale:
    scale = SCALES[name]
    return scale.factor(factor) if factor else scale


def is_current(path: Path, scale: Scale) -> bool:
    """A file generated earlier at this scale, with the current schema (reused instead of generating again)."""
    if not path.exists() or settings.setting_in_file(path, SCALE_KEY) != scale.name:
        return False
    return db.inspect_file(path)[1] == db.latest_version()


def prepare(path: Path, scale: Scale, seed: int = DEFAULT_SEED, *, again: bool = False, quiet: bool = False) -> float:
    """Make sure `path` holds the dataset; returns the seconds spent generating (0 when reused)."""
    if not again and is_current(path, scale):
        return 0.0
    started = time.perf_counter()

    def progress(table: str, rows: int) -> None:
        if not quiet:
            print(f"  {time.perf_counter() - started:6.1f} s  {table}: {rows:,}", file=sys.stderr, flush=True)

    build_province(path, scale, seed=seed, force=True, progress=progress)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", choices=sorted(SCALES), default="province")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--factor", type=float, help="multiply every count (e.g. 0.1)")
    args = parser.parse_args(argv)
    seconds = prepare(args.out, scale_of(args.scale, args.factor), args.seed, again=True)
    print(f"{args.out}: generated in {seconds:.1f} s (today = {PROVINCE_TODAY})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
