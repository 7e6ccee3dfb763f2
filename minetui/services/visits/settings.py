"""The bureau's settings for combined visits (R-VISIT-1): one typed accessor, defaults in code.

Stored in the `settings` table (store/settings.py); a stored value that does not parse is refused with a
message naming the key, never silently replaced by the default.

- `visits.capacity`        visits one office team makes per working day (default 3; `none` = unlimited);
- `visits.holidays`        public holidays: ISO dates or ranges `2025-10-01..2025-10-08`, comma-separated;
- `visits.makeup_workdays` make-up working days (调休上班, a Saturday or Sunday), the same way;
- `visits.yearly_cap`      visits per enterprise per year above which the count is flagged (default 12);
- `visits.min_gap_days`    a warning when two visits to one enterprise are fewer days apart (default 7).
The holiday lists change every year by State Council notice: configure them, nothing is assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from minetui.domain.visits.model import PlanSettings
from minetui.domain.workdays import CalendarConfigError, WorkCalendar
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.store import audit, db
from minetui.store.settings import get_setting, put_setting, setting_in_file

CAPACITY = "visits.capacity"
HOLIDAYS = "visits.holidays"
MAKEUP = "visits.makeup_workdays"
YEARLY_CAP = "visits.yearly_cap"
MIN_GAP = "visits.min_gap_days"
KEYS = (CAPACITY, HOLIDAYS, MAKEUP, YEARLY_CAP, MIN_GAP)

DEFAULT_CAPACITY = 3
DEFAULT_YEARLY_CAP = 12
DEFAULT_MIN_GAP = 7
UNLIMITED = ("none", "unlimited", "不限")


@dataclass(frozen=True, slots=True)
class VisitSettings:
    calendar: WorkCalendar
    capacity: int | None
    yearly_cap: int
    min_gap_days: int

    @property
    def plan_settings(self) -> PlanSettings:
        return PlanSettings(self.calendar, self.capacity, self.min_gap_days or None)


def _bad(key: str, value: str, why: object) -> ServiceError:
    return ServiceError(_("setting {key} = {value!r} is not valid: {why}").format(key=key, value=value, why=why))


Getter = Callable[[str], str | None]


def _int(get: Getter, key: str, default: int, low: int) -> int:
    text = get(key)
    if text is None:
        return default
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise _bad(key, text, exc) from exc
    if value < low:
        raise _bad(key, text, f"< {low}")
    return value


def _capacity(get: Getter) -> int | None:
    text = get(CAPACITY)
    if text is not None and text.strip().lower() in UNLIMITED:
        return None
    return _int(get, CAPACITY, DEFAULT_CAPACITY, 1)


def _days(get: Getter, key: str) -> list[str]:
    text = get(key) or ""
    return [part.strip() for part in text.replace("，", ",").replace("\n", ",").split(",") if part.strip()]


def _calendar(get: Getter) -> WorkCalendar:
    try:
        return WorkCalendar.from_config({"holidays": _days(get, HOLIDAYS), "makeup_workdays": _days(get, MAKEUP)},
                                        where="visits")
    except CalendarConfigError as exc:
        raise ServiceError(str(exc)) from exc


def parse_settings(get: Getter) -> VisitSettings:
    """Every visit setting from `get(key)` (None = not set), parsed; ServiceError naming a bad key."""
    return VisitSettings(_calendar(get), _capacity(get), _int(get, YEARLY_CAP, DEFAULT_YEARLY_CAP, 1),
                         _int(get, MIN_GAP, DEFAULT_MIN_GAP, 0))


def visit_settings(ctx: Context) -> VisitSettings:
    """The visit settings of the open database."""
    return parse_settings(lambda key: get_setting(ctx.conn, key))


def settings_in_file(path: Path | None) -> VisitSettings:
    """The visit settings of a database file read without opening it for writing (defaults without one),
    for what-if planning that must leave the database untouched."""
    if path is None or not path.exists():
        return parse_settings(lambda key: None)
    return parse_settings(lambda key: setting_in_file(path, key))


def set_visit_setting(ctx: Context, key: str, value: str) -> None:
    """Store one of the settings above after checking that it parses; audited (entity 'setting')."""
    authorize(ctx, Action.SETTINGS_EDIT)
    if key not in KEYS:
        raise ServiceError(_("unknown setting {key}; one of: {keys}").format(key=key, keys=", ".join(KEYS)))
    with db.write(ctx.conn):
        before = put_setting(ctx.conn, key, value.strip())
        visit_settings(ctx)  # raises (and rolls back) when the value does not parse
        audit.append(ctx.conn, actor=ctx.actor, action="setting.put", entity="setting", entity_id=key,
                     before=before, after=value.strip())
