"""Reading the iTIP messages participants' calendars send back (RFC 5546 over iMIP).

An inbound mail's text/calendar parts are read into ``ItipMessage`` values: a REPLY
(who answered what, for which UID and SEQUENCE), a COUNTER (the times proposed
instead), a REFRESH (a participant asking for the current invitation) or a
DECLINECOUNTER; other methods are read the same way for the caller to route.

Reading never raises and never drops a message silently: a part that is not
iCalendar, has no METHOD, or lacks what its METHOD requires becomes an ``ItipMessage``
with ``problem`` set and whatever could be read, so the flow can escalate it to a
human instead of losing it. Addresses are compared lower-cased without ``mailto:``,
as clients vary in both (Outlook writes ``MAILTO:``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from icalendar import Calendar

from meetdesk.calendar.itip_tzid import UnresolvedTime, time_of

REPLY_PARTSTATS = frozenset({"ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})
KNOWN_METHODS = frozenset(
    {"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER", "DECLINECOUNTER"}
)


def address(value: object) -> str:
    """A calendar address as compared: no ``mailto:``, lower case, no spaces."""
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().lower()


@dataclass(frozen=True)
class Answer:
    """One ATTENDEE line of a message: who, and the answer (PARTSTAT) they give."""

    email: str
    partstat: str
    name: str | None = None
    delegated_to: tuple[str, ...] = ()
    delegated_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItipMessage:
    """One VEVENT of an inbound iTIP object; ``problem`` is set when it is unusable.

    ``start``/``end`` are the event's times as the sender wrote them: for a COUNTER,
    the proposed ones. ``part`` is the index of the calendar part it came from.
    """

    method: str
    part: int
    uid: str | None = None
    sequence: int = 0
    recurrence_id: datetime | date | None = None
    dtstamp: datetime | None = None
    organizer: str | None = None
    attendees: tuple[Answer, ...] = ()
    start: datetime | date | None = None
    end: datetime | date | None = None
    comment: str | None = None
    summary: str | None = None
    problem: str | None = None

    @property
    def attendee(self) -> Answer | None:
        """The answering attendee (a REPLY carries one; delegation may add the delegate)."""
        return self.attendees[0] if self.attendees else None

    def answer_of(self, email: str) -> Answer | None:
        wanted = address(email)
        return next((a for a in self.attendees if a.email == wanted), None)


def read_itip(parts: Sequence[bytes]) -> list[ItipMessage]:
    """Every iTIP message in ``parts``, one per VEVENT, duplicates (the same object
    attached twice, as Gmail does) once; unusable parts come back with ``problem``."""
    found: list[ItipMessage] = []
    for index, raw in enumerate(parts):
        for message in _read_part(index, raw):
            if not any(_same(message, seen) for seen in found):
                found.append(message)
    return found


ANSWERS = frozenset({"REPLY", "COUNTER", "REFRESH"})


def answered_uids(parts: Sequence[bytes]) -> list[str]:
    """The UIDs of the meetings an attendee answers in ``parts`` (REPLY, COUNTER,
    REFRESH): how an answer without threading headers finds its conversation."""
    return [m.uid for m in read_itip(parts) if m.method in ANSWERS and m.uid and not m.problem]


def problems_count(messages: Sequence[ItipMessage]) -> int:
    """How many of ``messages`` could not be used (for logs and the supervisor)."""
    return sum(1 for m in messages if m.problem is not None)


def _same(a: ItipMessage, b: ItipMessage) -> bool:
    return a == ItipMessage(**{**b.__dict__, "part": a.part})


def _read_part(index: int, raw: bytes) -> list[ItipMessage]:
    try:
        cal = Calendar.from_ical(raw)
    except Exception as exc:  # icalendar raises several types for malformed input
        return [ItipMessage(method="", part=index, problem=f"not iCalendar: {exc}")]
    if not isinstance(cal, Calendar) or cal.name != "VCALENDAR":
        return [ItipMessage(method="", part=index, problem="not a VCALENDAR object")]
    method = str(cal.get("METHOD", "")).strip().upper()
    events = cal.walk("VEVENT")
    if not events:
        return [ItipMessage(method=method, part=index, problem="no VEVENT in the object")]
    out = []
    for ev in events:
        try:
            out.append(_read_event(index, method, ev, cal))
        except Exception as exc:  # one bad VEVENT must not cost the others
            out.append(ItipMessage(method=method, part=index, problem=f"unreadable: {exc}"))
    return out


def _read_event(index: int, method: str, ev: Any, cal: Calendar) -> ItipMessage:
    problems: list[str] = []

    def when(name: str) -> datetime | date | None:
        if name not in ev:
            return None
        try:
            return time_of(ev[name], cal)
        except UnresolvedTime as exc:
            problems.append(f"{name}: {exc}")
            return None

    start, end = when("DTSTART"), when("DTEND")
    if end is None and start is not None and "DURATION" in ev:
        end = start + ev["DURATION"].dt
    message = ItipMessage(
        method=method,
        part=index,
        uid=_text(ev.get("UID")),
        sequence=_sequence(ev, problems),
        recurrence_id=when("RECURRENCE-ID"),
        dtstamp=_stamp(ev),
        organizer=address(ev["ORGANIZER"]) if "ORGANIZER" in ev else None,
        attendees=tuple(_answer(a) for a in _all(ev.get("ATTENDEE"))),
        start=start,
        end=end,
        comment=_comment(ev),
        summary=_text(ev.get("SUMMARY")),
    )
    problems += _method_problems(message)
    if problems:
        return ItipMessage(**{**message.__dict__, "problem": "; ".join(problems)})
    return message


def _method_problems(m: ItipMessage) -> list[str]:
    if not m.method:
        return ["no METHOD: a calendar file, not an iTIP message"]
    if m.method not in KNOWN_METHODS:
        return [f"unknown METHOD {m.method}"]
    problems = [] if m.uid else ["no UID"]
    if m.method in ("REPLY", "COUNTER", "REFRESH") and not m.attendees:
        problems.append(f"{m.method} without an ATTENDEE")
    if m.method == "REPLY":
        bad = [a.partstat or "none" for a in m.attendees if a.partstat not in REPLY_PARTSTATS]
        if bad and len(bad) == len(m.attendees):
            problems.append(f"REPLY without an answer (PARTSTAT {', '.join(bad)})")
    if m.method == "COUNTER":
        if m.start is None or m.end is None:
            problems.append("COUNTER without a usable proposed DTSTART and DTEND")
        elif m.end <= m.start:  # type: ignore[operator]  # both dates or both date-times
            problems.append("COUNTER proposes an end before its start")
    return problems


def _all(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _answer(value: Any) -> Answer:
    params = value.params
    name = params.get("CN")
    return Answer(
        email=address(value),
        partstat=str(params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
        name=str(name) if name else None,
        delegated_to=_addresses(params.get("DELEGATED-TO")),
        delegated_from=_addresses(params.get("DELEGATED-FROM")),
    )


def _addresses(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(address(str(v).strip().strip('"')) for v in items)


def _sequence(ev: Any, problems: list[str]) -> int:
    if "SEQUENCE" not in ev:
        return 0  # RFC 5545 3.8.7.4: absent means 0
    try:
        return int(ev["SEQUENCE"])
    except (TypeError, ValueError):
        problems.append(f"SEQUENCE {ev['SEQUENCE']!r} is not a number")
        return 0


def _stamp(ev: Any) -> datetime | None:
    value = ev["DTSTAMP"].dt if "DTSTAMP" in ev else None
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _comment(ev: Any) -> str | None:
    # Google Calendar puts the note typed with an answer on the ATTENDEE line
    # (X-RESPONSE-COMMENT) instead of in a COMMENT property.
    notes = [a.params.get("X-RESPONSE-COMMENT", "") for a in _all(ev.get("ATTENDEE"))]
    texts = [str(c).strip() for c in [*_all(ev.get("COMMENT")), *notes]]
    joined = "\n".join(t for t in texts if t)
    return joined or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None
