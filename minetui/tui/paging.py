"""The window a long list shows: at most two pages of rows around the cursor, fetched by keyset from SQL.

Pure bookkeeping (no Textual): which rows are held, where rows[0] lies in the whole list (when known),
whether the window touches either end, and what to drop when a page is added at one side. A list screen
keeps one PageWindow and renders `rows`; see tui/screens/patrols.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Fetch:
    """What a page request is for: a fresh window from the start or the end, or one more page after/before.
    `generation` lets a list drop the answer to a request that a newer one has replaced."""

    mode: str  # "start" | "end" | "next" | "prev"
    generation: int


@dataclass(slots=True)
class PageWindow(Generic[Row]):
    """Up to `2 * page_size` rows of a list. `start`: the absolute position of rows[0] (None: unknown, after a
    jump to the end before the total is known)."""

    page_size: int
    rows: list[Row] = field(default_factory=list)
    start: int | None = 0
    at_start: bool = True
    at_end: bool = True

    @property
    def capacity(self) -> int:
        return 2 * self.page_size

    def reset_from_start(self, page: Sequence[Row], more: bool) -> None:
        self.rows, self.start, self.at_start, self.at_end = list(page), 0, True, not more

    def reset_from_end(self, page: Sequence[Row], more: bool, total: int | None) -> None:
        """The last page (rows in display order; `more`: rows exist before it)."""
        self.rows, self.at_start, self.at_end = list(page), not more, True
        self.start = None if total is None else max(0, total - len(page))

    def append(self, page: Sequence[Row], more: bool) -> int:
        """Add a page after the last row, dropping rows at the top beyond capacity; returns how many dropped."""
        self.rows.extend(page)
        self.at_end = not more
        excess = max(0, len(self.rows) - self.capacity)
        if excess:
            del self.rows[:excess]
            self.at_start = False
            if self.start is not None:
                self.start += excess
        return excess

    def prepend(self, page: Sequence[Row], more: bool) -> int:
        """Add a page before the first row, dropping rows at the bottom beyond capacity; returns how many."""
        self.rows[:0] = page
        self.at_start = not more
        if self.start is not None:
            self.start = max(0, self.start - len(page))
        excess = max(0, len(self.rows) - self.capacity)
        if excess:
            del self.rows[-excess:]
            self.at_end = False
        return excess

    def learn_total(self, total: int) -> None:
        """Once the count is known, a window read from the end knows where it starts."""
        if self.start is None and self.at_end:
            self.start = max(0, total - len(self.rows))

    def position(self, index: int) -> int | None:
        """1-based place of rows[index] in the whole list, when known."""
        return None if self.start is None else self.start + index + 1

    def index_of(self, key: Callable[[Row], object], wanted: object) -> int:
        """Index of the row whose key is `wanted` (0 when it has left the window)."""
        return next((i for i, row in enumerate(self.rows) if key(row) == wanted), 0)
