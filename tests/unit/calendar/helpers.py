"""Small builders of iCalendar text for calendar tests (CRLF, one VCALENDAR)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# A minimal but real VTIMEZONE for Europe/Paris (EU rules since 1996).
PARIS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def vevent(uid: str, *lines: str) -> str:
    body = "".join(f"{line}\n" for line in lines)
    return f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20260101T000000Z\n{body}END:VEVENT\n"


def vcalendar(*components: str, timezone: bool = False) -> bytes:
    tz = PARIS_VTIMEZONE if timezone else ""
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//MeetDesk tests//EN\n{tz}"
    text += "".join(components) + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


# A weekly 09:00 Paris series from 16 March 2026 with 23 March excluded and the 30 March
# occurrence moved to 14:00: recurrence, EXDATE and RECURRENCE-ID in one object.
WEEKLY_SERIES = (
    vevent(
        "weekly",
        "SUMMARY:Secret weekly",
        "DTSTART;TZID=Europe/Paris:20260316T090000",
        "DTEND;TZID=Europe/Paris:20260316T100000",
        "RRULE:FREQ=WEEKLY",
        "EXDATE;TZID=Europe/Paris:20260323T090000",
    ),
    vevent(
        "weekly",
        "SUMMARY:Moved",
        "RECURRENCE-ID;TZID=Europe/Paris:20260330T090000",
        "DTSTART;TZID=Europe/Paris:20260330T140000",
        "DTEND;TZID=Europe/Paris:20260330T150000",
    ),
)
