"""The settings' values: typed reading, the one setter, listing, the working-day calendar, and bundles (the
public surface is the package: `from minetui.services.core import settings`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from minetui.domain.leads.leads import LeadSettings
from minetui.domain.model import _Worded
from minetui.domain.visits.model import PlanSettings
from minetui.domain.workdays import WorkCalendar
from minetui.i18n import _
from minetui.services.core.auth import PermissionDenied, authorize
from minetui.services.core.context import Context
from minetui.services.core.settings.registry import (
    CALENDAR_CLOSURES,
    LEADS_DEFAULT_WORKDAYS,
    LEADS_REGISTRATION_DAYS,
    LEADS_REGISTRATION_LOOKBACK,
    LISTS_SERIOUS_YEARS,
    SETTINGS,
    VISIT_CAPACITY,
    VISIT_MIN_GAP,
    VISIT_YEARLY_CAP,
    Setting,
    SettingRefused,
    find,
)
from minetui.services.core.workcalendar import build_calendar, calendar_warnings, official
from minetui.store import audit, db
from minetui.store import settings as store

T = TypeVar("T")
Getter = Callable[[str], str | None]  # the stored text of a key, None when not stored


def _stored(ctx: Context) -> Getter:
    return lambda key: store.get_setting(ctx.conn, key)


def value(get: Getter, setting: Setting[T]) -> T:
    """The value of `setting` from `get`: the stored one, else the default; SettingRefused when it does not parse."""
    text = get(setting.key)
    return setting.default if text is None else setting.read(text)


def get(ctx: Context, setting: Setting[T]) -> T:
    """The value of `setting` in the open database (typed by its declaration)."""
    return value(_stored(ctx), setting)


# --- changing a setting ---------------------------------------------------------------------------------------


def set_setting(ctx: Context, key: str, text: str) -> str:
    """Store `text` as the value of `key` — refused (naming the setting) for an unknown key, a role that may
    not change it, or a value that does not parse. Returns the canonical text stored. Audited."""
    setting = find(key)
    _authorize(ctx, setting)
    canonical = setting.canonical(text.strip())
    with db.write(ctx.conn):
        before = store.put_setting(ctx.conn, setting.key, canonical)
        _audit(ctx, "setting.put", setting, before, canonical)
    return canonical


def reset_setting(ctx: Context, key: str) -> None:
    """Take the stored value of `key` away: the default applies again. Role-checked and audited."""
    setting = find(key)
    _authorize(ctx, setting)
    with db.write(ctx.conn):
        before = store.delete_setting(ctx.conn, setting.key)
        if before is not None:
            _audit(ctx, "setting.reset", setting, before, None)


def _authorize(ctx: Context, setting: Setting[Any]) -> None:
    """The setting's policy action, refused with a message that names the setting."""
    try:
        authorize(ctx, setting.action)
    except PermissionDenied as denied:
        raise PermissionDenied(_("setting {label} ({key}) cannot be changed: {reason}").format(
            label=setting.title, key=setting.key, reason=denied)) from denied


def _audit(ctx: Context, action: str, setting: Setting[Any], before: str | None, after: str | None) -> None:
    """The one shape of a setting's audit row: entity 'setting', its key, before/after {key: text} or None."""
    key = setting.key
    audit.append(ctx.conn, actor=ctx.actor, action=action, entity="setting", entity_id=key,
                 before=None if before is None else {key: before}, after=None if after is None else {key: after})


# --- listing --------------------------------------------------------------------------------------------------


class Source(_Worded):
    """Where a setting's value comes from (its label is the catalogue's, context "Source")."""

    DEFAULT = "default"
    STORED = "stored"


@dataclass(frozen=True, slots=True)
class SettingRow:
    """A setting as listed: the text in force (canonical), where it comes from, the value for a person, and the
    problem of a stored value that does not parse ('' when none) — the listing shows it rather than failing."""

    setting: Setting[Any]
    text: str
    source: Source
    shown: str
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        s = self.setting
        return {"key": s.key, "group": s.group_title, "label": s.title, "value": self.text, "source": str(self.source),
                "default": s.default_text, "description": s.explanation}


def setting_rows(ctx: Context) -> list[SettingRow]:
    """Every setting, in the registry's order."""
    rows = []
    for setting in SETTINGS:
        text = store.get_setting(ctx.conn, setting.key)
        if text is None:
            rows.append(SettingRow(setting, setting.default_text, Source.DEFAULT, setting.kind.shown(setting.default)))
            continue
        try:
            rows.append(SettingRow(setting, text, Source.STORED, setting.kind.shown(setting.read(text))))
        except SettingRefused as refused:
            rows.append(SettingRow(setting, text, Source.STORED, text, str(refused)))
    return rows


def setting_row(ctx: Context, key: str) -> SettingRow:
    """One setting as listed (`settings get`)."""
    setting = find(key)
    return next(row for row in setting_rows(ctx) if row.setting is setting)


# --- the working-day calendar (R-DAY-1) --------------------------------------------------------------------------


def _calendar(get: Getter) -> WorkCalendar:
    return build_calendar(value(get, CALENDAR_CLOSURES))


def work_calendar(ctx: Context) -> WorkCalendar:
    """THE working-day calendar: the official holidays and make-up working days, and the bureau's closures."""
    return _calendar(_stored(ctx))


@dataclass(frozen=True, slots=True)
class CalendarSummary:
    """What the calendar knows, for the settings listing and screen: the source of the official days, its
    first and last year, the bureau's closures, and warnings (a year around today it does not know)."""

    source: str
    first_year: int
    last_year: int
    closures: frozenset[date]
    warnings: list[str]


def calendar_summary(ctx: Context) -> CalendarSummary:
    calendar, known = work_calendar(ctx), official()
    return CalendarSummary(known.source, known.first_year, known.last_year, calendar.closures,
                           calendar_warnings(calendar, ctx.today))


# --- bundles a capability reads at once -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeadConfig:
    """Everything lead deadlines need: the domain's settings, the working-day calendar, the R-LEAD-5 window."""

    settings: LeadSettings
    calendar: WorkCalendar
    registration_lookback_days: int


def lead_settings(ctx: Context) -> LeadSettings:
    return LeadSettings(registration_days=get(ctx, LEADS_REGISTRATION_DAYS),
                        default_workdays=get(ctx, LEADS_DEFAULT_WORKDAYS),
                        serious_list_years=get(ctx, LISTS_SERIOUS_YEARS))


def lead_config(ctx: Context) -> LeadConfig:
    return LeadConfig(lead_settings(ctx), work_calendar(ctx), get(ctx, LEADS_REGISTRATION_LOOKBACK))


@dataclass(frozen=True, slots=True)
class VisitSettings:
    """The combined-visit settings (R-VISIT-1) with the working-day calendar."""

    calendar: WorkCalendar
    capacity: int | None
    yearly_cap: int
    min_gap_days: int

    @property
    def plan_settings(self) -> PlanSettings:
        return PlanSettings(self.calendar, self.capacity, self.min_gap_days or None)


def _visit_settings(get: Getter) -> VisitSettings:
    return VisitSettings(_calendar(get), value(get, VISIT_CAPACITY), value(get, VISIT_YEARLY_CAP),
                         value(get, VISIT_MIN_GAP))


def visit_settings(ctx: Context) -> VisitSettings:
    return _visit_settings(_stored(ctx))


def visit_settings_in_file(path: Path | None) -> VisitSettings:
    """The visit settings of a database file read without opening it for writing (the defaults without one),
    for what-if planning that must leave the database untouched."""
    if path is None or not path.exists():
        return _visit_settings(lambda key: None)
    return _visit_settings(lambda key: store.setting_in_file(path, key))
