"""Pure parsers for the values clerks type into spreadsheets (formats.md, "Reading any table file").

Every parser takes a raw cell (text from a CSV, or str/int/float/date/bool from an XLSX) and returns the
value, or raises `ParseError` whose `message` (one of `Msg`: a stable code and a catalogue msgid) says what
the cell should hold. Nothing here guesses: an unclear value is an error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from minetui.domain.model import MineScale, MineStatus, MiningMethod, ZoneLevel
from minetui.domain.validation import Message, Problem
from minetui.i18n import N_

E = TypeVar("E", bound=Enum)


class Msg:
    """What a cell should hold: the code and message of every problem a parser finds (the Chinese, which
    clerks read, is in the catalogue)."""

    REQUIRED = Message("value.required", N_("required value is empty"))
    BAD_DATE = Message("date.invalid", N_("unrecognised date"))
    BAD_NUMBER = Message("number.invalid", N_("should be a number"))
    BAD_INTEGER = Message("integer.invalid", N_("should be a whole number"))
    NOT_POSITIVE = Message("number.not_positive", N_("should be a positive number"))
    OUT_OF_RANGE = Message("number.out_of_range", N_("out of the plausible range"))
    BAD_ENUM = Message("enum.invalid", N_("should be one of: {choices}"))
    BAD_BOOL = Message("bool.invalid", N_("should be yes/no"))
    LICENCE_AS_NUMBER = Message("licence.as_number", N_(
        "the licence number was stored as a number and has lost digits; format the column as text and type it again"))
    BAD_LICENCE = Message("licence.invalid", N_(
        "not a licence number (C and 22 digits, or an old-style number)"))
    BAD_MODERN_LICENCE = Message("licence.invalid_modern", N_("a licence number is C and 22 digits (23 in all)"))
    BAD_DEPTH = Message("depth.invalid", N_("unrecognised mining depth (e.g. “由1150米至850米标高”)"))
    DEPTH_ORDER = Message("depth.order", N_("the top of the mining depth should be above its bottom"))
    BAD_VALIDITY = Message("validity.invalid", N_("unrecognised validity (e.g. “2019年3月17日至2029年3月17日”)"))
    VALIDITY_ORDER = Message("validity.order", N_("valid from should not be after valid to"))
    TEXT_TOO_LONG = Message("text.too_long", N_("text too long"))
    X_DIGITS = Message("coordinate.x_digits", N_("an X coordinate has 7 digits before the point (the northing)"))
    Y_NO_ZONE = Message("coordinate.y_no_zone", N_(
        "the Y coordinate lacks its zone prefix (Shangdang is in zone 38, e.g. 38410000.00)"))
    Y_SIX_DEGREE = Message("coordinate.y_six_degree", N_(
        "the Y coordinate's zone is 19, probably a 6° zone; Shangdang uses 3° zone 38"))
    Y_TOO_LONG = Message("coordinate.y_too_long", N_("the Y coordinate has too many digits"))


class ParseError(ValueError):
    """A cell that cannot be read: `message` says why (its code, msgid and arguments; `problem` as a Problem)."""

    def __init__(self, message: Message, **args: Any) -> None:
        super().__init__(message.code)
        self.message, self.args_ = message, args

    @property
    def problem(self) -> Problem:
        return Problem.of(self.message, **self.args_)

    @property
    def expected(self) -> str:
        """The text, in the UI language."""
        return self.problem.message

    def __str__(self) -> str:
        return self.expected


# --- text -----------------------------------------------------------------------------------------------

_DOTS = str.maketrans({"。": ".", "．": "."})
_LIST_SPLIT = re.compile(r"[，、；,;\n]+")
_MAX_TEXT = 2000


def clean(raw: Any) -> str:
    """Text of a cell: NFKC (full-width → half-width), `。．` → `.`, trimmed; None → ''."""
    if raw is None:
        return ""
    if isinstance(raw, str) and raw.isascii():
        return undefused(raw.strip())  # nothing full-width to fold (the common case, and the fast one)
    if isinstance(raw, datetime):
        raw = raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(sep=" ")
    elif isinstance(raw, date):
        raw = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        raw = str(int(raw))
    text = unicodedata.normalize("NFKC", str(raw)).translate(_DOTS)
    return undefused(text.strip())


def undefused(text: str) -> str:
    """Drop the apostrophe that our CSV export puts before a formula-looking cell (`'=…`, `'+…`, `'-…`,
    `'@…`), so that an exported file re-imports as typed. The value stays text; it is never evaluated."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def is_blank(raw: Any) -> bool:
    return clean(raw) == ""


# Full-width punctuation that belongs in Chinese names and free text (甲煤矿（整合）): kept as typed.
_KEEP_IN_TEXT = re.compile(r"([（）【】《》〔〕「」『』：；，！？、“”‘’。])")


def clean_text(raw: Any) -> str:
    """Free text (names, holders, notes): NFKC for full-width letters, digits and spaces, trimmed, but
    Chinese punctuation such as （） and ，kept as typed."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        return clean(raw)
    parts = _KEEP_IN_TEXT.split(raw)
    text = "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))
    return undefused(text.strip())


def parse_text(raw: Any) -> str:
    text = clean_text(raw)
    if len(text) > _MAX_TEXT:
        raise ParseError(Msg.TEXT_TOO_LONG)
    return text


def split_list(raw: Any) -> list[str]:
    """A list cell: items separated by `，、；,;` (or line breaks), each trimmed, empties dropped."""
    return [item.strip() for item in _LIST_SPLIT.split(clean(raw)) if item.strip()]


# --- dates ----------------------------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MIDNIGHT = re.compile(r"\s+0{1,2}:00(:00)?$")


def parse_date(raw: Any) -> date:
    """`2025-03-17`, `2025/3/17`, `2025.3.17`, `2025年3月17日`, `20250317` or a real date cell."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raise ParseError(Msg.BAD_DATE)
    text = _MIDNIGHT.sub("", clean(raw))
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ParseError(Msg.BAD_DATE)


def parse_validity(raw: Any) -> tuple[date, date]:
    """One `有效期` cell, "2019年3月17日至2029年3月17日" → (from, to)."""
    parts = re.split(r"\s*(?:至|到|~|—+|--)\s*", clean(raw))
    if len(parts) != 2:
        raise ParseError(Msg.BAD_VALIDITY)
    try:
        start, end = parse_date(parts[0]), parse_date(parts[1])
    except ParseError as exc:
        raise ParseError(Msg.BAD_VALIDITY) from exc
    if start > end:
        raise ParseError(Msg.VALIDITY_ORDER)
    return start, end


# --- numbers --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
AREA_UNITS = ("平方公里", "平方千米", "km2", "km²", "k㎡")
METRE_UNITS = ("米", "m")
MU_UNITS = ("亩",)


def parse_number(raw: Any, units: tuple[str, ...] = ()) -> float:
    """A finite number; text may carry one of `units` after it (e.g. "1.2345平方公里")."""
    if isinstance(raw, bool):
        raise ParseError(Msg.BAD_NUMBER)
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = clean(raw).replace(" ", "")
        for unit in sorted(units, key=len, reverse=True):
            if text.lower().endswith(unit.lower()):
                text = text[: -len(unit)]
                break
        if _GROUPED.fullmatch(text):
            text = text.replace(",", "")
        if not _NUMBER.fullmatch(text):
            raise ParseError(Msg.BAD_NUMBER)
        value = float(text)
    if not math.isfinite(value):
        raise ParseError(Msg.BAD_NUMBER)
    return value


def parse_positive(raw: Any, units: tuple[str, ...] = ()) -> float:
    value = parse_number(raw, units)
    if value <= 0:
        raise ParseError(Msg.NOT_POSITIVE)
    return value


def parse_int(raw: Any, low: int | None = None, high: int | None = None) -> int:
    """A whole number, optionally within [low, high]."""
    try:
        value = parse_number(raw)
    except ParseError as exc:
        raise ParseError(Msg.BAD_INTEGER) from exc
    if not value.is_integer():
        raise ParseError(Msg.BAD_INTEGER)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParseError(Msg.OUT_OF_RANGE)
    return int(value)


_DEPTH = re.compile(
    r"(?:由)?(?:标高)?([+-]?\d+(?:\.\d+)?)(?:米|m)?(?:标高)?\s*(?:至|到|~|—+|-)\s*"
    r"(?:标高)?([+-]?\d+(?:\.\d+)?)(?:米|m)?(?:标高)?",
    re.IGNORECASE,
)


def parse_depth_range(raw: Any) -> tuple[float, float]:
    """One `开采深度` cell, "由1150米至850米标高" → (1150.0, 850.0): top elevation above bottom."""
    match = _DEPTH.fullmatch(clean(raw).replace(" ", ""))
    if not match:
        raise ParseError(Msg.BAD_DEPTH)
    top, bottom = float(match.group(1)), float(match.group(2))
    if top <= bottom:
        raise ParseError(Msg.DEPTH_ORDER)
    return top, bottom


# --- enumerations and booleans --------------------------------------------------------------------------

ALIASES: dict[type[Enum], dict[str, Enum]] = {
    MiningMethod: {"井工": MiningMethod.UNDERGROUND, "井下": MiningMethod.UNDERGROUND,
                   "露天开采": MiningMethod.OPEN_PIT, "地下开采": MiningMethod.UNDERGROUND,
                   "open pit": MiningMethod.OPEN_PIT, "open-pit": MiningMethod.OPEN_PIT,
                   "露天/地下": MiningMethod.COMBINED, "露天+地下": MiningMethod.COMBINED},
    MineStatus: {"正常生产": MineStatus.PRODUCING, "生产": MineStatus.PRODUCING, "闭坑": MineStatus.CLOSED,
                 "under construction": MineStatus.CONSTRUCTION, "construction halted": MineStatus.HALTED},
    MineScale: {"大": MineScale.LARGE, "中": MineScale.MEDIUM, "小": MineScale.SMALL},
    ZoneLevel: {"国家级": ZoneLevel.NATIONAL, "部": ZoneLevel.NATIONAL, "省": ZoneLevel.PROVINCIAL,
                "市": ZoneLevel.MUNICIPAL, "区": ZoneLevel.DISTRICT, "县级": ZoneLevel.DISTRICT},
}


def parse_enum(raw: Any, enum_cls: type[E], aliases: Mapping[str, E] | None = None) -> E:
    """A member by its English key, its Chinese word (`.zh`) or an alias; case-insensitive for English."""
    text = clean(raw)
    folded = text.lower().replace("_", " ")
    table = aliases if aliases is not None else ALIASES.get(enum_cls, {})
    for member in enum_cls:
        words = {str(member.value).lower(), str(member.value).lower().replace("_", " ")}
        if text == getattr(member, "zh", None) or folded in words:
            return member
    for word, member in table.items():
        if text == word or folded == word.lower():
            return member  # type: ignore[return-value]
    raise ParseError(Msg.BAD_ENUM, choices=enum_cls)


_TRUE = {"是", "yes", "y", "true", "1", "有", "涉及"}
_FALSE = {"否", "no", "n", "false", "0", "无", "不涉及"}


def parse_bool(raw: Any) -> bool:
    """是/否, yes/no, true/false, 1/0 (and a real boolean cell)."""
    if isinstance(raw, bool):
        return raw
    text = clean(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(Msg.BAD_BOOL)


# --- licence numbers ------------------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?e[+-]?\d+", re.IGNORECASE)
_MODERN = re.compile(r"C\d{22}")
_LEGACY = re.compile(r"[A-Z]{0,3}\d{8,22}(-\d{1,4})?")
_FLOAT_SAFE_DIGITS = 15


def parse_licence(raw: Any) -> str:
    """A licence number as text. A float cell or `5.1E+21` text has lost digits and is refused."""
    if isinstance(raw, bool | float):
        raise ParseError(Msg.LICENCE_AS_NUMBER)
    if isinstance(raw, int) and len(str(abs(raw))) > _FLOAT_SAFE_DIGITS:
        raise ParseError(Msg.LICENCE_AS_NUMBER)
    text = clean(raw).replace(" ", "").upper()
    if _SCIENTIFIC.fullmatch(text) or re.fullmatch(r"\d+\.\d+", text):
        raise ParseError(Msg.LICENCE_AS_NUMBER)
    if text.startswith("C") and text[1:].isdigit():
        if _MODERN.fullmatch(text):
            return text
        raise ParseError(Msg.BAD_MODERN_LICENCE)
    if _LEGACY.fullmatch(text):
        return text
    raise ParseError(Msg.BAD_LICENCE)


# --- coordinates ----------------------------------------------------------------------------------------

def coordinate_warning(axis: str, value: float) -> Message | None:
    """A warning for a CGCS2000 3° coordinate that looks mixed up (domain.md, R-GEO-1); None if plausible.

    X is the northing (7 digits); Y the easting with its zone number as a prefix (8 digits, 38… here).
    """
    if axis == "x":
        return None if 1_000_000 <= value < 10_000_000 else Msg.X_DIGITS
    if value < 10_000_000:
        return Msg.Y_NO_ZONE
    if 19_000_000 <= value < 20_000_000:
        return Msg.Y_SIX_DEGREE
    if value >= 100_000_000:
        return Msg.Y_TOO_LONG
    return None
