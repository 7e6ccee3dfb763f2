"""Keyset paging: a page of a long list continues from the key of the row it ends with, never from an
offset, so every page costs the same at any depth (store/browse.py runs the queries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PageCursor:
    """The key of the row a page continues from: (sort column value, tie-breaker value)."""

    value: Any
    tie: Any
