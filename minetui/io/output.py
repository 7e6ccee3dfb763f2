"""The one output pipeline of every listing command, report and export: table, CSV, JSON, XLSX, Markdown.

Rules (formats.md):
- Headers: CSV and JSON use the English keys (stable, re-importable); table, Markdown and XLSX use the UI
  language's titles; `--headers key|zh|en` overrides either. The header language also picks the words of
  enumerations and booleans ('key': stored keys and true/false; 'zh': 在产, 是/否; 'en': producing, yes/no).
- CSV is UTF-8 with BOM (Excel opens it right) — also on stdout, so `> file.csv` gives the same file —
  or GBK when asked (written as GB18030, GBK's superset, so a rare character never aborts an export).
- Text users typed never becomes a formula: a CSV text cell starting with = + - @ (or tab/CR) gets a
  leading apostrophe; every XLSX text cell is stored as a string.
- XLSX: bold frozen header, widths from content in terminal cells, real dates and numbers, licence numbers
  as text, an optional title row above the header. Written to `--out FILE`, or to stdout only when stdout is
  not a terminal (piped or redirected); on a terminal it is refused.
- Without `--format`, the suffix of `--out` picks the format (.csv, .json, .xlsx, .md), else the default.
- Provenance (generated when, by whom, data as of, the audit chain's head) when the caller passes one:
  XLSX document properties, a footer line under table/Markdown text, and in JSON only behind `--provenance`
  (an envelope `{"provenance": …, "rows": […]}`); CSV never carries it, so its shape stays the scripts'.
- `tsv()` gives rows as tab-separated text for the clipboard (pastes into Excel).

Rows are mappings (dicts or sqlite3.Row) keyed by column key; they are consumed as an iterator, so CSV,
JSON and text output stream, and XLSX keeps only the first WIDTH_SAMPLE_ROWS rows to size the columns.
openpyxl and tabulate are imported inside functions.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from itertools import chain, islice
from typing import IO, Any

from minetui import i18n

FORMATS = ("table", "csv", "json", "xlsx", "markdown")
HEADER_MODES = ("key", "zh", "en")
KINDS = frozenset({"text", "int", "float", "date", "licence", "enum", "bool"})
NUMERIC_KINDS = frozenset({"int", "float"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".md": "markdown", ".txt": "table"}
ENCODINGS = {"utf-8": "utf-8-sig", "gbk": "gb18030"}
WIDTH_SAMPLE_ROWS = 1000
XLSX_WIDTH_RANGE = (6, 60)
_BOOL_WORDS = {"zh": ("是", "否"), "en": ("yes", "no")}


class OutputError(ValueError):
    """The output cannot be written as asked (e.g. XLSX to a terminal, an unknown format)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a table came from, so a printed copy can be checked later (`minetui audit verify --head`)."""

    generated_at: datetime
    generated_by: str
    data_as_of: date
    audit_seq: int
    audit_hash: str

    @property
    def head(self) -> str:
        return f"{self.audit_seq}:{self.audit_hash}"

    def line(self) -> str:
        """One line in the UI language: generated when and by whom, data as of, the audit head."""
        return i18n._("Generated {at} by {who} · data as of {day} · audit head {head}").format(
            at=self.generated_at.strftime("%Y-%m-%d %H:%M"), who=self.generated_by,
            day=self.data_as_of.isoformat(), head=self.head)

    def as_dict(self) -> dict[str, Any]:
        return {"generated_at": self.generated_at.isoformat(), "generated_by": self.generated_by,
                "data_as_of": self.data_as_of.isoformat(), "audit_head": self.head}


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: the English key, its title (an English msgid of the catalogue, context "column", so
    `--headers zh|en` gives either language whatever the UI's), and what kind of value it holds. `enum` (for
    kind 'enum') turns stored keys into the header language's words. `python tools/i18n.py` extracts the title
    of every `Column(key, "Title", …)` written with a literal title."""

    key: str
    title_msgid: str
    kind: str = "text"
    enum: type[Enum] | None = None
    context: str = i18n.COLUMN  # another only where one English title has two Chinese ones

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    def title(self, headers: str) -> str:
        if headers == "key":
            return self.key
        return i18n.gettext_in(headers, self.title_msgid, self.context)

    @property
    def zh(self) -> str:
        return self.title("zh")

    @property
    def en(self) -> str:
        return self.title("en")


def default_headers(fmt: str) -> str:
    """'key' for CSV and JSON, else the UI language."""
    return "key" if fmt in ("csv", "json") else i18n.language()


def render(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], fmt: str, out: IO[bytes], *,
           headers: str | None = None, title: str | None = None, encoding: str | None = None,
           provenance: Provenance | None = None, envelope: bool = False) -> int:
    """Write `rows` to the binary stream `out` in `fmt`; returns the number of data rows written.
    `encoding` ('utf-8' or 'gbk') applies to CSV; the other text formats are UTF-8. `provenance` goes into
    XLSX properties and under text tables; into JSON only with `envelope` (never into CSV)."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    words = headers or default_headers(fmt)
    if words not in HEADER_MODES:
        raise OutputError(f"unknown headers {words!r}; use one of {', '.join(HEADER_MODES)}")
    if fmt == "csv":
        if (encoding or "utf-8") not in ENCODINGS:
            raise OutputError(f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
        with _text(out, ENCODINGS[encoding or "utf-8"]) as text:
            return _write_csv_rows(columns, rows, text, words)
    values = ([_value(_get(row, c.key), c, words) for c in columns] for row in rows)
    if fmt == "xlsx":
        return _write_xlsx(columns, values, out, words, title, provenance)
    with _text(out, "utf-8") as text:
        if fmt == "json":
            return _write_json(columns, values, text, words, provenance if envelope else None)
        count = _write_tabulated(columns, values, text, words, title, markdown=fmt == "markdown")
        if provenance is not None:
            text.write(f"\n{_cell_text(provenance.line(), fmt == 'markdown')}\n")
        return count


def _get(row: Mapping[str, Any], key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError):
        return None


@contextlib.contextmanager
def _text(out: IO[bytes], encoding: str) -> Iterator[io.TextIOWrapper]:
    """A text view of `out` that is flushed and detached (not closed) afterwards."""
    wrapper = io.TextIOWrapper(out, encoding=encoding, newline="", write_through=True)  # type: ignore[arg-type]
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


# --- values ---------------------------------------------------------------------------------------------

def _value(raw: Any, column: Column, words: str) -> Any:
    """The cell value for this column in the header language: numbers, dates, bools, words, or text."""
    if raw is None:
        return None
    kind = column.kind
    try:
        if kind == "int" and not isinstance(raw, bool):
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "date":
            return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        return str(raw)
    if kind == "bool":
        flag = raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "是")
        return flag if words == "key" else _BOOL_WORDS[words][0 if flag else 1]
    if kind == "enum" and column.enum is not None and words != "key":
        try:
            return i18n.label(column.enum(raw), words)
        except ValueError:
            return str(raw)
    return raw if isinstance(raw, int | float) and kind in NUMERIC_KINDS else str(raw)


def _plain(value: Any) -> str:
    """The text form of a value: '' for None, ISO dates, floats without exponent noise."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _defused(value: Any) -> str:
    """CSV text that a spreadsheet will not run as a formula."""
    text = _plain(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _csv_cell(column: Column, words: str) -> Callable[[Any], str]:
    """`_defused(_value(raw, column, words))` for one column, with a direct path for text columns (most
    cells): a CSV export of a million rows spends its time here, once per cell."""
    if column.kind in ("text", "licence"):
        def text_cell(raw: Any) -> str:
            if raw is None:
                return ""
            text = raw if type(raw) is str else str(raw)
            return "'" + text if text.startswith(FORMULA_START) else text
        return text_cell
    return lambda raw: _defused(_value(raw, column, words))


def _write_csv_rows(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], text: IO[str], words: str) -> int:
    writer = csv.writer(text)
    writer.writerow([_defused(c.title(words)) for c in columns])
    cells = [(c.key, _csv_cell(c, words)) for c in columns]
    count = 0
    for row in rows:
        writer.writerow([cell(_get(row, key)) for key, cell in cells])
        count += 1
    return count


# --- writers --------------------------------------------------------------------------------------------

def _write_json(columns: Sequence[Column], values: Iterable[list[Any]], text: IO[str], words: str,
                provenance: Provenance | None = None) -> int:
    """A JSON array of objects, one per line, written as the rows arrive; with `provenance`, the array is
    the "rows" of an object whose "provenance" comes first."""
    keys = [c.title(words) for c in columns]
    count = 0
    indent = "  " if provenance is None else "    "
    if provenance is not None:
        text.write('{"provenance": ' + json.dumps(provenance.as_dict(), ensure_ascii=False) + ',\n "rows": ')
    text.write("[")
    for row in values:
        record = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in zip(keys, row, strict=True)}
        text.write(("," if count else "") + "\n" + indent + json.dumps(record, ensure_ascii=False))
        count += 1
    text.write("\n]" if count else "]")
    text.write("}\n" if provenance is not None else "\n")
    return count


def _write_tabulated(columns: Sequence[Column], values: Iterable[list[Any]], text: IO[str], words: str,
                     title: str | None, *, markdown: bool) -> int:
    """A text table (tabulate 'simple') or a Markdown pipe table; Chinese measured in terminal cells."""
    from tabulate import tabulate

    rows = [[_cell_text(v, markdown) for v in row] for row in values]
    if title:
        text.write(f"## {_cell_text(title, True)}\n\n" if markdown else f"{title}\n\n")
    table = tabulate(
        rows,
        headers=[_cell_text(c.title(words), markdown) for c in columns],
        tablefmt="pipe" if markdown else "simple",
        disable_numparse=True,
        colalign=["right" if c.kind in NUMERIC_KINDS else "left" for c in columns],
    )
    text.write(table + "\n")
    return len(rows)


def _cell_text(value: Any, markdown: bool) -> str:
    text = _plain(value)
    return text.replace("|", "\\|").replace("\n", " ") if markdown else text


def _write_xlsx(columns: Sequence[Column], values: Iterator[list[Any]], out: IO[bytes], words: str,
                title: str | None, provenance: Provenance | None = None) -> int:
    """XLSX through xlsxwriter in constant-memory mode (rows stream to disk as they come): a bold frozen header,
    widths from the first rows, real dates and numbers, licence numbers and all text as text — never a formula."""
    import xlsxwriter

    sample = list(islice(values, WIDTH_SAMPLE_ROWS))
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "default_date_format": "yyyy-mm-dd",
    })
    sheet = workbook.add_worksheet(_sheet_name(title))
    styles = _XlsxStyles(workbook)
    titles = [c.title(words) for c in columns]
    for index, width in enumerate(_xlsx_widths(titles, sample)):
        sheet.set_column(index, index, width)
    row_no = 0
    if title:
        sheet.write_string(row_no, 0, _xml_safe(title), styles.title)
        row_no += 1
    sheet.freeze_panes(row_no + 1, 0)
    for index, text in enumerate(titles):
        sheet.write_string(row_no, index, _xml_safe(text), styles.header)
    count = 0
    for row in chain(sample, values):
        row_no += 1
        for index, (value, column) in enumerate(zip(row, columns, strict=True)):
            _xlsx_write(sheet, row_no, index, value, column.kind, styles)
        count += 1
    if provenance is not None:
        _xlsx_properties(workbook, title, provenance)
    workbook.close()
    out.write(buffer.getvalue())
    return count


class _XlsxStyles:
    """The few cell formats the pipeline uses, made once per workbook."""

    def __init__(self, workbook: Any) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format({"bold": True})
        self.text = workbook.add_format({"num_format": "@"})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})


# Characters XML 1.0 cannot hold (control characters other than tab and line breaks): dropped in XLSX.
_XML_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _xml_safe(text: str) -> str:
    return text.translate(_XML_ILLEGAL)


def _xlsx_write(sheet: Any, row: int, col: int, value: Any, kind: str, styles: _XlsxStyles) -> None:
    """One cell as its real type; text is always written as a string (never a formula)."""
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, _xml_safe(value), styles.text if kind == "licence" else None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, styles.date)
    else:
        sheet.write_string(row, col, _xml_safe(str(value)))


def _xlsx_properties(workbook: Any, title: str | None, provenance: Provenance) -> None:
    """The provenance in the document properties (File → Info in Excel/WPS)."""
    workbook.set_properties({
        "author": provenance.generated_by,
        "title": title or "",
        "created": provenance.generated_at.astimezone().replace(tzinfo=None),
        "comments": provenance.line(),
        "keywords": f"audit-head {provenance.head}; data-as-of {provenance.data_as_of.isoformat()}",
    })


def _xlsx_widths(titles: Sequence[str], sample: Sequence[list[Any]]) -> list[float]:
    from rich.cells import cell_len

    low, high = XLSX_WIDTH_RANGE
    widths = []
    for index, title in enumerate(titles):
        longest = max([cell_len(title), *(cell_len(_plain(row[index])) for row in sample)])
        widths.append(float(min(high, max(low, longest + 2))))
    return widths


def _sheet_name(title: str | None) -> str:
    if not title:
        return "Sheet1"
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet1"


def tsv(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *, headers: str | None = None) -> str:
    """Rows as tab-separated text with a title line (for the clipboard: it pastes into Excel as cells).
    Tabs and line breaks inside a value become spaces."""
    words = headers or i18n.language()

    def cell(value: Any) -> str:
        return " ".join(_plain(value).replace("\t", " ").splitlines())

    lines = ["\t".join(cell(c.title(words)) for c in columns)]
    for row in rows:
        lines.append("\t".join(cell(_value(_get(row, c.key), c, words)) for c in columns))
    return "\n".join(lines) + "\n"
