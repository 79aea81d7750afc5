"""What a participant's calendar answer means for the booked meeting (pure, no I/O).

Participants' calendar clients answer our invitation with iTIP (RFC 5546): a REPLY
(accepted, tentative, declined), a COUNTER (another time), a REFRESH (send me the
invitation again). Such a message is trusted only for what its sender may change: the
PARTSTAT of one attendee of *our* meeting, that attendee being the sender, for the
version of the meeting we last sent (same UID, same SEQUENCE). Anything else is ignored:
an answer to another event, to an older (or never sent) version, or on behalf of
someone else, so a forged or stale object can never move or cancel a meeting.

The flow decides here and acts elsewhere (``flow/attendance.py``), so every case can be
tested without a calendar, a database or mail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from meetdesk.calendar.itip_inbound import ItipMessage, address

ANSWER_METHODS = frozenset({"REPLY", "COUNTER", "REFRESH", "DECLINECOUNTER"})

ACCEPTED = "accepted"
TENTATIVE = "tentative"
DECLINED = "declined"
COUNTER = "counter"
REFRESH = "refresh"
IGNORED = "ignored"
UNREADABLE = "unreadable"

# What follows a decline.
REPROPOSE = "repropose"  # new times are proposed (reason "declined") and the customer told
TELL_CUSTOMER = "tell_customer"  # the meeting has begun or passed: the customer is told
RECORD_ONLY = "record_only"  # an optional or informed person: noted in the event only

_PARTSTAT_MEANING = {"ACCEPTED": ACCEPTED, "TENTATIVE": TENTATIVE, "DECLINED": DECLINED}


@dataclass(frozen=True)
class Booked:
    """The meeting as last sent: its UID and SEQUENCE, its time, and its attendees
    (lower-case e-mail -> role: required, optional or informed; the customer excluded)."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    attendees: Mapping[str, str]


@dataclass(frozen=True)
class ItipAnswer:
    """What one iTIP message means. ``rule`` names the reason (logged and recorded);
    ``email``/``partstat`` are set for an answer to record, ``then`` for a decline,
    ``start``/``end`` for a counter-proposal."""

    meaning: str
    rule: str
    email: str | None = None
    partstat: str | None = None
    then: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    @property
    def changes_something(self) -> bool:
        return self.meaning not in (IGNORED, UNREADABLE)


def is_calendar_answer(messages: Sequence[ItipMessage]) -> bool:
    """Whether a mail is a calendar client's answer, to be handled by these rules rather
    than read as text: an answering METHOD, or a calendar part that cannot be read (a
    plain exported event without METHOD is an attachment like any other, not an answer)."""
    return any(m.method in ANSWER_METHODS or _unreadable(m) for m in messages)


def read_answers(
    messages: Sequence[ItipMessage], booked: Booked, *, sender: str, now: datetime
) -> list[ItipAnswer]:
    """The meaning of each message of a calendar answer from ``sender`` (its From)."""
    return [read_answer(m, booked, sender=sender, now=now) for m in messages]


def read_answer(message: ItipMessage, booked: Booked, *, sender: str, now: datetime) -> ItipAnswer:
    """The meaning of one iTIP message for ``booked``; see the module docstring."""
    if _unreadable(message):
        return ItipAnswer(UNREADABLE, "itip.unreadable")
    if message.method not in ANSWER_METHODS:
        return ItipAnswer(IGNORED, "itip.ignored.not_an_answer")
    if message.method == "DECLINECOUNTER":  # the organizer's method: we are the organizer
        return ItipAnswer(IGNORED, "itip.ignored.organizer_method")
    if message.uid != booked.uid or message.recurrence_id is not None:
        return ItipAnswer(IGNORED, "itip.ignored.other_event")
    if message.sequence != booked.sequence:
        return ItipAnswer(IGNORED, "itip.ignored.other_sequence")
    who = address(sender)
    if who not in booked.attendees:
        return ItipAnswer(IGNORED, "itip.ignored.not_an_attendee")
    answer = message.answer_of(who)
    if answer is None:  # an attendee writing about someone else
        return ItipAnswer(IGNORED, "itip.ignored.for_someone_else")
    if message.method == "REFRESH":
        return ItipAnswer(REFRESH, "itip.refresh", email=who)
    if message.method == "COUNTER":
        if booked.attendees[who] == "informed":  # asked to attend nothing: no say on time
            return ItipAnswer(IGNORED, "itip.ignored.counter_from_informed")
        return _counter(message, booked, who, now)
    meaning = _PARTSTAT_MEANING.get(answer.partstat)
    if meaning is None:  # DELEGATED: delegation adds people, which needs a human
        return ItipAnswer(IGNORED, f"itip.ignored.partstat_{answer.partstat.lower()}")
    if meaning != DECLINED:
        return ItipAnswer(meaning, f"itip.{meaning}", email=who, partstat=answer.partstat)
    return ItipAnswer(
        DECLINED,
        "itip.declined",
        email=who,
        partstat="DECLINED",
        then=_after_decline(booked, who, now),
    )


def _after_decline(booked: Booked, who: str, now: datetime) -> str:
    needed = len(booked.attendees) == 1 or booked.attendees[who] == "required"
    if not needed:
        return RECORD_ONLY
    return REPROPOSE if booked.start > now else TELL_CUSTOMER


def _counter(message: ItipMessage, booked: Booked, who: str, now: datetime) -> ItipAnswer:
    start, end = message.start, message.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return ItipAnswer(UNREADABLE, "itip.unreadable.counter_without_times")
    if start <= now:
        return ItipAnswer(IGNORED, "itip.ignored.counter_in_the_past")
    if (start, end) == (booked.start, booked.end):  # "proposes" the time already booked
        return ItipAnswer(IGNORED, "itip.ignored.counter_same_time")
    return ItipAnswer(COUNTER, "itip.counter", email=who, start=start, end=end)


def _unreadable(message: ItipMessage) -> bool:
    if message.problem is None:
        return False
    return not (message.method == "" and message.problem.startswith("no METHOD"))
