"""What reporting is made of, and how each capability contributes to it — typed, so grep and a type checker
follow every arrow: a catalogue `Report` with its `Param`s; a dashboard `Panel`; a meeting-brief
`BriefSection`; a `DeadlineItem` of the deadline list. A capability contributes by a function of one of the
`…Source` types below, listed by name in the module that assembles them (catalogue.py, dashboard.py, brief.py,
deadlines.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from minetui import i18n
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.io.output import FORMATS, Column
from minetui.services.core.context import Context

# --- the report catalogue ---------------------------------------------------------------------------------

PARAM_KINDS = ("int", "text", "date", "bool", "office")


def _today_year(ctx: Context) -> int:
    return ctx.today.year


@dataclass(frozen=True, slots=True)
class Param:
    """A report parameter: `name` (the keyword of rows(); `--name-with-dashes` on the command line), its
    kind (int, text, date, bool, office code), a help text, and a default (a value or `fn(ctx)`)."""

    name: str
    kind: str
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in PARAM_KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, text: str) -> Any:
        """The typed value of a command-line or dialog text; ValueError when it is not one."""
        value: Any
        if self.kind == "int":
            value = int(text)
        elif self.kind == "date":
            value = date.fromisoformat(text.strip())
        elif self.kind == "bool":
            value = text.strip().lower() in ("1", "true", "yes", "是", "y")
        else:
            value = text.strip()
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.flag}: {value!r} is not one of {', '.join(self.choices)}")
        return value

    def default_for(self, ctx: Context) -> Any:
        return self.default(ctx) if callable(self.default) else self.default


YEAR = Param("year", "int", "the year (default: this year)", _today_year)
OFFICE = Param("office", "office", "only this NR office (code); default: every office")


REPORT = "report"  # msgctxt of report titles


@dataclass(frozen=True, slots=True)
class Report:
    """A report of the catalogue. `title_msgid`: its English title, a msgid of context "report" (extracted by
    tools/i18n.py from `Report(name, "Title", …)`), so either language's title is at hand."""

    name: str
    title_msgid: str
    params: tuple[Param, ...]
    columns: Callable[[], Sequence[Column]]
    rows: Callable[..., Iterable[Mapping[str, Any]]]
    docx: Callable[..., bytes] | None = None
    markdown: Callable[..., str] | None = None
    group: str = "general"
    description: str = ""

    def title(self, lang: str | None = None) -> str:
        return i18n.gettext_in(lang or i18n.language(), self.title_msgid, REPORT)

    @property
    def zh(self) -> str:
        return self.title("zh")

    @property
    def en(self) -> str:
        return self.title("en")

    @property
    def formats(self) -> tuple[str, ...]:
        extra = ("docx",) if self.docx else ()
        return (*FORMATS, *extra)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def resolve(self, ctx: Context, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter's value: the given one, else its default; refused when unknown or missing."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise ServiceError(_("report {report} has no parameter {param}").format(
                report=self.name, param=", ".join(unknown)))
        values = {}
        for param in self.params:
            value = given.get(param.name)
            values[param.name] = param.default_for(ctx) if value is None else value
            if param.required and values[param.name] is None:
                raise ServiceError(_("report {report} needs {flag}").format(report=self.name, flag=param.flag))
        return values

    def heading(self, params: Mapping[str, Any], as_of: date | None = None) -> str:
        """The title with the year first (when there is one), the other set parameters, and 'data as of'."""
        zh = i18n.language() == "zh"
        year = params.get("year")
        title = self.title()
        if year:
            title = (f"{year}{title}" if title.startswith("年") else f"{year}年{title}") if zh else f"{year} {title}"
        shown = [f"{p.flag.removeprefix('--')}={params[p.name]}" for p in self.params
                 if p.name != "year" and params.get(p.name) not in (None, "", False)]
        if shown:
            title += f"（{'，'.join(shown)}）" if zh else f" ({', '.join(shown)})"
        if as_of is not None:
            title += (" · " + _("data as of {day}").format(day=as_of.isoformat()))
        return title


@dataclass(frozen=True, slots=True)
class ReportResult:
    """A report run: its resolved parameters, columns and rows (a list, so it can be sorted and paged)."""

    report: Report
    params: dict[str, Any]
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)



# --- the dashboard -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Link:
    """What a number opens: 'calendar' (params period, office, state) or a catalogue report with params."""

    target: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Figure:
    value: int | str
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class PanelRow:
    label: str
    figures: list[Figure]


@dataclass(frozen=True, slots=True)
class Panel:
    """A titled table: `headers` names the label column then each figure column; `note` replaces the table
    when there is nothing to show (e.g. the capability does not exist yet)."""

    key: str
    title: str
    headers: list[str]
    rows: list[PanelRow] = field(default_factory=list)
    note: str = ""



# --- the meeting brief -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BriefSection:
    """A section: a key (hooks replace a placeholder by key), a title, lines of text and/or a table.
    `no_data` marks a section whose service has no data yet."""

    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    no_data: bool = False



# --- the deadline list -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, order=True)
class DeadlineItem:
    """One dated duty: when, which rule (R-…, 'licence', 'filing'), what is due (zh, en), who must act, about what."""

    date: date
    rule: str
    zh: str
    en: str
    owner: str = ""
    subject: str = ""
    source: str = ""
    count: int = 1  # how many duties the item stands for (patrol duties of one office and day)

    def what(self) -> str:
        return self.zh if i18n.language() == "zh" else self.en

    def days_left(self, today: date) -> int:
        return (self.date - today).days


Source = Callable[[Context, date, date], Iterable[DeadlineItem]]



# --- what a capability contributes ------------------------------------------------------------------------

PanelSource = Callable[[Context], Panel | None]            # a dashboard panel (None: nothing to show yet)
BriefSource = Callable[[Context], BriefSection | None]     # a section of the meeting brief
ProgressSource = Callable[[Context, int], dict[str, str]]  # rule → progress text of a year's notice duty
DeadlineSource = Callable[[Context, date, date], Iterable[DeadlineItem]]  # dated duties between two days
