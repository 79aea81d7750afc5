"""The questions the assistant asks when a message is unclear, in English and French.

When a reading is in doubt (an answer that fits several proposals, "next Friday", "2/3",
no time zone, no length, no usable time frame, a time that was never proposed) the
assistant asks rather than guesses. Each question is one short, polite paragraph between
a greeting and a signature, as a competent human assistant would write it, and names the
readings it hesitates between so the answer can be one word.

Formal register by default ("vous", "Could you ..."); ``informal`` is for customers who
ask for it: "tu" in French, a lighter tone in English. French informal to several people
keeps "vous", which is then the plural, not the polite form.
"""

from __future__ import annotations

from collections.abc import Sequence

from meetdesk.assistant.wording import join_names, writing_language

__all__ = ["REGISTERS", "TOPICS", "question_text"]

WHICH_OPTION, WHICH_DAY, WHICH_TIMEZONE = "which_option", "which_day", "which_timezone"
DURATION, DATE_FORMAT, WINDOW, CONFIRM_TIME = "duration", "date_format", "window", "confirm_time"
TOPICS = (WHICH_OPTION, WHICH_DAY, WHICH_TIMEZONE, DURATION, DATE_FORMAT, WINDOW, CONFIRM_TIME)
FORMAL, INFORMAL = "formal", "informal"
REGISTERS = (FORMAL, INFORMAL)

# Topics that cannot be asked without their options: (fewest, most).
_OPTIONS_NEEDED = {
    WHICH_OPTION: (2, None),
    WHICH_DAY: (2, None),
    DATE_FORMAT: (2, None),
    CONFIRM_TIME: (1, 1),
}

# One body per (language, voice, topic): the first without options, the second with them.
# ``{listing}`` is the numbered options, ``{alts}`` the options joined by "or", ``{time}``
# the one option. Voices: formal, informal ("tu"), and English has no third.
_Bodies = dict[str, tuple[str, str]]

_EN_FORMAL: _Bodies = {
    WHICH_OPTION: (
        "",
        "Thank you for your reply. It could match more than one of the times I proposed:"
        "\n\n{listing}\n\nCould you let me know which one you would prefer? Replying with "
        "its number is enough.",
    ),
    WHICH_DAY: (
        "",
        "Thank you for your message. To be sure I book the right day, could you confirm "
        "which one you meant: {alts}?",
    ),
    WHICH_TIMEZONE: (
        "Thank you for your message. Could you tell me which time zone the times you "
        "mentioned are in? I would like the invitation to show the right time for everyone.",
        "Thank you for your message. Could you tell me whether the times you mentioned are "
        "in {alts}? I would like the invitation to show the right time for everyone.",
    ),
    DURATION: (
        "Thank you for your message. How long would you like the meeting to last? Once I "
        "know, I will propose suitable times.",
        "Thank you for your message. Should I plan for {alts}? Once I know, I will propose "
        "suitable times.",
    ),
    DATE_FORMAT: (
        "",
        "Thank you for your message. Dates are written differently from one country to "
        "another, so I would like to check: did you mean {alts}?",
    ),
    WINDOW: (
        "Thank you for your message. Could you tell me roughly when you would like the "
        "meeting to take place? A week or a few days that suit you would be enough for me "
        "to propose suitable times.",
        "Thank you for your message. Could you tell me roughly when you would like the "
        "meeting to take place? For instance, would {alts} suit you?",
    ),
    CONFIRM_TIME: (
        "",
        "Thank you for your reply. The time you mention is not one of those I proposed, so "
        "I would rather check with you first. Shall I book {time}?",
    ),
}

_EN_INFORMAL: _Bodies = {
    WHICH_OPTION: (
        "",
        "Thanks for getting back to me! Your reply could fit more than one of the times I "
        "suggested:\n\n{listing}\n\nWhich one works best for you? Just reply with its number.",
    ),
    WHICH_DAY: (
        "",
        "Thanks for your message! Just to be sure I pick the right day: did you mean {alts}?",
    ),
    WHICH_TIMEZONE: (
        "Thanks for your message! Quick check: which time zone are the times you mentioned in?",
        "Thanks for your message! Quick check: are the times you mentioned in {alts}?",
    ),
    DURATION: (
        "Thanks for your message! How long should I plan for the meeting?",
        "Thanks for your message! Should I plan for {alts}?",
    ),
    DATE_FORMAT: (
        "",
        "Thanks for your message! Quick question about the date: did you mean {alts}? Date "
        "formats vary from country to country, so I'd rather check.",
    ),
    WINDOW: (
        "Thanks for your message! Roughly when would you like to meet? A week or a few days "
        "that work for you is all I need to suggest some times.",
        "Thanks for your message! Roughly when would you like to meet? Would {alts} work, "
        "for instance?",
    ),
    CONFIRM_TIME: (
        "",
        "Thanks for your reply! That time isn't one of the ones I suggested, so let me "
        "double-check. Shall I go ahead and book {time}?",
    ),
}

_FR_FORMAL: _Bodies = {
    WHICH_OPTION: (
        "",
        "Merci pour votre réponse. Elle pourrait correspondre à plusieurs des créneaux que "
        "je vous ai proposés :\n\n{listing}\n\nPourriez-vous m'indiquer celui que vous "
        "préférez ? Il suffit de répondre avec son numéro.",
    ),
    WHICH_DAY: (
        "",
        "Merci pour votre message. Afin de ne pas me tromper de jour, pourriez-vous me "
        "préciser celui auquel vous pensiez : {alts} ?",
    ),
    WHICH_TIMEZONE: (
        "Merci pour votre message. Pourriez-vous me préciser dans quel fuseau horaire sont "
        "exprimées les heures que vous indiquez ? Je souhaite que l'invitation affiche la "
        "bonne heure pour chacun.",
        "Merci pour votre message. Pourriez-vous me préciser le fuseau horaire des heures "
        "que vous indiquez : {alts} ? Je souhaite que l'invitation affiche la bonne heure "
        "pour chacun.",
    ),
    DURATION: (
        "Merci pour votre message. Quelle durée souhaitez-vous prévoir pour ce rendez-vous ? "
        "Je pourrai ensuite vous proposer des créneaux adaptés.",
        "Merci pour votre message. Dois-je prévoir {alts} ? Je pourrai ensuite vous proposer "
        "des créneaux adaptés.",
    ),
    DATE_FORMAT: (
        "",
        "Merci pour votre message. Les dates ne s'écrivent pas de la même façon d'un pays à "
        "l'autre ; pourriez-vous me confirmer celle que vous indiquez : {alts} ?",
    ),
    WINDOW: (
        "Merci pour votre message. Pourriez-vous m'indiquer à quelle période vous "
        "souhaiteriez organiser ce rendez-vous ? Une semaine ou quelques jours qui vous "
        "conviennent me suffiront pour vous proposer des créneaux.",
        "Merci pour votre message. Pourriez-vous m'indiquer à quelle période vous "
        "souhaiteriez organiser ce rendez-vous ? Par exemple, est-ce que {alts} vous "
        "conviendrait ?",
    ),
    CONFIRM_TIME: (
        "",
        "Merci pour votre réponse. L'horaire que vous mentionnez ne fait pas partie de ceux "
        "que je vous ai proposés ; je préfère donc m'en assurer auprès de vous. "
        "Souhaitez-vous que je réserve ce créneau : {time} ?",
    ),
}

_FR_INFORMAL: _Bodies = {
    WHICH_OPTION: (
        "",
        "Merci pour ta réponse ! Elle pourrait correspondre à plusieurs des créneaux que je "
        "t'ai proposés :\n\n{listing}\n\nPeux-tu me dire lequel tu préfères ? Il suffit de "
        "répondre avec son numéro.",
    ),
    WHICH_DAY: (
        "",
        "Merci pour ton message ! Pour ne pas me tromper de jour, peux-tu me dire lequel tu "
        "avais en tête : {alts} ?",
    ),
    WHICH_TIMEZONE: (
        "Merci pour ton message ! Petite vérification : dans quel fuseau horaire sont les "
        "heures que tu indiques ?",
        "Merci pour ton message ! Petite vérification sur le fuseau horaire des heures que "
        "tu indiques : {alts} ?",
    ),
    DURATION: (
        "Merci pour ton message ! Combien de temps veux-tu que je prévoie pour ce rendez-vous ?",
        "Merci pour ton message ! Tu préfères que je prévoie {alts} ?",
    ),
    DATE_FORMAT: (
        "",
        "Merci pour ton message ! Petite question sur la date que tu indiques : tu voulais "
        "dire {alts} ? L'ordre du jour et du mois change selon les pays, je préfère vérifier.",
    ),
    WINDOW: (
        "Merci pour ton message ! À quelle période voudrais-tu organiser ce rendez-vous ? "
        "Une semaine ou quelques jours qui t'arrangent me suffiront pour te proposer des "
        "créneaux.",
        "Merci pour ton message ! À quelle période voudrais-tu organiser ce rendez-vous ? "
        "Par exemple, est-ce que {alts} t'irait ?",
    ),
    CONFIRM_TIME: (
        "",
        "Merci pour ta réponse ! L'horaire que tu mentionnes ne fait pas partie de ceux que "
        "je t'ai proposés, alors je préfère vérifier avec toi. Veux-tu que je réserve ce "
        "créneau : {time} ?",
    ),
}

_GREETING = {
    ("en", FORMAL): "Hello",
    ("en", INFORMAL): "Hi",
    ("fr", FORMAL): "Bonjour",
    ("fr", INFORMAL): "Bonjour",  # "Salut" is too casual from an assistant
}
_CLOSING = {
    ("en", FORMAL): "Kind regards,",
    ("en", INFORMAL): "Best,",
    ("fr", FORMAL): "Bien cordialement,",
    ("fr", INFORMAL): "À bientôt,",
}


def question_text(
    topic: str,
    *,
    language: str,
    names: Sequence[str],
    assistant_name: str,
    options: Sequence[str] = (),
    register: str = FORMAL,
) -> str:
    """The message asking about ``topic``, greeting ``names`` and signed ``assistant_name``.

    ``options`` are the readings to choose from, already worded in the thread's language:
    the proposals (``which_option``), the two days (``which_day``, ``date_format``), the
    candidate zones or lengths (``which_timezone``, ``duration``, optional), example
    periods (``window``, optional) or the one time to confirm (``confirm_time``).
    Raises ValueError for an unknown topic or register, or missing options.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown question topic {topic!r}; expected one of {', '.join(TOPICS)}")
    if register not in REGISTERS:
        raise ValueError(f"unknown register {register!r}; expected 'formal' or 'informal'")
    choices = [o.strip() for o in options if o and o.strip()]
    _check_options(topic, choices)
    lang = writing_language(language)
    people = [n for n in names if n]
    bodies = _bodies(lang, register, plural=len(people) > 1)
    without, with_options = bodies[topic]
    template = with_options if choices else without
    body = template.format(
        listing="\n".join(f"{i}. {choice}" for i, choice in enumerate(choices, 1)),
        alts=_alternatives(choices, lang),
        time=choices[0] if choices else "",
    )
    who = join_names(people, lang)
    greeting = f"{_GREETING[(lang, register)]} {who}," if who else f"{_GREETING[(lang, register)]},"
    return f"{greeting}\n\n{body}\n\n{_CLOSING[(lang, register)]}\n{assistant_name}\n"


def _bodies(lang: str, register: str, *, plural: bool) -> _Bodies:
    if lang == "fr":
        # "tu" speaks to one person; to several, French says "vous" in any register.
        return _FR_INFORMAL if register == INFORMAL and not plural else _FR_FORMAL
    return _EN_INFORMAL if register == INFORMAL else _EN_FORMAL


def _check_options(topic: str, choices: Sequence[str]) -> None:
    if topic not in _OPTIONS_NEEDED:
        return
    fewest, most = _OPTIONS_NEEDED[topic]
    if len(choices) < fewest or (most is not None and len(choices) > most):
        wanted = f"exactly {fewest}" if most == fewest else f"at least {fewest}"
        raise ValueError(f"question {topic!r} needs {wanted} option(s), got {len(choices)}")


def _alternatives(choices: Sequence[str], lang: str) -> str:
    """ "A or B", "A, B or C" ("ou" in French)."""
    if len(choices) < 2:
        return choices[0] if choices else ""
    word = " ou " if lang == "fr" else " or "
    return ", ".join(choices[:-1]) + word + choices[-1]
