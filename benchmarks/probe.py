"""The child side of the measurements that need a fresh process: `python -m benchmarks.probe WHAT …`.

- `bare`: a bare Textual app that mounts one Static; prints the wall-clock time of its first paint.
- `app DB TODAY`: minetui's app on DB; prints the wall-clock times at which the home screen was painted with
  the district's counts ("home") and with every dashboard panel ("dashboard").
- `scroll DB TODAY PAGES`: the patrol list scrolled PAGES screens down, to the end (G), PAGES screens up and
  back (g), then every page of the list walked end to end the way the window fetches it; prints the peak RSS.
Each prints one JSON line on stdout. Headless, 80×24.
"""

from __future__ import annotations

import json
import sys
import time


def _print(payload: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM (ru_maxrss on Linux also counts the parent's memory
    at fork, which exec does not reset)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("minetui")

        def on_mount(self) -> None:
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            _print({"painted": time.time()})
            self.exit()

    Bare().run(headless=True, size=(80, 24))


def app(db: str, today: str) -> None:
    from datetime import date
    from pathlib import Path

    from minetui.config import Config
    from minetui.services.core.context import Context
    from minetui.tui.app import MineApp
    from minetui.tui.screens import home

    marks: dict[str, float] = {}
    ctx = Context.open(Path(db), today=date.fromisoformat(today), config=Config(daily_backup=False))
    application = MineApp(ctx)
    summary, dashboard = home.HomeScreen.db_summary, home.HomeScreen.db_dashboard

    def on_summary(self: home.HomeScreen, value: object) -> None:
        summary(self, value)  # type: ignore[arg-type]
        self.call_after_refresh(lambda: marks.setdefault("home", time.time()))

    async def on_dashboard(self: home.HomeScreen, value: object) -> None:
        await dashboard(self, value)  # type: ignore[arg-type]
        self.call_after_refresh(finish)

    def finish() -> None:
        marks["dashboard"] = time.time()
        _print(marks)
        application.exit()

    home.HomeScreen.db_summary = on_summary  # type: ignore[method-assign]
    home.HomeScreen.db_dashboard = on_dashboard  # type: ignore[method-assign,assignment]
    application.run(headless=True, size=(80, 24))
    ctx.close()


def scroll(db: str, today: str, pages: int) -> None:
    import asyncio
    from datetime import date
    from pathlib import Path

    from benchmarks.keys import open_patrols, settle
    from minetui.config import Config
    from minetui.services.core.context import Context
    from minetui.services.patrols.listing import page_patrols
    from minetui.tui.app import MineApp

    async def run() -> dict[str, object]:
        ctx = Context.open(Path(db), today=date.fromisoformat(today), config=Config(daily_backup=False))
        application = MineApp(ctx)
        held = 0
        async with application.run_test(size=(80, 24)) as pilot:
            screen, table = await open_patrols(pilot)
            for keys in (["pagedown"] * pages, ["G"], ["pageup"] * pages, ["g"]):
                for key in keys:
                    await pilot.press(key)
                    await settle(pilot, screen)
                    held = max(held, table.row_count)
        walked, after = 0, None
        while True:  # the window's fetches, end to end, on one connection
            page = page_patrols(ctx, after, limit=ctx.config.page_size)
            walked += len(page.rows)
            if not page.more:
                break
            after = page.rows[-1].cursor
        ctx.close()
        return {"peak_mb": peak_mb(), "rows_walked": walked, "most_rows_held": held}

    _print(asyncio.run(run()))


def main(argv: list[str]) -> None:
    what = argv[0]
    if what == "bare":
        bare()
    elif what == "app":
        app(argv[1], argv[2])
    elif what == "scroll":
        scroll(argv[1], argv[2], int(argv[3]))
    else:
        raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
