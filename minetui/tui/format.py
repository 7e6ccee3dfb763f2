"""Turning stored values into display text: always `rich.text.Text`, never markup."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TypeVar

from rich.text import Text

from minetui.i18n import label

T = TypeVar("T")


def text(value: object, style: str = "") -> Text:
    """Plain text of a value ('' for None); brackets in it are shown as typed."""
    if value is None:
        return Text("", style=style)
    if isinstance(value, Enum):
        return Text(label(value), style=style)
    if isinstance(value, date):
        return Text(value.isoformat(), style=style)
    return Text(str(value), style=style)


def number(value: float | None, digits: int = 2) -> Text:
    return Text("" if value is None else f"{value:,.{digits}f}", justify="right")




def tasks_words(task_ids: list[str] | tuple[str, ...] | str, separator: str = "、") -> str:
    """Several inspection task ids in words (domain.inspection_tasks.task_words); a string is split at ';'."""
    from minetui.domain.inspections.tasks import task_words

    ids = [t for t in task_ids.split(";") if t] if isinstance(task_ids, str) else list(task_ids)
    return separator.join(task_words(t) for t in ids)


def short_office(name: str | None) -> str:
    """'八义自然资源所' → '八义': the column title already says 自然资源所."""
    if not name:
        return ""
    return name.removesuffix("自然资源所") or name


def next_in_cycle(options: list[T], current: T) -> T:
    """The option after `current`, wrapping round (the first one when `current` is not among them)."""
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]
