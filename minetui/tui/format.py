"""Turning stored values into display text: always `rich.text.Text`, never markup."""

from __future__ import annotations

from datetime import date
from enum import Enum

from rich.text import Text

from minetui.i18n import label


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

