"""From a conversation's request to one slot search: the window, the rules, the checks.

The propose stage searches with it and the book stage re-checks the chosen time with
the same rules (the buffers and travel around the meeting included), so a time is
never booked under looser conditions than it was offered. Pure: the calendar's
availability and the other requests' holds are handed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.buffers import Padding, padding_for
from meetdesk.calendar.meeting_mode import is_in_person
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.shared_hours import Member
from meetdesk.calendar.slot_rules import default_window, earliest_start
from meetdesk.calendar.slots import find_slots
from meetdesk.settings import SchedulingSettings
from meetdesk.store.conversations import ConversationData, from_pairs


def search_window(
    now: datetime,
    tz: ZoneInfo,
    preferences: Preferences,
    windows: Sequence[Sequence[str]],
    exclusions: Sequence[Sequence[str]] = (),
) -> tuple[Interval, datetime, list[Interval]]:
    """The span to search, the earliest start, and the time the request rules out.

    The span is the hull of the requested windows (the customer's default window when
    none was given); what lies between the windows and every exclusion is returned as
    blocked time, which the slot search treats like busy time. The earliest start follows
    the customer's preferences: the next working day, and the minimum notice.
    """
    wanted = sorted(from_pairs(windows), key=lambda i: i.start)
    if not wanted:
        wanted = [default_window(now, tz, preferences)]
    hull = Interval(wanted[0].start, max(w.end for w in wanted))
    gaps = zip(wanted, wanted[1:], strict=False)
    blocked = [Interval(a.end, b.start) for a, b in gaps if a.end < b.start]
    return hull, earliest_start(now, tz, preferences), blocked + from_pairs(exclusions)


@dataclass(frozen=True)
class SearchPlan:
    """One conversation's slot search, ready to run on the calendar's availability."""

    window: Interval
    not_before: datetime
    blocked: list[Interval]  # what the request rules out, treated as busy
    padding: Padding  # buffers and travel that must stay free around the meeting
    tz: ZoneInfo
    preferences: Preferences
    data: ConversationData
    settings: SchedulingSettings
    colleagues: tuple[Member, ...] = ()  # other customers in the meeting: hours and zone

    def search(
        self,
        found: Availability,
        taken: Sequence[Interval],
        *,
        within: Interval | None = None,
        count: int | None = None,
        step_minutes: int | None = None,
    ) -> list[Interval]:
        """The proposals: free of busy time, of ``taken`` (other requests' holds) and of
        what the request rules out, by every preference of the customer; ``within`` a
        narrower span than the plan's window when given."""
        window = within or self.window
        if window.end <= self.not_before:
            return []
        data = self.data
        return find_slots(
            [*found.busy, *self.blocked, *taken],
            window,
            timedelta(minutes=data.duration_minutes),
            self.tz,
            count=count or self.settings.proposals,
            not_before=self.not_before,
            step=timedelta(minutes=step_minutes or self.settings.slot_step_minutes),
            earliest=data.asap,
            preferences=self.preferences,
            kind=data.kind,
            meetings=found.meetings,
            location_kind=data.location_kind,
            location=data.location,
            places=found.places,
            participant_zones=[ZoneInfo(z) for z in sorted(set(data.zones.values()))],
            colleagues=self.colleagues,
        )

    def suggested_time(self) -> Interval | None:
        """After a counter-proposal naming one time ("how about Monday at 3pm?"): that
        time, the only window and exactly as long as the meeting."""
        data = self.data
        if data.reproposal != "counter" or len(data.windows) != 1:
            return None
        (only,) = from_pairs(data.windows)
        return only if only.end - only.start == timedelta(minutes=data.duration_minutes) else None

    def accepts(self, time: Interval, found: Availability, taken: Sequence[Interval]) -> bool:
        """Whether a suggested time passes every rule a proposal would: free with its
        buffers, in working hours, within caps and everyone's reasonable hours."""
        return self.search(found, taken, within=time, count=1, step_minutes=5) == [time]


def plan_search(
    now: datetime,
    tz: ZoneInfo,
    preferences: Preferences,
    data: ConversationData,
    settings: SchedulingSettings,
) -> SearchPlan:
    window, not_before, blocked = search_window(now, tz, preferences, data.windows, data.exclusions)
    padding = meeting_padding(preferences, data)
    return SearchPlan(window, not_before, blocked, padding, tz, preferences, data, settings)


def meeting_padding(preferences: Preferences, data: ConversationData) -> Padding:
    """The buffers (and, in person, travel) the requested meeting needs around it."""
    return padding_for(preferences, is_in_person(data.kind, data.location_kind), None)


def still_free(slot: Interval, found: Availability, padding: Padding) -> bool:
    """Whether the chosen time, with its buffers and travel, is still free."""
    wanted = padding.around(slot)
    return not any(b.overlaps(wanted) for b in found.busy)
