"""The bureau's settings for verification, surveys and spot-checks: one typed accessor each, defaults in code.

Stored in the `settings` table (store/settings.py); a stored value that does not parse is refused with a
message naming the key, never silently replaced by the default. Setters validate, write and audit.

- `verification.items`  JSON list of {key, zh, en, violation} (default domain.verification.DEFAULT_ITEMS);
- `verification.due`    MM-DD, the day the year's verification should be done (default 11-30: its leads
                        go to enforcement by Nov 30, R-LEAD-1);
- `survey.windows`      'MM-DD..MM-DD,MM-DD..MM-DD' (default 01-01..06-30,07-01..11-30, R-SUR-1);
- `spotcheck.window_days`  days a spot-check has from its trigger (default 30, R-SPOT-1).
"""

from __future__ import annotations

import json
from datetime import date

from minetui.domain.deadlines import YEAR_END_EXCHANGE
from minetui.domain.inspections.spotchecks import DEFAULT_WINDOW_DAYS
from minetui.domain.inspections.surveys import RoundWindows
from minetui.domain.inspections.verification import DEFAULT_ITEMS, CheckItem, parse_items
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.store import audit, db
from minetui.store.settings import get_setting, put_setting

VERIFICATION_ITEMS = "verification.items"
VERIFICATION_DUE = "verification.due"
SURVEY_WINDOWS = "survey.windows"
SPOTCHECK_WINDOW_DAYS = "spotcheck.window_days"

DEFAULT_VERIFICATION_DUE = YEAR_END_EXCHANGE


def _bad(key: str, value: str, why: object) -> ServiceError:
    return ServiceError(_("setting {key} = {value!r} is not valid: {why}").format(key=key, value=value, why=why))


def verification_items(ctx: Context) -> tuple[CheckItem, ...]:
    text = get_setting(ctx.conn, VERIFICATION_ITEMS)
    if text is None:
        return DEFAULT_ITEMS
    try:
        return parse_items(json.loads(text))
    except (ValueError, TypeError, AttributeError) as exc:
        raise _bad(VERIFICATION_ITEMS, text, exc) from exc


def verification_due(ctx: Context, year: int) -> date:
    text = get_setting(ctx.conn, VERIFICATION_DUE)
    if text is None:
        return date(year, *DEFAULT_VERIFICATION_DUE)
    try:
        month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError as exc:
        raise _bad(VERIFICATION_DUE, text, exc) from exc


def survey_windows(ctx: Context) -> RoundWindows:
    text = get_setting(ctx.conn, SURVEY_WINDOWS)
    if text is None:
        return RoundWindows()
    try:
        return RoundWindows.parse(text)
    except ValueError as exc:
        raise _bad(SURVEY_WINDOWS, text, exc) from exc


def spotcheck_window_days(ctx: Context) -> int:
    text = get_setting(ctx.conn, SPOTCHECK_WINDOW_DAYS)
    if text is None:
        return DEFAULT_WINDOW_DAYS
    try:
        days = int(text)
    except ValueError as exc:
        raise _bad(SPOTCHECK_WINDOW_DAYS, text, exc) from exc
    if days < 1:
        raise _bad(SPOTCHECK_WINDOW_DAYS, text, "< 1")
    return days


_READERS = {
    VERIFICATION_ITEMS: lambda ctx: verification_items(ctx),
    VERIFICATION_DUE: lambda ctx: verification_due(ctx, 2000),
    SURVEY_WINDOWS: lambda ctx: survey_windows(ctx),
    SPOTCHECK_WINDOW_DAYS: lambda ctx: spotcheck_window_days(ctx),
}


def set_inspection_setting(ctx: Context, key: str, value: str) -> None:
    """Store one of the settings above after checking it parses; audited (entity 'setting')."""
    authorize(ctx, Action.SETTINGS_EDIT)
    if key not in _READERS:
        raise ServiceError(_("unknown setting {key}").format(key=key))
    with db.write(ctx.conn):
        before = put_setting(ctx.conn, key, value)
        _READERS[key](ctx)  # raises (and rolls back) when the value does not parse
        audit.append(ctx.conn, actor=ctx.actor, action="setting.put", entity="setting", entity_id=key,
                     before=before, after=value)
