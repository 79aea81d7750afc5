"""The short notes that follow a participant's calendar answer, in English or French.

Kept apart from ``wording.py``: these notes answer a calendar client, not a person's
message, and say only what the answer changed (who declined which booked time, and
what happens next), never anything else from the customer's calendar.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.wording import format_slot, writing_language
from meetdesk.calendar.base import Interval


def declined_note(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    participant_name: str,
    slot: Interval,
    tz: ZoneInfo,
    reproposing: bool,
) -> str:
    """To the customer: a required participant declined the booked time; either new
    times are being proposed, or (the meeting has begun or passed) nothing was changed."""
    when = format_slot(slot, tz, language)
    if writing_language(language) == "fr":
        news = f"{participant_name} a décliné l'invitation du {when}."
        then = (
            "Je lui propose d'autres créneaux et vous tiens informé(e) dès qu'un nouvel "
            "horaire est convenu."
            if reproposing
            else "Le rendez-vous ayant déjà commencé ou eu lieu, je n'ai rien modifié."
        )
        return (
            f"Bonjour {customer_name},\n\n{news} {then}\n\nBien cordialement,\n{assistant_name}\n"
        )
    news = f"{participant_name} has declined the invitation for {when}."
    then = (
        "I am proposing other times and will let you know as soon as a new time is agreed."
        if reproposing
        else "As the meeting has already begun or taken place, I have changed nothing."
    )
    return f"Hello {customer_name},\n\n{news} {then}\n\nBest regards,\n{assistant_name}\n"


def refresh_note(
    language: str,
    *,
    assistant_name: str,
    participant_name: str,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
) -> str:
    """To a participant whose calendar asked for the invitation again (iTIP REFRESH)."""
    when = format_slot(Interval(start, end), tz, language)
    if writing_language(language) == "fr":
        return (
            f"Bonjour {participant_name},\n\nVoici à nouveau l'invitation pour le rendez-vous "
            f"du {when}.\n\nBien cordialement,\n{assistant_name}\n"
        )
    return (
        f"Hello {participant_name},\n\nHere is the current invitation for the meeting on "
        f"{when}.\n\nBest regards,\n{assistant_name}\n"
    )
