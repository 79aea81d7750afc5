"""What the assistant writes: proposals, confirmations and subjects, in English and French.

Formal register, written as a competent human assistant would. Dates and times are
rendered with our own weekday and month names (``lexicon``), never the process locale, in
the customer's time zone, which is named on every line. A proposal contains the proposed
times and nothing else from the customer's calendar: this module only ever sees them.
The questions the assistant asks when something is unclear are in ``questions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.kinds import MEALS
from meetdesk.assistant.lexicon import MONTHS_EN, MONTHS_FR, WEEKDAYS_EN, WEEKDAYS_FR
from meetdesk.calendar.base import Interval

# Meeting kinds as nouns; French ones carry their article, whose gender varies.
_KIND_EN = {
    "call": "call",
    "video": "video call",
    "in_person": "meeting in person",
    "meeting": "meeting",
    "lunch": "lunch",
    "coffee": "coffee",
    "dinner": "dinner",
    "breakfast": "breakfast",
    "drinks": "drinks",
}
_KIND_FR = {
    "call": "un appel",
    "video": "une visioconférence",
    "in_person": "une rencontre en personne",
    "meeting": "une réunion",
    "lunch": "un déjeuner",
    "coffee": "un café",
    "dinner": "un dîner",
    "breakfast": "un petit-déjeuner",
    "drinks": "un verre",
}
_VOWELS = tuple("aeiouyhAEIOUYHÉÈÊéèêÂâÎîÔôÛû")


def writing_language(language: str) -> str:
    """The language we write in: French for "fr", English for anything else."""
    return "fr" if language == "fr" else "en"


def zone_label(tz: ZoneInfo, language: str) -> str:
    """A reader-friendly zone name: "Paris time" / "heure de Paris", else the IANA key."""
    key = tz.key
    if key in ("UTC", "Etc/UTC", "Etc/GMT"):
        return "UTC"
    if "/" not in key or key.startswith("Etc/"):
        return key
    city = key.rsplit("/", 1)[1].replace("_", " ")
    return f"heure de {city}" if writing_language(language) == "fr" else f"{city} time"


def _hm(moment: datetime, language: str) -> str:
    if writing_language(language) == "fr":
        return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_day(moment: datetime, language: str) -> str:
    """ "Tuesday 24 November" / "mardi 24 novembre" (and "1er" on the first in French)."""
    if writing_language(language) == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{WEEKDAYS_FR[moment.weekday()]} {day} {MONTHS_FR[moment.month - 1]}"
    return f"{WEEKDAYS_EN[moment.weekday()]} {moment.day} {MONTHS_EN[moment.month - 1]}"


def format_slot(slot: Interval, tz: ZoneInfo, language: str, *, with_day: bool = True) -> str:
    """One slot on one line, in the given zone, with the zone named (``with_day`` False:
    the times only, for a second zone on the same day)."""
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    label = zone_label(tz, language)
    day = f"{format_day(start, language)}, " if with_day else ""
    if writing_language(language) == "fr":
        end_text = (
            _hm(end, language)
            if end.date() == start.date()
            else f"{format_day(end, language)} à {_hm(end, language)}"
        )
        return f"{day}de {_hm(start, language)} à {end_text} ({label})"
    end_text = (
        _hm(end, language)
        if end.date() == start.date()
        else f"{format_day(end, language)} {_hm(end, language)}"
    )
    return f"{day}{_hm(start, language)}–{end_text} ({label})"


def format_slot_zones(slot: Interval, zones: Sequence[ZoneInfo], language: str) -> str:
    """A slot in each zone in turn, the first in full: "Tuesday 8 December, 09:00–09:30
    (New York time) / 15:00–15:30 (Paris time)"; a zone where the day differs says so."""
    first = slot.start.astimezone(zones[0]).date()
    return " / ".join(
        format_slot(
            slot, tz, language, with_day=i == 0 or slot.start.astimezone(tz).date() != first
        )
        for i, tz in enumerate(zones)
    )


def join_names(names: Sequence[str], language: str) -> str:
    """ "Bob", "Bob and Carol", "Bob, Carol et Dan": names joined as the language does."""
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    conjunction = " et " if writing_language(language) == "fr" else " and "
    return ", ".join(names[:-1]) + conjunction + names[-1]


def salutation(names: Sequence[str], language: str) -> str:
    """ "Hello Bob and Carol," / "Bonjour Bob et Carol,"; without names, the word alone."""
    word = "Bonjour" if writing_language(language) == "fr" else "Hello"
    who = join_names(names, language)
    return f"{word} {who}," if who else f"{word},"


def french_de(name: str) -> str:
    """French "de" with elision: "d'Alice", "de Bob"."""
    return f"d'{name}" if name.startswith(_VOWELS) else f"de {name}"


def _definite_fr(noun_phrase: str) -> str:
    """ "un appel" -> "l'appel", "une réunion" -> "la réunion", "un café" -> "le café"."""
    article, noun = noun_phrase.split(" ", 1)
    if noun.startswith(_VOWELS):
        return f"l'{noun}"
    return f"{'la' if article == 'une' else 'le'} {noun}"


def _de_phrase(definite: str) -> str:
    """ "le déjeuner" -> "du déjeuner", "la réunion" -> "de la réunion", "l'appel" ->
    "de l'appel"."""
    return f"du {definite[3:]}" if definite.startswith("le ") else f"de {definite}"


def _duration_fr(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{minutes} minutes"
    if hours == 1 and rest == 0:
        return "une heure"
    return f"{hours} h {rest:02d}" if rest else f"{hours} heures"


def _what_en(kind: str | None, minutes: int | None) -> str:
    noun = _KIND_EN.get(kind or "meeting", "meeting")
    if kind in MEALS or not minutes:
        return f"a {noun}"
    if minutes % 60 == 0:
        hours = minutes // 60
        length = "one-hour" if hours == 1 else f"{hours}-hour"
        return f"a {length} {noun}"
    return f"a {minutes}-minute {noun}"


def _what_fr(kind: str | None, minutes: int | None) -> str:
    noun = _KIND_FR.get(kind or "meeting", "une réunion")
    if kind in MEALS or not minutes:
        return noun
    length = _duration_fr(minutes)
    return f"{noun} d'{length}" if length.startswith(_VOWELS) else f"{noun} de {length}"


# Why a proposal is sent, when it is not the first one: the opening says so.
REPROPOSAL_REASONS = ("taken", "counter", "declined", "reschedule", "passed")


def _opening_en(reason: str | None, customer: str, what: str) -> str:
    return {
        None: f"I am writing on behalf of {customer} to arrange {what} with you. "
        "I can offer the following times:",
        "taken": "My apologies: the time chosen was taken in the meantime. "
        f"On behalf of {customer}, I can offer these times instead:",
        "counter": f"Thank you for your reply. On behalf of {customer}, here are times "
        "that fit what you suggested:",
        "declined": f"Thank you for letting me know. On behalf of {customer}, I can offer "
        "these other times:",
        "reschedule": f"{customer} would like to move our meeting. I can offer the "
        "following new times:",
        "passed": "The times I offered earlier have now passed. On behalf of "
        f"{customer}, here are new ones:",
    }[reason]


def _opening_fr(reason: str | None, customer: str, what: str) -> str:
    return {
        None: f"Je vous écris au nom {french_de(customer)} afin d'organiser {what}. "
        "Voici les créneaux que je peux vous proposer :",
        "taken": "Toutes mes excuses : le créneau choisi a été pris entre-temps. "
        f"Au nom {french_de(customer)}, je peux vous proposer ceux-ci à la place :",
        "counter": f"Merci pour votre réponse. Voici, au nom {french_de(customer)}, des créneaux "
        "qui correspondent à votre proposition :",
        "declined": "Merci pour votre retour. Voici d'autres créneaux que je peux vous "
        f"proposer au nom {french_de(customer)} :",
        "reschedule": f"{customer} souhaite déplacer notre rendez-vous. Voici les nouveaux "
        "créneaux que je peux vous proposer :",
        "passed": "Les créneaux que je vous avais proposés sont désormais passés. Voici, "
        f"au nom {french_de(customer)}, de nouvelles possibilités :",
    }[reason]


def proposal_text(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    participant_names: Sequence[str],
    slots: Sequence[Interval],
    tz: ZoneInfo,
    duration_minutes: int,
    kind: str | None,
    reason: str | None = None,
    participant_zones: Sequence[ZoneInfo] = (),
) -> str:
    """The reply-all offering numbered slots to the participants; ``reason`` (one of
    ``REPROPOSAL_REASONS``) says why new times follow earlier ones. Each time is shown
    in the participants' own zones first, then in the customer's (``tz``)."""
    zones = [*dict.fromkeys(z for z in participant_zones if z.key != tz.key), tz]
    lines = [f"{i}. {format_slot_zones(slot, zones, language)}" for i, slot in enumerate(slots, 1)]
    listing = "\n".join(lines)
    greeting = salutation(participant_names, language)
    if writing_language(language) == "fr":
        opening = _opening_fr(reason, customer_name, _what_fr(kind, duration_minutes))
        return (
            f"{greeting}\n\n{opening}\n\n{listing}\n\n"
            f"Pourriez-vous m'indiquer celui qui vous "
            f"convient le mieux ? Il suffit de répondre avec son numéro.\n\n"
            f"Bien cordialement,\n{assistant_name}\n"
        )
    opening = _opening_en(reason, customer_name, _what_en(kind, duration_minutes))
    return (
        f"{greeting}\n\n{opening}\n\n{listing}\n\n"
        f"Could you let me know which one suits you best? Replying with its number is "
        f"enough.\n\n"
        f"Kind regards,\n{assistant_name}\n"
    )


def confirmation_text(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    participant_names: Sequence[str],
    slot: Interval,
    tz: ZoneInfo,
    kind: str | None,
    moved: bool = False,
) -> str:
    """The note confirming the booked time (``moved``: its new time); it goes with the
    invitation."""
    when = format_slot(slot, tz, language)
    everyone = [*participant_names, customer_name]
    greeting = salutation(everyone, language)
    between_names = join_names(everyone[-1:] + list(participant_names), language)
    if writing_language(language) == "fr":
        what = _definite_fr(_KIND_FR.get(kind or "meeting", "une réunion"))
        between = f" entre {between_names}" if participant_names else ""
        if moved:
            news = f"Je vous confirme le nouvel horaire {_de_phrase(what)}{between} : le {when}."
        else:
            news = f"Je vous confirme {what}{between} le {when}."
        return (
            f"{greeting}\n\n{news}\n\n"
            f"L'invitation d'agenda est jointe à ce message ou vous parvient séparément.\n\n"
            f"Bien cordialement,\n{assistant_name}\n"
        )
    what = _KIND_EN.get(kind or "meeting", "meeting")
    between = f" between {between_names}" if participant_names else ""
    if moved:
        news = f"I am pleased to confirm that the {what}{between} has been moved to {when}."
    else:
        news = f"I am pleased to confirm the {what}{between} on {when}."
    return (
        f"{greeting}\n\n{news}\n\n"
        f"The calendar invitation is attached to this message or follows separately.\n\n"
        f"Kind regards,\n{assistant_name}\n"
    )


def cancellation_text(
    language: str,
    *,
    assistant_name: str,
    customer_name: str,
    participant_names: Sequence[str],
    slot: Interval | None,
    tz: ZoneInfo,
    kind: str | None,
) -> str:
    """The note that a meeting (``slot``: the booked time) or a request being arranged
    (``slot`` None) is cancelled; a booked meeting's note goes with the iTIP CANCEL."""
    greeting = salutation([*participant_names, customer_name], language)
    if writing_language(language) == "fr":
        what = _de_phrase(_definite_fr(_KIND_FR.get(kind or "meeting", "une réunion")))
        if slot is not None:
            news = (
                f"Au nom {french_de(customer_name)}, je vous informe de l'annulation {what} "
                f"du {format_slot(slot, tz, language)}."
            )
        else:
            news = (
                f"Au nom {french_de(customer_name)}, je vous informe que nous ne donnerons "
                f"finalement pas suite à l'organisation {what}."
            )
        return (
            f"{greeting}\n\n{news} Veuillez nous excuser pour ce contretemps.\n\n"
            f"Bien cordialement,\n{assistant_name}\n"
        )
    what = _KIND_EN.get(kind or "meeting", "meeting")
    if slot is not None:
        news = (
            f"On behalf of {customer_name}, I am writing to let you know that the {what} "
            f"on {format_slot(slot, tz, language)} is cancelled."
        )
    else:
        news = (
            f"On behalf of {customer_name}, I am writing to let you know that the {what} "
            "we were arranging will not take place after all."
        )
    return (
        f"{greeting}\n\n{news} Please accept our apologies for any inconvenience.\n\n"
        f"Kind regards,\n{assistant_name}\n"
    )


def subject_for_new_meeting(language: str, customer_name: str, kind: str | None) -> str:
    """A subject for a thread the assistant starts itself."""
    if writing_language(language) == "fr":
        noun = _KIND_FR.get(kind or "meeting", "une réunion").split(" ", 1)[1]
        return f"{noun[0].upper()}{noun[1:]} avec {customer_name}"
    noun = _KIND_EN.get(kind or "meeting", "meeting")
    return f"{noun[0].upper()}{noun[1:]} with {customer_name}"
