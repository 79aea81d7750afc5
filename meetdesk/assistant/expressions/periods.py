"""Rules that find a span of days: a week, weekend, month, quarter or year.

Each returns an ``Atom`` of kind ``range`` with an exclusive ``end_day``; a month named
without a year is its next occurrence unless "last"/"this" says otherwise.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from meetdesk.assistant.expressions.calendar_math import add_months, monday
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.lexicon import MONTH_WORDS


def month_year(ctx: Context, m: re.Match[str]) -> Atom | None:
    mo = MONTH_WORDS[m["mo"] or m["mo2"]]
    first = date(int(m["y"] or m["y2"]), mo, 1)
    return Atom(
        m.start(),
        m.end(),
        "range",
        ("period.month_year",),
        first,
        end_day=add_months(first, 1),
    )


_FORWARD = (
    "next", "coming", "following", "prochain", "prochaine", "suivant", "suivante", "qui vient",
)  # fmt: skip
_BACKWARD = ("last", "previous", "past", "dernier", "derniere", "passe", "passee")


def period(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A named period: "next week", "ce mois", "last quarter", "the weekend"."""
    mod_word = m["mod2"] or m["mod"]
    u = m["u"]
    today = ctx.today
    if mod_word in _FORWARD:
        k = 1
    elif mod_word in _BACKWARD:
        k = -1
    elif mod_word in ("the", "la", "le", "l'") and not m["mod2"]:
        if u not in ("weekend", "week-end"):
            return None
        k = 0
    else:
        k = 0
    rule = f"period.{u}.{k}"
    if u in ("week", "semaine"):
        s = monday(today) + timedelta(days=7 * k)
        return Atom(m.start(), m.end(), "range", (rule,), s, end_day=s + timedelta(days=7))
    if u in ("weekend", "week-end"):
        s = monday(today) + timedelta(days=7 * k + 5)
        return Atom(m.start(), m.end(), "range", (rule,), s, end_day=s + timedelta(days=2))
    if u in ("month", "mois"):
        s = add_months(today.replace(day=1), k)
        return Atom(m.start(), m.end(), "range", (rule,), s, end_day=add_months(s, 1))
    if u in ("quarter", "trimestre"):
        q0 = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        s = add_months(q0, 3 * k)
        return Atom(m.start(), m.end(), "range", (rule,), s, end_day=add_months(s, 3))
    s = date(today.year + k, 1, 1)
    return Atom(m.start(), m.end(), "range", (rule,), s, end_day=date(s.year + 1, 1, 1))


def month_name(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A month by name: "in March", "next June", "juillet dernier"."""
    w = m["mo"]
    mod = m["mod"] or ""
    mod2 = m["mod2"] or ""
    today = ctx.today
    if w in ("mars", "mai") and ctx.language == "en":
        return None
    # Short forms are ordinary words too ("mar", "dec"): only with a modifier.
    if w in ("mar", "dec", "jan", "sept", "oct", "nov", "apr", "aug", "feb") and not mod:
        return None
    if w == "mai" and not (mod or mod2):
        return None
    mo = MONTH_WORDS[w]
    y = today.year
    if mod.startswith("next") or mod2 == "prochain":
        y = y + 1 if mo <= today.month else y
    elif mod.startswith(("last", "previous")) or mod2 == "dernier":
        y = y - 1 if mo >= today.month else y
    elif mod.startswith(("this", "ce", "cette")):
        pass
    elif mo < today.month:
        y += 1
    first = date(y, mo, 1)
    rule = "period.month_name"
    return Atom(m.start(), m.end(), "range", (rule,), first, end_day=add_months(first, 1))


def year(ctx: Context, m: re.Match[str]) -> Atom | None:
    y = int(m["y"] or m["y2"])
    return Atom(
        m.start(), m.end(), "range", ("period.year",), date(y, 1, 1), end_day=date(y + 1, 1, 1)
    )


def year_range(ctx: Context, m: re.Match[str]) -> Atom | None:
    """ "from 2010 to 2018", "de 2010 à 2018": the years, both included."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < y1:
        return None
    return Atom(
        m.start(), m.end(), "range", ("period.year_range",), date(y1, 1, 1),
        end_day=date(y2 + 1, 1, 1),
    )  # fmt: skip
