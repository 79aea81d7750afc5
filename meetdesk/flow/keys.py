"""The deterministic keys of what a conversation writes, so a retry finds the same thing.

A proposal's outbox key gives its Message-ID (a follow-up replies to it); a hold's UID
names its tentative event (the same time proposed again reuses it).
"""

from __future__ import annotations

from meetdesk.calendar.base import Interval
from meetdesk.calendar.itip import meeting_uid
from meetdesk.flow.services import Services


def proposal_key(conv_id: str, round_index: int) -> str:
    """The outbox key of a round's proposal, 0 for the first."""
    return f"{conv_id}:proposal:{round_index}"


def hold_uid(s: Services, conv_id: str, slot: Interval, colleague: str | None = None) -> str:
    """The tentative event's UID for one proposed time (in a ``colleague``'s calendar,
    by their customer id, when not the organiser's): the same time proposed again in the
    same conversation reuses its hold."""
    where = f":{colleague}" if colleague else ""
    key = f"{conv_id}:hold{where}:{slot.start.isoformat()}"
    return meeting_uid(key, s.settings.assistant.domain)
