"""wording: proposals and confirmations list the right times, names and nothing else."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.wording import (
    confirmation_text,
    format_slot,
    proposal_text,
    subject_for_new_meeting,
    zone_label,
)
from meetdesk.calendar.base import Interval

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


SLOTS = [
    Interval(at(24, 10).astimezone(UTC), at(24, 10, 30).astimezone(UTC)),
    Interval(at(24, 14), at(24, 14, 30)),
    Interval(at(1, 9, 0, month=12), at(1, 10, 30, month=12)),
]


def propose(language: str, **overrides: object) -> str:
    args: dict[str, object] = dict(
        assistant_name="Julie",
        customer_name="Alice Martin",
        participant_names=["Bob"],
        slots=SLOTS,
        tz=PARIS,
        duration_minutes=30,
        kind="call",
    )
    args.update(overrides)
    return proposal_text(language, **args)  # type: ignore[arg-type]


def test_english_proposal() -> None:
    """Greets, names the customer, lists numbered slots in the zone, asks, signs."""
    text = propose("en")
    assert text.startswith("Hello Bob,\n")
    assert "on behalf of Alice Martin" in text
    assert "a 30-minute call" in text
    assert "1. Tuesday 24 November, 10:00–10:30 (Paris time)" in text
    assert "2. Tuesday 24 November, 14:00–14:30 (Paris time)" in text
    assert "3. Tuesday 1 December, 09:00–10:30 (Paris time)" in text
    assert "which one suits you" in text
    assert text.rstrip().endswith("Julie")


def test_french_proposal() -> None:
    """French: formal, our own month and weekday names, 'heure de Paris', '1er'."""
    text = propose("fr")
    assert text.startswith("Bonjour Bob,\n")
    assert "au nom d'Alice Martin" in text
    assert "un appel de 30 minutes" in text
    assert "1. mardi 24 novembre, de 10 h à 10 h 30 (heure de Paris)" in text
    assert "3. mardi 1er décembre, de 9 h à 10 h 30 (heure de Paris)" in text
    assert "vous convient" in text
    assert text.rstrip().endswith("Julie")


def test_proposal_reveals_nothing_but_the_times() -> None:
    """Only the numbered slots carry times; no other numbers, dates or data appear."""
    text = propose("en")
    times = re.findall(r"\d{1,2}:\d{2}", text)
    assert times == ["10:00", "10:30", "14:00", "14:30", "09:00", "10:30"]
    numbered = [line for line in text.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(numbered) == 3
    assert "@" not in text


@pytest.mark.parametrize(
    ("names", "en", "fr"),
    [
        (["Bob", "Carol"], "Hello Bob and Carol,", "Bonjour Bob et Carol,"),
        (["Bob", "Carol", "Dan"], "Hello Bob, Carol and Dan,", "Bonjour Bob, Carol et Dan,"),
        ([], "Hello,", "Bonjour,"),
    ],
)
def test_greeting_names_every_participant(names: list[str], en: str, fr: str) -> None:
    """All participants are greeted, joined naturally in each language."""
    assert propose("en", participant_names=names).startswith(en)
    assert propose("fr", participant_names=names).startswith(fr)


@pytest.mark.parametrize(
    ("kind", "minutes", "en", "fr"),
    [
        ("video", 60, "a one-hour video call", "une visioconférence d'une heure"),
        ("meeting", 90, "a 90-minute meeting", "une réunion de 1 h 30"),
        ("lunch", 60, "a lunch", "un déjeuner"),
        (None, 45, "a 45-minute meeting", "une réunion de 45 minutes"),
    ],
)
def test_meeting_description(kind: str | None, minutes: int, en: str, fr: str) -> None:
    """Kind and length read naturally; meals are not given a length."""
    assert en in propose("en", kind=kind, duration_minutes=minutes)
    assert fr in propose("fr", kind=kind, duration_minutes=minutes)


def test_confirmation() -> None:
    """The confirmation names the time, the people and the invitation, in both languages."""
    slot = SLOTS[1]
    en = confirmation_text(
        "en",
        assistant_name="Julie",
        customer_name="Alice Martin",
        participant_names=["Bob"],
        slot=slot,
        tz=PARIS,
        kind="call",
    )
    assert "confirm the call between Alice Martin and Bob" in en
    assert "Tuesday 24 November, 14:00–14:30 (Paris time)" in en
    assert "invitation" in en
    fr = confirmation_text(
        "fr",
        assistant_name="Julie",
        customer_name="Alice Martin",
        participant_names=["Bob"],
        slot=slot,
        tz=PARIS,
        kind="call",
    )
    assert "Je vous confirme l'appel entre Alice Martin et Bob" in fr
    assert "le mardi 24 novembre, de 14 h à 14 h 30 (heure de Paris)" in fr
    assert "invitation" in fr
    assert fr.rstrip().endswith("Julie")


def test_slot_rendered_in_given_zone() -> None:
    """The same instant reads differently per zone, with the zone named."""
    slot = SLOTS[0]
    assert format_slot(slot, UTC, "en") == "Tuesday 24 November, 09:00–09:30 (UTC)"
    ny = ZoneInfo("America/New_York")
    assert format_slot(slot, ny, "en") == "Tuesday 24 November, 04:00–04:30 (New York time)"
    assert zone_label(ny, "fr") == "heure de New York"


def test_unknown_language_falls_back_to_english() -> None:
    """A language we do not write is answered in English."""
    assert propose("de").startswith("Hello Bob,")


def test_subjects() -> None:
    """Subjects for new threads in both languages."""
    assert subject_for_new_meeting("en", "Alice Martin", "call") == "Call with Alice Martin"
    assert subject_for_new_meeting("fr", "Alice Martin", None) == "Réunion avec Alice Martin"


def test_a_slot_is_shown_in_each_zone_the_first_in_full() -> None:
    from meetdesk.assistant.wording import format_slot_zones

    slot = Interval(
        datetime(2026, 12, 8, 14, tzinfo=UTC), datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    )
    zones = [ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris")]
    assert format_slot_zones(slot, zones, "en") == (
        "Tuesday 8 December, 09:00–09:30 (New York time) / 15:00–15:30 (Paris time)"
    )
    late = Interval(datetime(2026, 12, 9, 3, tzinfo=UTC), datetime(2026, 12, 9, 3, 30, tzinfo=UTC))
    assert format_slot_zones(late, zones, "fr") == (
        "mardi 8 décembre, de 22 h à 22 h 30 (heure de New York) / "
        "mercredi 9 décembre, de 4 h à 4 h 30 (heure de Paris)"
    )
