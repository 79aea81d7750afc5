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


def hold_uid(s: Services, conv_id: str, slot: Interval) -> str:
    """The tentative event's UID for one proposed time: the same time proposed again in
    the same conversation reuses its hold."""
    return meeting_uid(f"{conv_id}:hold:{slot.start.isoformat()}", s.settings.assistant.domain)
