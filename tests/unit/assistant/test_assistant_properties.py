"""Properties: the readers never crash and never pick outside the proposals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.assistant.new_text import new_text
from meetdesk.assistant.understand import read_choice, read_request
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
WORDS = st.sampled_from(
    [
        "the",
        "second",
        "first",
        "last",
        "one",
        "option",
        "2",
        "#3",
        "Tuesday",
        "mardi",
        "at",
        "à",
        "14:00",
        "2pm",
        "10h30",
        "next",
        "week",
        "semaine",
        "prochaine",
        "both",
        "none",
        "not",
        "works",
        "yes",
        "find",
        "30",
        "minutes",
        "call",
        "le",
        "24th",
        "Nov",
        "?",
        ",",
        "tomorrow",
        "demain",
        "\n",
        "> quoted",
        "--",
        "On Monday Bob wrote:",
    ]
)
TEXTS = st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=80)
SENT = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, sent_at=SENT, count=st.integers(min_value=0, max_value=4))
def test_choice_is_in_range_or_unknown(text: str, sent_at: datetime, count: int) -> None:
    """A choice is either one existing proposal (1-based) or unknown; never an exception."""
    start = sent_at + timedelta(days=3)
    proposals = [
        Interval(start + timedelta(hours=i * 3), start + timedelta(hours=i * 3, minutes=30))
        for i in range(count)
    ]
    reading = read_choice(text, proposals=proposals, sent_at=sent_at, tz=PARIS)
    if reading.intent == "choose_slot":
        assert reading.chosen_option is not None and 1 <= reading.chosen_option <= count
        assert reading.chosen_start == proposals[reading.chosen_option - 1].start
    else:
        assert reading.chosen_option is None


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, sent_at=SENT)
def test_request_reading_is_well_formed(text: str, sent_at: datetime) -> None:
    """Requests always yield a valid reading; a window is aware and non-empty."""
    reading = read_request(new_text(text), sent_at=sent_at, tz=PARIS, assistant_name="Julie")
    assert 0.0 <= reading.confidence <= 1.0
    assert reading.rules
    if reading.window is not None:
        assert reading.window.start.tzinfo is not None
        assert reading.window.end > reading.window.start
