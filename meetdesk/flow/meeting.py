"""The meeting as MeetDesk books, updates and cancels it: one builder for every stage.

Booking, moving and cancelling must send the same UID, attendees and roles with a
growing SEQUENCE (RFC 5546), in the customer's zone, sent by the assistant on the
customer's behalf. What reaches participants is the meeting's own details only: its
time, title, place, and the dial-in or video link the customer allows to share.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.calendar.base import Interval
from meetdesk.calendar.itip import NON_PARTICIPANT, OPT_PARTICIPANT, Meeting, meeting_uid
from meetdesk.calendar.meeting_mode import is_in_person
from meetdesk.calendar.preferences import Preferences
from meetdesk.flow.services import Services
from meetdesk.flow.titles import meeting_title
from meetdesk.store.conversations import ConversationData, from_pairs
from meetdesk.store.customers import CustomerRecord

_ROLES = {"optional": OPT_PARTICIPANT, "informed": NON_PARTICIPANT}
_SHARE_LABELS = {
    "en": ("Dial-in", "Code", "Video link"),
    "fr": ("Numéro d'appel", "Code", "Lien de visioconférence"),
}


def chosen_slot(data: ConversationData) -> Interval:
    assert data.chosen is not None
    return from_pairs([data.proposals[data.chosen]])[0]


def booked_slot(data: ConversationData) -> Interval:
    assert data.booking is not None
    return from_pairs([[data.booking["start"], data.booking["end"]]])[0]


def build_meeting(
    s: Services,
    conv_id: str,
    data: ConversationData,
    customer: CustomerRecord,
    preferences: Preferences,
    *,
    slot: Interval,
    sequence: int,
    now: datetime,
) -> Meeting:
    people = [p for p in data.participants if p.role != "customer"]
    in_person = is_in_person(data.kind, data.location_kind)
    share = preferences.share
    return Meeting(
        uid=meeting_uid(conv_id, s.settings.assistant.domain),
        summary=meeting_title(data.language, customer.name, [p.display for p in people]),
        start=slot.start,
        end=slot.end,
        organizer_email=customer.email,
        organizer_name=customer.name,
        attendees=[(p.email, p.name or None) for p in people],
        roles={p.email: _ROLES[p.role] for p in people if p.role in _ROLES},
        sequence=sequence,
        dtstamp=now,
        tz=ZoneInfo(customer.timezone),
        sent_by=s.settings.assistant.address,
        location=_place(data, preferences) if in_person else (data.location or ""),
        description="" if in_person else _dial_in(data.language, preferences),
        conference_url="" if in_person else (share.video_link or ""),
    )


def sent_meeting(
    s: Services,
    conv_id: str,
    data: ConversationData,
    customer: CustomerRecord,
    preferences: Preferences,
    now: datetime,
) -> Meeting:
    """The booked meeting as it was last sent (its time and SEQUENCE): what a
    cancellation or an attendee's answer starts from."""
    assert data.booking is not None
    return build_meeting(
        s,
        conv_id,
        data,
        customer,
        preferences,
        slot=booked_slot(data),
        sequence=int(data.booking.get("sequence", 0)),
        now=now,
    )


def _place(data: ConversationData, preferences: Preferences) -> str:
    """Where an in-person meeting is: as requested, else the customer's business address
    for this kind of meeting (the default one), else nothing."""
    if data.location:
        return data.location
    name = preferences.address_for(data.kind)
    address = preferences.addresses.get(name or "")
    return address.street if address is not None else ""


def _dial_in(language: str, preferences: Preferences) -> str:
    """The call details the customer allows to share, one per line."""
    share = preferences.share
    dial, code, video = _SHARE_LABELS.get(language, _SHARE_LABELS["en"])
    lines = [
        f"{dial}: {share.dial_in}" if share.dial_in else "",
        f"{code}: {share.dial_in_code}" if share.dial_in and share.dial_in_code else "",
        f"{video}: {share.video_link}" if share.video_link else "",
        share.instructions or "",
    ]
    return "\n".join(line for line in lines if line)
