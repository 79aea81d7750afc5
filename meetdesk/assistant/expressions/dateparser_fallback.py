"""dateparser as a fallback for date cues the rules left unread, with its traps filtered.

``search_dates`` finds more forms than the rules but also reads "we" as Wednesday, "Je"
as jeudi, bare numbers, prices and phone numbers as dates; those are dropped here, as is
anything overlapping text the rules already read. It is imported lazily: it is slow to
load and the rules alone answer most messages.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from meetdesk.assistant.expressions.values import TimeValue
from meetdesk.assistant.expressions.words import MONTH, WD, fold

# Something date-like is left: a digit, a month or weekday name, a period word.
CUE = re.compile(rf"\d|\b(?:{MONTH}|{WD}|week|month|year|semaine|mois|annee|ago|il y a)\b")
_FILLER = re.compile(r"\b(?:on|at|in|the|of|a|an|le|la|de|du|a|en|by|for)\b")
_PHONE = re.compile(r"(?:\+?\d[\d ().-]{6,}\d)")
_DP_STOP = {
    "we", "wed", "mon", "sun", "sat", "fri", "thu", "tue", "je", "ma", "me", "sa", "ve",
    "di", "lu", "mer", "jeu", "ven", "sam", "dim", "mar", "may", "march", "second", "now",
    "a", "an", "on", "at", "in", "le", "la", "de", "mai", "sept", "un", "une", "i", "am",
}  # fmt: skip


def dateparser_values(
    text: str, folded: str, covered: bytearray, ref: datetime, language: str, day_first: bool
) -> list[TimeValue]:
    """What dateparser finds in ``text`` outside ``covered``, minus its known false hits."""
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": ref,
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "RETURN_TIME_AS_PERIOD": True,
    }
    try:
        found = search_dates(text, languages=[language], settings=settings) or []
    except Exception:  # dateparser raises on odd inputs; the rules' reading stands
        return []
    values: list[TimeValue] = []
    pos = 0
    phones = [
        (m.start(), m.end()) for m in _PHONE.finditer(text) if len(re.sub(r"\D", "", m[0])) >= 8
    ]
    for piece, when in found:
        s = text.find(piece, pos)
        if s < 0:
            continue
        e = s + len(piece)
        pos = e
        low = fold(piece).strip(" ,.")
        if any(covered[s:e]):
            continue
        if low in _DP_STOP or len(low) <= 2:
            continue
        bare = _FILLER.sub("", low).strip()
        if re.fullmatch(r"[\d\s.,:+()$\u20ac\xa3#%-]+", bare) and not re.search(
            r"\d[/:]\d|\d{4}-\d", bare
        ):
            continue  # bare numbers, prices, phone fragments, "1030 on"
        if any(ps <= s < pe or ps < e <= pe for ps, pe in phones):
            continue
        if not CUE.search(low):
            continue
        kind = (
            "datetime"
            if when.time() != time(0) or re.search(r"\d[:h]\d|[ap]\.?m\b", low)
            else "date"
        )
        if kind == "date":
            when = datetime.combine(when.date(), time(0))
        values.append(
            TimeValue(piece, kind, when.replace(tzinfo=None), None, None, ("dateparser",))
        )
    return values
