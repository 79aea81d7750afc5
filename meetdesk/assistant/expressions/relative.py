"""Rules for amounts of time: durations ("two hours") and offsets ("in 3 days", "il y a 2 h").

An amount with "in", "ago", "later" and the like becomes a moment relative to the
reference (a ``date`` for whole days or more, else a ``datetime``); without one it is a
``duration``. "within 2 days", "the next 3 weeks", "les 10 derniers mois" are spans that
start or end now (a ``range`` of days, or a ``dtrange`` for hours and minutes). Amounts
may be compound ("2 weeks and 2 days ago", "1 hour 30 minutes"). An amount followed by
"before"/"after"/"from" keeps its parts so ``combine`` can anchor it to the date that
follows ("3 days after January 12th"). Halves, quarters and fractions ("an hour and a
half", "1/2 hour", "1h30 of") have their own rule, scanned first so the plain rule does
not read "an hour" out of them.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from meetdesk.assistant.expressions.calendar_math import shift_by
from meetdesk.assistant.expressions.patterns import _AMOUNT_PART
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import num, unit_seconds

_FRACTIONS = {
    "1/2": 0.5, "\u00bd": 0.5, "1/4": 0.25, "\u00bc": 0.25, "3/4": 0.75, "\u00be": 0.75,
}  # fmt: skip


def half_unit(ctx: Context, m: re.Match[str]) -> Atom | None:
    g = m.groupdict()
    txt = m[0]
    ref = ctx.ref
    if g["n"]:
        secs = ((num(g["n"]) or 1) + 0.5) * 3600
    elif g["hm_h"]:
        secs = int(g["hm_h"]) * 3600 + int(g["hm_m"]) * 60
    elif g["hr"]:
        secs = int(g["hr"]) * 3600 + int(g["mi"]) * 60
    elif g["hu"] or g["hu2"]:
        secs = unit_seconds(g["hu"] or g["hu2"]) / 2
    elif g["n3"] or g["n4"]:
        n = num(g["n3"] or g["n4"])
        unit = unit_seconds(g["u3"] or g["u4"])
        if n is None or not unit:
            return None
        secs = (n + (0.5 if (g["fr3"] or g["fr4"]) == "half" else 0.25)) * unit
    elif g["frac"]:
        secs = _FRACTIONS.get(g["frac"], 0.75) * 3600
    elif "quar" in txt:
        secs = 900
    else:
        secs = 1800
    pre = g["pre"]
    if g["post"] == "ago":
        at = ref - timedelta(seconds=secs)
        return Atom(m.start(), m.end(), "datetime", ("relative.ago_half",), at.date(), at.time())
    if pre in ("in", "dans") or g["post"]:
        at = ref + timedelta(seconds=secs)
        return Atom(m.start(), m.end(), "datetime", ("relative.in_half",), at.date(), at.time())
    return Atom(m.start(), m.end(), "duration", ("duration.half",), seconds=secs)


_FORWARD = ("from now", "from right now", "later", "hence", "after", "from today", "plus tard",
            "apres")  # fmt: skip
_BACKWARD = ("ago", "before", "back", "earlier", "auparavant", "avant")
_DIR_FORWARD = ("next", "upcoming", "coming", "prochain", "prochains", "prochaine", "prochaines",
                "suivant", "suivants")  # fmt: skip
_DIR_BACK = ("last", "past", "dernier", "derniers", "derniere", "dernieres")
_DURING = ("for", "pendant", "durant", "during")


def _amount(ctx: Context, text: str) -> tuple[tuple[str, float], ...] | None:
    """The (unit, n) parts of an amount, largest unit first; ``None`` if one is unreadable."""
    parts: list[tuple[str, float]] = []
    for p in _AMOUNT_PART.finditer(text):
        n, unit = num(p["n"]), p["unit"]
        if n is None or not unit_seconds(unit):
            return None
        if unit == "an" and not p["n"].isdigit():
            return None
        parts.append((unit, n))
    return tuple(parts) or None


def relative(ctx: Context, m: re.Match[str]) -> Atom | None:
    if m["n2"]:  # "il y a 2 jours"
        n, unit = num(m["n2"]), m["unit2"]
        if n is None or not unit_seconds(unit):
            return None
        amount: tuple[tuple[str, float], ...] = ((unit, n),)
        return _moment(m, amount, -1, ctx.ref, "relative.ago")
    unit = m["unit"]
    if unit == "an" and not m["n"].isdigit():
        return None
    pre, post, art = m["pre"], m["post"], m["art"]
    direction = m["dir"] or m["dir2"]
    # "shouldn't last two hours": "last"/"past" before a number need "the" or a preposition.
    if m["dir"] in ("last", "past") and not (art or pre):
        direction = None
    if unit == "h" and not (pre or direction):
        return None  # "15h" is a clock time
    amount_text = m[0][m.start("n") - m.start() : m.end("more") - m.start()]
    if m["dir2"]:
        amount_text = amount_text.replace(m["dir2"] + " ", "", 1)
    read = _amount(ctx, amount_text)
    if read is None:
        return None
    amount = read
    secs = sum(unit_seconds(u) * n for u, n in amount)
    s, e = m.start(), m.end()
    # Spans: "within 2 days", "the next 3 weeks", "les 10 derniers mois", "dans les 2h".
    if direction or pre == "within" or (pre in ("dans", "in") and art == "les"):
        e = m.end("more")
        if post and m["more"]:  # "the last 3 months and 2 days ago": the span is 3 months
            e = m.end("unit")
            amount = amount[:1]
            secs = unit_seconds(amount[0][0]) * amount[0][1]
        if direction in _DIR_BACK:
            return _span(s, e, ctx, amount, secs, -1, "relative.span_past")
        return _span(s, e, ctx, amount, secs, 1, "relative.span_next",
                     from_tomorrow=direction is not None)  # fmt: skip
    if post in ("from tomorrow", "from tmrw"):
        return _moment(m, amount, 1, ctx.ref + timedelta(days=1), "relative.offset")
    if post in _BACKWARD:
        anchorable = post in ("before", "avant")
        return _moment(m, amount, -1, ctx.ref, "relative.offset", anchorable=anchorable)
    if post in _FORWARD:
        anchorable = post in ("after", "apres")
        return _moment(m, amount, 1, ctx.ref, "relative.offset", anchorable=anchorable)
    if pre in ("in", "dans", "d'ici", "after"):
        return _moment(m, amount, 1, ctx.ref, "relative.offset")
    s = m.start("art") if art else m.start("n")
    # "for 2 weeks from Monday" is an amount, not an offset: only a bare amount may anchor.
    keep = None if pre in _DURING else amount
    return Atom(s, m.end("more"), "duration", ("duration.unit",), seconds=secs, amount=keep)


def _moment(
    m: re.Match[str],
    amount: tuple[tuple[str, float], ...],
    sign: int,
    base: datetime,
    rule: str,
    *,
    anchorable: bool = False,
) -> Atom:
    """A moment ``amount`` away from ``base``: a date for whole days or more."""
    at = shift_by(base, amount, sign)
    keep = (amount, sign) if anchorable else (None, 0)
    if min(unit_seconds(u) for u, _ in amount) >= 86400:
        return Atom(m.start(), m.end(), "date", (rule + "_day",), at.date(),
                    amount=keep[0], sign=keep[1])  # fmt: skip
    return Atom(m.start(), m.end(), "datetime", (rule,), at.date(), at.time(),
                amount=keep[0], sign=keep[1])  # fmt: skip


def _span(
    s: int,
    e: int,
    ctx: Context,
    amount: tuple[tuple[str, float], ...],
    secs: float,
    sign: int,
    rule: str,
    *,
    from_tomorrow: bool = False,
) -> Atom:
    """The span from now (or tomorrow) ``amount`` forward, or back to now."""
    if secs < 86400:
        other = shift_by(ctx.ref, amount, sign)
        lo, hi = (ctx.ref, other) if sign > 0 else (other, ctx.ref)
        return Atom(s, e, "dtrange", (rule,), lo.date(), lo.time(), hi.date(), hi.time())
    today = datetime.combine(ctx.today, time(0))
    if sign > 0:
        lo = today + timedelta(days=1) if from_tomorrow else today
        hi = shift_by(lo, amount, 1)
    else:
        lo, hi = shift_by(today, amount, -1), today
    return Atom(s, e, "range", (rule,), lo.date(), end_day=hi.date())


def all_unit(ctx: Context, m: re.Match[str]) -> Atom | None:
    """ "all day", "all week", "toute la journée": one whole unit as an amount."""
    u = m["u"] or m["u2"]
    secs = unit_seconds(u)
    if not secs:
        return None
    return Atom(m.start(), m.end(), "duration", ("duration.all",), seconds=secs,
                amount=((u, 1.0),))  # fmt: skip
