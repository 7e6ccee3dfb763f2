"""Field verification (实地核查, R-VER-1): the year's list, its check items, record validation and findings.

Pure rules, no SQL and no UI.

- The list of year Y holds every mine that is 在产 on at least one day of Y (within its licence validity, before
  any 注销) while in an approved key monitoring zone of Y (`rule_members`), plus the mines the 矿管股 added by
  hand — drawn at random (双随机) or by decision, each with a reason (`Addition`). Additions are stored, the
  rule part is derived every time, so deriving again never loses an addition (`verification_list`).
- `list_diff` compares a year's list with last year's: who joined and who left, and why.
- The check items follow DZ/T 0463-2024 and are configurable (`DEFAULT_ITEMS`; the bureau's list is a setting);
  each is answered 一致/不一致/无法核实 with a note. `validate_verification` checks a record: a date not in the
  future and in the year, at least two inspectors, every item answered (a note for 不一致/无法核实), a
  conclusion and at least one evidence file.
- A 不一致 on an item that points to a violation (workings outside the area or depth range, mining method,
  minerals) is a finding routed as R-LEAD-1 (矿管股 → 执法机构) — `findings_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from minetui.domain.model import MineStatus, Section, StatusChange, _Worded
from minetui.domain.normalize import clean_text
from minetui.domain.patrols.duties import licence_window, obligation_spans
from minetui.domain.validation import Problem, Severity
from minetui.i18n import N_, language

MIN_INSPECTORS = 2
FINDING_RULE = "R-LEAD-1"


class Answer(_Worded):
    """The judgement of one check item (DZ/T 0463-2024)."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


class AdditionKind(_Worded):
    """How a mine came onto the list besides the rule: drawn at random (双随机) or by decision."""

    RANDOM = "random"
    DECISION = "decision"


class ListBasis(_Worded):
    """Why a mine is on a year's list."""

    RULE = "rule"  # 在产 in a zone of the year (R-VER-1)
    RANDOM = "random"
    DECISION = "decision"


class LeftReason(_Worded):
    """Why a mine on last year's list is not on this year's."""

    NOT_IN_ZONE = "not_in_zone"
    NOT_PRODUCING = "not_producing"


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One configurable check item: key, Chinese and English titles, and whether a 不一致 is a violation lead."""

    key: str
    zh: str
    en: str
    violation: bool = False

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


DEFAULT_ITEMS: tuple[CheckItem, ...] = (
    CheckItem("mine_status", "矿山状态", "Mine status"),
    CheckItem("minerals", "实际开采矿种", "Minerals actually mined", violation=True),
    CheckItem("mining_method", "开采方式", "Mining method", violation=True),
    CheckItem("inside_area", "开采活动在矿区范围内", "Workings inside the licensed area", violation=True),
    CheckItem("inside_depth", "开采活动在开采深度内", "Workings inside the depth range", violation=True),
    CheckItem("output", "产量与生产规模", "Output and scale"),
    CheckItem("restoration", "矿山地质环境恢复治理与土地复垦义务", "Restoration duties"),
    CheckItem("geological_data", "地质资料汇交", "Geological data submitted"),
    CheckItem("annual_filing", "年度信息公示一致性", "Annual filing consistent"),
)


@dataclass(frozen=True, slots=True)
class Addition:
    """A mine added by hand to year's list, with how and why."""

    mine_id: int
    how: AdditionKind
    reason: str


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A mine on a year's list and every basis it is there on (the rule first)."""

    mine_id: int
    bases: tuple[ListBasis, ...]
    reason: str = ""

    @property
    def by_rule(self) -> bool:
        return ListBasis.RULE in self.bases


@dataclass(frozen=True, slots=True)
class ListFacts:
    """What deciding membership needs for one mine: its status history, validity, zone years."""

    history: Sequence[StatusChange]
    valid_from: date | None
    valid_to: date | None
    zone_years: frozenset[int]


@dataclass(frozen=True, slots=True)
class ListChange:
    """A mine that joined (`joined` True, with its bases) or left the list (with the reasons)."""

    mine_id: int
    joined: bool
    bases: tuple[ListBasis, ...] = ()
    left_reasons: tuple[LeftReason, ...] = ()


def producing_in(year: int, facts: ListFacts) -> bool:
    """在产 on at least one day of `year` inside the licence validity and before any 注销."""
    window = licence_window(year, facts.valid_from, facts.valid_to)
    if window is None:
        return False
    return any(span.status is MineStatus.PRODUCING for span in obligation_spans(facts.history, *window))


def is_rule_member(year: int, facts: ListFacts) -> bool:
    """R-VER-1: in an approved zone of `year` and 在产 in it."""
    return year in facts.zone_years and producing_in(year, facts)


def rule_members(year: int, mines: Mapping[int, ListFacts]) -> set[int]:
    """The mine ids on the list of `year` by the rule."""
    return {mine_id for mine_id, facts in mines.items() if is_rule_member(year, facts)}


def verification_list(year: int, mines: Mapping[int, ListFacts], additions: Iterable[Addition]) -> list[ListEntry]:
    """The year's list: the rule's mines plus the additions (a mine on both keeps both bases), by mine id."""
    bases: dict[int, list[ListBasis]] = {m: [ListBasis.RULE] for m in rule_members(year, mines)}
    reasons: dict[int, str] = {}
    for addition in additions:
        bases.setdefault(addition.mine_id, []).append(ListBasis(str(addition.how)))
        reasons[addition.mine_id] = addition.reason.strip()
    return [ListEntry(m, tuple(bases[m]), reasons.get(m, "")) for m in sorted(bases)]


def left_reasons(year: int, facts: ListFacts | None) -> tuple[LeftReason, ...]:
    """Why a mine is not on `year`'s list by the rule (a mine without facts is out of every zone)."""
    if facts is None or year not in facts.zone_years:
        reasons = [LeftReason.NOT_IN_ZONE]
        if facts is None or not producing_in(year, facts):
            reasons.append(LeftReason.NOT_PRODUCING)
        return tuple(reasons)
    return () if producing_in(year, facts) else (LeftReason.NOT_PRODUCING,)


def list_diff(year: int, this_year: Sequence[ListEntry], last_year: Sequence[ListEntry],
              mines: Mapping[int, ListFacts]) -> list[ListChange]:
    """Who joined `year`'s list and who left it since `year - 1`, by mine id."""
    now = {e.mine_id: e for e in this_year}
    before = {e.mine_id for e in last_year}
    changes = [ListChange(m, True, now[m].bases) for m in now if m not in before]
    changes += [ListChange(m, False, left_reasons=left_reasons(year, mines.get(m))) for m in before if m not in now]
    return sorted(changes, key=lambda c: c.mine_id)


# --- the record -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemJudgement:
    answer: Answer
    note: str = ""


@dataclass(slots=True)
class VerificationRecord:
    """A field verification as entered: date, inspectors, the items' judgements, conclusion, evidence names."""

    date: date
    inspectors: list[str]
    items: dict[str, ItemJudgement]
    conclusion: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InspectionFinding:
    """A finding of an inspection (verification, survey, spot-check) to become a lead for `receiver` under
    `rule`: e.g. a 不一致 violation item, an extent outside the licensed area."""

    kind: str
    note: str
    receiver: Section = Section.ENFORCEMENT
    rule: str = FINDING_RULE


def names(values: Iterable[str | None]) -> list[str]:
    """Distinct non-blank names, trimmed, in input order."""
    return list(dict.fromkeys(n for n in (clean_text(v) for v in values) if n))


def _error(field_name: str, code: str, msgid: str, **args: Any) -> Problem:
    return Problem(code, msgid, args, Severity.ERROR, field=field_name)


def validate_verification(record: VerificationRecord, year: int, items: Sequence[CheckItem], today: date, *,
                          on_list: bool = True) -> list[Problem]:
    """Every problem of the record; errors refuse it, a mine off the year's list is only a warning."""
    problems: list[Problem] = []
    if record.date > today:
        problems.append(_error("date", "verification.date_in_future", N_(
            "Verification date {date} is after today ({today})"), date=record.date, today=today))
    if record.date.year != year:
        problems.append(_error("date", "verification.date_outside_year", N_(
            "Verification date {date} is not in {year}"), date=record.date, year=year))
    if len(names(record.inspectors)) < MIN_INSPECTORS:
        problems.append(_error("inspectors", "verification.too_few_inspectors", N_(
            "Inspectors: at least {n} different people must verify"), n=MIN_INSPECTORS))
    problems.extend(_item_problems(record, items))
    if not clean_text(record.conclusion):
        problems.append(_error("conclusion", "verification.conclusion_missing", N_(
            "Conclusion: the overall conclusion is missing")))
    if not names(record.evidence):
        problems.append(_error("evidence", "verification.evidence_missing", N_(
            "Evidence: attach at least one file (photos, records)")))
    if not on_list:
        problems.append(Problem("verification.not_listed", N_(
            "The mine is not on the year's verification list"), {}, Severity.WARNING, field="mine"))
    return problems


def _item_problems(record: VerificationRecord, items: Sequence[CheckItem]) -> list[Problem]:
    known = {item.key for item in items}
    problems = []
    missing = [item.title(language()) for item in items if item.key not in record.items]
    if missing:
        problems.append(_error("items", "verification.items_unanswered", N_(
            "Check items not answered: {items}"), items=missing))
    unknown = sorted(k for k in record.items if k not in known)
    if unknown:
        problems.append(_error("items", "verification.items_unknown", N_(
            "Unknown check items: {items}"), items=unknown))
    for item in items:
        judgement = record.items.get(item.key)
        if judgement is not None and judgement.answer is not Answer.CONSISTENT and not clean_text(judgement.note):
            problems.append(_error(item.key, "verification.item_note_missing", N_(
                "{item}: a note must say why it is inconsistent or cannot be verified"),
                item=item.title(language())))
    return problems


def verdict(record: VerificationRecord) -> Answer:
    """不一致 if any item is, else 无法核实 if any item is, else 一致."""
    answers = {j.answer for j in record.items.values()}
    for answer in (Answer.INCONSISTENT, Answer.UNVERIFIABLE):
        if answer in answers:
            return answer
    return Answer.CONSISTENT


def findings_of(record: VerificationRecord, items: Sequence[CheckItem]) -> list[InspectionFinding]:
    """R-LEAD-1: one finding per 不一致 on a violation item, in item order."""
    found = []
    for item in items:
        judgement = record.items.get(item.key)
        if item.violation and judgement is not None and judgement.answer is Answer.INCONSISTENT:
            found.append(InspectionFinding(item.key, clean_text(judgement.note)))
    return found


def parse_items(entries: Iterable[Mapping[str, object]]) -> tuple[CheckItem, ...]:
    """Check items from the setting's JSON objects {key, zh, en, violation}; ValueError naming a bad entry."""
    found: list[CheckItem] = []
    for number, entry in enumerate(entries, start=1):
        key, zh = str(entry.get("key", "")).strip(), str(entry.get("zh", "")).strip()
        if not key or not zh:
            raise ValueError(f"check item {number}: 'key' and 'zh' are required")
        if any(i.key == key for i in found):
            raise ValueError(f"check item {number}: key {key!r} repeated")
        found.append(CheckItem(key, zh, str(entry.get("en") or key), bool(entry.get("violation", False))))
    if not found:
        raise ValueError("the check item list is empty")
    return tuple(found)


class VerificationState(_Worded):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"


def verification_state(due: date, done_on: date | None, today: date) -> VerificationState:
    """Done once recorded; otherwise overdue after the due day."""
    if done_on is not None:
        return VerificationState.DONE
    return VerificationState.OVERDUE if today > due else VerificationState.OPEN


class ChangeKind(_Worded):
    """A mine joining or leaving the list since last year."""

    JOINED = "joined"
    LEFT = "left"
