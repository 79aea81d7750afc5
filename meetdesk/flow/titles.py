"""The meeting's title as the customer sees it in their calendar, and its hold's title.

One place so the tentative hold and the booked event name the meeting the same way; the
names are the customer's and the participants' display names, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

KIND_TITLES = {"en": "Meeting", "fr": "Rendez-vous"}
HOLD_PREFIX = {"en": "Hold", "fr": "Option"}


def meeting_title(language: str, customer_name: str, participant_names: Sequence[str]) -> str:
    names = " / ".join([customer_name, *participant_names])
    return f"{KIND_TITLES.get(language, KIND_TITLES['en'])}: {names}"


def hold_title(language: str, customer_name: str, participant_names: Sequence[str]) -> str:
    """'Hold: Meeting: Alice / Bob': the customer sees which request keeps the time."""
    prefix = HOLD_PREFIX.get(language, HOLD_PREFIX["en"])
    return f"{prefix}: {meeting_title(language, customer_name, participant_names)}"
