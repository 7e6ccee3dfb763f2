"""Database work off the UI thread: each worker opens its own connection and reports back by message."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from minetui.services.core.context import Context


@contextlib.contextmanager
def thread_context(base: Context) -> Iterator[Context]:
    """A Context like `base` on a fresh connection (SQLite connections stay in their thread)."""
    ctx = base.reopened()
    try:
        yield ctx
    finally:
        ctx.close()


class DbResult(Message):
    """The outcome of `run_db`: `value` on success, else `error`."""

    def __init__(self, tag: str, value: Any = None, error: BaseException | None = None) -> None:
        super().__init__()
        self.tag, self.value, self.error = tag, value, error


def run_db(node: MessagePump, base: Context, tag: str, fn: Callable[[Context], Any]) -> Worker[None]:
    """Run `fn(ctx)` in a thread worker (one at a time per tag) and post a DbResult to `node`."""

    def work() -> None:
        try:
            with thread_context(base) as ctx:
                value = fn(ctx)
        except Exception as exc:  # reported to the user by the handler; the app keeps running
            node.post_message(DbResult(tag, error=exc))
        else:
            node.post_message(DbResult(tag, value))

    return node.run_worker(work, thread=True, exclusive=True, group=tag, exit_on_error=False)
