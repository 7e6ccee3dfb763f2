"""What the app does once when it starts: warn about a network share, and take the day's first backup.

The backup runs in a thread worker on its own connection, so the first screen never waits for it; it is
silent when it works, and a failed backup is a warning, never a reason to stop working.
"""

from __future__ import annotations

import gc
from datetime import date

from textual.app import App
from textual.worker import Worker

from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.services.core.maintenance import daily_backup, network_warning
from minetui.tui.workers import thread_context


def start_up(app: App[None], ctx: Context, day: date | None = None) -> Worker[None] | None:
    """Notify a network share; start the daily backup (config `daily_backup`) off the UI thread."""
    warning = network_warning(ctx.db_path)
    if warning:
        app.notify(warning, title=_("Network share"), severity="warning", markup=False, timeout=20)
    if not ctx.config.daily_backup or ctx.db_path is None:
        return None
    return app.run_worker(lambda: _backup(app, ctx, day), thread=True, group="daily-backup",
                          exclusive=True, exit_on_error=False)


def freeze_heap() -> None:
    """Once the first screen is painted: everything alive by then (modules, classes, the app's widgets and
    styles — most of the heap) leaves the cyclic garbage collector's reach (`gc.freeze`). Otherwise every full
    collection walks it all again: a 100–150 ms pause on the UI thread every few page fetches while scrolling
    a long list (issue 9). Reference counting still frees what is dropped; nothing else changes."""
    gc.freeze()


def _backup(app: App[None], base: Context, day: date | None) -> None:
    try:
        with thread_context(base) as ctx:
            written = daily_backup(ctx, day)
    except Exception as exc:  # the app keeps running; the clerk is told
        app.call_from_thread(app.notify, _("The daily backup failed: {error}").format(error=str(exc)),
                             title=_("Backup"), severity="warning", markup=False, timeout=15)
        return
    if written is not None:
        app.log.info(f"daily backup written: {written}")
