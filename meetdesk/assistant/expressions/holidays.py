"""Holidays that come up in e-mail, EN and FR: fixed days, nth weekdays, Easter-based feasts.

Only holidays whose date is plain arithmetic are known (no lunar calendars). A name alone
is its next occurrence (today included); "next"/"following" skips today, "last" and
"previous" take the latest before today, and a year ("Easter 2018", "Noël 2025", "of this
year") names that year's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from meetdesk.assistant.expressions.calendar_math import nth_weekday


@lru_cache(maxsize=256)
def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _fixed(month: int, day: int) -> Callable[[int], date | None]:
    return lambda y: date(y, month, day)


def _nth(month: int, wd: int, n: int, plus: int = 0) -> Callable[[int], date | None]:
    def at(y: int) -> date | None:
        d = nth_weekday(y, month, wd, n)
        return None if d is None else d + timedelta(days=plus)

    return at


def _easter(plus: int) -> Callable[[int], date | None]:
    return lambda y: easter(y) + timedelta(days=plus)


# Folded names (regex fragments) to the day they fall on in a given year.
_TABLE: tuple[tuple[str, Callable[[int], date | None]], ...] = (
    (r"christmas eve|xmas eve|veille de noel|reveillon de noel", _fixed(12, 24)),
    (r"christmas(?: day)?|xmas(?: day)?|(?:le )?(?:jour de )?noel", _fixed(12, 25)),
    (r"boxing day|st\.? stephen'?s day", _fixed(12, 26)),
    (r"new year'?s eve|saint[- ]sylvestre|reveillon du (?:nouvel an|jour de l'an)", _fixed(12, 31)),
    (r"new year'?s(?: day)?|new year day|(?:the )?new year|jour de l'an|nouvel an", _fixed(1, 1)),
    (r"epiphany|epiphanie", _fixed(1, 6)),
    (r"groundhog day|chandeleur", _fixed(2, 2)),
    (r"valentine'?s(?: day)?|valentine day|saint[- ]valentin", _fixed(2, 14)),
    (r"(?:saint|st\.?) (?:patrick|paddy)'?s?(?: day)?", _fixed(3, 17)),
    (r"april fools'?(?: day)?|poisson d'avril", _fixed(4, 1)),
    (r"earth day", _fixed(4, 22)),
    (
        r"(?:international )?workers'? day|may day|fete du travail|fete des travailleurs",
        _fixed(5, 1),
    ),
    (r"victoire 1945|fete de la victoire", _fixed(5, 8)),
    (r"fete de la musique", _fixed(6, 21)),
    (r"juneteenth", _fixed(6, 19)),
    (r"independence day|fourth of july|4th of july", _fixed(7, 4)),
    (r"fete nationale|bastille day", _fixed(7, 14)),
    (r"assomption|assumption day", _fixed(8, 15)),
    (r"halloween", _fixed(10, 31)),
    (r"(?:la )?toussaint|all saints'?(?: day)?", _fixed(11, 1)),
    (r"armistice(?: day)?|veterans'? day|remembrance day", _fixed(11, 11)),
    (r"(?:mlk|martin luther king(?:'?s)?)(?: jr\.?)? day|civil rights day", _nth(1, 0, 3)),
    (r"presidents'? day|washington'?s birthday", _nth(2, 0, 3)),
    (r"mother'?s day", _nth(5, 6, 2)),
    (r"memorial day", _nth(5, 0, -1)),
    (r"father'?s day", _nth(6, 6, 3)),
    (r"labor day", _nth(9, 0, 1)),
    (r"columbus day|indigenous peoples'? day", _nth(10, 0, 2)),
    (r"thanksgiving(?: day)?", _nth(11, 3, 4)),
    (r"black friday", _nth(11, 3, 4, plus=1)),
    (r"cyber monday", _nth(11, 3, 4, plus=4)),
    (r"mardi gras|shrove tuesday|pancake day", _easter(-47)),
    (r"ash wednesday|mercredi des cendres", _easter(-46)),
    (r"palm sunday|dimanche des rameaux", _easter(-7)),
    (r"maundy thursday|holy thursday|jeudi saint", _easter(-3)),
    (r"good friday|vendredi saint", _easter(-2)),
    (r"easter monday|lundi de paques", _easter(1)),
    (r"easter(?: sunday)?|(?:le )?(?:dimanche de )?paques", _easter(0)),
    (r"ascension(?: day)?|(?:le )?jeudi de l'ascension", _easter(39)),
    (r"whit monday|pentecost monday|lundi de (?:la )?pentecote", _easter(50)),
    (r"pentecost|whit sunday|whitsun|(?:la )?pentecote", _easter(49)),
    (r"trinity sunday", _easter(56)),
    (r"corpus christi|fete[- ]dieu", _easter(60)),
)

HOLIDAY = re.compile(
    r"\b(?:(?P<mod>next|last|this|previous|following|coming|upcoming) )?"
    r"(?P<h>" + "|".join(f"(?:{n})" for n, _ in _TABLE) + r")\b"
    r"(?:,? (?:of |in |de |en )?(?P<y>(?:19|20)\d{2})\b"
    r"| of (?P<ymod>this|next|last) year\b"
    r"| (?P<ymod2>prochaine?|derniere?)\b)?"
)
_COMPILED = tuple((re.compile(n), at) for n, at in _TABLE)


def holiday_date(name: str, today: date, mod: str | None, year: int | None) -> date | None:
    """The day of holiday ``name`` (folded) as ``mod``/``year`` say, or ``None``."""
    at = next((f for p, f in _COMPILED if p.fullmatch(name)), None)
    if at is None:
        return None
    if year is not None:
        return at(year)
    y = today.year
    cands = [d for d in (at(y - 1), at(y), at(y + 1), at(y + 2)) if d is not None]
    if mod in ("last", "previous", "dernier", "derniere"):
        past = [d for d in cands if d < today]
        return past[-1] if past else None
    if mod in ("next", "following", "prochain", "prochaine"):
        return next((d for d in cands if d > today), None)
    return next((d for d in cands if d >= today), None)
