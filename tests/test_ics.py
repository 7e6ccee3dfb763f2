"""The iCalendar writer (io/ics.py): CRLF, folding at 75 octets, escaping, UIDs — read back by a tiny parser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from minetui.domain.deadlines import notice_deadlines
from minetui.domain.patrols.duties import DutyKind, DutyState
from minetui.domain.periods import Period
from minetui.io.ics import CalendarEvent, calendar_text, deadline_event, duty_event, escape_text, fold_line

STAMP = datetime(2025, 6, 15, 8, 30, tzinfo=UTC)


# --- a tiny reader, independent of the writer --------------------------------------------------------------

def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a CRLF followed by one space or tab is removed."""
    assert "\n" not in text.replace("\r\n", ""), "bare LF"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def read_events(text: str) -> list[dict[str, str]]:
    """VEVENTs as {property name (params dropped): raw value}; VALARM properties prefixed 'ALARM-'."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    in_alarm = False
    for line in unfold(text):
        name, _, value = line.partition(":")
        key = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            in_alarm = True
        elif line == "END:VALARM":
            in_alarm = False
        elif current is not None:
            current[("ALARM-" if in_alarm else "") + key] = value
    return events


# --- format rules --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "escaped"), [
    ("a,b;c\\d", "a\\,b\\;c\\\\d"),
    ("line1\nline2", "line1\\nline2"),
    ("crlf\r\nend", "crlf\\nend"),
    ("中文，不转义", "中文，不转义"),
    ("bell\x07gone", "bellgone"),
])
def test_escape_text(raw, escaped):
    assert escape_text(raw) == escaped


def test_fold_keeps_lines_within_75_octets_and_utf8_whole():
    line = "SUMMARY:" + "长治市上党区自然资源局巡查" * 10 + "abc"
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    for part in physical:
        encoded = part.encode("utf-8")
        assert len(encoded) <= 75
        encoded.decode("utf-8")  # no split character
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_fold_exactly_75_octets_is_not_folded_but_76_is():
    assert fold_line("X" * 75) == "X" * 75
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"


def test_calendar_has_crlf_everywhere_and_all_day_dates_with_exclusive_end():
    event = CalendarEvent("e1@minetui", date(2025, 2, 28), "月度巡查", "第一行\n第二行; a,b")
    text = calendar_text([event], name="巡查日历", stamp=STAMP)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("\n") == text.count("\r\n")
    (parsed,) = read_events(text)
    assert parsed["DTSTART"] == "20250228"
    assert parsed["DTEND"] == "20250301"  # exclusive: the day after
    assert "DTSTART;VALUE=DATE:20250228" in unfold(text)
    assert parsed["DTSTAMP"] == "20250615T083000Z"
    assert unescape(parsed["DESCRIPTION"]) == "第一行\n第二行; a,b"
    assert parsed["ALARM-TRIGGER"] == "-P3D"
    assert parsed["ALARM-ACTION"] == "DISPLAY"


def test_event_over_several_days_and_without_alarm():
    event = CalendarEvent("e2@minetui", date(2025, 12, 30), "跨年", last_day=date(2025, 12, 31), alarm_days=None)
    (parsed,) = read_events(calendar_text([event], name="x", stamp=STAMP))
    assert (parsed["DTSTART"], parsed["DTEND"]) == ("20251230", "20260101")
    assert not any(k.startswith("ALARM-") for k in parsed)


# --- minetui's events ----------------------------------------------------------------------------------------

@dataclass
class FakeDuty:
    licence_no: str
    mine_name: str
    office_code: str | None
    period: Period
    kind: DutyKind
    due: date
    state: DutyState
    patrol_dates: tuple[date, ...] = ()


def _duty(state=DutyState.OPEN, name="东山煤业,有限;公司", dates=()) -> FakeDuty:
    period = Period.quarter(2025, 2)
    return FakeDuty("C1404002009011120012345", name, "SD", period, DutyKind.QUARTERLY, period.end, state, dates)


def test_duty_event_uid_is_stable_and_names_licence_and_period():
    first = calendar_text([duty_event(_duty())], name="x", stamp=STAMP)
    later = calendar_text([duty_event(_duty(DutyState.MET, dates=(date(2025, 5, 6),)))], name="x",
                          stamp=datetime(2025, 7, 1, tzinfo=UTC))
    (a,), (b,) = read_events(first), read_events(later)
    assert a["UID"] == b["UID"] == "duty-C1404002009011120012345-2025-Q2@minetui"
    assert a["DTSTART"] == "20250630" and a["DTEND"] == "20250701"


def test_duty_event_text_round_trips_and_met_duty_has_no_alarm():
    (open_event,) = read_events(calendar_text([duty_event(_duty())], name="x", stamp=STAMP))
    assert unescape(open_event["SUMMARY"]) == "季度巡查 2025-Q2：东山煤业,有限;公司"
    assert "ALARM-TRIGGER" in open_event
    met = _duty(DutyState.MET, dates=(date(2025, 5, 6), date(2025, 6, 2)))
    (met_event,) = read_events(calendar_text([duty_event(met)], name="x", stamp=STAMP))
    assert "ALARM-TRIGGER" not in met_event
    description = unescape(met_event["DESCRIPTION"])
    assert "2025-05-06" in description and "2025-06-02" in description
    assert "已巡查" in description


def test_deadline_events_carry_rule_and_date():
    events = read_events(calendar_text([deadline_event(d) for d in notice_deadlines(2025)], name="x", stamp=STAMP))
    by_uid = {e["UID"]: e for e in events}
    assert by_uid["deadline-R-PAT-6-2025-12-31@minetui"]["DTSTART"] == "20251231"
    assert by_uid["deadline-R-SAT-1-2026-02-28@minetui"]["DTEND"] == "20260301"
    assert len(by_uid) == len(events) == 7
    assert all(e["ALARM-TRIGGER"] == "-P3D" for e in events)


def test_fold_never_splits_an_escape_pair():
    for shift in range(4):
        line = "DESCRIPTION:" + "x" * (60 + shift) + escape_text("a\nb,c;d\\e") * 3
        physical = fold_line(line).split("\r\n")
        assert all(len(p.encode("utf-8")) <= 75 for p in physical)
        # no physical line ends inside an escape: an odd run of trailing backslashes
        for part in physical[:-1]:
            trailing = len(part) - len(part.rstrip("\\"))
            assert trailing % 2 == 0, part
        assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line
