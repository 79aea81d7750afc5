"""follow_up_wording: reminders and the customer's notice, in English and French."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.follow_up_wording import reminder_text, silence_notice_text
from meetdesk.assistant.wording import format_slot
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
PROPOSED = datetime(2026, 11, 27, 9, 15, tzinfo=ZoneInfo("UTC"))  # a Friday


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11 if day > 15 else 12, day, hour, minute, tzinfo=PARIS)


SLOTS = [Interval(at(30, 10), at(30, 10, 30)), Interval(at(1, 14), at(1, 14, 30))]


def remind(language: str, **overrides: object) -> str:
    args: dict[str, object] = dict(
        assistant_name="Julie",
        customer_name="Alice Martin",
        participant_names=["Bob Durand"],
        slots=SLOTS,
        tz=PARIS,
        proposed_at=PROPOSED,
        number=1,
        subject="Project kickoff",
    )
    args.update(overrides)
    return reminder_text(language, **args)  # type: ignore[arg-type]


def notice(language: str, **overrides: object) -> str:
    args: dict[str, object] = dict(
        assistant_name="Julie",
        customer_name="Alice Martin",
        silent_names=["Bob Durand", "Carol"],
        slots=SLOTS,
        tz=PARIS,
        proposed_at=PROPOSED,
        reminders=2,
        subject="Project kickoff",
        held=True,
    )
    args.update(overrides)
    return silence_notice_text(language, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_reminder_lists_the_same_times_numbered_as_the_proposal(language: str) -> None:
    """Each proposed time is listed again with its number, rendered as the proposal did."""
    text = remind(language)
    for i, slot in enumerate(SLOTS, 1):
        assert f"{i}. {format_slot(slot, PARIS, language)}" in text


def test_the_english_reminder_reads_as_a_follow_up() -> None:
    """It greets the silent participant, names the earlier message's day and the
    meeting, and asks which time suits."""
    text = remind("en")
    assert text.startswith("Hello Bob Durand,\n\n")
    assert "I am following up on my message of Friday 27 November regarding “Project kickoff”" in (
        text
    )
    assert "a meeting with Alice Martin" in text
    assert "Could you let me know which of these times suits you?" in text
    assert text.endswith("Kind regards,\nJulie\n")


def test_the_french_reminder_is_formal() -> None:
    """Vous, the day of the earlier message, and a formal closing."""
    text = remind("fr")
    assert text.startswith("Bonjour Bob Durand,\n\n")
    assert "Je me permets de revenir vers vous" in text
    assert "mon message du vendredi 27 novembre concernant « Project kickoff »" in text
    assert "Pourriez-vous m'indiquer celui qui vous convient ?" in text
    assert text.endswith("Bien cordialement,\nJulie\n")


@pytest.mark.parametrize(
    ("language", "phrase"), [("en", "following up once more"), ("fr", "revenir une nouvelle fois")]
)
def test_a_second_reminder_says_it_is_not_the_first(language: str, phrase: str) -> None:
    """The second reminder does not pretend to be the first."""
    assert phrase in remind(language, number=2)
    assert phrase not in remind(language, number=1)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_reminder_without_a_subject_still_says_what_it_is_about(language: str) -> None:
    """An empty subject is not quoted as “”."""
    text = remind(language, subject="")
    assert "“”" not in text and "«  »" not in text
    assert ("our meeting" if language == "en" else "notre rendez-vous") in text


def test_several_silent_participants_are_greeted_together() -> None:
    """Both names in the greeting, joined as each language does."""
    assert remind("en", participant_names=["Bob", "Carol"]).startswith("Hello Bob and Carol,")
    assert remind("fr", participant_names=["Bob", "Carol"]).startswith("Bonjour Bob et Carol,")


def test_the_english_notice_says_who_is_silent_and_that_the_times_are_held() -> None:
    """Addressed to the customer: who has not answered, how often we followed up, the times."""
    text = notice("en")
    assert text.startswith("Hello Alice Martin,\n\n")
    assert "On Friday 27 November I proposed times for “Project kickoff”" in text
    assert "followed up twice" in text
    assert "not yet heard back from Bob Durand and Carol" in text
    assert "still held in your calendar" in text
    for i, slot in enumerate(SLOTS, 1):
        assert f"{i}. {format_slot(slot, PARIS, 'en')}" in text


def test_the_french_notice_says_who_is_silent_and_that_the_times_are_held() -> None:
    """The same in French, with the elision before a vowel."""
    text = notice("fr", silent_names=["Ève"], reminders=1)
    assert text.startswith("Bonjour Alice Martin,\n\n")
    assert "Le vendredi 27 novembre, j'ai proposé des créneaux pour « Project kickoff »" in text
    assert "envoyé une relance" in text
    assert "pas reçu de réponse d'Ève" in text
    assert "restent réservés dans votre agenda" in text
    assert (
        "envoyé deux relances, mais je n'ai toujours pas reçu de réponse de Bob Durand et Carol"
        in (notice("fr"))
    )


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "no longer held in your calendar"), ("fr", "ne sont plus réservés")],
)
def test_the_notice_does_not_claim_expired_holds(language: str, phrase: str) -> None:
    """Once the holds expired, the notice says so rather than promising the times."""
    assert phrase in notice(language, held=False)
    assert phrase not in notice(language, held=True)
