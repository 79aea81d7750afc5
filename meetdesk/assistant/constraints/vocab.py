"""The words the constraint rules are built from: weekdays, months, numbers, parts of day.

Keys are folded (see ``text.fold``). Tables that are also regex alternations are sorted
longest first where they are joined, so that "thursday" is never read as "thu" + "rsday".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from meetdesk.assistant.lexicon import MONTH_WORDS as _LEXICON_MONTHS

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
}  # fmt: skip
# English abbreviations: only trusted capitalised and in a date-like context, because
# "sat", "sun", "wed" and "mon" are also words ("I sat down", French "mon").
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}  # fmt: skip

MONTHS: dict[str, int] = dict(_LEXICON_MONTHS)
MONTHS.update({"sept": 9, "fev": 2})
# Month words that are also ordinary words: trusted only next to a day number or after a
# month cue ("in May", "early March", "en mars", "début mai").
AMBIGUOUS_MONTHS = frozenset(
    {"may", "march", "mar", "jan", "dec", "aug", "sept", "sep", "oct", "nov", "jun", "jul",
     "apr", "feb", "mars", "mai", "fev", "avr", "juil", "janv", "fevr"}
)  # fmt: skip

# Abbreviated month names: trusted next to a day number or a year, or after a month cue.
ABBREVIATED_MONTHS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "janv", "fevr", "fev", "avr", "juil"}
)  # fmt: skip

NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "a couple": 2, "couple of": 2,
    "a few": 3, "few": 3, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "quinze": 15, "vingt": 20, "trente": 30, "quelques": 3,
}  # fmt: skip
# Counts that are only a rough idea: the reading says so in a note.
VAGUE_NUMBERS = frozenset({"a couple of", "a couple", "couple of", "a few", "few", "quelques"})

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "thirty-first": 31, "premier": 1,
    "1er": 1,
}  # fmt: skip
for _unit, _v in (("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5),
                  ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9)):  # fmt: skip
    ORDINALS[f"twenty-{_unit}"] = ORDINALS[f"twenty {_unit}"] = 20 + _v
ORDINALS["thirty first"] = 31


def alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching one space."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) for w in items)


WEEKDAY_RE = alt(WEEKDAYS)
WEEKDAY_ABBR_RE = alt(WEEKDAY_ABBREVIATIONS)
MONTH_RE = alt(MONTHS)
NUMBER_RE = rf"(?:\d{{1,3}}|{alt(NUMBERS)})"
ORDINAL_RE = alt(ORDINALS)
DAY_SUFFIX = r"(?:st|nd|rd|th|er|re|eme|e)?"


def number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    return NUMBERS.get(token)


def weekday_of(word: str) -> int | None:
    """The weekday of a folded weekday word, singular or plural ("mondays", "lundis")."""
    w = word.rstrip(".")
    if w in WEEKDAYS:
        return WEEKDAYS[w]
    if w.endswith("s") and w[:-1] in WEEKDAYS:
        return WEEKDAYS[w[:-1]]
    return WEEKDAY_ABBREVIATIONS.get(w)


# Parts of the day, hours as minutes [start, end) from local midnight (docs/understanding.md).
PARTS: dict[str, tuple[int, int]] = {
    "morning": (8 * 60, 12 * 60),
    "early_morning": (8 * 60, 10 * 60),
    "late_morning": (10 * 60, 12 * 60),
    "lunchtime": (12 * 60, 14 * 60),
    "afternoon": (14 * 60, 18 * 60),
    "early_afternoon": (14 * 60, 16 * 60),
    "late_afternoon": (16 * 60, 18 * 60),
    "end_of_day": (17 * 60, 19 * 60),
    "evening": (18 * 60, 22 * 60),
}
