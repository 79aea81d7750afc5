"""What a participant's calendar answer means: each client's fixture and every rule."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from meetdesk.calendar.itip_inbound import ItipMessage, read_itip
from meetdesk.flow.itip_answers import (
    ACCEPTED,
    COUNTER,
    DECLINED,
    IGNORED,
    RECORD_ONLY,
    REFRESH,
    REPROPOSE,
    TELL_CUSTOMER,
    TENTATIVE,
    UNREADABLE,
    Booked,
    ItipAnswer,
    is_calendar_answer,
    read_answer,
    read_answers,
)
from meetdesk.mail.parse import parse_message

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "itip"
FIXTURE_UID = "36524fd8f6747fc2712506d01fee0e18@assistant.example"
OUR_UID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0@assistant.example"
START, END = datetime(2026, 3, 30, 8, tzinfo=UTC), datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
BEFORE = datetime(2026, 3, 20, 12, tzinfo=UTC)
AFTER = datetime(2026, 3, 30, 9, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def booked(*attendees: str, sequence: int = 0, roles: dict[str, str] | None = None) -> Booked:
    roles = roles or {}
    return Booked(
        uid=OUR_UID,
        sequence=sequence,
        start=START,
        end=END,
        attendees={a: roles.get(a, "required") for a in attendees},
    )


def fixture(name: str, *, uid: str = OUR_UID) -> list[ItipMessage]:
    """A fixture mapped onto our conversation: its UID rewritten to our booking's."""
    raw = (FIXTURES / name).read_bytes()
    parts = parse_message(raw).calendar_parts if name.endswith(".eml") else (raw,)
    return read_itip([p.replace(FIXTURE_UID.encode(), uid.encode()) for p in parts])


class Case(NamedTuple):
    sender: str
    meaning: str
    partstat: str | None = None
    then: str | None = None
    sequence: int = 0
    start: datetime | None = None


CASES = {
    "google_reply_accepted.ics": Case("bob@partner.example", ACCEPTED, "ACCEPTED"),
    "google_reply_accepted.eml": Case("bob@partner.example", ACCEPTED, "ACCEPTED"),
    "google_reply_declined.ics": Case("carol@partner.example", DECLINED, "DECLINED", REPROPOSE),
    "google_reply_tentative.ics": Case("bob@partner.example", TENTATIVE, "TENTATIVE", sequence=1),
    "google_counter.ics": Case("bob@partner.example", COUNTER, start=utc(2026, 3, 31, 13)),
    "outlook_reply_accepted.ics": Case("Bob@Partner.Example", ACCEPTED, "ACCEPTED"),
    "exchange_reply_declined.ics": Case("dan@partner.example", DECLINED, "DECLINED", REPROPOSE),
    "exchange_reply_declined.eml": Case("dan@partner.example", DECLINED, "DECLINED", REPROPOSE),
    "outlookcom_reply_tentative.ics": Case("erin@partner.example", TENTATIVE, "TENTATIVE"),
    "exchange_counter.ics": Case("erin@partner.example", COUNTER, start=utc(2026, 3, 31, 13)),
    "outlook_counter_customized_zone.ics": Case(
        "farid@partner.example", COUNTER, start=utc(2026, 3, 31, 10)
    ),
    "apple_reply_accepted.ics": Case("bob@partner.example", ACCEPTED, "ACCEPTED"),
    "apple_reply_accepted.eml": Case("bob@partner.example", ACCEPTED, "ACCEPTED"),
    "apple_reply_declined.ics": Case("carol@partner.example", DECLINED, "DECLINED", REPROPOSE),
    "apple_reply_tentative.ics": Case("dan@partner.example", TENTATIVE, "TENTATIVE"),
    "refresh.ics": Case("bob@partner.example", REFRESH),
    "declinecounter.ics": Case("bob@partner.example", IGNORED),
    "malformed_reply_no_uid.ics": Case("bob@partner.example", UNREADABLE),
    "malformed_counter_unknown_zone.ics": Case("bob@partner.example", UNREADABLE),
    "malformed_truncated.ics": Case("bob@partner.example", UNREADABLE),
}


def test_every_answering_fixture_has_a_case() -> None:
    names = {p.name for p in FIXTURES.iterdir() if p.suffix in (".ics", ".eml")}
    assert names - set(CASES) == {"not_itip_publish_without_method.ics"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_clients_answer(name: str) -> None:
    case = CASES[name]
    messages = fixture(name)
    assert is_calendar_answer(messages)
    meeting = booked(case.sender.lower(), sequence=case.sequence)
    [answer] = read_answers(messages, meeting, sender=case.sender, now=BEFORE)
    assert answer.meaning == case.meaning, answer.rule
    assert answer.partstat == case.partstat
    assert answer.then == case.then
    if case.meaning in (ACCEPTED, TENTATIVE, DECLINED, REFRESH, COUNTER):
        assert answer.email == case.sender.lower()
    if case.start is not None:
        assert answer.start == case.start
        assert answer.end is not None and answer.end - answer.start == END - START


def test_a_plain_calendar_file_is_no_answer() -> None:
    messages = fixture("not_itip_publish_without_method.ics")
    assert not is_calendar_answer(messages)
    [answer] = read_answers(messages, booked("bob@partner.example"), sender="bob@x", now=BEFORE)
    assert answer.meaning == IGNORED


def one(
    name: str, meeting: Booked, *, sender: str = "bob@partner.example", now: datetime = BEFORE
) -> ItipAnswer:
    [message] = fixture(name)
    return read_answer(message, meeting, sender=sender, now=now)


def test_an_answer_for_another_event_is_ignored() -> None:
    [message] = fixture("google_reply_accepted.ics", uid="someone-else@calendar.example")
    answer = read_answer(
        message, booked("bob@partner.example"), sender="bob@partner.example", now=BEFORE
    )
    assert (answer.meaning, answer.rule) == (IGNORED, "itip.ignored.other_event")
    assert not answer.changes_something


def test_an_answer_for_one_occurrence_is_ignored() -> None:
    [message] = fixture("google_reply_declined.ics")
    message = dataclasses.replace(message, recurrence_id=START)
    answer = read_answer(
        message, booked("carol@partner.example"), sender="carol@partner.example", now=BEFORE
    )
    assert answer.rule == "itip.ignored.other_event"


@pytest.mark.parametrize("sequence", [1, 2])
def test_an_answer_to_an_older_version_is_ignored(sequence: int) -> None:
    answer = one(
        "google_reply_declined.ics",
        booked("carol@partner.example", sequence=sequence),
        sender="carol@partner.example",
    )
    assert (answer.meaning, answer.rule) == (IGNORED, "itip.ignored.other_sequence")


def test_an_answer_to_a_version_never_sent_is_ignored() -> None:
    answer = one("google_reply_tentative.ics", booked("bob@partner.example", sequence=0))
    assert answer.rule == "itip.ignored.other_sequence"


def test_a_stranger_is_never_trusted() -> None:
    answer = one("google_reply_accepted.ics", booked("carol@partner.example"))
    assert (answer.meaning, answer.rule) == (IGNORED, "itip.ignored.not_an_attendee")


def test_an_attendee_cannot_answer_for_another() -> None:
    """Bob sends a REPLY carrying Carol's ATTENDEE line: Carol's PARTSTAT is not his."""
    meeting = booked("bob@partner.example", "carol@partner.example")
    answer = one("google_reply_declined.ics", meeting, sender="bob@partner.example")
    assert (answer.meaning, answer.rule) == (IGNORED, "itip.ignored.for_someone_else")


def test_a_required_participant_declining_a_group_meeting_needs_new_times() -> None:
    meeting = booked("carol@partner.example", "dan@partner.example")
    answer = one("google_reply_declined.ics", meeting, sender="carol@partner.example")
    assert (answer.meaning, answer.then) == (DECLINED, REPROPOSE)


@pytest.mark.parametrize("role", ["optional", "informed"])
def test_an_optional_participant_declining_is_recorded_only(role: str) -> None:
    meeting = booked(
        "carol@partner.example", "dan@partner.example", roles={"carol@partner.example": role}
    )
    answer = one("google_reply_declined.ics", meeting, sender="carol@partner.example")
    assert (answer.meaning, answer.partstat, answer.then) == (DECLINED, "DECLINED", RECORD_ONLY)


def test_a_sole_participant_declining_counts_whatever_the_role() -> None:
    meeting = booked("carol@partner.example", roles={"carol@partner.example": "optional"})
    answer = one("google_reply_declined.ics", meeting, sender="carol@partner.example")
    assert answer.then == REPROPOSE


def test_a_decline_once_the_meeting_has_begun_is_told_to_the_customer() -> None:
    meeting = booked("carol@partner.example")
    answer = one("google_reply_declined.ics", meeting, sender="carol@partner.example", now=AFTER)
    assert (answer.meaning, answer.then) == (DECLINED, TELL_CUSTOMER)


def test_a_counter_for_a_time_already_past_is_ignored() -> None:
    answer = one("google_counter.ics", booked("bob@partner.example"), now=utc(2026, 4, 1))
    assert answer.rule == "itip.ignored.counter_in_the_past"


def test_a_counter_for_the_booked_time_changes_nothing() -> None:
    [message] = fixture("google_counter.ics")
    message = dataclasses.replace(message, start=START, end=END)
    answer = read_answer(
        message, booked("bob@partner.example"), sender="bob@partner.example", now=BEFORE
    )
    assert answer.rule == "itip.ignored.counter_same_time"


def test_an_informed_person_has_no_say_on_the_time() -> None:
    meeting = booked(
        "bob@partner.example", "dan@partner.example", roles={"bob@partner.example": "informed"}
    )
    assert one("google_counter.ics", meeting).rule == "itip.ignored.counter_from_informed"


def test_a_delegation_is_not_taken_as_an_answer() -> None:
    [message] = fixture("google_reply_accepted.ics")
    bob = dataclasses.replace(message.attendees[0], partstat="DELEGATED")
    message = dataclasses.replace(message, attendees=(bob,))
    answer = read_answer(
        message, booked("bob@partner.example"), sender="bob@partner.example", now=BEFORE
    )
    assert (answer.meaning, answer.rule) == (IGNORED, "itip.ignored.partstat_delegated")


def test_an_unreadable_part_is_unreadable_whoever_sent_it() -> None:
    answer = one("malformed_truncated.ics", booked("carol@partner.example"), sender="x@y.example")
    assert answer.meaning == UNREADABLE and not answer.changes_something


def test_a_counter_with_dates_only_is_unreadable() -> None:
    [message] = fixture("google_counter.ics")
    message = dataclasses.replace(message, start=START.date(), end=END.date())
    answer = read_answer(
        message, booked("bob@partner.example"), sender="bob@partner.example", now=BEFORE
    )
    assert answer.meaning == UNREADABLE
