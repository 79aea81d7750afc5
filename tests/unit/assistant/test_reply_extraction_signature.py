"""strip_signature: dash delimiters, closing words in several languages, mobile footers."""

from __future__ import annotations

import pytest

from meetdesk.assistant.signature import strip_signature

CASES = [
    ("Tuesday works.\n-- \nAnne Martin\nACME", "Tuesday works.", "-- \nAnne Martin\nACME"),
    ("Tuesday works.\n\n-Anne", "Tuesday works.", "-Anne"),
    ("Mardi me va.\n\nCordialement,\nAnne Martin", "Mardi me va.", "Cordialement,\nAnne Martin"),
    ("Mardi me va.\n\nBien à vous,\nAnne", "Mardi me va.", "Bien à vous,\nAnne"),
    ("Tuesday works.\n\nBest regards,\n\nAnne", "Tuesday works.", "Best regards,\n\nAnne"),
    ("Tuesday works.\nThanks, Anne", "Tuesday works.", "Thanks, Anne"),
    ("Mardi.\n\nMerci !\nAnne", "Mardi.", "Merci !\nAnne"),
    ("Yes.\n\nSent from my iPhone", "Yes.", "Sent from my iPhone"),
    ("Oui.\n\nEnvoyé de mon iPad", "Oui.", "Envoyé de mon iPad"),
    ("Ja.\n\nVon meinem iPhone gesendet", "Ja.", "Von meinem iPhone gesendet"),
]


@pytest.mark.parametrize(("text", "body", "signature"), CASES)
def test_signature_is_split_off(text: str, body: str, signature: str) -> None:
    assert strip_signature(text) == (body, signature)


KEPT = [
    "Thanks!",  # the whole message
    "--\nAnne",  # nothing before it
    "On Tuesday at 14:00 I am free.\nThanks",  # a lone closing word, no name after
    "Thanks for your patience.\nTuesday then.",
    "Agenda:\n- budget\n- planning",  # a dash list
    "Look:\n--> one\n--> two",
    "Here it is.\n\nSent from my desk, which is easier than my phone.",
    "I sent you the file from my office yesterday and it should be there by now, really.",
]


@pytest.mark.parametrize("text", KEPT)
def test_no_signature(text: str) -> None:
    assert strip_signature(text) == (text, None)


def test_long_lines_end_the_signature_zone() -> None:
    text = (
        "Hello,\n\nThanks\nthis is a long sentence that goes well beyond sixty characters, clearly"
    )
    assert strip_signature(text) == (text, None)


def test_dash_delimiter_reaches_past_a_long_notice() -> None:
    """A bare '--' starts the signature even when a long legal notice follows it."""
    notice = "CONFIDENTIALITY NOTICE: this e-mail and any attachments are confidential. " * 3
    text = "Can we meet on Tuesday?\n\n--\nAlice Martin\n12 Harbour Street, London\n\n" + notice
    body, signature = strip_signature(text)
    assert body == "Can we meet on Tuesday?"
    assert signature is not None and signature.startswith("--\nAlice Martin")


def test_contact_block_is_a_signature() -> None:
    """A last paragraph opening with a name and holding a phone number is a signature."""
    text = "Drinks on Thursday?\n\nOliver\n\nOliver Grant\nManaging Director\n+44 20 7946 0321"
    assert strip_signature(text)[0] == "Drinks on Thursday?\n\nOliver"
    dial_in = "Call on Tuesday.\n\nDial-in: +1 646 558 8656\nMeeting ID: 123 456 789"
    assert strip_signature(dial_in) == (dial_in, None)
