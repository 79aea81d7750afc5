"""What a supervisor's action sends, in English and French: signed like every message
of the assistant's, and holding only the inputs the allow-list declares for it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from meetdesk.assistant.action_wording import (
    customer_question_text,
    hand_back_text,
    supervisor_reply_text,
)
from meetdesk.mail.allowed import FIELDS, unexpected_fields

WORDINGS: list[tuple[str, Callable[..., Any]]] = [
    ("supervisor_reply", supervisor_reply_text),
    ("customer_question", customer_question_text),
    ("hand_back", hand_back_text),
]


@pytest.mark.parametrize(("purpose", "wording"), WORDINGS, ids=lambda x: getattr(x, "__name__", x))
def test_each_wording_takes_only_what_the_allow_list_declares(
    purpose: str, wording: Callable[..., Any]
) -> None:
    assert purpose in FIELDS
    assert unexpected_fields(purpose, inspect.signature(wording).parameters) == set()


def test_the_action_purposes_never_take_calendar_or_participants() -> None:
    for purpose in ("supervisor_reply", "customer_question", "hand_back"):
        assert not {"slots", "participant_names", "busy"} & FIELDS[purpose]


def test_a_reply_is_the_supervisors_words_signed_by_the_assistant() -> None:
    en = supervisor_reply_text(language="en", assistant_name="Julie", text="  Noted, thanks.\n")
    fr = supervisor_reply_text(language="fr", assistant_name="Julie", text="C'est noté.")
    assert en == "Noted, thanks.\n\nBest regards,\nJulie\n"
    assert fr == "C'est noté.\n\nCordialement,\nJulie\n"


def test_a_question_to_the_customer_says_the_assistant_waits_for_it() -> None:
    en = customer_question_text(
        language="en", assistant_name="Julie", customer_name="Alice", question="30 or 60 minutes?"
    )
    fr = customer_question_text(
        language="fr", assistant_name="Julie", customer_name="Alice", question="30 ou 60 minutes ?"
    )
    assert en == "Hello Alice,\n\nBefore I go on: 30 or 60 minutes?\n\nBest regards,\nJulie\n"
    assert fr == (
        "Bonjour Alice,\n\nAvant d'aller plus loin : 30 ou 60 minutes ?\n\nCordialement,\nJulie\n"
    )


def test_handing_back_names_the_thread_and_stops() -> None:
    en = hand_back_text(
        language="en", assistant_name="Julie", customer_name="Alice", subject="Kickoff"
    )
    fr = hand_back_text(
        language="fr", assistant_name="Julie", customer_name="Alice", subject="Kickoff"
    )
    assert en.startswith('Hello Alice,\n\nI am leaving the thread "Kickoff" with you')
    assert fr.startswith("Bonjour Alice,\n\nJe vous laisse la main pour l'échange « Kickoff »")
    assert en.endswith("Best regards,\nJulie\n") and fr.endswith("Cordialement,\nJulie\n")


def test_another_language_is_written_in_english() -> None:
    assert supervisor_reply_text(language="de", assistant_name="J", text="Ok").endswith(
        "Best regards,\nJ\n"
    )
