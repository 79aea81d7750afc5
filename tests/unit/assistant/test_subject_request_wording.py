"""The answers to data-subject requests: kind, deadline and code, in English and French."""

from __future__ import annotations

from datetime import UTC, datetime

from meetdesk.assistant.subject_request_wording import acknowledgement_text, takeover_text

DUE = datetime(2027, 2, 28, 10, 0, tzinfo=UTC)
EXPIRES = datetime(2027, 2, 3, 10, 0, tzinfo=UTC)


def test_english_answer_with_a_code_gives_code_expiry_and_deadline() -> None:
    text = acknowledgement_text(
        language="en",
        assistant_name="Julie",
        kind="erasure",
        deadline=DUE,
        code="12345678",
        code_expires=EXPIRES,
        done=False,
    )
    assert "erasure of your personal data" in text
    assert "this code: 12345678" in text and "valid until Wednesday 3 February" in text
    assert "by Sunday 28 February at the latest" in text and text.endswith("Julie\n")


def test_french_answer_once_verified_has_no_code() -> None:
    text = acknowledgement_text(
        language="fr",
        assistant_name="Julie",
        kind="access",
        deadline=DUE,
        code=None,
        code_expires=None,
        done=False,
    )
    assert "une copie des données personnelles" in text and "code" not in text
    assert "au plus tard le dimanche 28 février" in text


def test_objection_answer_says_it_is_done() -> None:
    en = acknowledgement_text(
        language="en",
        assistant_name="Julie",
        kind="objection",
        deadline=DUE,
        code=None,
        code_expires=None,
        done=True,
    )
    assert "no further messages from me" in en and "at the latest" not in en


def test_takeover_names_the_thread_and_asks_for_a_human() -> None:
    en = takeover_text(
        language="en", assistant_name="Julie", customer_name="Alice", subject="Kickoff"
    )
    fr = takeover_text(
        language="fr", assistant_name="Julie", customer_name="Alice", subject="Lancement"
    )
    assert en.startswith("Hello Alice,") and '"Kickoff"' in en and "human" in en
    assert fr.startswith("Bonjour Alice,") and "« Lancement »" in fr and "reprendre" in fr
