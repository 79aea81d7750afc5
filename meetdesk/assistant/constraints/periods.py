"""Rules for stretches of days: weeks, "the next ten days", ASAP, weekends, months.

Each rule turns a phrase into an ``Anchor`` of kind "period" (or "asap") whose interval
follows the window table of docs/understanding.md: this week runs from the sent moment to
Saturday 00:00, next week from Monday 00:00 to Saturday 00:00, "the next two weeks" from
the next day for 14 days, ASAP from the sent moment for 7 days. Early/mid/late narrow a
week to Monday-Wednesday, Tuesday-Thursday or Thursday-Friday, and a month to its days
1-10, 11-20 or 21 to the end. Weeks and spans are read before days ("next week" must not
leave a bare "week" behind); months after them, so that "December 3" stays a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from meetdesk.assistant.constraints.dates import (
    WORKING_DAYS,
    add_months,
    midnight,
    monday,
    working_days_span,
)
from meetdesk.assistant.constraints.model import Anchor, Context
from meetdesk.assistant.constraints.vocab import (
    ABBREVIATED_MONTHS,
    AMBIGUOUS_MONTHS,
    MONTHS,
    NUMBERS,
    VAGUE_NUMBERS,
    alt,
)

ASAP_DAYS = 7
VAGUE_DAYS = 7  # "in the coming days"
VAGUE_WEEKS_DAYS = 21  # "in the coming weeks"

_N = rf"(?P<n>\d{{1,3}}|{alt(NUMBERS)}|an?|one|une?)"
_MOD_WORDS = (
    r"early|late|later|mid|the middle of|middle of|the end of|end of|towards? the end of"
    r"|the beginning of|beginning of|the start of|start of|(?:en |au |a la |la |vers la )?"
    r"(?:debut|fin|milieu)(?: de| d')?|mi-?"
)
_MOD = rf"(?P<mod>{_MOD_WORDS}) ?"
_NEXT_WEEK = (
    r"next week|the following week|the coming week|la semaine prochaine"
    r"|semaine prochaine|la semaine suivante|la semaine qui vient"
)
_THIS_WEEK = (
    r"this week|this coming week|cette semaine|(?<=of )the week|(?<=de )la semaine|(?<=de )semaine"
)

_ASAP = re.compile(
    r"\b(?:asap|a\.s\.a\.p\.?|as soon as (?:possible|you can|we can)|at your earliest convenience"
    r"|at the earliest opportunity|as early as possible|earliest possible|first available"
    r"|(?:des|aussi vite|aussitot) que possible|au plus vite|au plus tot|le plus tot possible"
    r"|le plus rapidement possible|dans les (?:plus )?brefs delais|urgent|urgently|urgence"
    r"|en urgence|right away|straight away|tout de suite|immediately|immediatement)\b"
)
_WEEK_AFTER_NEXT = re.compile(
    r"\b(?:the week after next|the week after(?= ?(?:that)? ?(?:[.,;!?)\n]|$|or\b|and\b|ou\b))"
    r"|la semaine d'encore apres|the week after the next|la semaine d'apres"
    r"|(?P<vague>dans (?:deux|2) semaines|in (?:two|2) weeks(?:'? time)?|dans (?:quinze|15) jours"
    r"|in a fortnight|d'ici (?:quinze|15) jours|a fortnight from now|two weeks from now))\b"
)
_WEEK = re.compile(rf"\b(?:{_MOD})?(?P<which>{_NEXT_WEEK}|{_THIS_WEEK})\b")
_NEXT_N = re.compile(
    rf"\b(?:(?:in|within|over|during|for) )?(?:the )?(?:next|coming|following) {_N}"
    r" (?P<u>business days|working days|weekdays|days?|weeks?)\b"
    rf"|\b(?:dans|sous|durant|pendant|au cours|d'ici|sur) (?:les|des) {_N.replace('<n>', '<n2>')}"
    r" (?:prochaine?s )?(?P<u2>jours ouvres|jours ouvrables|jours|semaines)"
    r"(?: prochaine?s| a venir| qui viennent)?\b"
    rf"|\b(?:d'ici|sous|within|in the space of) {_N.replace('<n>', '<n3>')}"
    r" (?P<u3>jours ouvres|jours ouvrables|jours?|semaines?|weeks?|days?|business days"
    r"|working days)\b"
)
_VAGUE_SPAN = re.compile(
    r"\b(?:(?:in|over|during|within) )?the (?:next|coming) (?:few |couple of )?(?P<d>days)\b"
    r"|\b(?:(?:in|over|during|within) )?the (?:next|coming) (?:few |couple of )?(?P<w>weeks)\b"
    r"|\bin a (?:few|couple of) (?P<d2>days)\b|\bdans (?:les )?(?:tout )?(?:prochains|quelques)"
    r" (?P<d3>jours)\b|\bdans les jours (?:qui viennent|a venir)\b"
    r"|\bces (?:prochains )?jours(?:-ci)?\b"
    r"|\b(?:dans )?les (?:prochaines|quelques) (?P<w2>semaines)\b"
    r"|\bdans les semaines (?P<w3>qui viennent|a venir)\b"
)
# "in a week" and French "dans huit jours" mean next week, not one exact day: first.
_IN_N = re.compile(
    r"\b(?P<week>in (?:a|one) week(?:'s time)?|a week from (?:now|today)|dans une semaine"
    r"|dans (?:huit|8) jours|d'ici (?:huit|8) jours)\b"
    rf"|\b(?:in|dans) {_N} (?P<u>days?|jours?|weeks?|semaines?)(?:'? time)?(?! (?:ago|before))\b"
)
_WEEKEND = re.compile(
    r"\b(?:(?P<mod>this|next|the|ce|le|on the|over the|during the|pendant le|durant le|un|a)"
    r" )?(?P<w>week-?ends?|week ends?)\b(?: (?P<mod2>prochain|qui vient))?"
)
_MONTH_NAMES = alt({w for w in MONTHS})
_BOUND_BEFORE = re.compile(r"\b(?:by|before|d'ici|avant|until|jusqu'a) $")
# Words before a month that make it a bound rather than the month itself.
_MONTH_BOUNDS = {
    "before": "before", "avant": "before", "until": "by", "till": "by", "by": "by",
    "d'ici": "by", "jusqu'en": "by", "jusqu'a": "by", "from": "from", "a partir de": "from",
    "a partir d'": "from", "des": "from", "starting": "from", "after": "after",
    "apres": "after",
}  # fmt: skip
_MONTH = re.compile(
    rf"\b(?:(?P<mod>{_MOD_WORDS}|courant|in|during|en|for|au mois d'|au mois de|le mois d'"
    rf"|le mois de|du mois d'|du mois de|next|this|coming|around|about|vers|towards?"
    rf"|{alt(_MONTH_BOUNDS)}) ?)?(?P<mo>{_MONTH_NAMES})\b\.?"
    r"(?: (?P<mod2>prochain|next year|de l'annee prochaine))?(?:,? (?P<y>20\d\d))?"
)
_RELATIVE_MONTH = re.compile(
    rf"\b(?:{_MOD})?(?P<which>next month|the following month|le mois prochain|mois prochain"
    r"|le mois suivant|this month|ce mois-ci|ce mois ci|ce mois|(?<=of )the month|(?<=du )mois"
    r"|(?<=de )mois)\b"
)


def _n(m: re.Match[str], *names: str) -> tuple[int, bool]:
    for name in names:
        token = m.groupdict().get(name)
        if token:
            if token in ("a", "an", "one", "un", "une"):
                return 1, False
            value = int(token) if token.isdigit() else NUMBERS.get(token, 0)
            return value, token in VAGUE_NUMBERS
    return 0, False


def _anchor(
    ctx: Context,
    m: re.Match[str],
    rule: str,
    start: datetime,
    end: datetime,
    kind: str = "period",
    label: str = "",
) -> Anchor:
    ctx.scan.take(m.start(), m.end())
    return Anchor(m.start(), m.end(), rule, kind, start, end, label=label or m[0])


def _narrow_week(mon: date, mod: str | None) -> tuple[date, date] | None:
    """The days [first, after-last) of the working week narrowed by early/mid/late."""
    if not mod or mod == "later":
        return None
    if (
        mod.startswith(("early", "beginning", "the beginning", "start", "the start"))
        or "debut" in mod
    ):
        return mon, mon + timedelta(days=3)
    if mod.startswith(("mid", "the middle", "middle")) or "milieu" in mod or mod.startswith("mi"):
        return mon + timedelta(days=1), mon + timedelta(days=4)
    return mon + timedelta(days=3), mon + timedelta(days=WORKING_DAYS)


def find_weeks(ctx: Context) -> list[Anchor]:
    """Weeks, spans of days and ASAP, in the order that keeps longer phrases whole."""
    found: list[Anchor] = []
    tz, sent, today = ctx.tz, ctx.sent, ctx.today
    notes = ctx.notes
    this_monday = monday(today)

    for m in ctx.scan.finditer(_ASAP):
        found.append(_anchor(ctx, m, "window.asap", sent, sent + timedelta(days=ASAP_DAYS), "asap"))

    for m in ctx.scan.finditer(_WEEK_AFTER_NEXT):
        mon = this_monday + timedelta(days=14)
        a = _anchor(
            ctx,
            m,
            "window.week_after_next",
            midnight(mon, tz),
            midnight(mon + timedelta(days=WORKING_DAYS), tz),
        )
        if m["vague"]:
            notes.ambiguity(
                f"'{ctx.original(m.start(), m.end())}' is vague: read as the week after next",
                rule="window.in_two_weeks",
            )
        found.append(a)

    for m in ctx.scan.finditer(_VAGUE_SPAN):
        weeks = bool(m["w"] or m["w2"] or m["w3"])
        days = VAGUE_WEEKS_DAYS if weeks else VAGUE_DAYS
        start = midnight(today + timedelta(days=1), tz)
        notes.note(f"'{ctx.original(m.start(), m.end())}' is vague: read as the next {days} days")
        found.append(_anchor(ctx, m, "window.coming_days", start, start + timedelta(days=days)))

    for m in ctx.scan.finditer(_NEXT_N):
        n, vague = _n(m, "n", "n2", "n3")
        unit = m["u"] or m["u2"] or m["u3"] or ""
        if n <= 0 or n > 366:
            continue
        first = today + timedelta(days=1)
        if unit.startswith(("business", "working", "weekday")) or "ouvr" in unit:
            days = working_days_span(first, n)
        else:
            days = n * (7 if unit.startswith(("week", "semaine")) else 1)
        if vague:
            notes.note(f"'{ctx.original(m.start(), m.end())}' is vague: read as {days} days")
        start = midnight(first, tz)
        found.append(_anchor(ctx, m, "window.next_days", start, start + timedelta(days=days)))

    for m in ctx.scan.finditer(_IN_N):
        if m["week"]:
            mon = this_monday + timedelta(days=7)
            notes.note(f"'{ctx.original(m.start(), m.end())}' read as next week")
            found.append(
                _anchor(
                    ctx,
                    m,
                    "window.in_a_week",
                    midnight(mon, tz),
                    midnight(mon + timedelta(days=WORKING_DAYS), tz),
                )
            )
            continue
        n, _ = _n(m, "n")
        unit = m["u"]
        if n <= 0 or n > 366:
            continue
        if unit.startswith(("week", "semaine")):
            mon = this_monday + timedelta(days=7 * n)
            said = ctx.original(m.start(), m.end())
            if n == 1:
                notes.note(f"'{said}' read as next week")
            else:  # like "in two weeks": that week, or N weeks from today?
                notes.ambiguity(f"'{said}' is vague: read as that week", rule="window.in_n_weeks")
            found.append(
                _anchor(
                    ctx,
                    m,
                    "window.in_n_weeks",
                    midnight(mon, tz),
                    midnight(mon + timedelta(days=WORKING_DAYS), tz),
                )
            )
            continue
        day = today + timedelta(days=n)
        found.append(
            _anchor(
                ctx,
                m,
                "window.in_n_days",
                midnight(day, tz),
                midnight(day + timedelta(days=1), tz),
                kind="day",
            )
        )

    for m in ctx.scan.finditer(_WEEK):
        which, mod = m["which"], (m["mod"] or "").strip()
        if _BOUND_BEFORE.search(ctx.scan.text[max(0, m.start() - 10) : m.start()]):
            mod = ""  # "by the end of the week": any time until then
        is_next = bool(re.match(_NEXT_WEEK, which))
        if is_next:
            mon = this_monday + timedelta(days=7)
            rule = "window.next_week"
            start, end = midnight(mon, tz), midnight(mon + timedelta(days=WORKING_DAYS), tz)
        else:
            rule = "window.this_week"
            if today.weekday() >= WORKING_DAYS and "coming" not in which:
                mon = this_monday + timedelta(days=7)
                notes.ambiguity(
                    "'this week' was written at the weekend: read as the coming week",
                    rule="window.this_week_at_weekend",
                )
                start = midnight(mon, tz)
            else:
                mon = this_monday
                start = sent
            end = midnight(mon + timedelta(days=WORKING_DAYS), tz)
        narrowed = _narrow_week(mon, mod)
        if narrowed is not None:
            notes.fired("window.part_of_week")
            start = max(start, midnight(narrowed[0], tz))
            end = midnight(narrowed[1], tz)
            if end <= start:
                notes.doubt(
                    f"'{ctx.original(m.start(), m.end())}' is already over", rule="window.past"
                )
                end = start + timedelta(seconds=0)
        a = _anchor(ctx, m, rule, start, end)
        if end <= start:
            a.start = a.end = None
        found.append(a)

    for m in ctx.scan.finditer(_WEEKEND):
        found.append(_weekend(ctx, m))
    return found


def _weekend(ctx: Context, m: re.Match[str]) -> Anchor:
    tz, today = ctx.tz, ctx.today
    mod = (m["mod"] or "") + (m["mod2"] or "")
    saturday = monday(today) + timedelta(days=5)
    plural = m["w"].endswith("s")
    if "next" in mod or "prochain" in mod or "qui vient" in mod:
        if today.weekday() >= 5:
            saturday += timedelta(days=7)
        elif "next" in mod or "prochain" in mod:
            ctx.notes.ambiguity(
                f"'{ctx.original(m.start(), m.end())}' written on a weekday: this coming "
                "weekend or the one after? Read as the coming one",
                rule="window.next_weekend",
            )
    start = max(ctx.sent, midnight(saturday, tz))
    a = _anchor(ctx, m, "window.weekend", start, midnight(saturday + timedelta(days=2), tz))
    a.weekdays = (5, 6)
    a.every = plural
    a.generic = mod.strip() in ("", "on the", "le", "un", "a")
    return a


# Words that narrow a month to a part of it (the rest name the whole month, or a bound).
_NARROWING = frozenset(
    {"early", "late", "mid", "the middle of", "middle of", "the end of", "end of",
     "towards the end of", "toward the end of", "the beginning of", "beginning of",
     "the start of", "start of", "mi", "mi-", "debut", "en debut", "au debut",
     "debut de", "milieu", "au milieu", "milieu de", "fin", "en fin", "a la fin", "fin de"}
)  # fmt: skip


def _month_bounds(first: date, mod: str | None) -> tuple[date, date]:
    end = add_months(first, 1)
    if not mod:
        return first, end
    mod = mod.strip()
    if (
        mod.startswith(("early", "beginning", "the beginning", "start", "the start"))
        or "debut" in mod
    ):
        return first, first.replace(day=11)
    if mod.startswith(("mid", "the middle", "middle")) or "milieu" in mod or mod.startswith("mi"):
        return first.replace(day=11), first.replace(day=21)
    if mod.startswith(("late", "the end", "end", "toward")) or "fin" in mod:
        return first.replace(day=21), end
    return first, end


def find_months(ctx: Context) -> list[Anchor]:
    """Months by name ("in December", "début mars") and relative ("next month")."""
    found: list[Anchor] = []
    tz, today, sent = ctx.tz, ctx.today, ctx.sent
    cased = ctx.folded.cased
    for m in ctx.scan.finditer(_MONTH):
        word, mod = m["mo"], (m["mod"] or "").strip()
        if word in AMBIGUOUS_MONTHS or word in ABBREVIATED_MONTHS:
            capital = cased[m.start("mo")].isupper() and not _sentence_start(cased, m.start("mo"))
            english_capital = capital and word in ("may", "march") and ctx.language == "en"
            if not (mod or m["mod2"] or m["y"] or english_capital):
                continue
        month = MONTHS[word]
        year = int(m["y"]) if m["y"] else today.year
        if not m["y"]:
            if month < today.month or m["mod2"] == "next year":
                year += 1
            elif month == today.month and (m["mod2"] or mod == "next"):
                year += 1
        first = date(year, month, 1)
        bound = _MONTH_BOUNDS.get(mod)
        if bound is None and _BOUND_BEFORE.search(
            ctx.scan.text[max(0, m.start() - 10) : m.start()]
        ):
            bound = "by"  # "by the end of January": any time until then
        lo, hi = _month_bounds(first, mod if mod in _NARROWING or "fin" in mod else None)
        rule = "window.month"
        if bound == "before":
            lo, hi, rule = today, first, "window.before_month"
        elif bound == "by":
            lo, rule = today, "window.by_month"
        elif bound == "after":
            lo, hi, rule = add_months(first, 1), add_months(first, 2), "window.after_month"
        start, end = max(sent, midnight(lo, tz)), midnight(hi, tz)
        a = _anchor(ctx, m, rule, start, end)
        if end <= start:
            ctx.notes.doubt(
                f"'{ctx.original(m.start(), m.end())}' is in the past", rule="window.past"
            )
            a.start = a.end = None
        found.append(a)
    for m in ctx.scan.finditer(_RELATIVE_MONTH):
        which, mod = m["which"], (m["mod"] or "").strip()
        nxt = which.startswith(("next", "the following", "le mois", "mois prochain"))
        first = add_months(today.replace(day=1), 1 if nxt else 0)
        lo, hi = _month_bounds(first, mod or None)
        start, end = max(sent, midnight(lo, tz)), midnight(hi, tz)
        a = _anchor(ctx, m, "window.next_month" if nxt else "window.this_month", start, end)
        if end <= start:
            ctx.notes.doubt(
                f"'{ctx.original(m.start(), m.end())}' is already over", rule="window.past"
            )
            a.start = a.end = None
        found.append(a)
    return found


def _sentence_start(cased: str, i: int) -> bool:
    before = cased[:i].rstrip(" \"'(")
    return not before or before[-1] in ".!?\n:"
