"""Rules that find a time of day: "3pm", "15:30", "15h", "half past two", "midi", "at 3".

Each returns an ``Atom`` of kind ``time`` (no day yet; ``combine`` may attach one) or
``None`` to refuse. Without am/pm, an English hour 1-7 is read as afternoon; French hours
are taken as written (24-hour clock). A clock with am/pm or past 12 is ``fixed``: a part
of day next to it ("tonight at 1am") does not move it.
"""

from __future__ import annotations

import re
from datetime import time

from meetdesk.assistant.expressions.calendar_math import clock
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import MINUTE_WORDS, NUM_FR, num


def _time_atom(s: int, e: int, rule: str, c: time | None, *, fixed: bool = False) -> Atom | None:
    if c is None:
        return None
    return Atom(s, e, "time", (rule,), clock=c, fixed=fixed)


_FR_MINUTE_WORDS = {"et demi": 30, "et demie": 30, "et quart": 15, "trois quarts": 45,
                    "moins le quart": -15, "moins quart": -15}  # fmt: skip
# After "N heures", these words say the hour is a time, not an amount.
_FR_DAY_AFTER = re.compile(
    r" ?(?:du matin|du soir|de l'apres-midi|de l'apres midi|ce soir|ce matin|cet apres-midi"
    r"|demain|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le \d)"
)
_FR_AMOUNT_BEFORE = re.compile(
    r"(?:pendant|durant|en|dans|depuis|de|des|les|ces|pour|d'ici|il y a|environ|plus de"
    r"|moins de|toutes les|tous les) $"
)


def fr_heures(ctx: Context, m: re.Match[str]) -> Atom | None:
    """French "à 3 heures", "vers quinze heures et demie"; the span starts at the hour.

    Without a preposition ("dix heures mercredi", "8 heures ce soir") the words are a time
    only when a day or part of day follows; otherwise "deux heures" is an amount.
    """
    h = num(m["h"])
    if h is None or h != int(h):
        return None
    if not m["lead"]:
        before = ctx.folded[max(0, m.start() - 14) : m.start()]
        if _FR_AMOUNT_BEFORE.search(before) or not _FR_DAY_AFTER.match(ctx.folded, m.end()):
            return None
    hour, mins = int(h), 0
    mw = (m["mw"] or "").replace(" minutes", "").replace(" minute", "")
    if mw in _FR_MINUTE_WORDS:
        mins = _FR_MINUTE_WORDS[mw]
    elif mw:
        minus = mw.startswith("moins ")
        word = mw.removeprefix("et ").removeprefix("moins ")
        n = int(word) if word.isdigit() else NUM_FR.get(word)
        if n is None or not 0 <= n <= 59:
            return None
        mins = -n if minus else n
    if mins < 0:
        hour, mins = hour - 1, 60 + mins
    c = clock(hour % 24, mins, None, guess_pm=False)
    s = m.start("h")  # the span starts at the hour, not at "à"
    return _time_atom(s, m.end(), "time.heures", c, fixed=hour >= 13)


def meridiem(ctx: Context, m: re.Match[str]) -> Atom | None:
    if m["hm"]:
        hm = m["hm"]
        h, mins = int(hm[:-2]), int(hm[-2:])
        ap = m["ap2"].replace(".", "")
        return _time_atom(m.start(), m.end(), "time.meridiem", clock(h, mins, ap), fixed=True)
    ap = m["ap"].replace(".", "")
    if ap in ("a", "p") and not m["m"] and not m["h"].isdigit():
        return None
    if ap == "a" and ctx.language == "fr":
        return None
    hour = num(m["h"])
    if hour is None:
        return None
    c = clock(int(hour), int(m["m"] or 0), ap)
    if c is not None and m["sec"]:
        c = c.replace(second=int(m["sec"]))
    return _time_atom(m.start(), m.end(), "time.meridiem", c, fixed=True)


def colon(ctx: Context, m: re.Match[str]) -> Atom | None:
    c = clock(int(m["h"]), int(m["m"]), None, guess_pm=ctx.language == "en")
    if c is not None and m["sec"]:
        c = c.replace(second=int(m["sec"]))
    fixed = int(m["h"]) >= 13 or m["h"].startswith("0")
    return _time_atom(m.start(), m.end(), "time.colon", c, fixed=fixed)


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
    return _time_atom(m.start(), m.end(), "time.h", c, fixed=h >= 13)


def oclock(ctx: Context, m: re.Match[str]) -> Atom | None:
    h = num(m["h"])
    if h is None:
        return None
    return _time_atom(m.start(), m.end(), "time.oclock", clock(int(h), 0, None))


def _hour_of(word: str) -> float | None:
    if word in ("noon", "midnight"):
        return 12.0 if word == "noon" else 0.0
    return num(word)


def words(ctx: Context, m: re.Match[str]) -> Atom | None:
    """Times in words: "half past two", "quarter to five", "two thirty", "half three"."""
    if m["h3"]:  # British "half three": 3:30
        h = num(m["h3"])
        if h is None:
            return None
        return _time_atom(m.start(), m.end(), "time.words", clock(int(h), 30, None))
    if m["tail"]:
        h = num(m["h2"])
        if h is None:
            return None
        ap = (m["ap2"] or "").replace(".", "").replace(" ", "") or None
        c = clock(int(h), MINUTE_WORDS[m["tail"].replace("-", " ")], ap)
        return _time_atom(m.start(), m.end(), "time.words", c, fixed=ap is not None)
    h = _hour_of(m["h"])
    if h is None:
        return None
    hour = int(h)
    q, rel = m["q"], m["rel"]
    if q == "half":
        if rel not in ("past", "after"):
            return None
        mins_n = 30
    elif q == "quarter":
        mins_n = 15
    elif q == "three quarters":
        mins_n = 45
    else:
        mins_n = int(num(m["mins"]) or 0)
        # "3 to 5" is a range, not 4:57: a number before "to" needs "minutes" or to be
        # one of the usual quarter-hour words.
        if rel in ("to", "before", "till") and not m["mu"]:
            usual = m["mins"] in ("five", "ten", "twenty", "twenty-five", "twenty five")
            if not usual and not (m["mins"].isdigit() and int(m["mins"]) >= 13):
                return None
        if not 1 <= mins_n <= 59:
            return None
    ap = (m["ap"] or "").replace(".", "") or None
    if m["h"] in ("noon", "midnight"):
        base = time(12 if m["h"] == "noon" else 0, 0)
        ap = None
        c0: time | None = base
    else:
        c0 = clock(hour, 0, ap)
    if c0 is None:
        return None
    total = c0.hour * 60 + (mins_n if rel in ("past", "after") else -mins_n)
    c = time((total // 60) % 24, total % 60)
    fixed = ap is not None or m["h"] in ("noon", "midnight")
    return _time_atom(m.start(), m.end(), "time.words", c, fixed=fixed)


_NOON_TAILS = {"et demi": 30, "et demie": 30, "et quart": 15, "moins le quart": -15}


def noon(ctx: Context, m: re.Match[str]) -> Atom | None:
    """Noon, midnight, "midi et quart", "midi moins cinq", end of day (23:59:59)."""
    w = m[0]
    if w.startswith(("midi ", "minuit ")):
        h = 12 if w.startswith("midi") else 0
        tail = w.split(" ", 1)[1]
        if tail in _NOON_TAILS:
            mins = _NOON_TAILS[tail]
        else:
            minus = tail.startswith("moins ")
            word = tail.removeprefix("moins ")
            n = int(word) if word.isdigit() else NUM_FR.get(word)
            if n is None or not 0 < n < 60:
                return None
            mins = -n if minus else n
        total = (h * 60 + mins) % 1440
        c = time(total // 60, total % 60)
    elif w in ("midnight", "minuit", "mid night", "mid-night"):
        c = time(0, 0)
    elif w.startswith(("end", "fin", "eod")):
        c = time(23, 59, 59)
    else:
        c = time(12, 0)
    return Atom(m.start(), m.end(), "time", ("time.noon",), clock=c, fixed=True)


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


def at_hhmm(ctx: Context, m: re.Match[str]) -> Atom | None:
    """ "at 1030", "around 1530": hours and minutes without a colon, after a preposition."""
    if ctx.language != "en":
        return None
    hm = m["hm"]
    h, mins = int(hm[:-2]), int(hm[-2:])
    if h > 23 or mins > 59:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", hm) and m["lead"] not in ("at", "@"):
        return None  # "about 2019" is a year
    c = clock(h, mins, None, guess_pm=len(hm) == 3)
    return _time_atom(m.start("hm"), m.end(), "time.at_hhmm", c)


def before_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    """An hour just before a part of day or a day ("one in the morning", "9 tomorrow"), or
    with "ish" ("11ish")."""
    if m["h2"]:
        return _time_atom(m.start(), m.end(), "time.ish", clock(int(m["h2"]), 0, None))
    if m["h3"]:  # before a range's end: "3 to 4pm"
        h3 = num(m["h3"])
        if h3 is None or h3 != int(h3):
            return None
        return _time_atom(m.start(), m.end(), "time.at_hour", clock(int(h3), 0, None))
    if ctx.language != "en":
        return None
    h = num(m["h"])
    if h is None or h != int(h):
        return None
    return _time_atom(m.start(), m.end(), "time.before_day", clock(int(h), 0, None))
