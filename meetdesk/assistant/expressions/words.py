"""Folding and the vocabularies the patterns are built from: numbers, ordinals, units.

Patterns run over a folded copy of the text (lowercase, no accents, plain apostrophes and
dashes) that keeps the original length, so a match's span is also a span of the original.
The word tables here are shared by the patterns and by the rules that read their groups.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from meetdesk.assistant.lexicon import MONTH_WORDS, WEEKDAY_WORDS

_ONE_CHAR = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFKD", c)
    base = "".join(ch for ch in base if not unicodedata.combining(ch)).lower()
    return base if len(base) == 1 else c.lower()[:1] or " "


def fold(text: str) -> str:
    """Lowercase, accents removed, apostrophes and dashes plain: same length as ``text``."""
    text = text.translate(_ONE_CHAR)
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


NUM_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1, "a couple of": 2,
    "a couple": 2, "couple of": 2, "couple": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
NUM_FR = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "quelques": 3, "dix-sept": 17, "dix sept": 17, "dix-huit": 18, "dix huit": 18,
    "dix-neuf": 19, "dix neuf": 19,
}  # fmt: skip
ORD_EN = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "premier": 1, "1er": 1,
}  # fmt: skip
for _tens, _tv in (("twenty", 20), ("thirty", 30)):
    for _u, _uv in (("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5),
                    ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9)):  # fmt: skip
        if _tv + _uv <= 31:
            ORD_EN[f"{_tens}-{_u}"] = ORD_EN[f"{_tens} {_u}"] = _tv + _uv
for _tens, _tv in (("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50)):
    for _u, _uv in (("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5),
                    ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9)):  # fmt: skip
        NUM_EN[f"{_tens}-{_u}"] = NUM_EN[f"{_tens} {_u}"] = _tv + _uv
for _tens, _tv in (("vingt", 20), ("trente", 30), ("quarante", 40), ("cinquante", 50)):
    NUM_FR[f"{_tens} et un"] = NUM_FR[f"{_tens}-et-un"] = _tv + 1
    for _u, _uv in (("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5), ("six", 6),
                    ("sept", 7), ("huit", 8), ("neuf", 9)):  # fmt: skip
        NUM_FR[f"{_tens}-{_u}"] = NUM_FR[f"{_tens} {_u}"] = _tv + _uv
# Minutes after an hour in words, "seven twenty-seven", "nine o five": 1-59.
MINUTE_WORDS = {
    k: v for k, v in NUM_EN.items() if 10 <= v <= 59 and not k.startswith(("a ", "couple"))
} | {f"{o} {w}": v for o in ("o", "oh") for w, v in NUM_EN.items() if 1 <= v <= 9 and
     " " not in w and w not in ("a", "an")}  # fmt: skip


def alt(words: dict[str, int] | set[str]) -> str:
    """A regex alternation of ``words``, longest first so a prefix never wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


NUMS = {**NUM_EN, **NUM_FR}
NUM = rf"(?:\d+(?:[.,]\d+)?|{alt(NUMS)})"
ORDS = alt(ORD_EN)
MONTH = alt({k: v for k, v in MONTH_WORDS.items()})
WD = alt(WEEKDAY_WORDS)
ORD_SUFFIX = r"(?:st|nd|rd|th|er|re|eme|e)?"


def num(token: str) -> float | None:
    """A number written in digits or words; ``None`` when it is neither."""
    token = re.sub(r"\s+", " ", token.strip())
    if re.fullmatch(r"\d+(?:[.,]\d+)?", token):
        return float(token.replace(",", "."))
    return NUMS.get(token)


_UNIT_SECONDS = {
    "second": 1, "sec": 1, "seconde": 1, "minute": 60, "min": 60, "mn": 60, "hour": 3600,
    "hr": 3600, "h": 3600, "heure": 3600, "day": 86400, "jour": 86400, "journee": 86400,
    "week": 604800, "semaine": 604800, "fortnight": 1209600, "month": 2592000,
    "mois": 2592000, "night": 86400, "nuit": 86400, "year": 31536000, "an": 31536000,
    "annee": 31536000,
}  # fmt: skip
UNIT = (
    r"(?P<unit>seconds?|secs?|secondes?|minutes?|mins?|mn|hours?|hrs?|heures?|days?|jours?"
    r"|journees?|nights?|nuits|weeks?|semaines?|fortnights?|months?|mois|years?|ans|annees?|an)"
)


def unit_seconds(unit: str) -> int:
    """Seconds in one ``unit`` (a month is 30 days, a year 365); 0 for an unknown word."""
    u = unit.rstrip("s") if unit not in ("mois", "mins") else unit
    if unit == "mins":
        u = "min"
    return _UNIT_SECONDS.get(u, _UNIT_SECONDS.get(unit, 0))


# Parts of the day as hours [start, end).
PARTS = {
    "morning": (8, 12), "matin": (8, 12), "matinee": (8, 12), "afternoon": (12, 16),
    "apres-midi": (12, 16), "apres midi": (12, 16), "evening": (16, 20), "soir": (16, 20),
    "soiree": (16, 20), "night": (20, 24), "nuit": (20, 24), "tonight": (20, 24),
    "noon": (12, 12), "lunch": (11, 13), "midday": (12, 12),
}  # fmt: skip

# Ordinals that count weekdays or days within a month ("the third Tuesday", "le
# deuxième mercredi"), -1 for the last.
NTH = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "deuxieme": 2,
    "seconde": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "dernier": -1,
    "derniere": -1,
}  # fmt: skip
# Day numbers in French words ("le vingt-cinq mars"), 1-31.
DAY_WORDS_FR = {k: v for k, v in NUM_FR.items() if 1 <= v <= 31 and k not in ("un", "quelques")}
