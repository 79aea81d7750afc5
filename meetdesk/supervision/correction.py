"""A supervisor's correction of a reading: what it may say, and how it replaces the reading.

Every field of :class:`Correction` is optional: None keeps what the reading found. The
values are checked before anything is touched (a duration between 5 and 720 minutes,
aware times with the end after the start, a window not already over, addresses that
are addresses, a kind, intent and language the assistant knows), so a refusal leaves
the conversation as it was.

A corrected field counts as read with full confidence: it gets confidence 1.0 and the
rule ``supervisor.corrected``, so the decision rules treat it like anything the
assistant read clearly, and the decision recorded names the supervisor's part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

from meetdesk.assistant.kinds import KINDS
from meetdesk.assistant.location import PLACE, find_location
from meetdesk.assistant.reading import CHOOSE_SLOT, INTENTS, FieldReading, Reading, overall
from meetdesk.calendar.base import Interval
from meetdesk.store.conversations import ConversationData, Person, to_pairs

RULE = "supervisor.corrected"
LANGUAGES = ("en", "fr")
MIN_MINUTES, MAX_MINUTES = 5, 720
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MAX_TEXT = 500
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Correction:
    """What a supervisor says the message means; None keeps the reading's value."""

    duration_minutes: int | None = None
    meeting_kind: str | None = None  # the meeting's kind (call, video, lunch...)
    windows: list[Span] | None = None  # aware datetimes
    exclusions: list[Span] | None = None
    location: str | None = None  # "" says there is no place
    asap: bool | None = None
    participants: list[tuple[str, str]] | None = None  # (email, name) of those invited
    language: str | None = None  # "en" | "fr"
    chosen_option: int | None = None  # for an answer: the 1-based proposal chosen
    intent: str | None = None  # e.g. "schedule", "choose_slot", "cancel"

    def given(self) -> list[str]:
        """The names of the fields the supervisor set."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    @property
    def of_message(self) -> bool:
        """Whether it says what a message asks (an intent, a choice), not only the
        request's facts."""
        return self.intent is not None or self.chosen_option is not None


def check(c: Correction, now: datetime) -> None:
    """Refuse (``ValueError``, saying which value and why) anything the assistant could
    not act on."""
    if c.duration_minutes is not None and not MIN_MINUTES <= c.duration_minutes <= MAX_MINUTES:
        raise ValueError(
            f"duration: {c.duration_minutes} minutes is outside {MIN_MINUTES}..{MAX_MINUTES}"
        )
    if c.meeting_kind is not None and c.meeting_kind not in KINDS:
        raise ValueError(f"kind: {c.meeting_kind!r} is not one of {', '.join(KINDS)}")
    if c.language is not None and c.language not in LANGUAGES:
        raise ValueError(f"language: {c.language!r} is not one of {', '.join(LANGUAGES)}")
    if c.intent is not None and c.intent not in INTENTS:
        raise ValueError(f"intent: {c.intent!r} is not one of {', '.join(INTENTS)}")
    if c.chosen_option is not None and c.chosen_option < 1:
        raise ValueError(f"option: {c.chosen_option} is not a proposal's number (they start at 1)")
    for name, spans in (("window", c.windows), ("exclusion", c.exclusions)):
        for start, end in spans or ():
            check_span(name, start, end)
            if name == "window" and end <= now:
                raise ValueError(f"window: {start.isoformat()}/{end.isoformat()} is over")
    if c.location is not None and ("\n" in c.location or len(c.location) > _MAX_TEXT):
        raise ValueError(f"location: one line of at most {_MAX_TEXT} characters")
    if c.participants is not None:
        if not c.participants:
            raise ValueError("participants: name at least one person to meet")
        for email, name in c.participants:
            check_address(email)
            if "\n" in name or len(name) > _MAX_TEXT:
                raise ValueError(f"participant {email}: the name must be one short line")


def check_span(name: str, start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError(f"{name}: give times with their zone (or an offset)")
    if end <= start:
        raise ValueError(f"{name}: {start.isoformat()}/{end.isoformat()} ends before it starts")


def check_address(email: str) -> str:
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"participant: {email!r} is not an e-mail address")
    return email


def corrected_reading(reading: Reading, c: Correction) -> Reading:
    """``reading`` with the supervisor's values in place, each at full confidence."""
    sure = FieldReading(1.0, (RULE,))
    changes: dict[str, object] = {}
    touched: list[str] = []
    intent = c.intent or (CHOOSE_SLOT if c.chosen_option is not None else None)
    if intent is not None:
        changes["intent"] = intent
        touched.append("intent")
    if c.language is not None:
        changes["language"] = c.language
    if c.meeting_kind is not None:
        changes["kind"] = c.meeting_kind
        touched.append("kind")
    if c.duration_minutes is not None:
        changes["duration_minutes"] = c.duration_minutes
        touched.append("duration")
    if c.windows is not None:
        windows = tuple(sorted((Interval(a, b) for a, b in c.windows), key=_start))
        changes["windows"] = windows
        changes["window"] = (
            Interval(windows[0].start, max(w.end for w in windows)) if windows else None
        )
        touched += ["windows", "timezone"]
    if c.exclusions is not None:
        changes["exclusions"] = tuple(Interval(a, b) for a, b in c.exclusions)
        touched.append("windows")
    if c.asap is not None:
        changes["asap"] = c.asap
        touched.append("windows")
    if c.location is not None:
        changes["location"], changes["location_kind"] = place(c.location)
        touched.append("location")
    if c.participants is not None:
        touched.append("participants")
    if c.chosen_option is not None:
        changes["chosen_option"], changes["chosen_start"] = c.chosen_option, None
        touched.append("chosen")
    found = {**reading.fields, **dict.fromkeys(touched, sure)}
    rules = reading.rules if RULE in reading.rules else (*reading.rules, RULE)
    corrected = replace(reading, **changes, fields=found, rules=rules)  # type: ignore[arg-type]
    return replace(corrected, confidence=overall(found, corrected.intent))


def place(location: str) -> tuple[str | None, str | None]:
    """A typed place and how it was given (an address, a video link...); "" is none."""
    text = location.strip()
    if not text:
        return None, None
    found = find_location(text, "en")
    return text, found.kind if found is not None else PLACE


def people(c: Correction, known: Sequence[Person]) -> list[Person] | None:
    """The corrected participants, keeping the role of anyone already known."""
    if c.participants is None:
        return None
    roles = {p.email.lower(): p.role for p in known}
    return [
        Person(email=email, name=name.strip(), role=roles.get(email.lower(), "required"))
        for email, name in c.participants
    ]


def apply_to_data(data: ConversationData, c: Correction) -> None:
    """Save the request's corrected facts in the conversation's working data."""
    if c.duration_minutes is not None:
        data.duration_minutes = c.duration_minutes
    if c.meeting_kind is not None:
        data.kind = c.meeting_kind
    if c.windows is not None:
        data.windows = to_pairs(sorted((Interval(a, b) for a, b in c.windows), key=_start))
    if c.exclusions is not None:
        data.exclusions = to_pairs(Interval(a, b) for a, b in c.exclusions)
    if c.asap is not None:
        data.asap = c.asap
    if c.location is not None:
        data.location, data.location_kind = place(c.location)
    if c.language is not None:
        data.language = c.language
    corrected = people(c, data.participants)
    if corrected is not None:
        data.participants = corrected


def _start(i: Interval) -> datetime:
    return i.start
