"""The full intent set in English: each intent, its rule names and its confidence.

Requests are read with ``read_request(full_intents=True)``; answers to our proposals with
``read_choice(full_intents=True)``, where a counter-proposal and a pick are told apart.
"""

from __future__ import annotations

import pytest

from meetdesk.assistant.understand import read_request
from tests.unit.assistant.intent_helpers import (
    PARIS,
    SENT,
    answer,
    intent_confidence,
    read,
)


@pytest.mark.parametrize(
    ("text", "intent", "rule"),
    [
        ("Julie, please set up a call with Bob next week", "schedule", "intent.schedule.verb"),
        ("Can we move our call to Thursday?", "reschedule", "intent.reschedule.verb"),
        ("Could you postpone the meeting with Bob?", "reschedule", "intent.reschedule.verb"),
        ("Please cancel the meeting", "cancel", "intent.cancel.verb"),
        ("Julie, could you call off the lunch with Carol?", "cancel", "intent.cancel.verb"),
        ("I won't be able to attend", "decline", "intent.decline.cannot_attend"),
        ("Sorry, we can't make it.", "decline", "intent.decline.cannot_attend"),
        ("Which address?", "question", "intent.question.wh"),
        ("Who else will attend?", "question", "intent.question.wh"),
        ("Thanks!", "acknowledge", "intent.acknowledge.thanks"),
        ("Great, see you then.", "acknowledge", "intent.acknowledge.thanks"),
        ("Please delete my data", "privacy_request", "intent.privacy.delete"),
        ("Send me what you hold about me", "privacy_request", "intent.privacy.access"),
        ("unsubscribe", "privacy_request", "intent.privacy.unsubscribe"),
        ("STOP", "privacy_request", "intent.privacy.stop"),
        ("Stop emailing me.", "privacy_request", "intent.privacy.stop"),
        (
            "From now on I prefer meetings after 10am",
            "preference_update",
            "intent.preference.standing",
        ),
        (
            "Going forward, never book anything on Fridays.",
            "preference_update",
            "intent.preference.standing",
        ),
        (
            "View this email in your browser. 30% off this week only! Click here.",
            "not_scheduling",
            "intent.not_scheduling.bulk",
        ),
    ],
)
def test_english_intents(text: str, intent: str, rule: str) -> None:
    """Each intent is recognised confidently, with its named rule."""
    reading = read(text)
    assert reading.intent == intent
    assert rule in reading.rules
    assert intent_confidence(text) >= 0.9


def test_unrelated_message_is_not_scheduling_but_not_confident() -> None:
    """Nothing about meetings: not_scheduling, yet below the gate (no strong sign)."""
    reading = read("Contact me now to make $100 today!")
    assert reading.intent == "not_scheduling"
    assert "intent.not_scheduling.no_signal" in reading.rules
    assert reading.confidence < 0.9


def test_out_of_office_words_are_auto_reply() -> None:
    reading = read("I am currently out of the office with limited access to e-mail.")
    assert reading.intent == "auto_reply"
    assert "intent.auto_reply.words" in reading.rules


def test_counter_proposal_answers_our_proposals() -> None:
    """'none of these work, how about Monday morning?' offers an alternative."""
    reading = answer("None of these work, how about Monday morning?")
    assert reading.intent == "counter_proposal"
    assert {"intent.counter.alternative", "intent.decline.none_fit"} <= set(reading.rules)
    assert reading.chosen_option is None


def test_refusing_all_proposals_is_decline() -> None:
    reading = answer("Unfortunately none of these work for me.")
    assert reading.intent == "decline"
    assert "intent.decline.none_fit" in reading.rules


def test_question_instead_of_choice() -> None:
    reading = answer("Will it be by video or in person?")
    assert reading.intent == "question"
    assert reading.chosen_option is None


def test_clear_choice_is_still_choose_slot() -> None:
    reading = answer("The second one works for me.")
    assert (reading.intent, reading.chosen_option) == ("choose_slot", 2)
    assert reading.confidence >= 0.9


def test_default_reading_keeps_the_first_contract() -> None:
    """With full_intents=False the finer intent is only in the rules; the intent is unknown."""
    reading = read_request(
        "Please cancel the meeting",
        sent_at=SENT,
        tz=PARIS,
        assistant_name="Julie",
        full_intents=False,
    )
    assert reading.intent == "unknown"
    assert "intent.cancel.verb" in reading.rules
    assert reading.confidence < 0.5
