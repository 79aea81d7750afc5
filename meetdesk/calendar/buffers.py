"""The time kept free around a candidate slot: buffers, and travel for in-person meetings.

A customer wants a breather between two calls, and the time to get to a lunch and back.
Only the candidate is widened (by its own mode's buffers, plus the travel time when it
is in person) and the widened span is tested against busy time; busy time is never
padded itself, so two buffers are not stacked on the same gap. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import Preferences


@dataclass(frozen=True)
class Padding:
    """How much free time a candidate needs before and after it."""

    before: timedelta = timedelta(0)
    after: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.before < timedelta(0) or self.after < timedelta(0):
            raise ValueError("padding must not be negative")

    def around(self, span: Interval) -> Interval:
        """``span`` widened by the padding: the time that must be free for it."""
        return Interval(span.start - self.before, span.end + self.after)


NO_PADDING = Padding()


def padding_for(preferences: Preferences | None, in_person: bool, address: str | None) -> Padding:
    """The buffers of the meeting's mode, plus, in person, the travel time to ``address``
    (a business address name; its own travel minutes, else the default) each way."""
    if preferences is None:
        return NO_PADDING
    buffers = preferences.buffers_for(in_person)
    travel = preferences.travel_for(address) if in_person else 0
    return Padding(
        timedelta(minutes=buffers.before + travel), timedelta(minutes=buffers.after + travel)
    )
