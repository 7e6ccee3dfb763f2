"""The notice's dated deadlines of a work year, in one place (calendar files, briefs and reminders read them).

The notice (长上自然资发〔2025〕47号) dates its yearly work by month ends — "每年11月底前", "每年12月底前" —
read here as the month's last day:

- Nov 30: the four information exchanges between the sections (R-LEAD-1…4) and the year's two special
  surveys done (R-SUR-1);
- Dec 31: every office's annual patrol summary report to the bureau (R-PAT-6);
- Feb 28 of the next year: the satellite-enforcement year closes (R-SAT-1). domain.md states Feb 28; it is
  kept on Feb 28 in a leap year too (never later than the end of February, so a reminder is never late).

Pure: no SQL, no UI words beyond each deadline's own Chinese and English text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Deadline:
    """A dated deadline of the notice: the day it falls due, the rule id, and what is due (zh, en)."""

    date: datetime.date
    rule: str
    zh: str
    en: str


# "每年11月底前": the four exchanges (R-LEAD-1…4) and the two surveys (R-SUR-1) are due on this month and day.
YEAR_END_EXCHANGE = (11, 30)


def exchange_day(year: int) -> datetime.date:
    """Nov 30 of `year`: the day R-LEAD-1…4 exchanges and R-SUR-1 surveys of that year fall due."""
    month, day = YEAR_END_EXCHANGE
    return datetime.date(year, month, day)


# (rule, month, day, zh, en) — the work of year Y due in year Y.
_SAME_YEAR: tuple[tuple[str, int, int, str, str], ...] = (
    ("R-LEAD-1", *YEAR_END_EXCHANGE, "矿管股向执法机构移送本年度实地核查发现的违法线索",
     "Mineral Management → Enforcement: violation leads from this year's field verification"),
    ("R-LEAD-2", *YEAR_END_EXCHANGE, "执法机构向矿管股转送本年度立案查处信息",
     "Enforcement → Mineral Management: cases filed this year, for the list decision"),
    ("R-LEAD-3", *YEAR_END_EXCHANGE, "矿管股向生态修复股转送本年度因修复义务不到位列入名录的矿业权人信息",
     "Mineral Management → Restoration: rights holders listed this year for restoration failures"),
    ("R-LEAD-4", *YEAR_END_EXCHANGE, "生态修复股向矿管股转送本年度修复义务不到位监管信息",
     "Restoration → Mineral Management: supervision info on restoration failures"),
    ("R-SUR-1", *YEAR_END_EXCHANGE, "完成本年度两次重点监测矿区在产矿山专项勘测",
     "Both special surveys of producing zone mines done"),
    ("R-PAT-6", 12, 31, "各自然资源所向区局提交年度巡查工作总结报告",
     "Each NR office submits its annual patrol report to the district bureau"),
)

SATELLITE_CLOSE_MONTH_DAY = (2, 28)


def notice_deadlines(year: int) -> list[Deadline]:
    """The dated deadlines of `year`'s work, by date then rule (the satellite close falls in `year + 1`)."""
    deadlines = [Deadline(datetime.date(year, month, day), rule, zh, en)
                 for rule, month, day, zh, en in _SAME_YEAR]
    month, day = SATELLITE_CLOSE_MONTH_DAY
    deadlines.append(Deadline(
        datetime.date(year + 1, month, day), "R-SAT-1",
        f"{year}年度卫片执法工作结束（图斑整改、核查截止）",
        f"Satellite enforcement year {year} closes (patches settled)",
    ))
    return sorted(deadlines)
