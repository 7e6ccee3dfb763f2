"""Read any table file the clerks bring into a header and rows, with the row numbers Excel shows.

CSV (comma or tab) or XLSX, told apart by content (an XLSX is a zip: `PK`), not only by suffix. CSV bytes
are decoded as UTF-8 (± BOM), UTF-16 (with BOM) or GB18030 (a superset of GBK). Strict UTF-8 is tried
first, and a decoding only counts when the expected header words are found in it: UTF-8 bytes "decode" as
GB18030 too, into mojibake. The header may sit below one or two title rows; it is the first row (of the
first few) holding the most expected words.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minetui.domain.validation import Message, Problem
from minetui.i18n import N_

HEADER_SEARCH_ROWS = 10
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .et


class TableError(Exception):
    """The file cannot be read as a table: `problem` says why (a file-level Problem once `at(file=…)`)."""

    def __init__(self, message: Message, **args: Any) -> None:
        self.problem = Problem.of(message, **args)
        super().__init__(message.code)

    def __str__(self) -> str:
        return self.problem.message


NO_FILE = Message("file.missing", N_("the file does not exist"))
UNREADABLE = Message("file.unreadable", N_("cannot read the file: {reason}"))
LEGACY_XLS = Message("file.legacy_xls", N_(
    "old .xls/.et files are not supported; save it as .xlsx or CSV in Excel/WPS"))
BAD_CSV = Message("file.bad_csv", N_("the CSV is malformed: {reason}"))
EMPTY = Message("file.empty", N_("the file is empty"))
NO_HEADER_CSV = Message("file.no_header", N_(
    "no header found (tried the encodings {encodings}; the header should name this kind's columns)"))
BAD_XLSX = Message("file.bad_xlsx", N_("cannot open the XLSX file: {reason}"))
NO_HEADER_XLSX = Message("file.no_header", N_("no header found (no row of the sheets names this kind's columns)"))


@dataclass(slots=True)
class Table:
    """A table read from a file: `rows` are (Excel row number, cells), padded to the header's width."""

    file: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str | None = None  # None for XLSX


def read_table(path: Path, header_words: Iterable[str], *, min_matches: int = 2) -> Table:
    """Read `path`; `header_words` are normalised header names (see `header_key`) that identify the header."""
    words = frozenset(header_words)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TableError(NO_FILE) from exc
    except OSError as exc:
        raise TableError(UNREADABLE, reason=exc.strerror or str(exc)) from exc
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(path.name, data, words, min_matches)
    if data.startswith(OLE_MAGIC):
        raise TableError(LEGACY_XLS)
    return _read_csv_bytes(path.name, data, words, min_matches)


def header_key(text: Any) -> str:
    """The form header names are compared in: NFKC, lower case, no spaces, no `*` marks."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(value.split()).replace("*", "").lower()


# --- CSV ------------------------------------------------------------------------------------------------

def _candidate_encodings(data: bytes) -> list[str]:
    if data.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    return ["utf-8", "gb18030"]


def _read_csv_bytes(name: str, data: bytes, words: frozenset[str], min_matches: int) -> Table:
    tried: list[str] = []
    for encoding in _candidate_encodings(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            tried.append(encoding)
            continue
        try:
            rows = list(_csv_rows(text))
        except csv.Error as exc:
            raise TableError(BAD_CSV, reason=str(exc)) from exc
        found = _find_header(rows, words, min_matches)
        if found is not None:
            return _table(name, rows, found, encoding)
        tried.append(encoding)
    if not data.strip():
        raise TableError(EMPTY)
    raise TableError(NO_HEADER_CSV, encodings=tried)


def _sniff_delimiter(text: str) -> str:
    sample = text[:20000].splitlines()[:30]
    tabs = sum(line.count("\t") for line in sample)
    commas = sum(line.count(",") for line in sample)
    return "\t" if tabs and tabs >= commas else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[Any]]]:
    """(record number, cells): Excel shows each CSV record as one row, numbered from 1."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    for number, cells in enumerate(reader, start=1):
        yield number, cells if isinstance(cells, list) else list(cells)


# --- XLSX -----------------------------------------------------------------------------------------------

def _read_xlsx(name: str, data: bytes, words: frozenset[str], min_matches: int) -> Table:
    """The first sheet holding the header. Opened from bytes: openpyxl would refuse a mislabelled suffix."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise TableError(BAD_XLSX, reason=str(exc)) from exc
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            sheet.reset_dimensions()  # WPS often records a wrong sheet size
            rows = list(_xlsx_rows(sheet))
            found = _find_header(rows, words, min_matches)
            if found is not None:
                return _table(name, rows, found, None)
    finally:
        workbook.close()
    raise TableError(NO_HEADER_XLSX)


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_xlsx_text(c) for c in cells]


def _xlsx_text(value: Any) -> Any:
    """A cell's text as Excel shows it: OOXML writes characters such as a carriage return as `_x000D_` (and a
    literal `_x000D_` as `_x005F_x000D_`); openpyxl hands them over escaped, so they are decoded here."""
    if isinstance(value, str) and "_x" in value:
        from openpyxl.utils.escape import unescape

        return unescape(value)
    return value


# --- both -----------------------------------------------------------------------------------------------

def _find_header(rows: Sequence[tuple[int, list[Any]]], words: frozenset[str],
                 min_matches: int) -> int | None:
    """Index in `rows` of the header: the earliest row with the most expected words (≥ min_matches)."""
    best, best_score = None, 0
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in cells if header_key(cell) in words)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= min_matches else None


def _table(name: str, rows: list[tuple[int, list[Any]]], header_index: int, encoding: str | None) -> Table:
    header_number, header_cells = rows[header_index]
    while header_cells and _blank(header_cells[-1]):
        header_cells = header_cells[:-1]
    header = ["" if cell is None else str(cell).strip() for cell in header_cells]
    width = len(header)
    body: list[tuple[int, list[Any]]] = []
    for number, cells in rows[header_index + 1:]:
        if _blank_row(cells):
            continue
        if len(cells) != width:
            cells = list(cells[:width]) + [None] * (width - len(cells))
        body.append((number, cells))
    return Table(name, header, header_number, body, encoding)


def _blank_row(cells: list[Any]) -> bool:
    """Every cell blank; a row's first cell usually answers it (only then are the others looked at)."""
    if cells and not _blank(cells[0]):
        return False
    return all(_blank(cell) for cell in cells)


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
