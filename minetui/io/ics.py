"""iCalendar files (RFC 5545) of patrol duties and the notice's deadlines, for Outlook, WPS and phones.

Written by hand — the subset needed is small: one VCALENDAR of all-day VEVENTs (DTSTART;VALUE=DATE and an
exclusive DTEND), each with a stable UID so that importing the file again updates the events instead of
doubling them, SUMMARY/DESCRIPTION escaped (backslash, `;`, `,`, newlines), an optional VALARM, CRLF line
ends, and content lines folded at 75 octets without splitting a UTF-8 character.

A duty is an event on its due day (the period's last day), not a month-long banner; duties not yet met and
the deadlines carry a reminder `ALARM_DAYS` days before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import IO, Protocol

from minetui.domain.deadlines import Deadline
from minetui.domain.patrols.duties import DutyKind, DutyState
from minetui.domain.periods import Period
from minetui.i18n import _, label

CRLF = "\r\n"
LINE_OCTETS = 75
ALARM_DAYS = 3
PRODID = "-//minetui//patrol calendar//ZH"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An all-day event from `start` through `last_day` (inclusive); `alarm_days` None = no reminder."""

    uid: str
    start: date
    summary: str
    description: str = ""
    last_day: date | None = None
    alarm_days: int | None = ALARM_DAYS
    categories: Sequence[str] = ()


# --- the format -----------------------------------------------------------------------------------------

def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): `\\` `;` `,` escaped, any newline as `\\n`, other controls dropped."""
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", text)


_UNIT = re.compile(r"\\.|.", re.DOTALL)  # an escape pair (`\n`, `\,` …) or one character


def fold_line(line: str) -> str:
    """A content line folded so no physical line exceeds 75 octets (CRLF + space before each continuation),
    never splitting a UTF-8 character — nor an escape pair, which RFC 5545 allows but some readers mishandle."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in _UNIT.findall(line):
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def _stamp_value(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: CalendarEvent, stamp: datetime) -> list[str]:
    """The unfolded content lines of one VEVENT (DTEND = the day after the last day: it is exclusive)."""
    last = event.last_day or event.start
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_stamp_value(stamp)}",
        f"DTSTART;VALUE=DATE:{_date_value(event.start)}",
        f"DTEND;VALUE=DATE:{_date_value(last + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append("TRANSP:TRANSPARENT")
    if event.alarm_days is not None:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape_text(event.summary)}",
                  f"TRIGGER:-P{event.alarm_days}D", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def calendar_text(events: Iterable[CalendarEvent], *, name: str, stamp: datetime | None = None) -> str:
    """The whole VCALENDAR as text with CRLF line ends (ends with CRLF)."""
    moment = stamp or datetime.now(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines += event_lines(event, moment)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def write_calendar(out: IO[bytes], events: Iterable[CalendarEvent], *, name: str,
                   stamp: datetime | None = None) -> None:
    """Write the calendar to a binary stream as UTF-8."""
    out.write(calendar_text(events, name=name, stamp=stamp).encode("utf-8"))


# --- minetui's events -----------------------------------------------------------------------------------

class DutyLike(Protocol):
    """What a duty event needs (the patrol service's DutyRow has it); read-only."""

    @property
    def licence_no(self) -> str: ...
    @property
    def mine_name(self) -> str: ...
    @property
    def office_code(self) -> str | None: ...
    @property
    def period(self) -> Period: ...
    @property
    def kind(self) -> DutyKind: ...
    @property
    def due(self) -> date: ...
    @property
    def state(self) -> DutyState: ...
    @property
    def patrol_dates(self) -> tuple[date, ...]: ...


def duty_uid(licence_no: str, period: Period) -> str:
    """Stable per duty, so a re-import updates the event: `duty-<licence>-<period>@minetui`."""
    return f"duty-{licence_no.strip()}-{period}@minetui"


def duty_event(duty: DutyLike) -> CalendarEvent:
    """A duty on its due day; a met duty has no reminder."""
    summary = _("{kind} {period}: {mine}").format(kind=label(duty.kind), period=duty.period, mine=duty.mine_name)
    details = [
        _("Licence no.: {licence}").format(licence=duty.licence_no),
        _("Office: {office}").format(office=duty.office_code or ""),
        _("Period: {start} – {end}").format(start=duty.period.start, end=duty.period.end),
        _("State: {state}").format(state=label(duty.state)),
    ]
    if duty.patrol_dates:
        details.append(_("Patrols: {dates}").format(dates="、".join(d.isoformat() for d in duty.patrol_dates)))
    return CalendarEvent(
        uid=duty_uid(duty.licence_no, duty.period),
        start=duty.due,
        summary=summary,
        description="\n".join(details),
        alarm_days=None if duty.state is DutyState.MET else ALARM_DAYS,
        categories=(label(duty.kind),),
    )


def deadline_uid(deadline: Deadline) -> str:
    return f"deadline-{deadline.rule}-{deadline.date.isoformat()}@minetui"


def deadline_event(deadline: Deadline, lang: str = "zh") -> CalendarEvent:
    """One of the notice's deadlines, with its rule id in the summary."""
    what = deadline.zh if lang == "zh" else deadline.en
    return CalendarEvent(
        uid=deadline_uid(deadline),
        start=deadline.date,
        summary=f"{deadline.rule} {what}",
        description=_("Deadline set by the notice ({rule}): {what}").format(rule=deadline.rule, what=what),
        categories=(_("Deadline"),),
    )
