"""The bureau's settings: one registry (registry.py declares each setting once), typed accessors every service
uses, and the one setter — validated, role-checked, audited in one shape.

- `get(ctx, SETTING) -> T` — the value in force: the stored one, else the default. A stored value that does not
  parse is refused (SettingRefused, naming the setting), never silently replaced by the default.
- `set_setting(ctx, key, text) -> str` — check the role (the setting's policy action), parse, store the canonical
  text; audited as `setting.put` with before/after `{key: text}` (None when not stored). `reset_setting` takes
  the stored value away (the default applies again), audited as `setting.reset` in the same shape.
- `setting_rows(ctx)` — every setting with its value, source (default or stored) and label, for listings.
- `work_calendar(ctx)` — THE working-day calendar (R-DAY-1): official holidays (chinesecalendar) + closures;
  `calendar_summary(ctx)` says what it knows, and warns about a year it does not.
- Bundles that a capability reads at once: `lead_config`, `visit_settings` (also from a file, read-only).
"""

from minetui.services.core.settings.registry import (
    ANNUAL_FILING,
    BRIEF_RECENT_DAYS,
    BRIEF_STUCK_DAYS,
    BUREAU_NAME,
    BY_KEY,
    CALENDAR_CLOSURES,
    LEADS_DEFAULT_WORKDAYS,
    LEADS_REGISTRATION_DAYS,
    LEADS_REGISTRATION_LOOKBACK,
    LISTS_SERIOUS_YEARS,
    SETTINGS,
    SPOTCHECK_WINDOW_DAYS,
    SURVEY_WINDOWS,
    VERIFICATION_DUE,
    VERIFICATION_ITEMS,
    VISIT_CAPACITY,
    VISIT_MIN_GAP,
    VISIT_YEARLY_CAP,
    Setting,
    SettingRefused,
    find,
)
from minetui.services.core.settings.values import (
    CalendarSummary,
    LeadConfig,
    SettingRow,
    Source,
    VisitSettings,
    calendar_summary,
    get,
    lead_config,
    lead_settings,
    reset_setting,
    set_setting,
    setting_row,
    setting_rows,
    visit_settings,
    visit_settings_in_file,
    work_calendar,
)

__all__ = [
    "ANNUAL_FILING",
    "BRIEF_RECENT_DAYS",
    "BRIEF_STUCK_DAYS",
    "BUREAU_NAME",
    "BY_KEY",
    "CALENDAR_CLOSURES",
    "LEADS_DEFAULT_WORKDAYS",
    "LEADS_REGISTRATION_DAYS",
    "LEADS_REGISTRATION_LOOKBACK",
    "LISTS_SERIOUS_YEARS",
    "SETTINGS",
    "SPOTCHECK_WINDOW_DAYS",
    "SURVEY_WINDOWS",
    "VERIFICATION_DUE",
    "VERIFICATION_ITEMS",
    "VISIT_CAPACITY",
    "VISIT_MIN_GAP",
    "VISIT_YEARLY_CAP",
    "CalendarSummary",
    "LeadConfig",
    "Setting",
    "SettingRefused",
    "SettingRow",
    "Source",
    "VisitSettings",
    "calendar_summary",
    "find",
    "get",
    "lead_config",
    "lead_settings",
    "reset_setting",
    "set_setting",
    "setting_row",
    "setting_rows",
    "visit_settings",
    "visit_settings_in_file",
    "work_calendar",
]
