"""interpret: the sender's role and the participants' roles from the headers and the thread."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.interpret import Thread, interpret
from meetdesk.calendar.base import Interval
from meetdesk.mail.parse import parse_message

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 19, 10, 0, tzinfo=PARIS)
JULIE, ALICE, BOB = "julie@assistant.example", "alice@customer.example", "bob@partner.example"
THREAD = Thread(
    timezone=PARIS,
    assistant_emails=frozenset({JULIE}),
    assistant_name="Julie",
    customer_email=ALICE,
)


def _raw(sender: str, to: str, body: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "Kickoff"
    msg["Date"] = format_datetime(SENT)
    msg["Message-ID"] = "<m1@customer.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def test_customer_request_lists_required_and_informed_people() -> None:
    """To/Cc are required, Bcc informed, the customer first, never the assistant."""
    raw = _raw(
        ALICE, f"Bob <{BOB}>", "Julie, please set up a call with Bob.", Cc=JULIE, Bcc="d@x.io"
    )
    seen = interpret(parse_message(raw), THREAD, now=SENT)
    assert seen.sender_role == "customer"
    assert [(p.email, p.role) for p in seen.participants] == [
        (ALICE, "customer"),
        (BOB, "required"),
        ("d@x.io", "informed"),
    ]
    assert [p.email for p in seen.invited] == [BOB, "d@x.io"]
    assert seen.reading.intent == "schedule"


def test_our_own_message_is_self_and_ignored_as_a_sender() -> None:
    """A message from the assistant's own address is a loop: role self."""
    seen = interpret(parse_message(_raw(JULIE, BOB, "Hello")), THREAD, now=SENT)
    assert seen.sender_role == "self"


def test_known_participant_answer_is_matched_against_proposals() -> None:
    """In state proposed, a participant's answer is read as a choice among our proposals."""
    proposals = tuple(
        Interval(datetime(2026, 11, d, 10, tzinfo=PARIS), datetime(2026, 11, d, 11, tzinfo=PARIS))
        for d in (23, 24, 25)
    )
    thread = Thread(
        timezone=PARIS,
        assistant_emails=frozenset({JULIE}),
        customer_email=ALICE,
        state="proposed",
        proposals=proposals,
        participants=frozenset({BOB}),
    )
    seen = interpret(parse_message(_raw(BOB, JULIE, "The second one works.")), thread, now=SENT)
    assert seen.sender_role == "participant"
    assert (seen.reading.intent, seen.reading.chosen_option) == ("choose_slot", 2)


def test_stranger_is_unknown_and_not_invited() -> None:
    """Someone outside the thread who does not write to the customer is unknown."""
    seen = interpret(parse_message(_raw("eve@else.example", JULIE, "Hi")), THREAD, now=SENT)
    assert seen.sender_role == "unknown"
    assert all(p.email != "eve@else.example" for p in seen.participants)


def test_missing_date_falls_back_to_now_with_a_note() -> None:
    """Without a Date header, relative dates resolve against now, and the reading says so."""
    msg = EmailMessage()
    msg["From"], msg["To"] = ALICE, BOB
    msg.set_content("Julie, please set up a call tomorrow.")
    seen = interpret(parse_message(msg.as_bytes()), THREAD, now=SENT)
    assert seen.sent_at == SENT
    assert any("Date" in n for n in seen.notes)
