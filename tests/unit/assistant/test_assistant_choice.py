"""read_choice: which proposal a participant's answer picks, never a guess."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.reading import Reading
from meetdesk.assistant.understand import read_choice
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
SENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Friday 20 November 2026


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


# Stored in UTC, as the store does, to check matching happens in the customer's zone.
PROPOSALS = [
    Interval(at(24, 10).astimezone(UTC), at(24, 10, 30).astimezone(UTC)),  # Tue 10:00
    Interval(at(24, 14).astimezone(UTC), at(24, 14, 30).astimezone(UTC)),  # Tue 14:00
    Interval(at(26, 10, 30).astimezone(UTC), at(26, 11).astimezone(UTC)),  # Thu 10:30
]


def choose(text: str, proposals: list[Interval] = PROPOSALS) -> Reading:
    return read_choice(text, proposals=proposals, sent_at=SENT, tz=PARIS)


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("The second one works for me.", 2),
        ("option 2", 2),
        ("#2", 2),
        ("the first", 1),
        ("The last one, please.", 3),
        ("le deuxième", 2),
        ("La première option me convient", 1),
        ("Le dernier créneau me va", 3),
        ("2", 2),
        ("No problem, the third works.", 3),
        ("The 2nd option", 2),
        ("Second works for me", 2),
        ("Je prends la proposition 3", 3),
        ("Option #1 is perfect", 1),
        ("le 2e créneau", 2),
        ("La troisième, merci", 3),
    ],
)
def test_ordinals(text: str, option: int) -> None:
    """Ordinal phrasings in English and French pick that option with high confidence."""
    reading = choose(text)
    assert (reading.intent, reading.chosen_option) == ("choose_slot", option)
    assert reading.chosen_start == PROPOSALS[option - 1].start
    assert reading.confidence >= 0.9
    assert "choice.ordinal" in reading.rules


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("Tuesday at 14:00 is fine", 2),
        ("Tuesday at 2pm", 2),
        ("Tuesday at 2 p.m. works", 2),
        ("Thursday 10:30", 3),
        ("mardi à 14h", 2),
        ("Mardi 10h me convient", 1),
        ("the 24th at 2pm", 2),
        ("Nov 24 at 14:00", 2),
        ("Nov. 24 at 10:00 works", 1),
        ("le 26 à 10h30", 3),
        ("Tuesday 24 November, 14:00–14:30 works", 2),
        ("jeudi 26 novembre de 10 h 30 à 11 h", 3),
        ("Tuesday at 10", 1),
        ("Tuesday at 2", 2),
    ],
)
def test_day_and_time(text: str, option: int) -> None:
    """A day and a time that match exactly one proposal, in the customer's zone."""
    reading = choose(text)
    assert (reading.intent, reading.chosen_option) == ("choose_slot", option)
    assert reading.confidence >= 0.9
    assert "choice.date_time" in reading.rules


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("Thursday works, thanks!", 3),
        ("Le jeudi me va très bien, merci à tous", 3),
        ("14:00 works for me", 2),
        ("the 26th works", 3),
    ],
)
def test_partial_reference_that_is_unique(text: str, option: int) -> None:
    """Only a day or only a time is enough when it singles out one proposal."""
    reading = choose(text)
    assert reading.chosen_option == option
    assert reading.confidence >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "both work",
        "any of them is fine",
        "Either works for me",
        "Les deux me vont",
        "Tuesday works",
        "the first or the second",
        "n'importe lequel",
    ],
)
def test_several_matches_are_unknown(text: str) -> None:
    """Answers fitting several proposals never pick one."""
    reading = choose(text)
    assert reading.intent == "unknown"
    assert reading.chosen_option is None
    assert reading.confidence < 0.5
    assert reading.reasons


@pytest.mark.parametrize(
    "text",
    [
        "none of these work",
        "Unfortunately I can't make any of them",
        "Aucun de ces créneaux ne me convient",
        "Neither works for me",
    ],
)
def test_declines_are_declines(text: str) -> None:
    """A refusal is not a choice: it reads as a decline, with the reason."""
    reading = choose(text)
    assert reading.intent == "decline"
    assert reading.chosen_option is None
    assert any("declines" in r for r in reading.reasons)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Wednesday at 10 works", "unknown"),
        ("Tuesday at 16:00", "counter_proposal"),
        ("the 25th", "counter_proposal"),
        ("option 5", "unknown"),
        ("mardi à 11h", "counter_proposal"),
    ],
)
def test_times_not_proposed_are_not_choices(text: str, intent: str) -> None:
    """A time we did not propose is a counter-proposal; an option we did not offer, unknown."""
    reading = choose(text)
    assert reading.intent == intent
    assert reading.chosen_option is None
    assert reading.escalate(0.9)


def test_exclusion_then_acceptance() -> None:
    """'The first doesn't work, but the second is fine' picks the second."""
    reading = choose("The first doesn't work for me, but the second is fine.")
    assert reading.chosen_option == 2
    assert reading.confidence >= 0.9
    french = choose("Le premier ne me convient pas, le deuxième oui.")
    assert french.chosen_option == 2


def test_plain_yes_with_one_proposal() -> None:
    """'yes' / 'works for me' answers a single proposal."""
    for text in ("Yes, works for me.", "Oui, parfait.", "Sounds good"):
        reading = choose(text, PROPOSALS[:1])
        assert reading.chosen_option == 1
        assert reading.confidence >= 0.9
        assert "choice.accept_single" in reading.rules


def test_plain_yes_with_several_proposals() -> None:
    """'yes' to three proposals says nothing about which."""
    reading = choose("Yes, works for me.")
    assert reading.intent == "unknown"
    assert reading.confidence < 0.5


def test_ordinal_and_date_must_agree() -> None:
    """'the first, Thursday at 10:30' contradicts itself: not a confident pick."""
    assert choose("The first one, Thursday at 10:30").intent == "unknown"


def test_second_of_month_is_ambiguous_when_it_could_be_a_day() -> None:
    """'the 2nd' is option 2 or the 2nd of the month; if those differ, do not guess."""
    proposals = [
        Interval(datetime(2026, 12, d, 10, tzinfo=PARIS), datetime(2026, 12, d, 11, tzinfo=PARIS))
        for d in (1, 3, 2)
    ]
    assert choose("The 2nd works", proposals).intent == "unknown"
    assert choose("le 2", proposals).intent == "unknown"
    assert choose("The 2nd works").chosen_option == 2  # no proposal on a 2nd


def test_question_lowers_confidence() -> None:
    """A pick with a question attached goes to a human."""
    reading = choose("The second works, could we do it by video?")
    assert reading.chosen_option == 2
    assert reading.confidence < 0.9


def test_nothing_understood() -> None:
    """An unrelated answer is unknown with a reason."""
    reading = choose("Who else will attend?")
    assert reading.intent == "question"
    assert reading.reasons
    assert choose("Bien reçu, je reviens vers vous").chosen_option is None


def test_no_proposals() -> None:
    """Without proposals there is nothing to choose."""
    assert choose("the first", []).intent == "unknown"


def test_matching_uses_customer_zone() -> None:
    """'Tuesday at 14:00' means 14:00 Paris time, i.e. 13:00 UTC as stored."""
    reading = read_choice("Tuesday at 13:00", proposals=PROPOSALS, sent_at=SENT, tz=PARIS)
    assert reading.intent == "counter_proposal"
    assert (
        read_choice("Tuesday at 13:00", proposals=PROPOSALS, sent_at=SENT, tz=UTC).chosen_option
        == 2
    )
