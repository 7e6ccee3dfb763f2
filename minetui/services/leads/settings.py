"""Typed access to the settings leads, lists and deadlines read (the `settings` table; defaults in code).

| key | meaning | default |
|---|---|---|
| leads.registration_days | R-LEAD-5: days after a licence's issue (verify) | 20 |
| leads.default_workdays | working days for leads the notice gives no date (R-PAT-5, tips, forwarding) | 5 |
| leads.registration_lookback_days | R-LEAD-5 drafts only for licences issued within this many days | 365 |
| lists.serious_years | R-LIST-1: serious-list term in years (verify) | 3 |
| work_calendar | JSON {"holidays": [...], "makeup_workdays": [...]} (dates or ranges a..b) | the 2025–2026 example |
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from minetui.domain.leads.leads import LeadSettings
from minetui.domain.workdays import CHINA_2025_2026_EXAMPLE, CalendarConfigError, WorkCalendar
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.store import audit, db, settings

WORK_CALENDAR_KEY = "work_calendar"
REGISTRATION_LOOKBACK_KEY = "leads.registration_lookback_days"
_KEYS = {"registration_days": "leads.registration_days", "default_workdays": "leads.default_workdays",
         "serious_list_years": "lists.serious_years"}
_DEFAULT_LOOKBACK = 365


@dataclass(frozen=True, slots=True)
class LeadConfig:
    """Everything lead deadlines need: the domain's settings, the working-day calendar, the R-LEAD-5 window."""

    settings: LeadSettings
    calendar: WorkCalendar
    registration_lookback_days: int = _DEFAULT_LOOKBACK


def _int_setting(ctx: Context, key: str, default: int) -> int:
    text = settings.get_setting(ctx.conn, key)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError as exc:
        raise ServiceError(_("setting {key} is not a whole number: {value}").format(key=key, value=text)) from exc
    if value < 0:
        raise ServiceError(_("setting {key} is not a whole number: {value}").format(key=key, value=text))
    return value


def lead_settings(ctx: Context) -> LeadSettings:
    defaults = LeadSettings()
    return LeadSettings(**{f.name: _int_setting(ctx, _KEYS[f.name], getattr(defaults, f.name))
                           for f in fields(LeadSettings)})


def work_calendar(ctx: Context) -> WorkCalendar:
    """The bureau's working-day calendar (the 2025–2026 example until one is configured — verify it)."""
    text = settings.get_setting(ctx.conn, WORK_CALENDAR_KEY)
    if text is None:
        return CHINA_2025_2026_EXAMPLE
    try:
        return WorkCalendar.from_config(json.loads(text), WORK_CALENDAR_KEY)
    except (ValueError, CalendarConfigError) as exc:
        raise ServiceError(str(exc)) from exc


def lead_config(ctx: Context) -> LeadConfig:
    return LeadConfig(lead_settings(ctx), work_calendar(ctx),
                      _int_setting(ctx, REGISTRATION_LOOKBACK_KEY, _DEFAULT_LOOKBACK))


def put_lead_setting(ctx: Context, key: str, value: str) -> None:
    """Change one of the settings above (checked by reading it back), audited."""
    authorize(ctx, Action.SETTINGS_EDIT)
    known = {*_KEYS.values(), REGISTRATION_LOOKBACK_KEY, WORK_CALENDAR_KEY}
    if key not in known:
        raise ServiceError(_("unknown setting {key}").format(key=key))
    with db.write(ctx.conn):
        before = settings.put_setting(ctx.conn, key, value)
        lead_config(ctx)
        audit.append(ctx.conn, actor=ctx.actor, action="setting.put", entity="setting", entity_id=key,
                     before=None if before is None else {key: before}, after={key: value})
