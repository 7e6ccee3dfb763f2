"""`python -m benchmarks [--scale district|province] [--json FILE]` — minetui's figures beside their floors.

Generates (or reuses) the deterministic dataset of the scale, runs every measurement several times, prints
the median and spread of each beside its floor measured in the same run with the ratio, checks the targets
of issue 9 and lists the misses. Exit status: 0 when every measurement ran (1 when one failed; with
`--strict`, also 1 when a target was missed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import lists, startup, work
from benchmarks.context import Bench
from benchmarks.generate import DEFAULT_SEED, prepare, scale_of
from benchmarks.harness import Result, environment, report_lines, write_json

GROUPS: dict[str, Callable[[Bench], list[Result]]] = {
    "startup": startup.start_up,
    "mines": lists.mine_pages,
    "patrols": lists.patrol_pages,
    "keys": lists.key_latency,
    "duties": work.duties,
    "plan": work.plan_year,
    "import": work.import_mines,
    "export": work.exports,
    "memory": startup.peak_memory,
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("district", "province"), default="district")
    parser.add_argument("--factor", type=float, help="multiply the scale's counts (e.g. 0.1 for a quick look)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write the figures and the environment to this file")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "minetui-bench",
                        help="where the generated database is kept and reused (default: %(default)s)")
    parser.add_argument("--regenerate", action="store_true", help="generate the dataset even if it exists")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--only", nargs="+", choices=sorted(GROUPS), help="run only these measurements")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="save a pyinstrument profile of each measurement group in DIR (needs .[bench])")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def run_group(name: str, fn: Callable[[Bench], list[Result]], bench: Bench, profile: Path | None) -> list[Result]:
    """One group, optionally under pyinstrument; its results (printed as they come)."""
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    try:
        return fn(bench)
    finally:
        if profiler is not None:
            profiler.stop()
            profile.mkdir(parents=True, exist_ok=True)
            (profile / f"{name}.txt").write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    scale = scale_of(args.scale, args.factor)
    env = environment()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    path = args.data_dir / f"{scale.name.replace('×', 'x')}-seed{args.seed}.db"
    print(f"minetui benchmarks — scale {scale.name}, {env['cpu_count']} CPUs, Python {env['python']}, "
          f"SQLite {env['sqlite']}, Textual {env['textual']}", flush=True)
    generated = prepare(path, scale, args.seed)
    how = f"generated in {generated:.1f} s" if generated else "reused"
    print(f"dataset {path} ({how})\n", flush=True)
    work_dir = Path(tempfile.mkdtemp(prefix="minetui-bench-work-"))
    bench = Bench(path, scale, work_dir, repeats=args.repeats)
    results: list[Result] = []
    failed: list[str] = []
    started = time.perf_counter()
    for name in args.only or list(GROUPS):
        group_started = time.perf_counter()
        try:
            found = run_group(name, GROUPS[name], bench, args.profile)
        except Exception:
            failed.append(name)
            print(f"{name}: FAILED\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            continue
        results += found
        print("\n".join(report_lines(found)), flush=True)
        print(f"    ({name}: {time.perf_counter() - group_started:.1f} s)\n", flush=True)
    bench.close()
    misses = [(r, m) for r in results for m in r.misses()]
    print(f"{len(results)} figures in {time.perf_counter() - started:.0f} s; "
          f"{len(misses)} target(s) missed" + (":" if misses else "."))
    for result, miss in misses:
        print(f"  MISSED  {result.title}: {miss} (median {result.median:,.3g} {result.unit})")
    if failed:
        print(f"FAILED measurements: {', '.join(failed)}", file=sys.stderr)
    if args.json:
        write_json(args.json, scale.name, env, results,
                   {"seed": args.seed, "dataset_seconds": generated, "failed": failed})
        print(f"figures written to {args.json}", file=sys.stderr)
    if failed:
        return 1
    return 1 if args.strict and misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
