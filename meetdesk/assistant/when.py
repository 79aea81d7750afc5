"""Day and time mentions in an answer, for matching it against our proposals.

These are *mentions*, not windows: the choice reader (``choice.py``) matches them
against the proposals it made; a request's windows come from ``constraints``. Each
mention keeps the rule that found it and its span; matched text is blanked so that
later, looser patterns cannot read it again, and whatever time words remain afterwards
are reported as unresolved rather than silently ignored.

Hand-written patterns are used instead of a general date parser: the set is small,
they are fast and deterministic, and they never read "we" as Wednesday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from meetdesk.assistant.lexicon import MONTH_RE, MONTH_WORDS, WEEKDAY_WORDS
from meetdesk.assistant.text import blank


@dataclass(frozen=True)
class Day:
    """A reference to a day: a weekday, a day of month (with alternatives), or a date."""

    rule: str
    start: int
    end: int
    weekday: int | None = None
    day_months: tuple[tuple[int, int | None], ...] = ()
    on: date | None = None  # an exact date (tomorrow, today)
    modifier: str | None = None  # "next" or "this" when the text said so
    small_ordinal: int | None = None  # "the 2nd", "le 2": could also mean option 2

    def matches(self, d: date) -> bool:
        if self.weekday is not None and d.weekday() != self.weekday:
            return False
        if self.on is not None and d != self.on:
            return False
        if self.day_months:
            return any(day == d.day and month in (None, d.month) for day, month in self.day_months)
        return True


@dataclass(frozen=True)
class TimeOfDay:
    """A time of day with its readings ("at 2" may be 02:00 or 14:00), maybe a range end."""

    rule: str
    start: int
    end: int
    candidates: tuple[time, ...]
    until: tuple[time, ...] = ()


_EN_ONLY_WEEKDAYS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"}


def _weekday_re(language: str) -> str:
    words = [w for w in WEEKDAY_WORDS if language == "en" or w not in _EN_ONLY_WEEKDAYS]
    return "|".join(sorted(words, key=len, reverse=True))


_ORD = r"(?:st|nd|rd|th|er|re|eme|e)?"


def _day_patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    wd = _weekday_re(language)
    lead = rf"(?:(?P<wd>{wd}),? )?(?:the |le )?"
    return [
        (
            "date.day_month",
            re.compile(rf"\b{lead}(?P<d>\d{{1,2}}){_ORD} (?:of )?(?P<mo>{MONTH_RE})\b"),
        ),
        (
            "date.day_month",
            re.compile(rf"\b{lead}(?P<dw>first|second|third|premier) (?:of )?(?P<mo>{MONTH_RE})\b"),
        ),
        (
            "date.month_day",
            re.compile(
                rf"\b(?:(?P<wd>{wd}),? )?(?P<mo>{MONTH_RE}) (?:the )?(?P<d>\d{{1,2}})"
                rf"(?:st|nd|rd|th)?\b(?![:h]\d)"
            ),
        ),
        (
            "date.numeric",
            re.compile(
                rf"\b(?:(?P<wd>{wd}),? )?(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\b"
            ),
        ),
        (
            "date.day_after_tomorrow",
            re.compile(
                r"\b(?:the day after tomorrow|apres-demain"
                r"|apres demain)\b"
            ),
        ),
        ("date.tomorrow", re.compile(r"\b(?:tomorrow|demain)\b")),
        ("date.today", re.compile(r"\b(?:today|aujourd'hui|this afternoon|cet apres-midi)\b")),
        (
            "date.weekday",
            re.compile(
                rf"\b(?:(?P<mod>next|this|coming|ce|cette) )?(?P<wd>{wd})\b"
                rf"(?: (?P<mod2>prochain|qui vient))?"
            ),
        ),
        (
            "date.day_of_month",
            re.compile(
                r"\b(?:the |le )(?P<d>\d{1,2})(?:st|nd|rd|th|er|e|eme)?\b"
                r"(?! ?(?:h\b|h\d|:|\.\d|heures?|hours?|minutes?|mins?|one|option|am\b|pm\b))"
                if language == "fr"
                else r"\b(?:the |on the )?(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?! (?:one|option|slot))"
            ),
        ),
    ]


_WORD_DAYS = {"first": 1, "second": 2, "third": 3, "premier": 1}


def find_days(folded: str, today: date, language: str) -> tuple[list[Day], str]:
    """Day references; ``today`` (the sender's local date) resolves tomorrow and the like."""
    found: list[Day] = []
    for rule, pattern in _day_patterns(language):
        for m in pattern.finditer(folded):
            day = _day(rule, m, today, language)
            if day is not None:
                found.append(day)
                folded = blank(folded, m.start(), m.end())
    found.sort(key=lambda d: d.start)
    return found, folded


def _day(rule: str, m: re.Match[str], today: date, language: str) -> Day | None:
    groups = m.groupdict()
    wd = WEEKDAY_WORDS[groups["wd"]] if groups.get("wd") else None
    span = (rule, m.start(), m.end())
    if rule in ("date.day_month", "date.month_day"):
        d = int(groups["d"]) if groups.get("d") else _WORD_DAYS[groups["dw"]]
        return (
            Day(*span, weekday=wd, day_months=((d, MONTH_WORDS[groups["mo"]]),))
            if 1 <= d <= 31
            else None
        )
    if rule == "date.numeric":
        a, b = int(groups["a"]), int(groups["b"])
        pairs = [(a, b)] if language == "fr" else [(a, b), (b, a)]
        valid = tuple(dict.fromkeys((d, mo) for d, mo in pairs if 1 <= d <= 31 and 1 <= mo <= 12))
        return Day(*span, weekday=wd, day_months=valid) if valid else None  # type: ignore[arg-type]
    if rule == "date.day_after_tomorrow":
        return Day(*span, on=today + timedelta(days=2))
    if rule == "date.tomorrow":
        return Day(*span, on=today + timedelta(days=1))
    if rule == "date.today":
        return Day(*span, on=today)
    if rule == "date.weekday":
        mod = groups.get("mod") or groups.get("mod2")
        modifier = {
            "next": "next",
            "prochain": "next",
            "this": "this",
            "ce": "this",
            "cette": "this",
            "coming": "this",
            "qui vient": "this",
        }.get(mod or "")
        return Day(*span, weekday=wd, modifier=modifier)
    d = int(groups["d"])
    if not 1 <= d <= 31:
        return None
    return Day(*span, day_months=((d, None),), small_ordinal=d if d <= 9 else None)


def _clock(h: int, m: int, meridiem: str | None) -> tuple[time, ...]:
    if meridiem is not None:
        if not 1 <= h <= 12:
            return ()
        h = h % 12 + (12 if meridiem == "pm" else 0)
        return (time(h, m),)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return ()
    # Without am/pm, "2:00" in a business context is far more likely 14:00; keep both.
    return (time(h, m), time(h + 12, m)) if 1 <= h <= 7 else (time(h, m),)


_TIMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time.meridiem", re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))? ?(?P<ap>am|pm)\b")),
    ("time.colon", re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b")),
    ("time.h", re.compile(r"\b(?P<h>\d{1,2}) ?h ?(?P<m>\d{2})?\b(?!\d)")),
    ("time.oclock", re.compile(r"\b(?P<h>\d{1,2}) ?(?:o'?clock|heures?)\b")),
    ("time.noon", re.compile(r"\b(?:noon|midday|midi)\b")),
    ("time.bare_hour", re.compile(r"\b(?:at|a|vers|around|about) (?P<h>\d{1,2})\b(?![/:.,]?\d)")),
)
_RANGE_JOIN = re.compile(r"^ ?(?:-|to|till|until|a|au|jusqu'a) ?$")


def find_times(folded: str) -> tuple[list[TimeOfDay], str]:
    found: list[TimeOfDay] = []
    for rule, pattern in _TIMES:
        for m in pattern.finditer(folded):
            if rule == "time.noon":
                candidates: tuple[time, ...] = (time(12, 0),)
            else:
                candidates = _clock(
                    int(m["h"]),
                    int(m["m"] or 0) if "m" in m.re.groupindex else 0,
                    m["ap"] if "ap" in m.re.groupindex else None,
                )
            if candidates:
                found.append(TimeOfDay(rule, m.start(), m.end(), candidates))
                folded = blank(folded, m.start(), m.end())
    found.sort(key=lambda t: t.start)
    return _ranges(found, folded), folded


def _ranges(times: list[TimeOfDay], folded: str) -> list[TimeOfDay]:
    """Join "10:00 - 10:30" / "de 10h a 10h30" into one mention with an end."""
    merged: list[TimeOfDay] = []
    for t in times:
        if merged and not merged[-1].until and _RANGE_JOIN.match(folded[merged[-1].end : t.start]):
            first = merged.pop()
            merged.append(
                TimeOfDay("time.range", first.start, t.end, first.candidates, t.candidates)
            )
        else:
            merged.append(t)
    return merged


_LEFTOVER = re.compile(
    rf"\b(?:morning|afternoon|evening|tonight|matin|matinee|apres-midi|apres midi|soir|soiree"
    rf"|weekend|week-end|months?|mois|before|until|till|after|avant|apres|jusqu'|early|late"
    rf"|beginning|debut|fin|end of|weeks?|semaines?|days|jours|asap|urgent|urgently"
    rf"|{MONTH_RE}|{'|'.join(WEEKDAY_WORDS)}|\d{{1,2}}[/.]\d{{1,2}}|\d{{1,2}} ?(?:am|pm|h)"
    rf"|\d{{1,2}}:\d{{2}})\b"
)
_HARMLESS = {"may", "mar", "mon", "sept", "dec", "jan", "oct", "nov", "fin", "after"}


def leftover_time_words(folded: str) -> list[str]:
    """Time words no rule resolved; a reader must treat them as doubts, not ignore them."""
    words = []
    for m in _LEFTOVER.finditer(folded):
        word = m[0]
        # Short words that are common in ordinary prose only count next to a number.
        if word in _HARMLESS and not re.search(r"\d", folded[max(0, m.start() - 4) : m.end() + 4]):
            continue
        words.append(word)
    return list(dict.fromkeys(words))
