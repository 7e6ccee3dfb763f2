"""Key presses in the headless app, timed as CPU time of the process (not wall time: Pilot's own waits of
≥ 40 ms a key are not the app's). Everything the app does for a key — the handler, the page fetch in its
worker thread, the re-render and the paint — is CPU of this process; Pilot's sleeping is not."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.widgets import DataTable

SIZE = (80, 24)


async def settle(pilot: Any, screen: Any, rounds: int = 1000) -> None:
    """Until the screen has no page fetch outstanding and no worker runs, then one more frame. Waits by
    sleeping (no CPU), so that only the app's own work is counted."""
    await pilot.pause()
    for _ in range(rounds):
        if not getattr(screen, "fetching", False) and not any(w.is_running for w in pilot.app.workers):
            break
        await asyncio.sleep(0.002)
    await pilot.pause()


async def open_patrols(pilot: Any) -> tuple[Any, DataTable]:
    from minetui.tui.screens.patrols import PatrolsScreen

    await pilot.pause()
    await pilot.press("w")
    screen = pilot.app.screen
    assert isinstance(screen, PatrolsScreen), type(screen).__name__
    await settle(pilot, screen)
    return screen, screen.query_one("#patrols", DataTable)


async def key_cpu(pilot: Any, screen: Any, key: str) -> tuple[float, float]:
    """(CPU seconds of the whole process, of the UI thread alone) from pressing `key` until the next
    screen-full is painted and no fetch is outstanding."""
    process, ui = time.process_time(), time.thread_time()
    await pilot.press(key)
    await settle(pilot, screen)
    return time.process_time() - process, time.thread_time() - ui
