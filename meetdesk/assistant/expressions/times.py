"""Rules that find a time of day: "3pm", "15:30", "15h", "half past two", "midi", "at 3".

Each returns an ``Atom`` of kind ``time`` (no day yet; ``combine`` may attach one) or
``None`` to refuse. Without am/pm, an English hour 1-7 is read as afternoon; French hours
are taken as written (24-hour clock).
"""

from __future__ import annotations

import re
from datetime import time

from meetdesk.assistant.expressions.calendar_math import clock
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import num


def _time_atom(s: int, e: int, rule: str, c: time | None) -> Atom | None:
    return None if c is None else Atom(s, e, "time", (rule,), clock=c)


def fr_heures(ctx: Context, m: re.Match[str]) -> Atom | None:
    """French "à 3 heures", "vers quinze heures et demie"; the span starts at the hour."""
    h = num(m["h"])
    if h is None:
        return None
    mw = m["mw"] or ""
    mins = {"et demi": 30, "et demie": 30, "et quart": 15, "trente": 30, "quinze": 15,
            "quarante-cinq": 45}.get(mw, int(mw) if mw.isdigit() else 0)  # fmt: skip
    hour = int(h)
    if mw.startswith("moins"):
        hour, mins = hour - 1, 45
    c = clock(hour, mins, None, guess_pm=False)
    s = m.start() + m[0].index(m["h"])  # the span starts at the hour, not at "à"
    return _time_atom(s, m.end(), "time.heures", c)


def meridiem(ctx: Context, m: re.Match[str]) -> Atom | None:
    ap = m["ap"].replace(".", "")
    if ap in ("a", "p") and not m["m"] and not m["h"].isdigit():
        return None
    if ap == "a" and ctx.language == "fr":
        return None
    h = num(m["h"])
    if h is None:
        return None
    c = clock(int(h), int(m["m"] or 0), ap)
    return _time_atom(m.start(), m.end(), "time.meridiem", c)


def colon(ctx: Context, m: re.Match[str]) -> Atom | None:
    c = clock(int(m["h"]), int(m["m"]), None, guess_pm=ctx.language == "en")
    if c is not None and m["sec"]:
        c = c.replace(second=int(m["sec"]))
    return _time_atom(m.start(), m.end(), "time.colon", c)


def h_notation(ctx: Context, m: re.Match[str]) -> Atom | None:
    """The h notation, "15h", "15h30", "3 h et quart"; in English only with minutes."""
    if ctx.language == "en" and not m["m"]:
        return None
    mins = int(m["m"] or 0)
    mw = m["mw"]
    h = int(m["h"])
    if mw:
        mins = {"et demie": 30, "et quart": 15, "trente": 30, "quinze": 15}.get(mw, 0)
        if mw.startswith("moins"):
            h, mins = h - 1, 45
    c = clock(h, mins, None, guess_pm=False)
    return _time_atom(m.start(), m.end(), "time.h", c)


def oclock(ctx: Context, m: re.Match[str]) -> Atom | None:
    h = num(m["h"])
    if h is None:
        return None
    return _time_atom(m.start(), m.end(), "time.oclock", clock(int(h), 0, None))


_TAIL_MINUTES = {
    "thirty": 30, "fifteen": 15, "forty five": 45, "o five": 5, "oh five": 5, "twenty": 20,
    "ten": 10, "fifty": 50,
}  # fmt: skip


def words(ctx: Context, m: re.Match[str]) -> Atom | None:
    """Times in words: "half past two", "quarter to five", "two thirty"."""
    h = num(m["h"] or m["h2"])
    if h is None:
        return None
    hour = int(h)
    if m["tail"]:
        mins = _TAIL_MINUTES[m["tail"].replace("-", " ")]
    else:
        q = m["q"]
        mins_n = 30 if q == "half" else 15 if q == "quarter" else num(m["mins"]) or 0
        if m["rel"] in ("to", "before", "till"):
            hour, mins = hour - 1, 60 - int(mins_n)
        else:
            mins = int(mins_n)
    c = clock(hour % 24, mins, None)
    return _time_atom(m.start(), m.end(), "time.words", c)


def noon(ctx: Context, m: re.Match[str]) -> Atom | None:
    """Noon, midnight, "midi et quart", end of day (23:59:59)."""
    w = m[0]
    if w.startswith(("midi ", "minuit ")):
        h = 12 if w.startswith("midi") else 0
        c = {"et quart": time(h, 15), "moins le quart": time((h - 1) % 24, 45)}.get(
            w.split(" ", 1)[1], time(h, 30)
        )
    elif w in ("midnight", "minuit"):
        c = time(0, 0)
    elif w.startswith(("end", "fin", "eod")):
        c = time(23, 59, 59)
    else:
        c = time(12, 0)
    return Atom(m.start(), m.end(), "time", ("time.noon",), clock=c)


_FR_LEADS = ("a", "vers", "des", "avant", "apres", "jusqu'a")
_RANGE_LEADS = ("from", "between", "till", "until", "before", "after", "by")


def at_hour(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A bare hour after a preposition: "at 3", "vers 9"; span starts at the hour."""
    h = num(m["h"])
    if h is None or h != int(h):
        return None
    lead = m[0].split(" ", 1)[0]
    if ctx.language == "en" and lead in ("a", "des"):
        return None
    if ctx.language == "fr" and lead not in _FR_LEADS:
        return None
    # "from 3", "by 5" name an hour only inside a range or with a clock word after them.
    folded = ctx.folded
    if (
        lead in _RANGE_LEADS
        and not re.search(
            r"^ ?(?:-|to|till|until|and|am|pm|o'?clock|in the)\b",
            folded[m.end() : m.end() + 12],
        )
        and not re.search(r"\b(?:from|between)\b", folded[max(0, m.start() - 20) : m.start()])
    ):
        return None
    c = clock(int(h), 0, None)
    s = m.start() + len(lead) + 1
    return _time_atom(s, m.end(), "time.at_hour", c)
