"""What an outbound message may be built from: the minimal-disclosure allow-list.

Participants see only what their meeting needs (GDPR art. 5(1)(c), data minimisation):
the proposed or booked times, the meeting's own kind, place or dial-in, the names of the
people in *this* conversation and what the customer chose to share. Nothing read from
the customer's calendar (other events' titles, places, attendees, descriptions) and
nothing from another conversation may reach a message. Writing the allow-list down here
lets tests hold every wording function and every sent message to it: a new input or a
new header is a deliberate, reviewed change to this table, not an accident.

``FIELDS`` maps each draft purpose (``Draft.purpose``) to the inputs its wording may use;
``CALENDAR_FIELDS`` lists the properties of the meeting's own calendar object (built by
``meetdesk.flow.meeting.build_meeting``); ``HEADERS`` is every header a composed message
may carry. Busy times from the calendar are used to *choose* slots, never copied.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.message import Message

# Inputs shared by every purpose: how to write and who is writing to whom.
_COMMON = frozenset(
    {
        "language",  # the conversation's language
        "assistant_name",  # the assistant's configured display name
        "customer_name",  # the customer on whose behalf the assistant writes
        "tz",  # the customer's time zone, to write times in
    }
)

FIELDS: dict[str, frozenset[str]] = {
    # Times offered to the participants of this conversation.
    "proposal": _COMMON
    | {
        "participant_names",
        "slots",
        "duration_minutes",
        "kind",  # call, video, lunch...: the meeting's own kind
        "reason",  # why new times are offered (a decline, a move), never whose event
        "participant_zones",  # the participants' own zones, to show their local time
    },
    # The booked time, told to the customer and (with the invitation) the participants.
    "confirmation": _COMMON | {"participant_names", "slot", "kind", "moved"},
    "invitation": _COMMON | {"participant_names", "slot", "kind", "moved"},
    "cancellation": _COMMON | {"participant_names", "slot", "kind"},
    # A reminder of this conversation's own proposals, in its own thread.
    "follow_up": _COMMON
    | {
        "participant_names",
        "slots",
        "proposed_at",
        "number",
        "subject",  # this conversation's own subject
        "participant_zones",
        "now",
    },
    # Telling the customer who stayed silent on this conversation's proposals.
    "follow_up_notice": _COMMON
    | {"silent_names", "slots", "proposed_at", "reminders", "subject", "held"},
    # A participant declined or the meeting's copy was refreshed: this meeting only.
    "attendance": _COMMON | {"participant_name", "slot", "reproposing", "start", "end"},
    # Answering a data-subject request: its kind, deadline and one-time code, nothing held.
    "subject_request": _COMMON | {"kind", "deadline", "code", "code_expires", "done"},
    # Telling the customer a person objected or was erased, so a human takes over.
    "human_takeover": _COMMON | {"subject"},
    # A supervisor acting on an escalation (meetdesk.supervision.actions): their own
    # words, written for this thread, signed by the assistant; a question to the
    # customer alone; the note handing the thread back to the customer.
    "supervisor_reply": _COMMON | {"text"},
    "customer_question": _COMMON | {"question"},
    "hand_back": _COMMON | {"subject"},
    # Telling supervisors an escalation nears its due time: its id, reason family,
    # priority, status, due time and a console link; nothing of its conversation.
    "supervision_alert": frozenset(
        {"escalation_id", "reason", "kind", "priority", "status", "due_at", "console_url", "now"}
    ),
}

# The meeting's own calendar object (REQUEST, CANCEL): its identity and times, the
# title MeetDesk wrote (customer and participant names), this meeting's place or
# dial-in and video link, and this conversation's organizer and attendees.
CALENDAR_FIELDS = frozenset(
    {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "SEQUENCE",
        "STATUS",
        "TRANSP",
        "DESCRIPTION",
        "LOCATION",
        "CONFERENCE",
        "CATEGORIES",
        "ORGANIZER",
        "ATTENDEE",
    }
)

# Every header an outbound message may carry, in lower case. No X- headers: they
# would be a side channel for ids or addresses nobody reviews.
HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "auto-submitted",
        "content-language",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-disposition",
    }
)


def unexpected_headers(msg: Message) -> set[str]:
    """The header names in ``msg`` or any of its parts that are not in ``HEADERS``."""
    return {name.lower() for part in msg.walk() for name in part.keys()} - HEADERS


def unexpected_fields(purpose: str, inputs: Iterable[str]) -> set[str]:
    """The ``inputs`` a wording for ``purpose`` takes that the allow-list does not name.

    An unknown purpose allows nothing, so a new kind of message must be added here.
    """
    return set(inputs) - FIELDS.get(purpose, frozenset())
