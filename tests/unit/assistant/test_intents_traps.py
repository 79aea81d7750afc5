"""Traps for the intent reader: negations, mixed messages and words out of their shape.

A reader that guesses here would cancel a meeting nobody wanted cancelled or book a slot
from an answer that also asks to move it; each trap must lower the confidence below the
default gate (0.9) or not fire at all.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.reading import Reading
from meetdesk.assistant.understand import read_choice, read_request
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("UTC"))
PROPOSALS = [
    Interval(datetime(2026, 11, 24, h, tzinfo=PARIS), datetime(2026, 11, 24, h, 30, tzinfo=PARIS))
    for h in (10, 14, 16)
]
GATE = 0.9


def read(text: str) -> Reading:
    return read_request(text, sent_at=SENT, tz=PARIS, assistant_name="Julie", full_intents=True)


def answer(text: str, *, full: bool = True) -> Reading:
    return read_choice(text, proposals=PROPOSALS, sent_at=SENT, tz=PARIS, full_intents=full)


@pytest.mark.parametrize(
    "text",
    [
        "Julie, no need to set up a call with Bob",
        "Julie, pas besoin d'organiser un appel avec Bob",
    ],
)
def test_negated_request_is_not_schedule(text: str) -> None:
    reading = read(text)
    assert reading.intent != "schedule"
    assert reading.confidence < 0.5
    assert "intent.schedule.negated" in reading.rules


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Please don't cancel the meeting, I will be there", "intent.cancel.verb.negated"),
        ("N'annulez pas la réunion, je serai là", "intent.cancel.verb_fr.negated"),
        ("Do not reschedule the call with Bob", "intent.reschedule.verb.negated"),
    ],
)
def test_negated_cancel_or_reschedule_is_not_read_as_one(text: str, rule: str) -> None:
    reading = read(text)
    assert reading.intent not in ("cancel", "reschedule")
    assert rule in reading.rules
    assert reading.confidence < GATE


@pytest.mark.parametrize(
    "text",
    [
        "Please cancel the call with Bob and set up a lunch with Carol",
        "Merci d'annuler l'appel avec Bob et d'organiser un déjeuner avec Carol",
        "Please delete my data and set up a call with Bob",
    ],
)
def test_mixed_messages_are_not_confident(text: str) -> None:
    reading = read(text)
    assert reading.confidence < GATE
    assert any(rule.startswith("intent.mixed.") for rule in reading.rules)


@pytest.mark.parametrize(
    "text",
    [
        "Julie, could you set up a meeting with Bob? I can stop by his office on Tuesday.",
        "Julie, merci d'organiser un appel avec Bob, il faut que ça s'arrête vite.",
    ],
)
def test_stop_inside_a_sentence_is_not_a_privacy_request(text: str) -> None:
    reading = read(text)
    assert reading.intent == "schedule"
    assert not any(rule.startswith("intent.privacy") for rule in reading.rules)


@pytest.mark.parametrize(
    "text",
    [
        "If you want to cancel your subscription, click here.",
        "To opt out, visit our preferences page.",
        "Pour annuler votre abonnement, cliquez ici.",
    ],
)
def test_described_actions_are_not_requests(text: str) -> None:
    """'If you want to cancel...' in a footer describes an action, nobody asks for it."""
    reading = read(text)
    assert reading.intent not in ("cancel", "privacy_request")
    assert any(rule.endswith(".conditional") for rule in reading.rules)


def test_question_inside_a_choice_lowers_confidence() -> None:
    reading = answer("The second works, but which address should I use?")
    assert (reading.intent, reading.chosen_option) == ("choose_slot", 2)
    assert reading.confidence < GATE


@pytest.mark.parametrize("full", [True, False])
def test_choice_that_also_cancels_is_not_booked(full: bool) -> None:
    """A pick beside a cancellation or a reschedule is no longer a clear choice."""
    for text in (
        "The second one works. Actually, please cancel the meeting.",
        "Le deuxième me va, mais pouvons-nous décaler le rendez-vous ?",
    ):
        reading = answer(text, full=full)
        assert reading.confidence < GATE


def test_thanks_beside_a_request_does_not_lower_it() -> None:
    reading = read("Thanks! Julie, please set up a call with Bob next week.")
    assert reading.intent == "schedule"
    assert reading.confidence >= GATE
    assert reading.reasons == ()


def test_agreeing_without_saying_which_stays_unknown() -> None:
    """'Sounds good' to three proposals is not an acknowledgement we can act on."""
    assert answer("Sounds good!").intent == "unknown"
