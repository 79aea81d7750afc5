"""Rules that name hours: parts of the day, clock times, ranges and bounds of time.

Each becomes a ``TimeItem`` in minutes from local midnight, read in the reading zone:
parts of day follow the table of docs/understanding.md (morning 08:00-12:00, afternoon
14:00-18:00...), "after 2pm" is 14:00-24:00, "before 11am" 00:00-11:00, "between 2 and
4pm" 14:00-16:00 and "at 3pm" 15:00 plus the meeting's duration.

Clock conventions: am/pm as written; "15h", "15 heures" and 24-hour times as written; an
English hour 1-7 without am/pm is the afternoon ("at 3" is 15:00); a French "h" hour
1-6 ("à 3h") is 03:00 as written but a doubt. In a range the end lends its am/pm to the
start ("2-4pm"). A clock time qualified by a part of day moves into it ("8 in the
evening", "3h de l'après-midi"). Parts are read before clock ranges so that "après-midi"
is never "after noon", and a bare "midi" is lunchtime only when no other rule took it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from meetdesk.assistant.constraints.dates import MINUTES_PER_DAY
from meetdesk.assistant.constraints.model import Context, TimeItem
from meetdesk.assistant.constraints.vocab import PARTS, WEEKDAY_RE


def _clk(t: str) -> str:
    behind = r"(?<![\w:/.$-])" if t == "1" else r"(?<![\w:/.$])"
    return (
        rf"(?:{behind}(?P<h{t}>\d{{1,2}})(?!\d)(?:[:.](?P<m{t}>[0-5]\d)(?!\d)"
        rf"|(?P<hh{t}> ?h(?![a-z]) ?)(?P<n{t}>[0-5]\d)?(?!\d))?"
        rf"(?: ?(?P<ap{t}>[ap]\.?m\b\.?|heures?\b|o'?clock\b))?"
        rf"|(?P<w{t}>noon|midday|midnight|midi|minuit)\b)"
    )


_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "early_morning",
        re.compile(
            r"\b(?:early (?:in the )?mornings?|first thing(?: in the morning)?|tot le matin"
            r"|de bon matin|(?:en |au )?debut de (?:la )?matinee|tot dans la matinee)\b"
        ),
    ),
    (
        "late_morning",
        re.compile(
            r"\b(?:late (?:in the )?mornings?|(?:en |a la |vers la )?fin de (?:la )?matinee"
            r"|mid-? ?mornings?|tard dans la matinee)\b"
        ),
    ),
    (
        "early_afternoon",
        re.compile(
            r"\b(?:early (?:in the )?afternoons?|(?:en |au )?debut d'apres-? ?midi|debut d'aprem"
            r"|tot dans l'apres-? ?midi|(?:en |au )?debut de l'apres-? ?midi)\b"
        ),
    ),
    (
        "late_afternoon",
        re.compile(
            r"\b(?:late (?:in the )?afternoons?"
            r"|(?:en |a la |vers la )?fin (?:d'|de l')apres-? ?midi|fin d'aprem"
            r"|tard dans l'apres-? ?midi|mid-? ?afternoons?)\b"
        ),
    ),
    (
        "end_of_day",
        re.compile(
            r"\b(?:(?:at |by |towards? |near |around )?(?:the )?end of (?:the )?(?:day"
            r"|business day|working day|workday)|close of business|cob|eod"
            r"|(?:en |a la |vers la )?fin de (?:la )?journee)\b"
        ),
    ),
    (
        "lunchtime",
        re.compile(
            r"\b(?:(?:at|over|during|around|for) lunch(?:time)?|lunchtime|lunch time|lunch break"
            r"|lunch hour|(?:a|vers) l'heure du dej(?:euner)?|pendant (?:le|la pause) dej(?:euner)?"
            r"|(?:la |a la |en )?pause dej(?:euner)?|entre midi et (?:deux|2)(?: heures)?"
            r"|(?:le|ce|un) midi)\b"
        ),
    ),
    ("afternoon", re.compile(r"\b(?:afternoons?|apres-? ?midis?|aprems?)\b")),
    ("morning", re.compile(r"\b(?:mornings?|matins?|matinees?)\b")),
    (
        "evening",
        re.compile(r"\b(?:evenings?|soirs?|soirees?|after work|apres le (?:travail|boulot))\b"),
    ),
)
_QUALIFIED = re.compile(
    rf"\b(?:(?:at|a|vers|around|about) )?{_clk('1')} ?(?:in the (?P<p>morning|afternoon|evening)"
    r"|at night|(?:du|le) (?P<p2>matin|soir)|de l'(?:apres-? ?midi|aprem)|de la (?P<p3>matinee))\b"
)
_RANGE = re.compile(
    rf"\b(?:(?P<lead>between|entre|from|de|du|des|from about) )?{_clk('1')}"
    rf" ?(?P<j>-|to|till|until|and|et|a|au|jusqu'a|~) ?{_clk('2')}"
)
# What a bare number after "at"/"about" counts when it is not an hour.
_NOT_HOURS = (
    r"(?! ?(?:people|persons?|personnes|participants|days?|jours?|weeks?|semaines?|months?"
    r"|mois|years?|ans|hours?|heures|minutes?|mins?|times?|fois|%|of\b|de\b|x\b|slots?"
    r"|creneaux|options?|dates?))"
)
# "no later than" is a "before", "no earlier than" an "after": the negated forms first.
_AFTER_LEADS = (
    r"no earlier than|not earlier than|pas plus tot que|after|from|starting(?: at| from)?|as of"
    r"|any ?time after|(?<!no )(?<!not )later than|a partir de|des|apres"
    r"|(?<!pas )plus tard que|au plus tot a"
)
_BEFORE_LEADS = (
    r"no later than|not later than|pas plus tard que|before|until|till|by|up to|prior to"
    r"|(?<!no )(?<!not )earlier than|avant|jusqu'a|jusqu'|(?<!pas )plus tot que|au plus tard a"
    r"|d'ici"
)
_AFTER = re.compile(
    rf"\b(?P<lead>{_AFTER_LEADS}) ?(?:about |around |vers )?{_clk('1')}{_NOT_HOURS}"
)
_BEFORE = re.compile(
    rf"\b(?P<lead>{_BEFORE_LEADS}) ?(?:about |around |vers )?{_clk('1')}{_NOT_HOURS}"
)
# Leads after which a bare number is an hour ("after 2", "avant 11"); others need "2pm".
_BARE_HOUR_LEADS = frozenset(
    {"after", "before", "until", "till", "apres", "avant", "jusqu'a", "later than", "earlier than"}
)
_TRAIL_AFTER = re.compile(
    rf"{_clk('1')} ?(?:onwards?|or later|and later|ou plus tard|et apres|on\b(?! \w))"
)
_TRAIL_BEFORE = re.compile(rf"{_clk('1')},? ?(?:at the latest|au plus tard|latest)\b")
_MEALS = re.compile(
    r"\b(?P<b>after|apres|before|avant) (?:the |le )?(?:lunch|dej(?:euner)?|midi)\b"
)
_AT = re.compile(
    rf"\b(?:(?P<lead>at|@|around|about|approximately|approx|circa|vers|a|aux alentours de"
    rf"|autour de|say|disons|ideally|idealement|sur les coups de) )?{_clk('1')}{_NOT_HOURS}"
)
_AT_LEADS = frozenset(
    {
        "at",
        "@",
        "around",
        "about",
        "approximately",
        "approx",
        "circa",
        "vers",
        "aux alentours de",
        "autour de",
        "sur les coups de",
    }
)
_MORE_CLOCKS = re.compile(
    rf"^(?: or | ou |, or |, ou |, | and | et | ?/ ?)(?:at |a |vers |around )?{_clk('1')}"
    + _NOT_HOURS
)
_AM_PM_ALONE = re.compile(r"(?<![\w.])(?P<ap>am|pm|a\.m\.|p\.m\.)(?![\w])")
_DAY_BEFORE = re.compile(
    rf"(?:\b(?:{WEEKDAY_RE}|tomorrow|today|demain|tmrw|mon|tue|tues|wed|thu|thur|thurs|fri|sat"
    r"|sun)|\d(?:st|nd|rd|th))\.?,? $"
)
_MIDI = re.compile(r"(?<![-\w])(?<!apres )midi\b")


@dataclass(frozen=True)
class Clock:
    minutes: int
    marked: bool  # more than a bare number: minutes, am/pm, "h", a word
    meridiem: str | None  # "am" / "pm" when written
    literal: bool  # a 24-hour reading as written (15h, 15:00, 09:00)
    doubtful: bool = False  # a French "à 3h": 03:00 as written, or 15:00?


def _clock(m: re.Match[str], t: str, language: str) -> Clock | None:
    g = m.groupdict()
    word = g.get(f"w{t}")
    if word:
        if word in ("midnight", "minuit"):
            return Clock(0, True, None, True)
        return Clock(12 * 60, True, None, True)
    raw = g.get(f"h{t}")
    if raw is None:
        return None
    h = int(raw)
    mins = int(g.get(f"m{t}") or g.get(f"n{t}") or 0)
    ap = (g.get(f"ap{t}") or "").replace(".", "").strip()
    h_notation = bool(g.get(f"hh{t}")) or ap.startswith("heure")
    colon = g.get(f"m{t}") is not None
    if ap in ("am", "pm"):
        if not 1 <= h <= 12:
            return None
        return Clock((h % 12 + (12 if ap == "pm" else 0)) * 60 + mins, True, ap, False)
    if h > 24 or (h == 24 and mins):
        return None
    if h == 24:
        h = 0
    if h_notation:
        if language != "fr" and not mins and not ap.startswith("heure") and h < 13:
            return None  # English "2h" is a length; only "14h" reads as a time there
        doubtful = language == "fr" and 1 <= h <= 6
        return Clock(h * 60 + mins, True, None, True, doubtful)
    if ap.endswith("clock"):
        return Clock(((h + 12) if 1 <= h <= 7 else h) * 60 + mins, True, None, False)
    if colon and (h >= 13 or h == 0 or raw.startswith("0") or language == "fr"):
        return Clock(h * 60 + mins, True, None, True, language == "fr" and 1 <= h <= 6)
    if 1 <= h <= 7:
        return Clock((h + 12) * 60 + mins, colon, None, False)
    return Clock(h * 60 + mins, colon, None, colon)


def _with_meridiem(c: Clock, end: Clock) -> int:
    """The start of a range, moved to the afternoon when the end says pm ("2-4pm")."""
    if c.meridiem or c.literal or end.meridiem != "pm":
        return c.minutes
    h = c.minutes // 60
    if h < 12 and (h + 12) * 60 + c.minutes % 60 <= end.minutes:
        return c.minutes + 12 * 60
    return c.minutes


def _doubt_clock(ctx: Context, c: Clock, s: int, e: int) -> None:
    if c.doubtful:
        ctx.notes.ambiguity(
            f"'{ctx.original(s, e)}' reads as {c.minutes // 60:02d}:{c.minutes % 60:02d} as "
            "written; the afternoon may be meant",
            rule="part.early_hour",
        )


def find_times(ctx: Context) -> list[TimeItem]:
    """Every part of day and clock time left in the text, in order."""
    scan = ctx.scan
    lang = ctx.language
    found: list[TimeItem] = []

    def add(item: TimeItem) -> None:
        found.append(item)
        scan.take(item.s, item.e)
        ctx.notes.fired(item.rule)

    for m in scan.finditer(_QUALIFIED):
        c = _clock(m, "1", lang)
        if c is None:
            continue
        part = m["p"] or m["p2"] or m["p3"] or ("evening" if "night" in m[0] else "afternoon")
        minutes = c.minutes
        h = minutes // 60
        if part in ("morning", "matin", "matinee") and h >= 12 and c.meridiem != "pm":
            minutes -= 12 * 60
        elif part not in ("morning", "matin", "matinee") and h < 12:
            minutes += 12 * 60
        add(
            TimeItem(
                m.start(), m.end(), "part.at", "range", minutes, minutes + ctx.duration, at=True
            )
        )
    for name, pattern in _PARTS:
        for m in scan.finditer(pattern):
            lo, hi = PARTS[name]
            add(TimeItem(m.start(), m.end(), f"part.{name}", "range", lo, hi))
    for m in scan.finditer(_RANGE):
        c1, c2 = _clock(m, "1", lang), _clock(m, "2", lang)
        if c1 is None or c2 is None:
            continue
        lead, join = m["lead"], m["j"]
        if join in ("and", "et") and lead not in ("between", "entre"):
            continue
        if join in ("a", "au", "et", "jusqu'a") and lang != "fr" and lead not in ("entre", "de"):
            continue
        if lead is None and not (c1.marked or c2.marked):
            continue
        lo, hi = _with_meridiem(c1, c2), c2.minutes
        if hi <= lo and not c2.meridiem and not c2.literal and hi + 12 * 60 > lo:
            hi += 12 * 60
        if hi == 0:
            hi = MINUTES_PER_DAY
        if hi <= lo:
            ctx.notes.doubt(
                f"'{ctx.original(m.start(), m.end())}' ends before it starts", rule="part.bad_range"
            )
            scan.take(m.start(), m.end())
            continue
        _doubt_clock(ctx, c1, m.start(), m.end())
        add(TimeItem(m.start(), m.end(), "part.between", "range", lo, hi))
    for m in scan.finditer(_MEALS):
        after = m["b"] in ("after", "apres")
        lo, hi = (14 * 60, MINUTES_PER_DAY) if after else (0, 12 * 60)
        add(
            TimeItem(
                m.start(),
                m.end(),
                "part.after" if after else "part.before",
                "after" if after else "before",
                lo,
                hi,
            )
        )
    for pattern, kind in (
        (_AFTER, "after"),
        (_BEFORE, "before"),
        (_TRAIL_AFTER, "after"),
        (_TRAIL_BEFORE, "before"),
    ):
        for m in scan.finditer(pattern):
            c = _clock(m, "1", lang)
            if c is None:
                continue
            if pattern in (_AFTER, _BEFORE) and not c.marked and m["lead"] not in _BARE_HOUR_LEADS:
                continue  # "by 2", "des 3 options"
            _doubt_clock(ctx, c, m.start(), m.end())
            minutes = c.minutes
            if kind == "after":
                add(TimeItem(m.start(), m.end(), "part.after", "after", minutes, MINUTES_PER_DAY))
            else:
                add(
                    TimeItem(
                        m.start(), m.end(), "part.before", "before", 0, minutes or MINUTES_PER_DAY
                    )
                )
    for m in scan.finditer(_AT):
        c = _clock(m, "1", lang)
        if c is None:
            continue
        lead = m["lead"]
        if m["w1"] in ("midi",) and not lead:
            continue  # a bare "midi" is lunchtime, read below
        if lead == "a" and lang != "fr":
            lead = None
        if not c.marked and lead not in _AT_LEADS and not (lead == "a" and lang == "fr"):
            continue
        start = m.start("h1") if m["h1"] else m.start("w1")
        _doubt_clock(ctx, c, start, m.end())
        add(
            TimeItem(
                start, m.end(), "part.at", "range", c.minutes, c.minutes + ctx.duration, at=True
            )
        )
        _more_clocks(ctx, m.end(), c, add)
    for m in scan.finditer(_AM_PM_ALONE):
        if _DAY_BEFORE.search(ctx.folded.low[max(0, m.start() - 12) : m.start()]):
            lo, hi = PARTS["morning" if m["ap"].startswith("a") else "afternoon"]
            name = "morning" if lo < 12 * 60 else "afternoon"
            add(TimeItem(m.start(), m.end(), f"part.{name}", "range", lo, hi))
    for m in scan.finditer(_MIDI):
        lo, hi = PARTS["lunchtime"]
        add(TimeItem(m.start(), m.end(), "part.lunchtime", "range", lo, hi))
    found.sort(key=lambda t: t.s)
    return found


def _more_clocks(ctx: Context, end: int, first: Clock, add: Callable[[TimeItem], None]) -> None:
    """Bare hours listed after a clock time: "at 3 or 4", "à 14h ou 15h"."""
    while True:
        m = _MORE_CLOCKS.match(ctx.scan.text[end:])
        if m is None:
            return
        c = _clock(m, "1", ctx.language)
        if c is None:
            return
        minutes = c.minutes
        if not c.meridiem and first.meridiem == "pm" and minutes < 12 * 60:
            minutes += 12 * 60
        s = end + (m.start("h1") if m["h1"] else m.start("w1"))
        add(
            TimeItem(s, end + m.end(), "part.at", "range", minutes, minutes + ctx.duration, at=True)
        )
        end += m.end()
