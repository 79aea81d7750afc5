"""Rules for amounts of time: durations ("two hours") and offsets ("in 3 days", "il y a 2 h").

An amount with "in", "ago", "later" and the like becomes a moment relative to the
reference (a ``date`` for whole days or more, else a ``datetime``); without one it is a
``duration``. Halves and composite amounts ("an hour and a half", "1h30 of") have their
own rule, scanned first so the plain rule does not read "an hour" out of them.
"""

from __future__ import annotations

import re
from datetime import timedelta

from meetdesk.assistant.expressions.calendar_math import shift
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import num, unit_seconds


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


_FORWARD = ("from now", "later", "hence", "after", "from today", "plus tard")


def relative(ctx: Context, m: re.Match[str]) -> Atom | None:
    n = num(m["n"] or m["n2"])
    unit = m["unit"] or m["unit2"]
    if n is None or not unit:
        return None
    if unit == "an" and not (m["n"] or m["n2"] or "").strip().isdigit():
        return None
    if unit in ("a", "m"):
        return None
    if unit in ("h",) and not m["pre"]:
        return None
    secs = unit_seconds(unit)
    if not secs:
        return None
    post, pre = m["post"], m["pre"]
    sign = 0
    if m["n2"] or post in ("ago", "before"):
        sign = -1
    elif post in _FORWARD or pre in ("in", "dans"):
        sign = 1
    elif post == "time" and pre == "in":
        sign = 1
    if post == "from tomorrow":
        base = ctx.ref + timedelta(days=1)
        sign = 1
    else:
        base = ctx.ref
    if sign == 0:
        if pre in ("in", "dans", "d'ici"):
            sign = 1
        else:
            return Atom(m.start(), m.end(), "duration", ("duration.unit",), seconds=secs * n)
    at = shift(base, unit, sign * n)
    if secs >= 86400:
        return Atom(m.start(), m.end(), "date", ("relative.offset_day",), at.date())
    return Atom(m.start(), m.end(), "datetime", ("relative.offset",), at.date(), at.time())
