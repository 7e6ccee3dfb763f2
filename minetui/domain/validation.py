"""Problems found in a file the user brought: errors as values, each naming file, row, column and raw value.

`str(problem)` is the line the CLI prints, e.g. `mines.xlsx:12:有效期止: 无法识别的日期 "2025年2月30日"`.
Rows are numbered as Excel numbers them (the header row counts); `row=None` is a problem of the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str
    raw: str
    expected: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        if self.column:
            where = f"{where}:{self.column}"
        text = f"{where}: {self.expected}"
        if self.raw:
            text += f' "{self.raw}"'
        return text

    def sort_key(self) -> tuple[int, str, str]:
        return (self.row or 0, self.column, self.expected)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File-level problems first, then by row and column (stable for equal keys)."""
    return sorted(problems, key=Problem.sort_key)
