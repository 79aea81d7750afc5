"""Rules that find a day: numeric and written dates, relative days, weekdays, parts of day.

Each rule reads one pattern's match (see ``patterns``) and returns an ``Atom`` of kind
``date`` (with an optional part of day), ``datetime`` for "now", ``part`` for a part of
day on its own, a list of atoms ("18 and 19 June"), or ``None`` to refuse the match so
later rules may read that text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from meetdesk.assistant.expressions.calendar_math import (
    add_months,
    day_on_weekday,
    next_day_month,
    nth_weekday,
    safe_date,
    weekday_date,
    year_on_weekday,
)
from meetdesk.assistant.expressions.holidays import holiday_date
from meetdesk.assistant.expressions.values import Atom, Context
from meetdesk.assistant.expressions.words import DAY_WORDS_FR, NTH, ORD_EN, PARTS
from meetdesk.assistant.lexicon import MONTH_WORDS, WEEKDAY_WORDS

_WEEKDAYS = {**WEEKDAY_WORDS, "sat": 5, "sun": 6}


def part_of_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    p = m["p"]
    w = m[0]
    rng = PARTS[p]
    if w.startswith(("this", "ce", "cet", "cette")) or p == "tonight":
        return Atom(m.start(), m.end(), "date", ("date.today_part",), ctx.today, part=rng)
    if w.startswith(("tomorrow", "demain")):
        d = ctx.today + timedelta(days=1)
        return Atom(m.start(), m.end(), "date", ("date.tomorrow_part",), d, part=rng)
    if w.startswith(("yesterday", "hier")) or (w.startswith("last") and rng[0] >= 16):
        d = ctx.today - timedelta(days=1)
        return Atom(m.start(), m.end(), "date", ("date.yesterday_part",), d, part=rng)
    return Atom(m.start(), m.end(), "part", ("part_of_day",), part=rng)


def iso(ctx: Context, m: re.Match[str]) -> Atom | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.iso",), d)


def compact(ctx: Context, m: re.Match[str]) -> Atom | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.compact",), d)


def _year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 50 else y + 1900 if y < 100 else y


def _numeric_date(ctx: Context, a: int, b: int, y: str | None) -> tuple[date | None, str | None]:
    """A numeric day and month in the sender's order; the date and how much was guessed."""
    d_, mo = (a, b) if ctx.day_first else (b, a)
    if mo > 12 and d_ <= 12:
        d_, mo = mo, d_
    if not (1 <= mo <= 12 and 1 <= d_ <= 31):
        return None, None
    if y:
        return safe_date(_year(y), mo, d_), None
    return next_day_month(ctx.today, d_, mo), "dm"


def numeric(ctx: Context, m: re.Match[str]) -> Atom | None:
    if m["sep"] != "/" and not m["y"]:
        return None  # "3.30" and "3-4" are times or ranges, not dates
    d, flex = _numeric_date(ctx, int(m["a"]), int(m["b"]), m["y"])
    rule = "date.numeric_day_first" if ctx.day_first else "date.numeric_month_first"
    return None if d is None else Atom(m.start(), m.end(), "date", (rule,), d, flex=flex)


def numeric_range(ctx: Context, m: re.Match[str]) -> Atom | None:
    """Two numeric dates as a range; a missing year is the other end's."""
    d1, _ = _numeric_date(ctx, int(m["a1"]), int(m["b1"]), m["y1"] or m["y2"])
    d2, _ = _numeric_date(ctx, int(m["a2"]), int(m["b2"]), m["y2"])
    if d1 is None or d2 is None:
        return None
    if d2 < d1 and not m["y2"]:
        d2 = safe_date(d2.year + 1, d2.month, d2.day) or d2
    if d2 < d1:
        return None
    rule = "date.numeric_range"
    return Atom(m.start(), m.end(), "range", (rule,), d1, end_day=d2 + timedelta(days=1))


def _day_number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    if raw == "1er":
        return 1
    return ORD_EN.get(raw) or DAY_WORDS_FR.get(raw)


def day_month(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A written date: "3 March", "March 3rd", "the third of March", maybe a year."""
    d_ = m["d"]
    day = _day_number(d_)
    mo = MONTH_WORDS.get(m["mo"])
    if not day or not mo:
        return None
    if m["mo"] in ("may", "mar", "sept", "dec", "jan") and not d_.isdigit():
        return None
    if d_ in DAY_WORDS_FR and ctx.language != "fr":
        return None
    if m["y"]:
        d, flex = safe_date(int(m["y"]), mo, day), None
    else:
        wd = m.groupdict().get("wd")
        d = (year_on_weekday(ctx.today, mo, day, WEEKDAY_WORDS[wd]) if wd else None) or (
            next_day_month(ctx.today, day, mo)
        )
        flex = "dm"
    return (
        None if d is None else Atom(m.start(), m.end(), "date", ("date.day_month",), d, flex=flex)
    )


_RANGE_JOINS = ("-", "to", "till", "until", "through", "au")


def day_span(ctx: Context, m: re.Match[str]) -> Atom | list[Atom] | None:
    """Days sharing one month: a range ("du 3 au 12 septembre") or two dates ("18 or 19")."""
    first = m["mo"] is not None
    mo = MONTH_WORDS.get(m["mo"] if first else m["mo2"])
    d1, d2 = (int(m["d1"]), int(m["d2"])) if first else (int(m["e1"]), int(m["e2"]))
    join = m["j"] if first else m["j2"]
    lead = m["lead"] if first else m["lead2"]
    y = m["y"] if first else m["y2"]
    if not mo or not 1 <= d1 <= 31 or not 1 <= d2 <= 31:
        return None
    if y:
        a, b = safe_date(int(y), mo, d1), safe_date(int(y), mo, d2)
    else:
        b = next_day_month(ctx.today, d2, mo)
        a = safe_date(b.year, mo, d1) if b else None
    if a is None or b is None:
        return None
    if join in _RANGE_JOINS or (join in ("and", "et") and lead in ("between", "entre")):
        if b < a:
            return None
        return Atom(m.start(), m.end(), "range", ("date.day_span",), a, end_day=b + timedelta(1))
    # A list: the first day is read where its number stands, the second with the month.
    flex = None if y else "dm"
    s1, e1 = (m.start("d1"), m.end("d1")) if first else (m.start(), m.end("e1"))
    s2 = m.start("d2") if first else m.start("e2")
    return [
        Atom(s1, e1, "date", ("date.day_list",), a, flex=flex),
        Atom(s2, m.end(), "date", ("date.day_list",), b, flex=flex),
    ]


_NOW = (
    "now", "right now", "maintenant", "tout de suite", "at the moment", "at present",
    "currently", "as soon as possible", "asap", "des que possible", "at the present time",
    "at this time", "le plus tot possible", "au plus tot", "en ce moment",
)  # fmt: skip
_NEXT_DAY = (
    "the next day", "the following day", "the day after", "le lendemain", "lendemain",
    "le jour suivant", "le jour d'apres",
)  # fmt: skip
_PREVIOUS_DAY = ("the day before", "the previous day", "la veille", "le jour precedent",
                 "le jour d'avant")  # fmt: skip


def relday(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A day named relative to today: "tomorrow", "avant-hier", "tonight", "now"."""
    w = m[0]
    s, e = m.start(), m.end()
    today = ctx.today
    if w in _NOW:
        return Atom(s, e, "datetime", ("relative.now",), ctx.ref.date(), ctx.ref.time())
    if w in _NEXT_DAY:
        return Atom(s, e, "date", ("date.next_day",), today + timedelta(days=1))
    if w in _PREVIOUS_DAY:
        return Atom(s, e, "date", ("date.previous_day",), today - timedelta(days=1))
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
    if w == "last night":
        d = today - timedelta(days=1)
        return Atom(s, e, "date", ("date.yesterday_part",), d, part=PARTS["night"])
    part = PARTS.get(w.split()[-1], (20, 24))
    return Atom(s, e, "date", ("date.today_part",), today, part=part)


_NEXT = ("next", "prochain", "de la semaine prochaine", "next week", "of next week", "d'apres")
_LAST = (
    "last", "previous", "dernier", "passe", "last week", "of last week",
    "de la semaine derniere",
)  # fmt: skip
_MODS = {
    "following": "next", "suivant": "next", "past": "past", "this past": "past",
    "this": "this", "ce": "this", "cette": "this", "this coming": "coming",
    "this upcoming": "coming", "coming": "coming", "upcoming": "coming", "qui vient": "coming",
    "after next": "after_next", "en huit": "in8", "en 8": "in8", "en quinze": "in15",
    "en 15": "in15",
}  # fmt: skip
_EN_ONLY = ("mon", "tue", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")


def _weekday_mod(m: re.Match[str]) -> str | None:
    word = m["mod"] or m.groupdict().get("mod2") or ""
    if word in _MODS:
        return _MODS[word]
    if word in _NEXT:
        return "next"
    if word in _LAST:
        return "last"
    return None


def _short_weekday_ok(ctx: Context, m: re.Match[str], w: str) -> bool:
    """ "mon", "wed", "sat", "sun" are words too: a day only next to a number or a date."""
    if w not in ("mon", "wed", "sat", "sun"):
        return True
    if m["mod"] or (w in ("sat", "sun") and m[0].startswith("on ")):
        return True
    after = ctx.folded[m.end() : m.end() + 12]
    return bool(re.match(r"\.?,? ?(?:\d|the \d|at \d|@|[a-z]{3,9}\.? \d)", after))


def weekday(ctx: Context, m: re.Match[str]) -> Atom | None:
    w = m["wd"]
    if ctx.language == "fr" and w in _EN_ONLY:
        return None
    if not _short_weekday_ok(ctx, m, w):
        return None
    mod = _weekday_mod(m)
    d = weekday_date(ctx.today, _WEEKDAYS[w], mod)
    rule = f"date.weekday{'_' + mod if mod else ''}"
    return Atom(m.start(), m.end(), "date", (rule,), d, weekday=_WEEKDAYS[w])


def weekday_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A weekday with a day number, "Monday 21", "jeudi 15": the next such day that agrees."""
    w = m["wd"]
    if ctx.language == "fr" and w in _EN_ONLY:
        return None
    day = _day_number(m["d"])
    if not day or not 1 <= day <= 31:
        return None
    if m["d"] in DAY_WORDS_FR and ctx.language != "fr":
        return None
    # In English a bare "Monday 3" may be an hour: only a day with a suffix or past 12.
    if ctx.language == "en" and not m["suf"] and day <= 12:
        return None
    d = day_on_weekday(ctx.today, day, _WEEKDAYS[w]) or next_day_month(ctx.today, day, None)
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.weekday_day",), d)


def weekday_dotted(ctx: Context, m: re.Match[str]) -> Atom | None:
    """ "Friday 7.6": a day.month only if the weekday agrees with it."""
    w = m["wd"]
    if ctx.language == "fr" and w in _EN_ONLY:
        return None
    a, b = int(m["a"]), int(m["b"])
    wd = _WEEKDAYS[w]
    for d_, mo in ((a, b), (b, a)) if ctx.day_first else ((b, a), (a, b)):
        if 1 <= mo <= 12 and 1 <= d_ <= 31:
            d = year_on_weekday(ctx.today, mo, d_, wd)
            if d is not None:
                return Atom(m.start(), m.end(), "date", ("date.weekday_dotted",), d)
    return None


def ordinal_day(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A day of the month alone, "on the 3rd", "le 1er": its next occurrence."""
    raw = m["d"] or m["d2"]
    digits = re.match(r"\d+", raw)
    day = int(digits[0]) if digits else ORD_EN.get(raw)
    if not day or not 1 <= day <= 31:
        return None
    d = next_day_month(ctx.today, day, None)
    return (
        None if d is None else Atom(m.start(), m.end(), "date", ("date.day_of_month",), d, flex="d")
    )


def _month_of(ctx: Context, mon: str, year: str | None) -> date | None:
    """The first day of the month a phrase names: "next month", "October", "mois dernier"."""
    first = ctx.today.replace(day=1)
    if mon in MONTH_WORDS:
        mo = MONTH_WORDS[mon]
        if year:
            return date(int(year), mo, 1)
        y = ctx.today.year + (1 if mo < ctx.today.month else 0)
        return date(y, mo, 1)
    if re.search(r"next|prochain|suivant|coming|following", mon):
        return add_months(first, 1)
    if re.search(r"last|previous|dernier|precedent", mon):
        return add_months(first, -1)
    return first


def nth_of_month(ctx: Context, m: re.Match[str]) -> Atom | None:
    """ "the first Monday of next month", "last day of October 2015", "20th of this month"."""
    raw = m["ord"]
    if m["mon"] in ("mar", "may", "dec", "jan", "sept") and not m["y"]:
        return None
    n = NTH.get(raw) or ORD_EN.get(raw)
    digits = re.match(r"\d+", raw)
    if n is None and digits:
        n = int(digits[0])
        if not m["wd"] and not m["day"] and " in " in m[0]:
            return None
    if not n:
        return None
    month = _month_of(ctx, m["mon"], m["y"])
    if month is None:
        return None
    if m["wd"]:
        d = nth_weekday(month.year, month.month, WEEKDAY_WORDS[m["wd"]], n)
    elif m["day"] or digits:
        last = add_months(month, 1) - timedelta(days=1)
        d = last if n == -1 else safe_date(month.year, month.month, n)
    else:
        return None
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.nth_of_month",), d)


def holiday(ctx: Context, m: re.Match[str]) -> Atom | None:
    """A holiday by name, "Christmas", "Easter Monday 2019", "la Toussaint"."""
    year = int(m["y"]) if m["y"] else None
    ymod = m["ymod"]
    if ymod:
        year = ctx.today.year + {"this": 0, "next": 1, "last": -1}[ymod]
    d = holiday_date(m["h"], ctx.today, m["mod"] or m["ymod2"], year)
    return None if d is None else Atom(m.start(), m.end(), "date", ("date.holiday",), d)
