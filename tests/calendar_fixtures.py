"""China's public holidays and make-up working days of 2025 and 2026, transcribed BY HAND from the State Council
notices 《国务院办公厅关于2025年/2026年部分节假日安排的通知》 — the tests' independent answer, to check the calendar the
app builds from the chinesecalendar package against (tests/test_calendar.py), and to work examples out by hand.
"""

from __future__ import annotations

from datetime import date

from minetui.domain.workdays import WorkCalendar, days_from_to

HOLIDAYS_2025_2026 = frozenset().union(
    days_from_to(date(2025, 1, 1), date(2025, 1, 1)),     # 元旦
    days_from_to(date(2025, 1, 28), date(2025, 2, 4)),    # 春节
    days_from_to(date(2025, 4, 4), date(2025, 4, 6)),     # 清明节
    days_from_to(date(2025, 5, 1), date(2025, 5, 5)),     # 劳动节
    days_from_to(date(2025, 5, 31), date(2025, 6, 2)),    # 端午节
    days_from_to(date(2025, 10, 1), date(2025, 10, 8)),   # 国庆节、中秋节
    days_from_to(date(2026, 1, 1), date(2026, 1, 3)),     # 元旦
    days_from_to(date(2026, 2, 15), date(2026, 2, 23)),   # 春节
    days_from_to(date(2026, 4, 4), date(2026, 4, 6)),     # 清明节
    days_from_to(date(2026, 5, 1), date(2026, 5, 5)),     # 劳动节
    days_from_to(date(2026, 6, 19), date(2026, 6, 21)),   # 端午节
    days_from_to(date(2026, 9, 25), date(2026, 9, 27)),   # 中秋节
    days_from_to(date(2026, 10, 1), date(2026, 10, 7)),   # 国庆节
)
MAKEUP_2025_2026 = frozenset({
    date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
    date(2026, 10, 10),
})

#: The 2025–2026 arrangement as a calendar that knows only those two years.
CHINA_2025_2026 = WorkCalendar(holidays=HOLIDAYS_2025_2026, makeup_workdays=MAKEUP_2025_2026,
                               known_years=frozenset({2025, 2026}))
