"""Structural checks of an iMIP message, as the big calendar clients need it to be.

Google Calendar, Outlook/Exchange and Apple Calendar each turn an e-mailed iCalendar
object into an invitation only when it has what RFC 5546 requires of its METHOD, and
each fails differently (an attachment shown instead of buttons, an update taken for a
new meeting, a time shifted by an hour) when something is missing. The checks here are
the union of what they need; the tests run them on everything MeetDesk sends.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar

# What each METHOD must carry in its VEVENT (RFC 5546 3.2 tables, "1" and "1+" rows).
_REQUIRED = {
    "REQUEST": ("UID", "DTSTAMP", "DTSTART", "ORGANIZER", "ATTENDEE", "SUMMARY"),
    "CANCEL": ("UID", "DTSTAMP", "ORGANIZER", "ATTENDEE", "SEQUENCE"),
    "REPLY": ("UID", "DTSTAMP", "ORGANIZER", "ATTENDEE"),
    "COUNTER": ("UID", "DTSTAMP", "DTSTART", "ORGANIZER", "ATTENDEE"),
    "REFRESH": ("UID", "DTSTAMP", "ORGANIZER", "ATTENDEE"),
    "DECLINECOUNTER": ("UID", "DTSTAMP", "ORGANIZER", "ATTENDEE"),
}
# Clients compare SEQUENCE to decide whether an update or a cancellation is newer
# than what they hold; Outlook treats a missing one as 0 and ignores the message.
_ALSO = {"REQUEST": ("SEQUENCE",)}
_ADDRESSES = ("ORGANIZER", "ATTENDEE")


def imip_problems(ics: bytes, method: str | None = None) -> list[str]:
    """What makes ``ics`` unfit to send as an iMIP ``method`` message; empty when fine."""
    try:
        cal = Calendar.from_ical(ics)
    except Exception as exc:  # icalendar raises several types for malformed input
        return [f"not iCalendar: {exc}"]
    problems: list[str] = []
    found = str(cal.get("METHOD", "")).upper()
    if not found:
        problems.append("no METHOD in the VCALENDAR")
    elif method and found != method.upper():
        problems.append(f"METHOD is {found}, expected {method.upper()}")
    for name in ("PRODID", "VERSION"):
        if name not in cal:
            problems.append(f"no {name} in the VCALENDAR")
    events = cal.walk("VEVENT")
    if not events:
        return [*problems, "no VEVENT"]
    problems += _one_uid(events)
    for ev in events:
        problems += _event_problems(ev, found)
    problems += _missing_zones(cal)
    return problems


def _one_uid(events: list[Any]) -> list[str]:
    uids = {str(ev.get("UID", "")) for ev in events}
    if len(uids) > 1:
        return [f"one iTIP message carries one UID, found {len(uids)}"]
    instances = [str(ev.get("RECURRENCE-ID", "")) for ev in events]
    if len(set(instances)) != len(instances):
        return ["more than one VEVENT for the same UID and RECURRENCE-ID"]
    return []


def _event_problems(ev: Any, method: str) -> list[str]:
    problems = [
        f"{method} VEVENT has no {name}"
        for name in _REQUIRED.get(method, ("UID", "DTSTAMP")) + _ALSO.get(method, ())
        if name not in ev
    ]
    stamp = ev.get("DTSTAMP")
    if stamp is not None and not _is_utc(stamp.dt):
        problems.append("DTSTAMP must be in UTC")
    for name in _ADDRESSES:
        values = ev.get(name, [])
        for value in values if isinstance(values, list) else [values]:
            if not str(value).lower().startswith("mailto:"):
                problems.append(f"{name} {value} is not a mailto: address")
    if method == "CANCEL" and str(ev.get("STATUS", "")).upper() != "CANCELLED":
        problems.append("CANCEL VEVENT must have STATUS:CANCELLED")
    if "DTSTART" in ev and method in ("REQUEST", "COUNTER"):
        problems += _span_problems(ev)
    return problems


def _span_problems(ev: Any) -> list[str]:
    start = ev["DTSTART"].dt
    if "DTEND" in ev and "DURATION" in ev:
        return ["VEVENT has both DTEND and DURATION"]
    if "DTEND" in ev:
        end = ev["DTEND"].dt
    elif "DURATION" in ev:
        end = start + ev["DURATION"].dt
    else:
        return ["VEVENT has neither DTEND nor DURATION"]
    if type(start) is not type(end):
        return ["DTSTART and DTEND are not both dates or both date-times"]
    if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        return ["DTSTART and DTEND mix floating and zoned times"]
    if isinstance(start, datetime) and start.tzinfo is None:
        return ["floating DTSTART: clients would each read it in their own zone"]
    if end - start <= timedelta(0):
        return ["VEVENT ends before it starts"]
    return []


def _missing_zones(cal: Calendar) -> list[str]:
    missing = cal.get_missing_tzids()
    return [f"TZID {tzid} used without its VTIMEZONE" for tzid in sorted(missing)]


def _is_utc(value: date | datetime) -> bool:
    return isinstance(value, datetime) and value.utcoffset() == timedelta(0)
