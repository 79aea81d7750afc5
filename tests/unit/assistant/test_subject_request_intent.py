"""Which right a message exercises: EN and FR requests, and the traps that are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.subject_request_intent import find_codes, request_kind
from meetdesk.assistant.understand import read_choice, read_request
from meetdesk.calendar.base import Interval

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
PROPOSALS = [Interval(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))]


def _kinds(text: str) -> set[str | None]:
    """The kind read in a fresh message and in an answer to our proposals."""
    fresh = read_request(text, sent_at=NOW, tz=PARIS, assistant_name="Julie")
    answer = read_choice(text, proposals=PROPOSALS, sent_at=NOW, tz=PARIS)
    return {(found[0] if (found := request_kind(r.rules, text)) else None) for r in (fresh, answer)}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please delete my data", "erasure"),
        ("Hello, please erase all my personal information.", "erasure"),
        ("Merci de supprimer mes données", "erasure"),
        ("Send me what you hold about me", "access"),
        ("Could you send me a copy of my data?", "access"),
        ("Pouvez-vous m'envoyer une copie de mes données ?", "access"),
        ("unsubscribe", "objection"),
        ("STOP", "objection"),
        ("Arrêtez", "objection"),
        ("Don't contact me again", "objection"),
        ("Merci de ne plus me contacter", "objection"),
        ("Désinscrivez-moi", "objection"),
        ("Please stop emailing me.", "objection"),
        ("I withdraw my consent.", "consent_withdrawal"),
        ("Je retire mon consentement.", "consent_withdrawal"),
        ("I ask for data portability.", "portability"),
    ],
)
def test_requests_are_read_with_their_kind(text: str, kind: str) -> None:
    assert _kinds(text) == {kind}


@pytest.mark.parametrize(
    "text",
    [
        "Feel free to stop by my office on Tuesday.",
        "Please delete the Tuesday slot, the second one works.",
        "Can you stop by at 3pm?",
        "A question about GDPR compliance for the meeting",
        "Remove the Friday option, I am travelling.",
        "Supprimez le créneau de mardi, mercredi me va.",
        "Je passerai vous voir, arrêtez-vous au café si vous voulez.",
        "Non-stop flights only, so Thursday please.",
    ],
)
def test_traps_are_not_requests(text: str) -> None:
    assert _kinds(text) == {None}


def test_codes_are_eight_digits_alone_with_an_optional_separator() -> None:
    assert find_codes("code: 1234 5678, ref 123456789, tel 12345678") == ["12345678", "12345678"]
    assert find_codes("Voici le code : 8765-4321") == ["87654321"]
    assert find_codes("no code here, 2026-12-02") == []
