"""R-LIST-1: the 异常名录 (abnormal list) and the 严重失信主体名单 (serious-dishonesty list).

An entry has a reason, a legal basis, the deciding authority, its date in, a review date (serious list:
date in + the configured term, 3 years by default *(verify)*) and, once removed, its date out. The bureau lists
only rights it registered (`may_list`); any other goes to its registering authority as a lead.
Closing an R-LEAD-2 or R-LEAD-4 lead needs a list decision: list (with a kind), or not list with a reason.

Pure: no SQL, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from minetui.domain.leads.leads import add_years
from minetui.domain.model import Section, _Worded
from minetui.i18n import _

DEFAULT_LEGAL_BASIS = "《矿业权人勘查开采信息管理办法》（自然资源部令第13号，2024年）"
DEFAULT_AUTHORITY = "长治市上党区自然资源局"


class ListKind(_Worded):
    ABNORMAL = "abnormal"
    SERIOUS = "serious"


class ListDecision(_Worded):
    LISTED = "listed"
    NOT_LISTED = "not_listed"


class Registrar(_Worded):
    """Who registered a mining right (登记机关)."""

    DISTRICT = "district"
    CITY = "city"
    PROVINCE = "province"
    MINISTRY = "ministry"

    @staticmethod
    def EN() -> dict[Registrar, str]:
        return {Registrar.CITY: "City bureau", Registrar.PROVINCE: "Provincial dept"}


# Other words clerks write in a 登记机关 column.
REGISTRAR_ALIASES: dict[str, Registrar] = {
    "上党区自然资源局": Registrar.DISTRICT, "长治市上党区自然资源局": Registrar.DISTRICT, "本局": Registrar.DISTRICT,
    "长治县国土资源局": Registrar.DISTRICT, "长治市自然资源局": Registrar.CITY, "长治市国土资源局": Registrar.CITY,
    "山西省自然资源厅": Registrar.PROVINCE, "山西省国土资源厅": Registrar.PROVINCE, "部": Registrar.MINISTRY,
    "国土资源部": Registrar.MINISTRY,
}


def registrar_section(registrar: Registrar | str) -> Section:
    """The agency a lead about a right goes to when the bureau did not register it (the ministry is reached
    through the provincial department)."""
    return {Registrar.DISTRICT: Section.REGISTRATION, Registrar.CITY: Section.CITY,
            Registrar.PROVINCE: Section.PROVINCE, Registrar.MINISTRY: Section.PROVINCE}[Registrar(registrar)]


@dataclass(frozen=True, slots=True)
class Permission:
    allowed: bool
    reason: str = ""


def may_list(registered_by_bureau: bool) -> Permission:
    """R-LIST-1: only rights the bureau registered; otherwise refuse and forward to the registering authority."""
    if registered_by_bureau:
        return Permission(True)
    return Permission(False, _("This bureau did not register the right, so it cannot list it; "
                               "draft a lead to the registering authority instead"))


def review_date(kind: ListKind | str, date_in: date, serious_years: int = 3) -> date | None:
    """When an entry comes due for review: serious list after the term; the abnormal list has no term."""
    return add_years(date_in, serious_years) if ListKind(kind) is ListKind.SERIOUS else None


def due_for_review(review_on: date | None, date_out: date | None, today: date) -> bool:
    return review_on is not None and date_out is None and review_on <= today


def decision_problems(decision: ListDecision | str | None, kind: ListKind | str | None, reason: str) -> list[str]:
    """What is missing from a list decision (closing an R-LEAD-2/R-LEAD-4 lead): [] when complete."""
    if decision is None:
        return [_("Closing this lead needs a list decision: list, or not list with a reason")]
    if ListDecision(decision) is ListDecision.LISTED:
        return [] if kind is not None else [_("Say which list: abnormal or serious")]
    return [] if reason.strip() else [_("Not listing needs a reason")]
