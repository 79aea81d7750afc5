"""Rules that find a day: numeric and written dates, relative days, weekdays, parts of day.

Each rule reads one pattern's match (see ``patterns``) and returns an ``Atom`` of kind
``date`` (with an optional part of day), ``datetime`` for "now", ``part`` for a part of
day on its own, or ``None`` to refuse the match so later rules may read that text.
"""

from __future__ import annotations

import re
from datetime import timedelta

from meetdesk.assistant.expressions.calendar_math import next_day_month, safe_date, weekday_date
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import ORD_EN, PARTS
from meetdesk.assistant.lexicon import MONTH_WORDS, WEEKDAY_WORDS


def part_of_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    p = m["p"]
    w = m[0]
    rng = PARTS[p]
    if w.startswith(("this", "ce", "cet", "cette")) or p == "tonight":
        return Atom(m.start(), m.end(), "date", ("date.today_part",), ctx.today, part=rng)
    if w.startswith(("tomorrow", "demain")):
        d = ctx.today + timedelta(days=1)
        return Atom(m.start(), m.end(), "date", ("date.tomorrow_part",), d, part=rng)
    return Atom(m.start(), m.end(), "part", ("part_of_day",), part=rng)


def iso(ctx: Context, m: re.Match[str]) -> Atom | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.iso",), d)


def numeric(ctx: Context, m: re.Match[str]) -> Atom | None:
    a, b = int(m["a"]), int(m["b"])
    if m["sep"] != "/" and not m["y"]:
        return None  # "3.30" and "3-4" are times or ranges, not dates
    d_, mo = (a, b) if ctx.day_first else (b, a)
    if mo > 12 and d_ <= 12:
        d_, mo = mo, d_
    if not (1 <= mo <= 12 and 1 <= d_ <= 31):
        return None
    if m["y"]:
        y = int(m["y"])
        y = y + 2000 if y < 50 else y + 1900 if y < 100 else y
        d = safe_date(y, mo, d_)
    else:
        d = next_day_month(ctx.today, d_, mo)
    rule = "date.numeric_day_first" if ctx.day_first else "date.numeric_month_first"
    return None if d is None else Atom(m.start(), m.end(), "date", (rule,), d)


def day_month(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A written date: "3 March", "March 3rd", "the third of March", maybe a year."""
    d_ = m["d"]
    day = int(d_) if d_.isdigit() else ORD_EN.get(d_)
    mo = MONTH_WORDS.get(m["mo"])
    if not day or not mo:
        return None
    if m["mo"] in ("may", "mar", "sept", "dec", "jan") and not d_.isdigit():
        return None
    d = safe_date(int(m["y"]), mo, day) if m["y"] else next_day_month(ctx.today, day, mo)
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.day_month",), d)


_NOW = (
    "now", "right now", "maintenant", "tout de suite", "at the moment", "at present",
    "currently", "as soon as possible", "asap", "des que possible",
)  # fmt: skip


def relday(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A day named relative to today: "tomorrow", "avant-hier", "tonight", "now"."""
    w = m[0]
    s, e = m.start(), m.end()
    today = ctx.today
    if w in _NOW:
        return Atom(s, e, "datetime", ("relative.now",), ctx.ref.date(), ctx.ref.time())
    if "after tomorrow" in w or w.startswith("apres"):
        return Atom(s, e, "date", ("date.day_after_tomorrow",), today + timedelta(days=2))
    if "before yesterday" in w or w.startswith("avant"):
        return Atom(s, e, "date", ("date.day_before_yesterday",), today - timedelta(days=2))
    if w in ("tomorrow", "tmrw", "tmr", "demain"):
        return Atom(s, e, "date", ("date.tomorrow",), today + timedelta(days=1))
    if w in ("yesterday", "hier"):
        return Atom(s, e, "date", ("date.yesterday",), today - timedelta(days=1))
    if w in ("today", "todays", "aujourd'hui", "aujourdhui"):
        return Atom(s, e, "date", ("date.today",), today)
    part = PARTS.get(w.split()[-1], (20, 24))
    return Atom(s, e, "date", ("date.today_part",), today, part=part)


def fr_day_num(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A French weekday and day number, "mardi 3": the next 3rd of a month."""
    d_ = 1 if m["d"] == "1er" else int(m["d"])
    d = next_day_month(ctx.today, d_, None)
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.weekday_day",), d)


_NEXT = ("next", "prochain", "de la semaine prochaine", "next week", "of next week", "d'apres")
_LAST = (
    "last", "previous", "past", "dernier", "passe", "last week", "of last week",
    "de la semaine derniere",
)  # fmt: skip


def weekday(ctx: Context, m: re.Match[str]) -> Atom | None:
    w = m["wd"]
    if ctx.language == "fr" and w in ("mon", "tue", "wed", "thu", "thur", "thurs", "fri"):
        return None
    # "mon" and "wed" are also words; alone they count only before a number ("Wed 3").
    if w in ("mon", "wed") and m[0] == w and not re.match(r"\s*\d", ctx.folded[m.end() :]):
        return None
    mod_word = m["mod"] or m["mod2"] or ""
    mod = None
    if mod_word in ("following", "suivant"):
        mod = "next"
    elif mod_word in _NEXT:
        mod = "next"
    elif mod_word in _LAST:
        mod = "last"
    elif mod_word in ("this", "ce", "cette"):
        mod = "this"
    d = weekday_date(ctx.today, WEEKDAY_WORDS[w], mod)
    return Atom(m.start(), m.end(), "date", (f"date.weekday{'_' + mod if mod else ''}",), d)


def ordinal_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A day of the month alone, "on the 3rd", "le 1er": its next occurrence."""
    raw = m["d"] or m["d2"]
    digits = re.match(r"\d+", raw)
    day = int(digits[0]) if digits else ORD_EN.get(raw)
    if not day or not 1 <= day <= 31:
        return None
    d = next_day_month(ctx.today, day, None)
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.day_of_month",), d)
