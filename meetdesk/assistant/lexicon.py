"""Calendar words in English and French, shared by the readers and the wording.

One table per concept keeps parsing and formatting in agreement, and lets French dates be
written without depending on the process locale. Parsing keys are accent-folded
lowercase (see ``text.fold``); display names keep their accents.
"""

from __future__ import annotations

from collections.abc import Iterable

# Monday is 0, as in datetime.weekday().
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# Weekday words to their index. French abbreviations are left out on purpose: "mar",
# "jeu" and "ven" are ordinary words far more often than they are days.
WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sunday": 6,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}

# Month words (1-12). Short or ambiguous ones ("may", "mar", "mai") are only trusted
# next to a day number, which is how the date patterns use this table.
MONTH_WORDS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}

# Small number words used in durations and relative spans ("two weeks", "deux semaines").
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "dix": 10,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "quarante-cinq": 45,
    "quarante cinq": 45,
    "cinquante": 50,
    "soixante": 60,
    "quatre-vingt-dix": 90,
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the given words, longest first so prefixes never win."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(w.replace(" ", r"\s+").replace("-", r"[- ]") for w in items)


WEEKDAY_RE = alternation(WEEKDAY_WORDS)
MONTH_RE = alternation(MONTH_WORDS)
NUMBER_RE = alternation(NUMBER_WORDS)
