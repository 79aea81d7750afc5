"""Which of our proposed slots a participant's answer picks, if exactly one.

An answer is split into clauses ("the first doesn't work, but the second does"); each
clause points at proposals by ordinal ("the second one", "option 2", "la première") or
by day and time ("Tuesday at 14:00", "le 24 à 15h"), and is either an acceptance or,
when negated, an exclusion. The answer picks a slot only when exactly one proposal is
accepted and not excluded; "both work", "none of these", a time we did not propose or
an ordinal that contradicts the date all yield ``unknown`` with a reason. Never guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from meetdesk.assistant.lexicon import MONTH_RE
from meetdesk.assistant.text import blank, sentences
from meetdesk.assistant.when import Day, TimeOfDay, find_days, find_times, leftover_time_words

_ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "1re": 1,
    "deuxieme": 2,
    "seconde": 2,
    "2e": 2,
    "2eme": 2,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "cinquieme": 5,
    "5e": 5,
    "5eme": 5,
    "dernier": -1,
    "derniere": -1,
}
_DIGIT_ORDINAL = re.compile(r"^\d")
_ORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_NOUN = (
    r"(?:one|option|slot|choice|proposal|suggestion|time slot|date|creneau|proposition"
    r"|horaire|choix)"
)
_NOT_AFTER = (
    rf"(?! (?:week|time(?! slot)|month|year|night|of all|semaine|fois|mois|annee"
    rf"|of |de )|(?: of| de)? (?:{MONTH_RE})\b)"
)
_ORDINAL_PATTERNS = (
    re.compile(rf"\b(?:the|le|la|l') ?(?P<o>{_ORD})\b{_NOT_AFTER}"),
    re.compile(rf"\b(?P<o>{_ORD}) {_NOUN}\b"),
    re.compile(
        rf"^(?P<o>{_ORD})(?: (?:works|is|would|please|suits|sounds|fits|me va"
        rf"|me convient|convient|svp|stp)\b|$)"
    ),
    re.compile(
        r"(?:\b(?:option|slot|choice|proposal|number|no|nr|numero|creneau|proposition"
        r"|choix)|#|n ?°) ?#?(?P<n>\d)\b(?![:h/.]\d)"
    ),
    re.compile(r"^#?(?P<n>\d)[.)]?$"),
)

_SEVERAL = re.compile(
    r"\b(?:both|either|any(?: of them| of these| one| time)?|all (?:of them|work|are|three)"
    r"|whichever|les deux|l'un ou l'autre|n'importe (?:lequel|laquelle|quel\w*)"
    r"|(?:tous|toutes) (?:les )?(?:deux|trois|conviennent|me vont)|indifferemment)\b"
)
_HARMLESS_NEGATIONS = re.compile(
    r"\b(?:no problem|not a problem|no worries|pas de (?:probleme|souci)|sans (?:probleme|souci)"
    r"|ne vous inquietez pas|n'hesitez pas)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|no(?! ?\d)|none|neither|nor|never|cannot|can't|cant|won't|don't|doesn't|isn't"
    r"|unable|unavailable|impossible|unfortunately|ne|n'\w*|pas|aucun|aucune|ni|indisponible"
    r"|malheureusement|busy)\b"
)
_ACCEPT = re.compile(
    r"\b(?:yes|yep|sure|ok|okay|works|work|fine|good|great|perfect|suits|agreed|confirmed"
    r"|oui|d'accord|ok pour moi|ca me va|ca marche|parfait|c'est bon|convient|volontiers"
    r"|entendu|tres bien|top)\b"
)
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|however|whereas|otherwise|or|mais|par contre"
    r"|en revanche|sinon|ou)\b"
)
_CHOICE_LEFTOVER_IGNORED = {"weekend", "week-end", "soiree", "day", "days", "jours"}


@dataclass
class Pointing:
    """What the clauses of an answer point at, accumulated over the whole text."""

    accepted: set[int] = field(default_factory=set)
    excluded: set[int] = field(default_factory=set)
    several: bool = False
    declined: bool = False
    plain_accept: bool = False
    unmatched: list[str] = field(default_factory=list)
    other_time: bool = False  # names a day or time we did not propose
    conflicts: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    specific: bool = False  # an ordinal, or a day and a time: a precise reference


def clauses(folded: str) -> list[str]:
    """Sentences, split further at "but"/"or", and at commas where there is a negation."""
    parts: list[str] = []
    for sentence in sentences(folded):
        pieces = [p for p in _CLAUSE_BREAK.split(sentence) if p.strip()]
        for piece in pieces:
            if _NEGATION.search(_HARMLESS_NEGATIONS.sub(" ", piece)):
                parts.extend(p.strip() for p in piece.split(",") if p.strip())
            else:
                parts.append(piece.strip(" ,"))
    return parts


def _option(value: int, count: int) -> int | None:
    index = count if value == -1 else value
    return index - 1 if 1 <= index <= count else None


def _ordinals(clause: str, count: int, p: Pointing) -> tuple[set[int], set[int], str]:
    """Options named by ordinal (0-based), those also readable as a day, and the rest."""
    picks: set[int] = set()
    soft: set[int] = set()
    for pattern in _ORDINAL_PATTERNS:
        for m in pattern.finditer(clause):
            word = m.groupdict().get("o")
            value = _ORDINALS[word] if word else int(m["n"])
            index = _option(value, count)
            if index is None:
                p.unmatched.append(f"option {value} was not proposed")
            else:
                picks.add(index)
                if word and _DIGIT_ORDINAL.match(word) and pattern is _ORDINAL_PATTERNS[0]:
                    soft.add(index)
            p.rules.append("choice.ordinal")
            clause = blank(clause, m.start(), m.end())
    return picks, soft, clause


def _by_time(
    days: list[Day], times: list[TimeOfDay], starts: Sequence[datetime], ends: Sequence[datetime]
) -> set[int]:
    def fits(i: int) -> bool:
        if days and not any(d.matches(starts[i].date()) for d in days):
            return False
        return not times or any(
            starts[i].timetz().replace(tzinfo=None) in t.candidates
            and (not t.until or ends[i].timetz().replace(tzinfo=None) in t.until)
            for t in times
        )

    return {i for i in range(len(starts)) if fits(i)}


def point(
    folded: str, starts: Sequence[datetime], ends: Sequence[datetime], today: date, language: str
) -> Pointing:
    """Walk the clauses of a folded answer and collect what they accept and exclude."""
    p = Pointing()
    count = len(starts)
    for raw in clauses(folded):
        clause = _HARMLESS_NEGATIONS.sub(" ", raw)
        picks, soft, clause = _ordinals(clause, count, p)
        days, clause = find_days(clause, today, language)
        times, clause = find_times(clause)
        # "the 2nd" / "le 2" is an ordinal or a day of the month; it must not matter which.
        small = [d for d in days if d.small_ordinal is not None and not times]
        for d in small:
            days.remove(d)
            by_day = {i for i in range(count) if d.matches(starts[i].date())}
            index = _option(d.small_ordinal or 0, count)
            as_option = {index} if index is not None else set()
            if by_day and as_option and by_day != as_option:
                p.conflicts.append(f"'{raw[d.start : d.end].strip()}' may be an option or a day")
            picks |= by_day | as_option
            p.rules.append("choice.day_or_ordinal")
        for index in soft:
            by_day = {i for i in range(count) if starts[i].day == index + 1}
            if by_day and by_day != {index}:
                p.conflicts.append(f"ordinal {index + 1} may also be a day of the month")
                picks |= by_day
        if days or times:
            matched = _by_time(days, times, starts, ends)
            p.rules.append("choice.date_time")
            if not matched:
                p.unmatched.append(f"'{raw.strip()}' matches no proposed time")
                p.other_time = True
            elif picks and not (matched & picks):
                p.conflicts.append("the ordinal and the date or time disagree")
                picks |= matched
            else:
                picks = picks & matched if picks else matched
                p.specific = p.specific or bool(days and times)
        if picks and "choice.ordinal" in p.rules:
            p.specific = True
        several = _SEVERAL.search(clause)
        if several:
            clause = blank(clause, several.start(), several.end())
            picks = picks or set(range(count))
            p.several = True
            p.rules.append("choice.several")
        negated = bool(_NEGATION.search(clause))
        if negated:
            if picks and not p.several:
                p.excluded |= picks
                p.rules.append("choice.excluded")
            else:
                p.declined = True
                p.rules.append("choice.decline")
        elif picks:
            p.accepted |= picks
        elif _ACCEPT.search(clause):
            p.plain_accept = True
            p.rules.append("choice.accept")
        p.leftovers += [w for w in leftover_time_words(clause) if w not in _CHOICE_LEFTOVER_IGNORED]
    return p
