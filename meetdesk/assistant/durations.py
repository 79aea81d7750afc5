"""How long the meeting should last: "30 minutes", "half an hour", "1h30", "une heure".

Each pattern is a named rule; matches are taken longest-first and blanked so "an hour and
a half" is not read again as "an hour". Hour notations are capped (four hours) and must
not follow a time preposition, because "à 14h" or "at 2h" is a time of day, not a length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from meetdesk.assistant.lexicon import NUMBER_RE
from meetdesk.assistant.text import blank, number

_N = rf"(?P<n>\d{{1,3}}|{NUMBER_RE})"
# "a" is both the English article ("a 1h30 call") and a folded French "à" ("à 1h"); only
# the spelled-out hour ("à une heure") is read as a time after it.
_AT = r"(?<!\ba )"
_NOT_TIME = r"(?<!\bat )(?<!\bvers )(?<!\bavant )(?<!\bapres )(?<!\bbefore )(?<!\bafter )"
# "de 9h à 10h" and "from 9h to 10h" are ranges of times, not lengths.
_NOT_RANGE = r"(?! ?(?:-|a|au|to|until|jusqu'a) ?\d)"
MAX_HOURS = 4


@dataclass(frozen=True)
class Duration:
    minutes: int
    rule: str
    start: int
    end: int


def _hours_and_half(m: re.Match[str]) -> int:
    return (number(m["n"]) or 0) * 60 + 30


def _hours_minutes(m: re.Match[str]) -> int:
    return int(m["h"]) * 60 + int(m["m"] or 0)


def _hours(m: re.Match[str]) -> int:
    return (number(m["n"]) or 0) * 60


def _minutes(m: re.Match[str]) -> int:
    return number(m["n"]) or 0


def _decimal_hours(m: re.Match[str]) -> int:
    return round(float(m["x"].replace(",", ".")) * 60)


_PATTERNS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], int]], ...] = (
    (
        "duration.hour_and_half",
        re.compile(rf"\b{_N}\s+(?:hours?|heures?)\s+(?:and\s+a\s+half|et\s+demie?)\b"),
        _hours_and_half,
    ),
    (
        "duration.hours_minutes",
        re.compile(
            rf"\b{_NOT_TIME}(?P<h>\d)\s?(?:h|hrs?|hours?|heures?)\s?(?:and\s+|et\s+)?"
            r"(?P<m>[0-5]\d)\b(?:\s?(?:min(?:ute)?s?|mn)\b)?" + _NOT_RANGE
        ),
        _hours_minutes,
    ),
    (
        "duration.half_hour",
        re.compile(r"\b(?:half\s+an\s+hour|half[- ]hour|une\s+demi[- ]heure|demi[- ]heure)\b"),
        lambda m: 30,
    ),
    (
        "duration.quarter_hour",
        re.compile(r"\b(?:(?:a\s+)?quarter\s+of\s+an\s+hour|(?:un\s+)?quart\s+d'heure)\b"),
        lambda m: 15,
    ),
    (
        "duration.decimal_hours",
        re.compile(r"\b(?P<x>\d[.,]\d{1,2})\s?(?:hours?|hrs?|heures?|h)\b"),
        _decimal_hours,
    ),
    ("duration.minutes", re.compile(rf"\b{_N}[- ]?(?:minutes?|mins?|mn)\b"), _minutes),
    ("duration.hours", re.compile(rf"\b{_N}-(?:hours?|hrs?)\b"), _hours),
    (
        "duration.hours",
        re.compile(rf"\b{_AT}{_NOT_TIME}{_N}[- ]?(?:hours?|hrs?|heures?)\b"),
        _hours,
    ),
    (
        "duration.hours_short",
        re.compile(rf"\b{_NOT_TIME}(?P<n>\d)\s?h\b(?!\s?\d){_NOT_RANGE}"),
        _hours,
    ),
)


def find_durations(folded: str) -> tuple[list[Duration], str]:
    """All durations in folded text, in order, and the text with them blanked out."""
    found: list[Duration] = []
    for rule, pattern, convert in _PATTERNS:
        for m in pattern.finditer(folded):
            minutes = convert(m)
            if 0 < minutes <= MAX_HOURS * 60:
                found.append(Duration(minutes, rule, m.start(), m.end()))
                folded = blank(folded, m.start(), m.end())
    found.sort(key=lambda d: d.start)
    return found, folded
