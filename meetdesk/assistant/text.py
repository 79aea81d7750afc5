"""Text normalisation shared by the readers.

Rules match on a folded copy of the text: lowercase, accents removed, typographic
apostrophes and spaces made plain. Folding keeps French rules short ("deuxieme" covers
"deuxième" and "DEUXIÈME") and makes the readers indifferent to how a mail client typed
an apostrophe.
"""

from __future__ import annotations

import re
import unicodedata

from meetdesk.assistant.lexicon import NUMBER_WORDS

# Abbreviation dots would otherwise end a sentence ("Nov. 24", "no. 2", "2 p.m.").
_ABBREVIATION = re.compile(
    r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janv|fevr|avr|juil|mon|tue|tues|wed"
    r"|thu|thur|thurs|fri|no|nr|opt)\."
)
_AM_PM = re.compile(r"\b([ap])\.m\.?")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)


def fold(text: str) -> str:
    """Lowercase, strip accents, plain apostrophes/dashes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _SPACES.sub(" ", stripped.lower())
    return _ABBREVIATION.sub(r"\1", _AM_PM.sub(r"\1m", folded))


def number(token: str) -> int | None:
    """An integer from digits or a small number word ("two", "deux"); None otherwise."""
    token = re.sub(r"\s+", " ", token.strip().lower())
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token) or NUMBER_WORDS.get(token.replace("-", " "))


_SENTENCE = re.compile(r"[.;!?\n]+(?:\s|$)|\n")


def sentences(folded: str) -> list[str]:
    """Sentence-ish pieces: split on terminal punctuation and line breaks."""
    return [s.strip() for s in _SENTENCE.split(folded) if s.strip()]


def blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) replaced by spaces, so later rules cannot match it again."""
    return text[:start] + " " * (end - start) + text[end:]
