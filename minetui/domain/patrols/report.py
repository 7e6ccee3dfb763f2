"""The annual patrol report (R-PAT-6): per office and for the whole district, what was owed and what was done.

Pure aggregation of two kinds of facts the patrol service computes for one year:

- `DutyFact`: one patrol duty (R-PAT-1, R-PAT-2) with its state on the report's "today";
- `PatrolFact`: one patrol recorded in the year, with its mode, drone reason and abnormal items.

Figures per office: mines under duty (mines with at least one duty), duties, met, missed (the period is over
and no patrol met it: state overdue), open (not met, period not over: open or due soon), the share of the
duties due so far that were met, patrols on site and by drone, the drone reasons (the notice's two named
reasons, else "other"), and abnormal findings by checklist item. The bureau's aggregate adds them up, with
mines counted once.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from minetui.domain.model import _Worded
from minetui.domain.patrols.duties import DutyState
from minetui.domain.patrols.record import ChecklistItem, PatrolMode
from minetui.i18n import _, label

TOTAL_CODE = "*"  # office_code of the bureau's aggregate row


class DroneReason(_Worded):
    """R-PAT-4: why a site was patrolled by drone, as counted in the report."""

    ROAD_BLOCKED = "road_blocked"
    SAFETY_HAZARD = "safety_hazard"
    OTHER = "other"


_REASON_WORDS: tuple[tuple[DroneReason, tuple[str, ...]], ...] = (
    (DroneReason.ROAD_BLOCKED, ("交通阻断", "道路阻断", "road_blocked", "road blocked")),
    (DroneReason.SAFETY_HAZARD, ("安全隐患", "safety_hazard", "safety hazard")),
)


def drone_reason_kind(text: str | None) -> DroneReason:
    """The named reason a drone flight's written reason gives (交通阻断 / 安全隐患), else OTHER."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().lower()
    for reason, words in _REASON_WORDS:
        if any(word in cleaned for word in words):
            return reason
    return DroneReason.OTHER


@dataclass(frozen=True, slots=True)
class DutyFact:
    """One duty of the year: the responsible office, the mine, and its state on the report's day."""

    office_code: str | None
    mine_id: int
    state: DutyState


@dataclass(frozen=True, slots=True)
class PatrolFact:
    """One patrol of the year: the office, the mine, how it was done and which items were abnormal."""

    office_code: str | None
    mine_id: int
    mode: PatrolMode
    drone_reason: str | None = None
    abnormal: tuple[ChecklistItem, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficeSummary:
    """One row of the report: an office (or TOTAL_CODE for the bureau's aggregate)."""

    office_code: str
    office_name: str
    mines: int = 0
    duties: int = 0
    met: int = 0
    missed: int = 0
    open: int = 0
    patrols: int = 0
    on_site: int = 0
    drone: int = 0
    drone_reasons: Mapping[DroneReason, int] = field(default_factory=dict)
    findings: Mapping[ChecklistItem, int] = field(default_factory=dict)

    @property
    def met_pct(self) -> float | None:
        """Met duties as a share (%, 1 decimal) of the duties due so far (met + missed); None when none is due."""
        due = self.met + self.missed
        return None if due == 0 else round(100 * self.met / due, 1)

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())

    @property
    def is_total(self) -> bool:
        return self.office_code == TOTAL_CODE


@dataclass(frozen=True, slots=True)
class PatrolReport:
    """The year's report: one row per office, then the bureau's aggregate."""

    year: int
    offices: tuple[OfficeSummary, ...]
    total: OfficeSummary

    @property
    def rows(self) -> list[OfficeSummary]:
        return [*self.offices, self.total]


def _office_key(code: str | None) -> str:
    return code or ""


def _summary(code: str, name: str, duties: Sequence[DutyFact], patrols: Sequence[PatrolFact]) -> OfficeSummary:
    """The figures of one group of duties and patrols."""
    states = Counter(d.state for d in duties)
    modes = Counter(p.mode for p in patrols)
    drone = [p for p in patrols if p.mode is PatrolMode.DRONE]
    return OfficeSummary(
        office_code=code,
        office_name=name,
        mines=len({d.mine_id for d in duties}),
        duties=len(duties),
        met=states[DutyState.MET],
        missed=states[DutyState.OVERDUE],
        open=states[DutyState.OPEN] + states[DutyState.DUE_SOON],
        patrols=len(patrols),
        on_site=modes[PatrolMode.ON_SITE],
        drone=modes[PatrolMode.DRONE],
        drone_reasons=dict(Counter(drone_reason_kind(p.drone_reason) for p in drone)),
        findings=dict(Counter(item for p in patrols for item in p.abnormal)),
    )


def summarise(year: int, duties: Iterable[DutyFact], patrols: Iterable[PatrolFact],
              office_names: Mapping[str, str]) -> PatrolReport:
    """The report of `year`: a row for every office in `office_names` (in its order) and any other office the
    facts name (a mine without an office under ""), then the aggregate over all of them.
    """
    duty_list = [d for d in duties if d.state is not DutyState.NOT_REQUIRED]
    patrol_list = list(patrols)
    codes = list(office_names)
    for code in (*(_office_key(d.office_code) for d in duty_list), *(_office_key(p.office_code) for p in patrol_list)):
        if code not in codes:
            codes.append(code)
    rows = tuple(
        _summary(code, office_names.get(code, code) if code else _("(no office)"),
                 [d for d in duty_list if _office_key(d.office_code) == code],
                 [p for p in patrol_list if _office_key(p.office_code) == code])
        for code in codes
    )
    total = _summary(TOTAL_CODE, _("District total"), duty_list, patrol_list)
    return PatrolReport(year, rows, total)


def counted_text(counts: Mapping[_Worded, int], order: Iterable[_Worded]) -> str:
    """`越界开采 2、生态破坏 1` — the non-zero counts in `order`, in the UI language ('' when none)."""
    return "、".join(f"{label(item)} {counts[item]}" for item in order if counts.get(item))


def report_row(summary: OfficeSummary) -> dict[str, object]:
    """One summary as an output row keyed by the report's column keys."""
    reasons = summary.drone_reasons
    return {
        "office": "" if summary.is_total else summary.office_code,
        "office_name": summary.office_name,
        "mines": summary.mines,
        "duties": summary.duties,
        "met": summary.met,
        "missed": summary.missed,
        "open": summary.open,
        "met_pct": summary.met_pct,
        "patrols": summary.patrols,
        "on_site": summary.on_site,
        "drone": summary.drone,
        "drone_road_blocked": reasons.get(DroneReason.ROAD_BLOCKED, 0),
        "drone_safety_hazard": reasons.get(DroneReason.SAFETY_HAZARD, 0),
        "drone_other": reasons.get(DroneReason.OTHER, 0),
        "findings": summary.findings_total,
        "findings_by_kind": counted_text(summary.findings, ChecklistItem),
    }


def report_title(year: int, unit: str) -> str:
    """The Word draft's title: `XX自然资源所2025年度重点监测矿区日常巡查工作总结报告`."""
    return f"{unit}{year}年度重点监测矿区日常巡查工作总结报告"
