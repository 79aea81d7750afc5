"""Time words no rule read: reported as a doubt, never silently dropped.

Two nets. The first looks for time words left in what the rules did not take (a weekday
or month name, a part of the day, "9am", "3/4", "the 3rd", "the week", "in a few
weeks"...). The second asks the general time-expression reader (``read_expressions``,
without its dateparser fallback) what it finds, and reports any expression whose words
the constraint rules did not cover: it knows forms these rules do not ("half past two",
"quinze heures", holidays). Approximations next to a time ("the 3rd or so", "3pm-ish")
are doubts too. Harmless vagueness ("soon", "some time", "whenever") is not a time word.
"""

from __future__ import annotations

import re

from meetdesk.assistant.constraints.model import Context
from meetdesk.assistant.constraints.text import fold
from meetdesk.assistant.constraints.vocab import ABBREVIATED_MONTHS, WEEKDAY_RE, alt
from meetdesk.assistant.expressions import read_expressions
from meetdesk.assistant.expressions.holidays import HOLIDAY
from meetdesk.assistant.expressions.words import MONTH, NUM_EN, NUM_FR, ORD_EN, PARTS, WD
from meetdesk.assistant.expressions.words import alt as alt_words

_FULL_MONTHS = (
    r"january|february|april|june|july|august|september|october|november|december|janvier"
    r"|fevrier|avril|juin|juillet|aout|septembre|octobre|novembre|decembre"
)
_TIME_WORDS = re.compile(
    rf"\b(?:(?:{WEEKDAY_RE})s?|{_FULL_MONTHS}|mornings?|afternoons?|evenings?|matin(?:ee)?s?"
    r"|apres-? ?midis?|aprem|soir(?:ee)?s?|tomorrow|demain|today|aujourd'hui|tonight|noon|midi"
    r"|midnight|minuit|week-?ends?|fortnight|quinzaine|quarter|trimestre|q[1-4]|next year"
    r"|l'annee prochaine|(?:this|next|that|the|of|de|du|cette|la|one|\d+) (?:weeks?|semaines?)"
    r"|(?:this|next|that|the|of|de|du|le|ce) (?:month|mois)"
    r"|(?<!il y a )(?:\d+|few|couple of|several|quelques|plusieurs|two|three|deux|trois)"
    r" (?:days|jours|weeks|semaines|months|mois)(?! ago| earlier| plus tot)"
    r"|\d{1,2}(?:[:.]\d\d)? ?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}h\d{0,2}|\d{1,2}:\d\d|\d{1,2}/\d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)|1er)\b"
)
# A weekday with a bare number the rules did not read: "Monday 10" (the 10th? 10 o'clock?).
_WEEKDAY_NUMBER = re.compile(rf"\b(?:{WEEKDAY_RE}) (?P<n>\d{{1,2}})\b(?![:/])")
_AMBIGUOUS_WORDS = re.compile(
    rf"\b(?:may|march|mars|mai|tue|thu|thur|thurs|fri|wed|sat|sun|mon|{alt(ABBREVIATED_MONTHS)})\b"
)
_APPROXIMATE = re.compile(
    r"^-?(?: ?or so|ish| ?give or take| ?or thereabouts| ?plus ou moins| ?a peu pres| ?environ)\b"
)
_APPROXIMATE_BEFORE = re.compile(r"\b(?:roughly|approximately|a peu pres|plus ou moins) $")
_HAS_WORD = re.compile(r"[^\W_]")
# Words without which the general reader finds nothing: it is only asked when the rest
# holds one (most of what the rules leave is prose, and the reader is the costly part).
_NUMBER_WORDS = {w for w in (*NUM_EN, *NUM_FR, *ORD_EN) if w not in ("a", "an", "un", "une")}
_CUE = re.compile(
    rf"\d|\b(?:{alt_words(_NUMBER_WORDS)}|{MONTH}|{WD}|{alt_words(set(PARTS))}|half|quarter"
    r"|past|o'?clock|heures?|midnight|minuit|midi|demie?|quart|tomorrow|demain|today"
    r"|aujourd'hui|yesterday|hier|weeks?|semaines?|months?|mois|years?|ans?|annees?|days?"
    r"|jours?|journee|week-?ends?|eve|veille|lendemain|ago|il y a|now|maintenant|tonight)\b"
)
_STOP = frozenset(
    "at on the le la les l de du des d in from to a au aux of by around vers et and or ou this "
    "next ce cet cette en dans pour for about between entre until till before after avant apres "
    "since depuis jusqu s is it que qu un une an sur par per my our your mon ma notre votre "
    "me nous we i you il is are be est sont".split()
)


def unread(ctx: Context, item_spans: list[tuple[int, int]]) -> None:
    """Add a doubt for each time word or approximation the rules left unread."""
    low = ctx.folded.low
    rest = ctx.scan.text
    words: list[str] = []
    for m in _TIME_WORDS.finditer(rest):
        words.append(ctx.original(m.start(), m.end()))
    for m in _WEEKDAY_NUMBER.finditer(low):
        if not ctx.scan.taken[m.start("n")]:
            words.append(ctx.original(m.start(), m.end()))
    cased = ctx.folded.cased
    for m in _AMBIGUOUS_WORDS.finditer(rest):
        near_digit = re.search(r"\d", low[max(0, m.start() - 4) : m.end() + 4])
        capital = cased[m.start()].isupper() and (
            m[0] in ABBREVIATED_MONTHS
            or m[0] in ("may", "march")
            and not _at_start(cased, m.start())
            and not re.match(r" (?:i|we|you|he|she|they|it)\b", low[m.end() : m.end() + 5])
        )
        if near_digit or capital:
            words.append(ctx.original(m.start(), m.end()))
    words += _expressions_not_covered(ctx)
    approximate = []
    for s, e in item_spans:
        if _APPROXIMATE.match(low[e : e + 20]) or _APPROXIMATE_BEFORE.search(
            low[max(0, s - 16) : s]
        ):
            approximate.append(ctx.original(s, e))
    words = list(dict.fromkeys(w for w in words if w))
    if words:
        ctx.notes.doubt(
            "time words not understood: " + ", ".join(f"'{w}'" for w in words),
            rule="window.unresolved",
        )
    if approximate:
        ctx.notes.doubt(
            "approximate: " + ", ".join(f"'{w}'" for w in dict.fromkeys(approximate)),
            rule="window.approximate",
        )


def _at_start(cased: str, i: int) -> bool:
    before = cased[:i].rstrip(" \"'(")
    return not before or before[-1] in ".!?\n:"


def _expressions_not_covered(ctx: Context) -> list[str]:
    """What the general reader finds in the words the constraint rules did not take.

    Only the untaken stretches are given to it (blank lines between them, so that no
    expression is formed across a taken one): most of a message is prose, and reading
    just what is left keeps this net cheap on long texts.
    """
    rest = _untaken(ctx)
    folded_rest = fold(rest).low
    if not (_CUE.search(folded_rest) or HOLIDAY.search(folded_rest)):
        return []
    out: list[str] = []
    values = read_expressions(rest, reference=ctx.sent, language=ctx.language, use_dateparser=False)
    start_of_day = ctx.sent.replace(hour=0, minute=0, second=0, microsecond=0)
    for v in values:
        if v.kind == "duration" or "relative.now" in v.rules:
            continue
        if v.start is not None and v.start < start_of_day and (v.end is None or v.end <= ctx.sent):
            continue  # "last night", "two months ago": a past reference, not a constraint
        tokens = [t for t in re.findall(r"[a-z0-9]+", fold(v.text).low) if t not in _STOP]
        if not tokens:
            continue
        if len(tokens) == 1 and tokens[0] in ("march", "may", "mars", "mai", "second", "sec"):
            continue  # the verb, the planet, a moment: the month rules decide those
        out.append(v.text)
    return out


def _untaken(ctx: Context) -> str:
    """The original text of every stretch no rule took, one paragraph each."""
    taken, n = ctx.scan.taken, len(ctx.folded.low)
    pieces: list[str] = []
    i = 0
    while i < n:
        if taken[i]:
            i += 1
            continue
        j = i
        while j < n and not taken[j]:
            j += 1
        piece = ctx.original(i, j)
        if _HAS_WORD.search(piece):
            pieces.append(piece)
        i = j
    return "\n\n".join(pieces)
