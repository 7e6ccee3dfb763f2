"""`TableSpec`, the declaration of one import KIND's columns, and `parse_table`, which applies a spec to a read
`Table`: headers matched in Chinese or English in any order, every cell parsed, every problem collected
(nothing stops at the first). The specs themselves are in io/specs.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from minetui.domain import normalize as n
from minetui.domain.validation import ERROR, WARNING, Message, Problem, Severity
from minetui.i18n import N_, language
from minetui.io.readers import Table, header_key

Parser = Callable[[Any], Any]

# What a row check finds: a Problem about a column, by key (`Problem.of(message, field=key, …)`).
RowCheck = Callable[[dict[str, Any]], list[Problem]]

UNKNOWN_COLUMN = Message("column.unknown", N_("unknown column, ignored"))
DUPLICATE_COLUMN = Message("column.duplicate", N_("same column as “{other}”"))
MISSING_COLUMN = Message("column.missing", N_("required column missing"))
DUPLICATE_ROW = Message("row.duplicate", N_("same as row {row} (the same {key})"))


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    parser: Parser = n.parse_text
    required: bool = False

    @property
    def title(self) -> str:
        """The word used for the column when the file does not have it: its first Chinese alias, or its key in
        English (both are headers the importer accepts)."""
        return self.aliases[0] if self.aliases and language() == "zh" else self.key


@dataclass(frozen=True, slots=True)
class Combined:
    """One cell that fills several columns, e.g. `开采深度` "由1150米至850米标高" → depth_top_m, depth_bottom_m."""

    aliases: tuple[str, ...]
    keys: tuple[str, ...]
    parser: Parser


@dataclass(frozen=True, slots=True)
class TableSpec:
    kind: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    combined: tuple[Combined, ...] = ()
    checks: tuple[RowCheck, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header_words(self) -> set[str]:
        words = {header_key(w) for c in self.columns for w in (c.key, *c.aliases)}
        return words | {header_key(w) for c in self.combined for w in c.aliases}


@dataclass(slots=True)
class Record:
    """One parsed row: `values` holds the columns present in the file (a blank optional cell is None)."""

    file: str
    row: int
    values: dict[str, Any]
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (header in file, raw text)
    ok: bool = True  # False: some cell had an error (its key is missing from values)

    def problem(self, key: str, message: Message, severity: Severity = ERROR, /, **args: Any) -> Problem:
        """A problem of this row's `key` column (named as the file names it, with the raw cell)."""
        return self.locate(Problem.of(message, severity, field=key, **args))

    def locate(self, problem: Problem) -> Problem:
        """`problem` (about a column key in `field`) placed at this row, in the column as the file names it."""
        key = problem.field
        title, raw = self.sources.get(key, (key, ""))
        return problem.at(file=self.file, row=self.row, column=title, raw=raw)

    def key_of(self, keys: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(self.values.get(k) for k in keys)


# --- applying a spec ------------------------------------------------------------------------------------

_UNIT_SUFFIX = re.compile(r"\(.*\)$")


@dataclass(slots=True)
class _Layout:
    """Which file column feeds which spec column or combined cell."""

    columns: dict[int, Column] = field(default_factory=dict)
    combined: dict[int, Combined] = field(default_factory=dict)


def _lookup(spec: TableSpec) -> dict[str, Column | Combined]:
    found: dict[str, Column | Combined] = {}
    for column in spec.columns:
        for word in (column.key, *column.aliases):
            found.setdefault(header_key(word), column)
    for combined in spec.combined:
        for word in combined.aliases:
            found.setdefault(header_key(word), combined)
    return found


def _match_header(table: Table, spec: TableSpec) -> tuple[_Layout, list[Problem]]:
    lookup, layout, problems = _lookup(spec), _Layout(), []
    seen: dict[str, str] = {}  # key → header text that supplied it
    for index, text in enumerate(table.header):
        word = header_key(text)
        if not word:
            continue
        target = lookup.get(word) or lookup.get(_UNIT_SUFFIX.sub("", word))
        if target is None:
            problems.append(Problem.of(UNKNOWN_COLUMN, WARNING).at(file=table.file, row=table.header_row, column=text))
            continue
        keys = (target.key,) if isinstance(target, Column) else target.keys
        clash = next((seen[k] for k in keys if k in seen), None)
        if clash is not None:
            problems.append(Problem.of(DUPLICATE_COLUMN, other=clash).at(file=table.file, row=table.header_row,
                                                                       column=text))
            continue
        seen.update(dict.fromkeys(keys, text))
        if isinstance(target, Column):
            layout.columns[index] = target
        else:
            layout.combined[index] = target
    for column in spec.columns:
        if column.required and column.key not in seen:
            problems.append(Problem.of(MISSING_COLUMN, field=column.key).at(file=table.file, row=table.header_row,
                                                                          column=column.title))
    return layout, problems


_ERROR = object()  # a cell's value when it could not be parsed (its key stays out of Record.values)
_REQUIRED = n.ParseError(n.Msg.REQUIRED)
_MEMO_LIMIT = 100_000  # distinct cells remembered per column (a column of unique values stops growing there)
_IMMUTABLE = (str, int, float, date, Enum, type(None))

Reading = tuple[tuple[str, str], Any, n.ParseError | None]  # (source: header, text), value or _ERROR, error


@dataclass(slots=True)
class _CellReader:
    """Reads one file column with its spec column. Each distinct cell is cleaned and parsed once: a column
    repeats few values (statuses, offices, dates, a licence over its corners), so a 20,000-row file parses a
    few thousand cells, not 400,000. Only immutable values are remembered (a parser may return a list)."""

    column: Column
    title: str  # the header as written in the file
    memo: dict[Any, Reading] = field(default_factory=dict)

    def read(self, cell: Any) -> Reading:
        key = cell if type(cell) is str else (type(cell), cell)  # True == 1 == 1.0, but their text differs
        try:
            return self.memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell
            return self._parse(cell)
        reading = self._parse(cell)
        if isinstance(reading[1], _IMMUTABLE) and len(self.memo) < _MEMO_LIMIT:
            self.memo[key] = reading
        return reading

    def _parse(self, cell: Any) -> Reading:
        source = (self.title, n.clean(cell))
        if not source[1]:
            return source, None, _REQUIRED if self.column.required else None
        try:
            return source, self.column.parser(cell), None
        except n.ParseError as exc:
            return source, _ERROR, exc


def _readers(layout: _Layout, header: list[str]) -> list[tuple[int, str, _CellReader]]:
    return [(index, column.key, _CellReader(column, header[index])) for index, column in layout.columns.items()]


def _parse_row(file: str, row: int, cells: list[Any], header: list[str], layout: _Layout, spec: TableSpec,
               readers: list[tuple[int, str, _CellReader]]) -> tuple[Record, list[Problem]]:
    record, problems = Record(file, row, {}), []
    values, sources = record.values, record.sources
    for index, key, reader in readers:
        source, value, error = reader.read(cells[index])
        sources[key] = source
        if value is not _ERROR:
            values[key] = value
        if error is not None:
            problems.append(record.problem(key, error.message, **error.args_))
    for index, combined in layout.combined.items():
        cell = cells[index]
        text = n.clean(cell)
        for key in combined.keys:
            sources[key] = (header[index], text)
            values[key] = None
        if not text:
            continue
        try:
            values.update(zip(combined.keys, combined.parser(cell), strict=True))
        except n.ParseError as exc:
            problems.append(record.problem(combined.keys[0], exc.message, **exc.args_))
    if not problems:
        for check in spec.checks:
            problems.extend(record.locate(found) for found in check(values))
    return record, problems


def _duplicates(records: list[Record], spec: TableSpec) -> list[Problem]:
    """Two rows with the same key: an error at the later row naming the earlier one."""
    if not spec.key:
        return []
    first: dict[tuple[Any, ...], int] = {}
    problems: list[Problem] = []
    for record in records:
        key = record.key_of(spec.key)
        if any(v is None for v in key):
            continue
        if key in first:
            problems.append(record.problem(spec.key[-1], DUPLICATE_ROW, row=first[key], key=_key_words(spec)))
        else:
            first[key] = record.row
    return problems


def _key_words(spec: TableSpec) -> list[str]:
    return [spec.column(k).title for k in spec.key]


def parse_table(table: Table, spec: TableSpec) -> tuple[list[Record], list[Problem]]:
    """Every row of `table` parsed by `spec`; a row with an error has `ok=False` (checked for references
    too, so that all errors are reported, but never written)."""
    layout, problems = _match_header(table, spec)
    if any(p.is_error for p in problems):
        return [], problems
    records: list[Record] = []
    readers = _readers(layout, table.header)
    for row, cells in table.rows:
        record, found = _parse_row(table.file, row, cells, table.header, layout, spec, readers)
        problems.extend(found)
        record.ok = not any(p.is_error for p in found)
        records.append(record)
    problems.extend(_duplicates(records, spec))
    return records, problems
