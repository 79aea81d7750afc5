"""new_text: only the sender's own words survive (no quoted history, no signature)."""

from __future__ import annotations

import pytest

from meetdesk.assistant.new_text import new_text

CASES = [
    (
        "The second one works.\n\nOn Tue, 24 Nov 2026 at 10:00, Julie <julie@x.example> wrote:\n"
        "> 1. Tuesday\n> 2. Wednesday\n",
        "The second one works.",
    ),
    (
        "Tuesday is fine.\n\nOn Tue, 24 Nov 2026 at 10:00, Julie Assistant\n<julie@x.example> "
        "wrote:\n\n1. Tuesday\n",
        "Tuesday is fine.",
    ),
    (
        "Le deuxième me convient.\n\nLe mar. 24 nov. 2026 à 10:00, Julie <julie@x.example> "
        "a écrit :\n> 1. mardi\n",
        "Le deuxième me convient.",
    ),
    (
        "Option 2 please.\n\n-----Original Message-----\nFrom: Julie\nSent: Tuesday\n1. x\n",
        "Option 2 please.",
    ),
    (
        "Option 3.\n\nFrom: Julie <julie@x.example>\nSent: Tuesday, 24 November 2026 10:00\n"
        "To: Bob\nSubject: Re: kickoff\n\n1. Tuesday\n",
        "Option 3.",
    ),
    (
        "Option 1.\n\nDe : Julie <julie@x.example>\nEnvoyé : mardi 24 novembre 2026 10:00\n"
        "À : Bob\n\n1. mardi\n",
        "Option 1.",
    ),
    ("The first.\n________________________________\nFrom: Julie\n", "The first."),
    ("Thursday works.\n-- \nBob Durand\nACME, +33 1 23 45 67 89\n", "Thursday works."),
    ("Thursday works.\n--\nBob\n", "Thursday works."),
    ("Yes.\n\nSent from my iPhone\n", "Yes."),
    ("> quoted first\nMy answer: the last one.\n> more quote", "My answer: the last one."),
    ("Line one\r\nLine two\r\n", "Line one\nLine two"),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_new_text_keeps_only_new_words(body: str, expected: str) -> None:
    """Each client's quote header, '>' lines and the signature are removed."""
    assert new_text(body) == expected


def test_on_sentence_without_wrote_is_kept() -> None:
    """A line starting with 'On' that is not a quote header is ordinary text."""
    assert new_text("On Tuesday at 14:00 I am free.\nThanks") == (
        "On Tuesday at 14:00 I am free.\nThanks"
    )


def test_from_line_without_header_block_is_kept() -> None:
    """'From: ...' alone (no Sent/Date/To after it) is not an Outlook header."""
    assert new_text("From: my side, Thursday works.") == "From: my side, Thursday works."
