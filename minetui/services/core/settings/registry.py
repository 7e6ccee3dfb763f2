"""Every bureau setting, declared once: key, kind of value (parse, write), default, the policy action that may
change it (domain/policy.py), its label and one-line description (English msgids; the Chinese is in the
catalogue), and the group it is listed under.

A setting is read by `settings.get(ctx, SETTING)`, typed by its declaration (`get(ctx, VISIT_CAPACITY)` is an
`int | None`). Stored values live in the `settings` table as canonical text (store/settings.py). Keys that are
not declared here are not user settings (the demo's markers `demo`, `demo.scale`) and are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from minetui.domain.deadlines import YEAR_END_EXCHANGE
from minetui.domain.inspections.spotchecks import DEFAULT_WINDOW_DAYS
from minetui.domain.inspections.surveys import RoundWindows
from minetui.domain.inspections.verification import DEFAULT_ITEMS, CheckItem
from minetui.domain.leads.leads import LeadSettings
from minetui.domain.policy import Action
from minetui.errors import ServiceError
from minetui.i18n import N_, _
from minetui.services.core.settings import kinds
from minetui.services.core.settings.kinds import Kind, MonthDay

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One setting. `label`, `description` and `group` are English msgids, translated when shown."""

    key: str
    group: str
    label: str
    description: str
    kind: Kind[T]
    default: T
    action: str = Action.SETTINGS_EDIT

    @property
    def title(self) -> str:
        return _(self.label)

    @property
    def explanation(self) -> str:
        return _(self.description)

    @property
    def group_title(self) -> str:
        return _(self.group)

    @property
    def default_text(self) -> str:
        return self.kind.write(self.default)

    def read(self, text: str) -> T:
        """The value of `text` (stored or typed); SettingRefused naming the setting when it does not parse."""
        try:
            return self.kind.parse(text)
        except (ValueError, TypeError) as exc:
            raise SettingRefused(self, text, str(exc)) from exc

    def canonical(self, text: str) -> str:
        """`text` as it is stored: read, then written back (`不限` → `none`, `2025-1-5` refused, …)."""
        return self.kind.write(self.read(text))


class SettingRefused(ServiceError):
    """A value that does not parse, typed or stored: the message names the setting (label and key) and says why."""

    def __init__(self, setting: Setting[Any], value: str, why: str) -> None:
        self.setting, self.value, self.why = setting, value, why
        super().__init__(_("setting {label} ({key}) = {value!r} is not valid: {why}").format(
            label=setting.title, key=setting.key, value=value, why=why))


# --- the groups, in the order they are listed -----------------------------------------------------------------
CALENDAR, LEADS, INSPECTIONS, VISITS, REPORTS = (
    N_("Working days"), N_("Leads and lists"), N_("Inspections"), N_("Combined visits"), N_("Reports"))

# --- the settings ---------------------------------------------------------------------------------------------
CALENDAR_CLOSURES: Setting[frozenset[date]] = Setting(
    "calendar.closures", CALENDAR, N_("Bureau closures"),
    N_("Days the bureau does not work besides the official holidays (R-DAY-1): dates or ranges, "
       "e.g. 2025-12-31, 2026-01-05..2026-01-06"),
    kinds.DATES, frozenset())

_LEADS = LeadSettings()
LEADS_DEFAULT_WORKDAYS: Setting[int] = Setting(
    "leads.default_workdays", LEADS, N_("Working days to pass on a lead"),
    N_("Working days a lead the notice gives no date (patrol findings, tips, forwarding) has from the day it arose"),
    kinds.whole_number(0), _LEADS.default_workdays)
LEADS_REGISTRATION_DAYS: Setting[int] = Setting(
    "leads.registration_days", LEADS, N_("Days to tell forestry of a licence"),
    N_("R-LEAD-5: calendar days after a licence's issue by which the forestry authority is told (verify)"),
    kinds.whole_number(0), _LEADS.registration_days)
LEADS_REGISTRATION_LOOKBACK: Setting[int] = Setting(
    "leads.registration_lookback_days", LEADS, N_("Look-back for licence leads (days)"),
    N_("R-LEAD-5 leads are drafted only for licences issued within this many days"),
    kinds.whole_number(0), 365)
LISTS_SERIOUS_YEARS: Setting[int] = Setting(
    "lists.serious_years", LEADS, N_("Serious-list term (years)"),
    N_("R-LIST-1: years an entry on the serious-dishonesty list lasts before it is reviewed (verify)"),
    kinds.whole_number(1), _LEADS.serious_list_years)

VERIFICATION_ITEMS: Setting[tuple[CheckItem, ...]] = Setting(
    "verification.items", INSPECTIONS, N_("Field verification check items"),
    N_("The items every field verification answers: a JSON list of key, zh, en and violation"),
    kinds.CHECK_ITEMS, DEFAULT_ITEMS)
VERIFICATION_DUE: Setting[MonthDay] = Setting(
    "verification.due", INSPECTIONS, N_("Field verification due (MM-DD)"),
    N_("The day of the year by which field verification is done (its leads go to enforcement by Nov 30, R-LEAD-1)"),
    kinds.MONTH_DAY, YEAR_END_EXCHANGE)
SURVEY_WINDOWS: Setting[RoundWindows] = Setting(
    "survey.windows", INSPECTIONS, N_("Special survey windows"),
    N_("The two rounds' windows as MM-DD..MM-DD,MM-DD..MM-DD, both ending by Nov 30 (R-SUR-1)"),
    kinds.SURVEY_WINDOWS, RoundWindows())
SPOTCHECK_WINDOW_DAYS: Setting[int] = Setting(
    "spotcheck.window_days", INSPECTIONS, N_("Spot-check window (days)"),
    N_("Days a joint spot-check has from its trigger (R-SPOT-1)"),
    kinds.whole_number(1), DEFAULT_WINDOW_DAYS)

VISIT_CAPACITY: Setting[int | None] = Setting(
    "visits.capacity", VISITS, N_("Visits per office team per working day"),
    N_("How many visits one office team makes on one working day; none = unlimited (R-VISIT-1)"),
    kinds.CAPACITY, 3)
VISIT_YEARLY_CAP: Setting[int] = Setting(
    "visits.yearly_cap", VISITS, N_("Visits per enterprise per year"),
    N_("Visits to one enterprise in a year above which the count is flagged (R-VISIT-1)"),
    kinds.whole_number(1), 12)
VISIT_MIN_GAP: Setting[int] = Setting(
    "visits.min_gap_days", VISITS, N_("Minimum days between visits"),
    N_("A warning when two visits to one enterprise are fewer days apart; 0 = no warning (R-VISIT-1)"),
    kinds.whole_number(0), 7)

BRIEF_STUCK_DAYS: Setting[int] = Setting(
    "brief.stuck_lead_days", REPORTS, N_("Days until a lead is stuck"),
    N_("The meeting brief calls a lead untouched for longer than this stuck"),
    kinds.whole_number(1), 30)
BRIEF_RECENT_DAYS: Setting[int] = Setting(
    "brief.recent_days", REPORTS, N_("Days that count as recent"),
    N_("'New' in the meeting brief means within this many days"),
    kinds.whole_number(1), 30)
ANNUAL_FILING: Setting[MonthDay] = Setting(
    "deadline.annual_filing", REPORTS, N_("Annual information filing due (MM-DD)"),
    N_("The rights holders' annual exploration and mining information filing closes on this day (verify)"),
    kinds.MONTH_DAY, (6, 30))
BUREAU_NAME: Setting[str] = Setting(
    "bureau_name", REPORTS, N_("Bureau name"),
    N_("Who signs the district's reports (the annual patrol report)"),
    kinds.TEXT, "上党区自然资源局")

SETTINGS: tuple[Setting[Any], ...] = (
    CALENDAR_CLOSURES,
    LEADS_DEFAULT_WORKDAYS, LEADS_REGISTRATION_DAYS, LEADS_REGISTRATION_LOOKBACK, LISTS_SERIOUS_YEARS,
    VERIFICATION_ITEMS, VERIFICATION_DUE, SURVEY_WINDOWS, SPOTCHECK_WINDOW_DAYS,
    VISIT_CAPACITY, VISIT_YEARLY_CAP, VISIT_MIN_GAP,
    BRIEF_STUCK_DAYS, BRIEF_RECENT_DAYS, ANNUAL_FILING, BUREAU_NAME,
)
BY_KEY: dict[str, Setting[Any]] = {s.key: s for s in SETTINGS}

# Keys earlier versions read, and what took their place: setting one is refused with this explanation.
RETIRED: dict[str, str] = {
    "work_calendar": N_("the official holidays now come from the chinesecalendar package; "
                        "the bureau's own closures are calendar.closures"),
    "visits.holidays": N_("the official holidays now come from the chinesecalendar package; "
                          "the bureau's own closures are calendar.closures"),
    "visits.makeup_workdays": N_("the official make-up working days now come from the chinesecalendar package"),
}


def find(key: str) -> Setting[Any]:
    """The setting of `key`; ServiceError for a key that is not a setting (a retired one says what replaced it)."""
    key = key.strip()
    if key in BY_KEY:
        return BY_KEY[key]
    if key in RETIRED:
        raise ServiceError(_("{key} is no longer a setting: {why}").format(key=key, why=_(RETIRED[key])))
    raise ServiceError(_("unknown setting {key}; one of: {keys}").format(key=key, keys=", ".join(BY_KEY)))
