"""Out-of-office replies without RFC 3834 headers are still recognised, in EN and FR."""

from __future__ import annotations

import pytest

from meetdesk.assistant.auto_reply import looks_automatic


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Out of Office: Project kickoff", "I am out of the office until Monday."),
        ("Automatic reply: Project kickoff", "Thank you for your message."),
        ("RE: Réponse automatique : Réunion", "Bonjour"),
        ("Absence du bureau", "Je suis absent jusqu'au 3 décembre."),
        ("Re: Project kickoff", "I'm currently on vacation and will reply when I'm back."),
        ("Re: Réunion", "Bonjour,\nJe suis actuellement en congés, avec un accès limité."),
        ("Re: Réunion", "Ceci est une réponse automatique."),
        ("Project", "This is an automatic reply. I will be back on 3 Dec."),
    ],
)
def test_absence_notices_are_automatic(subject: str, text: str) -> None:
    """Subjects and openings that announce an absence or an automatic reply."""
    assert looks_automatic(subject, text)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Re: Project kickoff", "The second one works. I was out of the office yesterday."),
        ("Re: Office move", "Tuesday at 14:00 is fine."),
        ("Re: Réunion", "Le deuxième créneau me convient, merci."),
        ("Out of scope question", "Could we meet next week?"),
        ("Re: Project", "Sorry for the delay: I was on vacation.\n" * 1 + "The first one works."),
    ],
)
def test_human_answers_are_not_automatic(subject: str, text: str) -> None:
    """A person mentioning an absence in a real answer is not a robot."""
    assert not looks_automatic(subject, text)
