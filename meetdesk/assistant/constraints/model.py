"""The shapes the constraint rules share: the result, the found items, and the notes.

Rules find *items* in the folded text: ``Anchor`` for what names days (a date, a weekday,
a week, "the next ten days") and ``TimeItem`` for what names hours (a part of the day, a
clock time, a bound such as "after 2pm"). Items are resolved to dates as they are found,
in the reading zone; ``windows`` then combines them into intervals. ``Notes`` gathers the
rules that fired and the doubts, through the same ``Evidence`` the other readers use, so
one doubt takes a clear reading below the default threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from meetdesk.assistant.constraints.text import Folded, Scan
from meetdesk.assistant.reading import Evidence
from meetdesk.calendar.base import Interval

# The starting confidence of the windows field: nothing read, or everything read clearly.
CLEAR = 1.0


@dataclass(frozen=True)
class Constraints:
    """What a message says about when: absolute windows and exclusions, and the zone.

    ``windows`` (where the meeting may take place) and ``exclusions`` (where it must not)
    are sorted, non-overlapping, aware intervals in the reading zone ``tz``; no window
    means no time frame was given (the customer's default horizon applies). ``timezone``
    names the reading zone: an IANA key, or "UTC+02:00" for a bare offset. ``asap`` asks
    the search to prefer the earliest slot. ``confidence`` is that of the windows field:
    1.0 when nothing is doubtful, below 0.9 after one doubt. ``rules`` names the rules
    that fired; ``reasons`` explains doubts and notable defaults; ``ambiguous`` is set
    when something admits two readings (to be asked about or escalated, never guessed).
    """

    windows: tuple[Interval, ...]
    exclusions: tuple[Interval, ...]
    tz: tzinfo
    timezone: str
    asap: bool
    confidence: float
    rules: tuple[str, ...]
    reasons: tuple[str, ...]
    ambiguous: bool


class Notes:
    """Rules fired, doubts and notes of one reading; a doubt may also be an ambiguity."""

    def __init__(self) -> None:
        self.evidence = Evidence()
        self.ambiguous = False

    def fired(self, rule: str) -> None:
        self.evidence.fired(rule)

    def doubt(self, reason: str, rule: str | None = None) -> None:
        """Something is unresolved or doubtful: it lowers the confidence."""
        self.evidence.doubt(reason, rule=rule)

    def ambiguity(self, reason: str, rule: str | None = None) -> None:
        """Something admits two readings: a doubt, and the reading is ambiguous."""
        self.evidence.doubt(reason, rule=rule)
        self.ambiguous = True

    def note(self, reason: str) -> None:
        self.evidence.note(reason)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self.evidence.rules)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(self.evidence.reasons)

    def confidence(self) -> float:
        return self.evidence.confidence(CLEAR)


@dataclass
class TimeItem:
    """Hours of a day, as minutes from local midnight: a range or a one-sided bound.

    ``kind`` is "range" (a part of day, "between 2 and 4", "at 3pm"), "after" or
    "before"; ranges of one day are united, bounds then cut them.
    """

    s: int
    e: int
    rule: str
    kind: str
    lo: int
    hi: int
    at: bool = False  # a clock time ("at 3pm"): it needs a day to make sense
    negative: bool = False
    clause: int = -1


@dataclass
class Anchor:
    """Days named by the text, resolved in the reading zone.

    ``start``/``end`` is the interval named (whole local days, or from the sent moment).
    A plain weekday also keeps ``weekdays`` (and ``plain``) so that a week mentioned
    elsewhere can place it ("Tuesday ... next week"). ``every`` means each such day in the
    range read ("Mondays", "weekends"); ``generic`` means each such day when it is
    excluded ("sauf le lundi", "not on weekends"), and the next one otherwise.
    ``joins_next`` is set when a list word ("or", "et", a comma) joins it to the next one.
    """

    s: int
    e: int
    rule: str
    kind: str  # "day" or "period"
    start: datetime | None = None
    end: datetime | None = None
    weekdays: tuple[int, ...] = ()
    plain: bool = False
    every: bool = False
    generic: bool = False
    joins_next: bool = False
    negative: bool = False
    clause: int = -1
    times: list[TimeItem] = field(default_factory=list)
    label: str = ""  # the original words, for reasons
    used: bool = False  # a period refined by a day inside it
    # Doubts that only hold if no week places this weekday: (reason, rule, ambiguous).
    deferred: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass
class Context:
    """What every rule may consult while reading one message."""

    folded: Folded
    scan: Scan
    sent: datetime  # the sent moment, in the reading zone
    tz: tzinfo
    language: str
    day_first: bool | None  # how to read "2/3"; None when the convention is unknown
    tie_day_first: bool  # the reading used when it is unknown (and recorded as a doubt)
    duration: int  # minutes, for "at 3pm"
    horizon_days: int
    notes: Notes

    @property
    def today(self) -> date:
        return self.sent.date()

    def original(self, s: int, e: int) -> str:
        return self.folded.original_text(s, e)
