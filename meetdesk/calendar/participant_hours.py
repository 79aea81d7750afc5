"""Times it is reasonable to ask of each participant, on their own clock.

A 09:00 Paris slot is 03:00 in New York: offering it to a New York participant is not
what a human assistant would do. Each candidate must lie within the participants'
reasonable hours (by default 08:00-19:00) in each participant's zone, as wall-clock
times of the local day it starts on, so daylight-saving days are handled by the zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.preferences import TimeRange
from meetdesk.calendar.slot_rules import bound_instant, wall_end

DEFAULT_PARTICIPANT_HOURS: TimeRange = (time(8), time(19))


def reasonable_for(span: Interval, zone: ZoneInfo, hours: TimeRange) -> bool:
    """Whether ``span`` starts and ends inside ``hours`` of its local day in ``zone``."""
    day = span.start.astimezone(zone).date()
    opening = bound_instant(datetime.combine(day, hours[0]), zone)
    closing = bound_instant(wall_end(day, hours[1]), zone)
    return opening <= span.start and span.end <= closing


def reasonable_for_all(
    span: Interval, zones: Sequence[ZoneInfo], hours: TimeRange = DEFAULT_PARTICIPANT_HOURS
) -> bool:
    """Whether ``span`` is within ``hours`` for every participant zone (true for none)."""
    return all(reasonable_for(span, zone, hours) for zone in zones)
