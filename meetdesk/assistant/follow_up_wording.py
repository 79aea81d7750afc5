"""What the assistant writes when participants stay silent: reminders and the customer's notice.

A reminder goes to the participants who have not answered, in the thread of the
proposal, and lists the same times again so nobody has to scroll back; a second one
says it is a second one. When the reminders are used up, the customer is told who has
not answered and whether the times are still held, so they can step in themselves.
Formal register, EN and FR, as in ``wording``; the dates and times come from its public
helpers, so a reminder renders a time exactly as the proposal did. A reminder holds the
proposed times and the meeting's own subject, nothing else of the customer's calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.wording import (
    format_day,
    format_slot_zones,
    french_de,
    join_names,
    salutation,
    writing_language,
)
from meetdesk.calendar.base import Interval


def _listing(
    slots: Sequence[Interval],
    tz: ZoneInfo,
    language: str,
    zones: Sequence[ZoneInfo] = (),
    after: datetime | None = None,
) -> str:
    """The times numbered as in the proposal, so "the second one" still means the same,
    each in the participants' zones first (then the customer's, ``tz``); times starting
    before ``after`` have passed and are left out, the others keep their number."""
    shown = [*dict.fromkeys(z for z in zones if z.key != tz.key), tz]
    return "\n".join(
        f"{i}. {format_slot_zones(slot, shown, language)}"
        for i, slot in enumerate(slots, 1)
        if after is None or slot.start > after
    )


def _about(subject: str, language: str) -> str:
    """What the thread is about, by its subject (quoted) when it has one."""
    subject = subject.strip()
    if writing_language(language) == "fr":
        return f"« {subject} »" if subject else "notre rendez-vous"
    return f"“{subject}”" if subject else "our meeting"


def reminder_text(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    participant_names: Sequence[str],
    slots: Sequence[Interval],
    tz: ZoneInfo,
    proposed_at: datetime,
    number: int,
    subject: str,
    participant_zones: Sequence[ZoneInfo] = (),
    now: datetime | None = None,
) -> str:
    """The ``number``-th reminder (1, 2, ...) of the proposal sent at ``proposed_at``;
    times already past at ``now`` are not offered again."""
    listing = _listing(slots, tz, language, participant_zones, now)
    greeting = salutation(participant_names, language)
    day = format_day(proposed_at.astimezone(tz), language)
    about = _about(subject, language)
    if writing_language(language) == "fr":
        again = " une nouvelle fois" if number > 1 else ""
        return (
            f"{greeting}\n\n"
            f"Je me permets de revenir{again} vers vous à la suite de mon message du {day} "
            f"concernant {about}, pour organiser un rendez-vous avec {customer_name}. "
            f"Voici de nouveau les créneaux proposés :\n\n{listing}\n\n"
            f"Pourriez-vous m'indiquer celui qui vous convient ? Il suffit de répondre "
            f"avec son numéro.\n\n"
            f"Bien cordialement,\n{assistant_name}\n"
        )
    again = " once more" if number > 1 else ""
    return (
        f"{greeting}\n\n"
        f"I am following up{again} on my message of {day} regarding {about}, to arrange "
        f"a meeting with {customer_name}. Here are the proposed times again:\n\n"
        f"{listing}\n\n"
        f"Could you let me know which of these times suits you? Replying with its number "
        f"is enough.\n\n"
        f"Kind regards,\n{assistant_name}\n"
    )


def silence_notice_text(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    silent_names: Sequence[str],
    slots: Sequence[Interval],
    tz: ZoneInfo,
    proposed_at: datetime,
    reminders: int,
    subject: str,
    held: bool,
) -> str:
    """The customer's note: who has not answered after ``reminders`` reminders, and
    whether the proposed times are still ``held`` in their calendar."""
    listing = _listing(slots, tz, language)
    day = format_day(proposed_at.astimezone(tz), language)
    about = _about(subject, language)
    fr = writing_language(language) == "fr"
    who = join_names(silent_names, language)
    if fr:
        count = {2: "deux", 3: "trois"}.get(reminders, str(reminders))
        times = "envoyé une relance" if reminders == 1 else f"envoyé {count} relances"
        status = (
            "Ces créneaux restent réservés dans votre agenda :"
            if held
            else "Ces créneaux ne sont plus réservés dans votre agenda :"
        )
        return (
            f"{salutation([customer_name], language)}\n\n"
            f"Le {day}, j'ai proposé des créneaux pour {about} et j'ai {times}, "
            f"mais je n'ai toujours pas reçu de réponse {french_de(who)}. {status}\n\n{listing}\n\n"
            f"Souhaitez-vous les contacter directement, ou préférez-vous que je propose "
            f"d'autres créneaux ? Un collègue suit également cette demande.\n\n"
            f"Bien cordialement,\n{assistant_name}\n"
        )
    times = "once" if reminders == 1 else ("twice" if reminders == 2 else f"{reminders} times")
    status = (
        "The proposed times are still held in your calendar:"
        if held
        else "The proposed times are no longer held in your calendar:"
    )
    return (
        f"{salutation([customer_name], language)}\n\n"
        f"On {day} I proposed times for {about} and followed up {times}, but I have not "
        f"yet heard back from {who}. {status}\n\n{listing}\n\n"
        f"Would you like to contact them directly, or shall I propose other times? A "
        f"colleague is also keeping an eye on this request.\n\n"
        f"Kind regards,\n{assistant_name}\n"
    )
