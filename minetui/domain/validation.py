"""The one Problem type: what an import, a form, the geometry rules or `minetui check` found wrong.

A problem carries a stable `code` (`date.invalid`, `licence.unknown`, `ring.too_few_points`), the English
msgid of its message and the message's `args`; its text comes from the catalogue only when it is shown
(`message`, `str()`), in the UI language — so tests assert codes, and rewording the catalogue breaks none.
Where it was found: `file`, `row` (as Excel numbers it: the header row counts; None = the whole file) and
`column` (the header as the file writes it) for a file; `field` (a record's field, an import column's key)
for a form; `licence_no`/`mine_name` for a mine's data. `severity`: an error refuses, a warning is shown.

`str(problem)` is the line the CLI prints, e.g. `mines.xlsx:12:有效期止: 无法识别的日期 "2025年2月30日"`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from minetui.domain.model import _Worded
from minetui.i18n import render


class Severity(_Worded):
    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Message(NamedTuple):
    """A problem's stable code and the English msgid of its text (mark it with `N_` where it is written)."""

    code: str
    msgid: str


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    msgid: str
    args: Mapping[str, Any] = field(default_factory=dict, hash=False)
    severity: Severity = ERROR
    file: str = ""
    row: int | None = None
    column: str = ""
    raw: str = ""
    field: str = ""
    licence_no: str = ""
    mine_name: str = ""

    @classmethod
    def of(cls, message: Message, severity: Severity = ERROR, /, *, field: str = "", **args: Any) -> Problem:
        """A problem with `message` filled by `args`, about a record's `field`; where it is, `at()` adds."""
        return cls(message.code, message.msgid, args, Severity(severity), field=field)

    @classmethod
    def text(cls, code: str, text: str, severity: Severity = ERROR, /) -> Problem:
        """A problem whose text was already put into words elsewhere (an exception's message, a refusal)."""
        return cls(code, "{text}", {"text": text}, Severity(severity))

    def at(self, **where: Any) -> Problem:
        """The same problem at `file`, `row`, `column`, `raw`, `field`, `licence_no`, `mine_name`."""
        return dataclasses.replace(self, **where)

    @property
    def is_error(self) -> bool:
        return self.severity is ERROR

    @property
    def message(self) -> str:
        """The text, in the UI language (read from the catalogue now)."""
        return render(self.msgid, dict(self.args))

    def __str__(self) -> str:
        if not self.file:
            return self.message
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        if self.column:
            where = f"{where}:{self.column}"
        text = f"{where}: {self._without_column(self.message)}"
        if self.raw:
            text += f' "{self.raw}"'
        return text

    def _without_column(self, message: str) -> str:
        """A form's message names its field ("核查拐点：…"); in a file's line the column already says it."""
        for separator in ("：", ": "):
            if self.column and message.startswith(self.column + separator):
                return message[len(self.column) + len(separator):]
        return message

    def sort_key(self) -> tuple[int, str, str]:
        return (self.row or 0, self.column, self.message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File-level problems first, then by row and column (stable for equal keys)."""
    return sorted(problems, key=Problem.sort_key)
