"""Properties of read_constraints: whatever the text, the result is well formed.

Windows and exclusions are sorted, disjoint, aware intervals in the reading zone;
windows lie between the sent moment and a year later; exclusions lie inside the windows
(or, without windows, in that same year); an ambiguous reading is never confident; and
the same message always gives the same reading.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.assistant.constraints import read_constraints
from meetdesk.calendar.base import Interval

ZONES = [ZoneInfo(k) for k in ("Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata")]
# Date headers carry a bare offset; some differ from every customer zone above.
OFFSETS: list[tzinfo] = [*ZONES, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9))]
WORDS = st.sampled_from(
    [
        "next", "week", "this", "Tuesday", "Thursday", "mardi", "jeudi", "lundi", "or", "ou",
        "and", "et", "not", "pas", "sauf", "except", "morning", "afternoon", "matin",
        "après-midi", "evening", "soir", "after", "before", "avant", "à partir de", "between",
        "entre", "2pm", "14h", "4pm", "16h", "at", "à", "3", "10:30", "noon", "midi",
        "tomorrow", "demain", "the", "le", "3rd", "24", "December", "décembre", "du", "au",
        "to", "2/3", "13/3", "EST", "CET", "UTC+2", "heure de Paris", "my time", "I'm in London",
        "ASAP", "urgent", "in the next two weeks", "d'ici 10 jours", "the week of", "weekend",
        "early", "late", "fin", "début", "de", "la semaine prochaine", "in two weeks",
        "+33 6 12 34 56 78", "30 minutes", "1h30", "no problem", "busy", ",", ".", "?", "\n",
        "may", "May", "sat", "we", "Je", "or so", "2026", "yesterday", "onwards", "by",
    ]
)  # fmt: skip
TEXTS = st.lists(WORDS, max_size=14).map(" ".join) | st.text(max_size=60)
SENT = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    st.sampled_from(OFFSETS),
)
YEAR = timedelta(days=366)
EXAMPLES = int(os.environ.get("MEETDESK_PROPERTY_EXAMPLES", "200"))


def _well_formed(intervals: tuple[Interval, ...]) -> None:
    for i in intervals:
        assert i.start.tzinfo is not None and i.end > i.start
    for a, b in zip(intervals, intervals[1:], strict=False):
        assert a.end <= b.start  # sorted and disjoint (touching ones stay apart)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    text=TEXTS,
    sent_at=SENT,
    customer=st.sampled_from(ZONES),
    language=st.sampled_from(["en", "fr"]),
    horizon=st.integers(min_value=1, max_value=30),
    duration=st.sampled_from([None, 15, 30, 60, 120]),
)
def test_constraints_are_well_formed(
    text: str,
    sent_at: datetime,
    customer: ZoneInfo,
    language: str,
    horizon: int,
    duration: int | None,
) -> None:
    """Sorted, disjoint, inside [sent, sent + 1 year]; exclusions inside the windows."""
    c = read_constraints(
        text,
        sent_at=sent_at,
        customer_tz=customer,
        language=language,
        duration_minutes=duration,
        horizon_days=horizon,
    )
    _well_formed(c.windows)
    _well_formed(c.exclusions)
    for w in c.windows:
        assert sent_at <= w.start and w.end <= sent_at + YEAR
        assert w.start.tzinfo is c.tz
    if c.windows:
        for x in c.exclusions:
            assert any(w.start <= x.start and x.end <= w.end for w in c.windows)
    else:
        for x in c.exclusions:
            assert sent_at <= x.start and x.end <= sent_at + YEAR
    assert 0.0 <= c.confidence <= 1.0
    assert not c.ambiguous or c.confidence < 0.9
    assert c.timezone and c.rules
    again = read_constraints(
        text,
        sent_at=sent_at,
        customer_tz=customer,
        language=language,
        duration_minutes=duration,
        horizon_days=horizon,
    )
    assert again == c
