"""Readers shared by the intent tests: a fixed send time in Paris, three proposals."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.intent import classify
from meetdesk.assistant.reading import Evidence, Reading
from meetdesk.assistant.understand import read_choice, read_request
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("UTC"))
PROPOSALS = [
    Interval(datetime(2026, 11, 24, h, tzinfo=PARIS), datetime(2026, 11, 24, h, 30, tzinfo=PARIS))
    for h in (10, 14, 16)
]


def read(text: str) -> Reading:
    return read_request(text, sent_at=SENT, tz=PARIS, assistant_name="Julie", full_intents=True)


def intent_confidence(text: str) -> float:
    """The intent's own confidence, before meeting facts (times, kinds) add their doubts."""
    ev = Evidence()
    _, base = classify(text, "Julie", ev)
    return ev.confidence(base)


def answer(text: str) -> Reading:
    return read_choice(text, proposals=PROPOSALS, sent_at=SENT, tz=PARIS, full_intents=True)
