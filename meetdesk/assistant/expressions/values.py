"""The two shapes of a found expression: a rule's raw ``Atom`` and the resolved ``TimeValue``.

Rules produce atoms (a span plus loose parts: day, clock, part of day, seconds) so the
combining pass can join neighbours before anything is resolved; ``to_value`` then turns
each surviving atom into the public ``TimeValue``. ``Context`` is what every rule may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class TimeValue:
    text: str
    kind: str  # date | datetime | time | daterange | datetimerange | duration
    start: datetime | None
    end: datetime | None
    duration: timedelta | None
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Atom:
    """A piece found by one rule, before combination; ``s``-``e`` is the span in the text."""

    s: int
    e: int
    kind: str  # date, time, datetime, range (dates), trange (times), dtrange, duration, part
    rules: tuple[str, ...]
    day: date | None = None
    clock: time | None = None
    end_day: date | None = None  # exclusive
    end_clock: time | None = None
    seconds: float | None = None
    part: tuple[int, int] | None = None  # part of day, hours [start, end)
    weekday: int | None = None  # a weekday named alone (so a week or a date may pin it)
    # How much of a date was guessed: "d" (day of month only), "dm" (no year), else None.
    flex: str | None = None
    fixed: bool = False  # a clock with am/pm or past 12: a part of day must not move it
    # An amount of time, ((unit, n), ...), and its sign: -1 "before/ago", 1 "after", 0 none.
    amount: tuple[tuple[str, float], ...] | None = None
    sign: int = 0


@dataclass(frozen=True)
class Context:
    """What a rule may consult: the folded text and the settings of this reading."""

    folded: str
    today: date
    ref: datetime  # naive, in the reference's wall-clock time
    language: str
    day_first: bool


def to_value(a: Atom, text: str, ref: datetime) -> TimeValue | None:
    """Resolve an atom against the reference; ``None`` for a lone part of day."""
    span = text[a.s : a.e].strip(" ,.")
    if a.kind == "date":
        assert a.day is not None
        start = datetime.combine(a.day, time(0))
        if a.part:
            lo, hi = a.part
            s = datetime.combine(a.day, time(lo)) if lo < 24 else start
            e = datetime.combine(a.day, time(0)) + timedelta(hours=hi)
            return TimeValue(span, "datetimerange", s, e, None, a.rules)
        return TimeValue(span, "date", start, None, None, a.rules)
    if a.kind == "datetime":
        assert a.day is not None and a.clock is not None
        return TimeValue(span, "datetime", datetime.combine(a.day, a.clock), None, None, a.rules)
    if a.kind == "time":
        assert a.clock is not None
        at = datetime.combine(ref.date(), a.clock)
        at += timedelta(days=1) if at < ref else timedelta(0)  # the next such moment
        return TimeValue(span, "time", at, None, None, a.rules)
    if a.kind == "trange":
        assert a.clock is not None and a.end_clock is not None
        s = datetime.combine(ref.date(), a.clock)
        e = datetime.combine(ref.date(), a.end_clock)
        return TimeValue(span, "time", s, e, None, a.rules)
    if a.kind == "range":
        assert a.day is not None and a.end_day is not None
        s, e = datetime.combine(a.day, time(0)), datetime.combine(a.end_day, time(0))
        return TimeValue(span, "daterange", s, e, None, a.rules)
    if a.kind == "dtrange":
        assert a.day and a.clock and a.end_day and a.end_clock
        s = datetime.combine(a.day, a.clock)
        e = datetime.combine(a.end_day, a.end_clock)
        return TimeValue(span, "datetimerange", s, e, None, a.rules)
    if a.kind == "duration":
        assert a.seconds is not None
        return TimeValue(span, "duration", None, None, timedelta(seconds=a.seconds), a.rules)
    return None
