"""Rules that name days: written and numeric dates, weekdays, tomorrow, ranges and lists.

Each day becomes an ``Anchor`` of whole local days in the reading zone. A weekday alone
is its next occurrence (written on that weekday: next week's, with a doubt); "next
Friday" written Monday to Thursday is next week's Friday, with a doubt; a day of the
month alone is its next occurrence; a written date already past by less than two months
is a doubt (read as a mistake, not as next year). Numeric dates follow the reading
zone's convention (month first in the Americas, day first in Europe and in French) and
are a doubt when it is unknown and both readings are valid.

Afterwards neighbouring days are joined: "Monday to Wednesday", "du 3 au 5" become one
range, "Tuesday or Thursday" a list; and the words before a day set how it is used:
"by Friday", "avant vendredi", "from Monday", "à partir du 3", "the week of the 30th".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from meetdesk.assistant.constraints import joins, resolve
from meetdesk.assistant.constraints.dates import midnight, monday, safe_date
from meetdesk.assistant.constraints.model import Anchor, Context, TimeItem
from meetdesk.assistant.constraints.vocab import (
    AMBIGUOUS_MONTHS,
    MONTHS,
    ORDINALS,
    PARTS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAY_RE,
    WEEKDAYS,
    alt,
    weekday_of,
)

_WD = rf"(?:{WEEKDAY_RE})s?"
_MONTH = alt(MONTHS)
_D = rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|e)?|{alt(ORDINALS)})"
_LIST_JOIN = r"(?: ?, ?(?:or |and |ou |et )?| or | and | ou | et | ?/ ?| ?& ?)"
_RANGE_JOIN = r"(?: ?- ?| to | through | thru | until | till | au | a | jusqu'au )"
_NOT_TIME_AFTER = (
    r"(?![:h.]\d| ?(?:am|pm|a\.m|p\.m|h\b|heures?|hours?|hrs?|minutes?|mins?|mn|o'?clock"
    r"|%|/))"
)
_YEAR = r"(?:,? (?P<y>(?:19|20)\d\d)\b)?"

_ISO = re.compile(r"(?<![\d-])(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_NUMERIC_YEAR = re.compile(
    rf"(?:\b(?P<wd>{_WD})\.?,? )?(?<![\w/.:-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})"
    r"(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/:]|\.\d)"
)
_DAYS_MONTH = re.compile(
    rf"\b(?:(?P<wd>{_WD})\.?,? )?(?:(?P<lead>from|du|between|entre|des) )?"
    rf"(?P<days>(?:(?:the|le) )?{_D}(?:(?:{_LIST_JOIN}|{_RANGE_JOIN})(?:(?:the|le) )?{_D})*)"
    rf"(?: of|,)? (?P<mo>{_MONTH})\b\.?{_YEAR}"
)
_MONTH_DAYS = re.compile(
    rf"\b(?:(?P<wd>{_WD})\.?,? )?(?P<mo>{_MONTH})\.? (?:the )?"
    rf"(?P<days>{_D}(?:(?:{_LIST_JOIN}|{_RANGE_JOIN})(?:the )?{_D})*)\b{_NOT_TIME_AFTER}{_YEAR}"
)
_DAYNUM_RANGE = re.compile(
    r"\b(?P<lead>du|from|between|entre) (?:the |le )?(?P<d1>\d{1,2}|1er)(?P<s1>st|nd|rd|th|er|e)?"
    r" ?(?P<j>au|a|-|et|to|and|through|thru|until|till|jusqu'au) ?(?:the |le )?(?P<d2>\d{1,2})"
    rf"(?P<s2>st|nd|rd|th|er|e)?\b{_NOT_TIME_AFTER}"
)
_NUMERIC = re.compile(
    rf"(?:\b(?P<wd>{_WD})\.?,? )?(?<![\w/.:$-])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?![\w/]|\.\d|:\d)"
)
_RELATIVE = re.compile(
    r"\b(?:the day after tomorrow|day after tomorrow|apres-demain|apres demain|overmorrow"
    r"|the day before yesterday|avant-hier|avant hier|tomorrow|tmrw|tmr|demain|later today"
    r"|today|aujourd'hui|aujourdhui|tonight|ce soir|cette nuit|yesterday|hier"
    r"|plus tard dans la journee|dans la journee)\b"
)
_THIS_PART = re.compile(
    r"\b(?:this|ce|cet|cette)(?= (?:morning|afternoon|evening|matin|matinee|apres-midi|apres midi"
    r"|aprem|soir|soiree|midi|lunchtime)\b)"
)
_WEEKDAY_DAYNUM = re.compile(
    rf"\b(?P<wd>{WEEKDAY_RE})\.?,? (?:the )?(?P<d>\d{{1,2}}|1er)(?P<suf>st|nd|rd|th|er|e)?\b"
    rf"{_NOT_TIME_AFTER}(?! ?(?:-\d|semaines?|weeks?|jours?|days?|mois|months?|ans|years?))"
)
_DAY_OF_MONTH_EN = re.compile(
    r"\b(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?! (?:one|option|slot|time|floor|place|week"
    r"|grade|century|anniversary|attempt|try|round|meeting|call|person|people|item|point"
    r"|question|draft|version|edition|year|month|day|birthday|choice|proposal|of (?:the|this"
    r"|next|last)))"
)
_DAY_OF_MONTH_FR = re.compile(
    r"\b(?:le|du|au|ce) (?P<d>\d{1,2}|1er|premier)\b(?! ?(?:h\b|h\d|:|\.\d|heures?|minutes?|mn"
    r"|%|euros?|ans|jours|mois|personnes|fois|numero|semaines|option|creneau|choix|/))"
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>this coming|next|this|coming|ce|cette|every|each|any|on|a|the|le|les"
    rf"|tous les|chaque|un|last|past|previous) )?(?P<wd>{WEEKDAY_RE})(?P<pl>s)?\b"
    r"(?: (?P<mod2>prochain|qui vient|suivant|dernier|passe|de la semaine prochaine"
    r"|de la semaine d'apres|de cette semaine))?"
)
_WEEKDAY_ABBR = re.compile(rf"\b(?P<wd>{alt(WEEKDAY_ABBREVIATIONS)})\b\.?")
_ABBR_AFTER = re.compile(
    r"^\.? ?(?:\d|,|/|-|&|or\b|and\b|am\b|pm\b|morning|afternoon|evening|at\b|\)|$|\n)"
)
_ABBR_BEFORE = re.compile(r"(?:\b(?:on|next|this|or|and|until|till|from|to|every)|[,/&(-]) ?$")


def _day_anchor(ctx: Context, s: int, e: int, rule: str, d: date, label: str) -> Anchor:
    return Anchor(
        s, e, rule, "day", midnight(d, ctx.tz), midnight(d + timedelta(days=1), ctx.tz), label=label
    )


def _unresolved(s: int, e: int, rule: str, label: str) -> Anchor:
    return Anchor(s, e, rule, "day", label=label)


def _day_range(m: re.Match[str], first: date, last: date, ctx: Context, label: str) -> Anchor:
    """The days ``first`` to ``last`` inclusive, as one anchor."""
    start, end = midnight(first, ctx.tz), midnight(last + timedelta(days=1), ctx.tz)
    return Anchor(m.start(), m.end(), "window.day_range", "day", start, end, label=label)


_MODIFIERS = {
    "next": "next", "prochain": "next", "suivant": "next", "de la semaine prochaine": "next",
    "this": "this", "ce": "this", "cette": "this", "coming": "this", "this coming": "this",
    "qui vient": "this", "de cette semaine": "this", "last": "last", "past": "last",
    "previous": "last", "dernier": "last", "passe": "last",
}  # fmt: skip
_EVERY = frozenset({"every", "each", "any", "a", "tous les", "chaque", "un", "les"})


def _weekday_anchor(
    ctx: Context, s: int, e: int, wd: int, mod_word: str, plural: bool, label: str
) -> Anchor:
    a = Anchor(s, e, "window.weekday", "day", label=label)
    mod = _MODIFIERS.get(mod_word)
    if mod_word == "de la semaine d'apres":
        d: date | None = monday(ctx.today) + timedelta(days=14 + wd)
    else:
        d = resolve.weekday_date(ctx, wd, mod, a)
    if mod == "next":
        a.rule = "window.next_weekday"
    elif mod == "this":
        a.rule = "window.this_weekday"
    if d is not None:
        a.start, a.end = midnight(d, ctx.tz), midnight(d + timedelta(days=1), ctx.tz)
    a.weekdays = (wd,)
    a.plain = mod is None and mod_word not in ("de la semaine d'apres",)
    a.every = plural or mod_word in _EVERY
    a.generic = a.every or mod_word == "le" or (mod_word == "on" and plural)
    if a.every:
        a.rule = "window.every_weekday"
    return a


def find_days(ctx: Context) -> tuple[list[Anchor], list[TimeItem]]:
    """Every day the text names, joined into ranges and lists, with their leads applied."""
    scan = ctx.scan
    found: list[Anchor] = []
    implied: list[TimeItem] = []
    cased = ctx.folded.cased

    def take(m: re.Match[str], anchor: Anchor | None) -> None:
        scan.take(m.start(), m.end())
        if anchor is not None:
            found.append(anchor)

    def label(m: re.Match[str]) -> str:
        return ctx.original(m.start(), m.end())

    def dated(m: re.Match[str], d: date | None) -> Anchor:
        """The day's anchor, or an unresolved one (its doubt is already noted)."""
        if d is None:
            return _unresolved(m.start(), m.end(), "window.date", label(m))
        return _day_anchor(ctx, m.start(), m.end(), "window.date", d, label(m))

    for m in scan.finditer(_ISO):
        if safe_date(int(m["y"]), int(m["m"]), int(m["d"])) is None:
            continue
        d = resolve.resolve_date(ctx, int(m["d"]), int(m["m"]), int(m["y"]), None, label(m))
        take(m, dated(m, d))
    for m in scan.finditer(_NUMERIC_YEAR):
        wd = weekday_of(m["wd"]) if m["wd"] else None
        res = resolve.numeric(ctx, int(m["a"]), int(m["b"]), int(m["y"]), wd, label(m))
        if res is None:
            continue
        d, rule = res
        ctx.notes.fired(rule)
        take(m, dated(m, d))
    for pattern in (_DAYS_MONTH, _MONTH_DAYS):
        for m in scan.finditer(pattern):
            if not scan.free(m.start(), m.end()):
                continue
            word = m["mo"]
            if word in AMBIGUOUS_MONTHS and pattern is _MONTH_DAYS:
                before = ctx.folded.low[max(0, m.start() - 8) : m.start()]
                capital = cased[m.start("mo")].isupper()
                if not (capital or m["wd"] or re.search(r"\b(?:on|the|le|du|au|in|by) $", before)):
                    continue
            anchors = _written_days(ctx, m)
            if anchors:
                take(m, None)
                found.extend(anchors)
    for m in scan.finditer(_DAYNUM_RANGE):
        lead, join = m["lead"], m["j"]
        if lead in ("from", "between") and not (m["s1"] or m["s2"]):
            continue  # "from 3 to 5" are hours; days are "from the 3rd to the 5th"
        if lead in ("du", "entre") and join in ("to", "and", "through", "thru", "until", "till"):
            continue
        d1 = resolve.resolve_date(ctx, resolve.day_number(m["d1"]) or 0, None, None, None, label(m))
        if d1 is None:
            continue
        d2 = d1 + timedelta(days=1)
        day2 = int(m["d2"])
        while d2.day != day2 and (d2 - d1).days < 31:
            d2 += timedelta(days=1)
        if d2.day != day2:
            continue
        take(m, _day_range(m, d1, d2, ctx, label(m)))
    for m in scan.finditer(_NUMERIC):
        if not scan.free(m.start(), m.end()):
            continue
        wd = weekday_of(m["wd"]) if m["wd"] else None
        res = resolve.numeric(ctx, int(m["a"]), int(m["b"]), None, wd, label(m))
        if res is None:
            continue
        d, rule = res
        ctx.notes.fired(rule)
        take(m, dated(m, d))
    for m in scan.finditer(_RELATIVE):
        take(m, _relative(ctx, m, implied))
    for m in scan.finditer(_THIS_PART):
        d = ctx.today
        take(m, _day_anchor(ctx, m.start(), m.end(), "window.today", d, label(m)))
    for m in scan.finditer(_WEEKDAY_DAYNUM):
        if ctx.language == "en" and not m["suf"] and " the " not in m[0]:
            continue  # "Monday 10" is more likely 10 o'clock than the 10th
        wd = WEEKDAYS[m["wd"]]
        d_ = 1 if m["d"] == "1er" else int(m["d"])
        d = resolve.resolve_date(ctx, d_, None, None, wd, label(m))
        take(m, dated(m, d))
    day_of_month = _DAY_OF_MONTH_FR if ctx.language == "fr" else _DAY_OF_MONTH_EN
    for m in scan.finditer(day_of_month):
        raw = m["d"]
        d_ = 1 if raw in ("1er", "premier") else int(raw)
        d = resolve.resolve_date(ctx, d_, None, None, None, label(m))
        if d is None:
            continue
        take(m, _day_anchor(ctx, m.start(), m.end(), "window.day_of_month", d, label(m)))
    for m in scan.finditer(_WEEKDAY):
        mod_word = m["mod2"] or m["mod"] or ""
        plural = bool(m["pl"])
        wd = WEEKDAYS[m["wd"]]
        take(m, _weekday_anchor(ctx, m.start(), m.end(), wd, mod_word, plural, label(m)))
    if ctx.language != "fr":
        for m in scan.finditer(_WEEKDAY_ABBR):
            s, e = m.start(), m.end()
            if not cased[s].isupper():
                continue
            if not (
                _ABBR_AFTER.match(ctx.folded.low[e : e + 12])
                or _ABBR_BEFORE.search(ctx.folded.low[max(0, s - 8) : s])
            ):
                continue
            wd = WEEKDAY_ABBREVIATIONS[m["wd"]]
            take(m, _weekday_anchor(ctx, s, e, wd, "", False, label(m)))

    found.sort(key=lambda a: a.s)
    found = joins.ranges(ctx, found)
    for a in found:
        joins.apply_lead(ctx, a)
    return found, implied


def _written_days(ctx: Context, m: re.Match[str]) -> list[Anchor]:
    """Days of one written date, list or range: "3 December", "du 3 au 5 décembre"."""
    month = MONTHS[m["mo"]]
    year = int(m["y"]) if m["y"] else None
    wd = weekday_of(m["wd"]) if m["wd"] else None
    tokens = re.findall(
        rf"(?P<d>\d{{1,2}}|{alt(ORDINALS)})(?:st|nd|rd|th|er|e)?|(?P<j>-|through|thru|until|till"
        r"|jusqu'au|to|au|a|or|and|ou|et|,|/|&)",
        m["days"],
    )
    days: list[int] = []
    joins: list[str] = []
    for d, j in tokens:
        if d:
            n = resolve.day_number(d)
            if n is None:
                return []
            days.append(n)
        elif days and len(joins) < len(days):
            joins.append(j)
    if not days:
        return []
    lbl = ctx.original(m.start(), m.end())
    lead = m.groupdict().get("lead")
    is_range = any(
        j in ("-", "through", "thru", "until", "till", "jusqu'au", "to", "au", "a") for j in joins
    ) or (lead in ("between", "entre") and joins)
    if is_range and len(days) == 2:
        first_month = month
        if days[0] > days[1]:
            first_month = month - 1 or 12  # "du 28 au 2 décembre": 28 November
        d1 = resolve.resolve_date(ctx, days[0], first_month, year, None, lbl)
        d2 = resolve.resolve_date(ctx, days[1], month, year, None, lbl)
        if d1 is None or d2 is None or d2 < d1:
            return [_unresolved(m.start(), m.end(), "window.day_range", lbl)]
        if wd is not None and d1.weekday() != wd:
            ctx.notes.ambiguity(
                f"'{lbl}': the weekday does not match the date", rule="window.weekday_mismatch"
            )
        return [_day_range(m, d1, d2, ctx, lbl)]
    anchors = []
    for i, n in enumerate(days):
        d = resolve.resolve_date(ctx, n, month, year, wd if i == 0 else None, lbl)
        a = (
            _day_anchor(ctx, m.start(), m.end(), "window.date", d, lbl)
            if d
            else _unresolved(m.start(), m.end(), "window.date", lbl)
        )
        a.joins_next = i < len(days) - 1
        anchors.append(a)
    return anchors


def _relative(ctx: Context, m: re.Match[str], implied: list[TimeItem]) -> Anchor | None:
    w = m[0]
    today = ctx.today
    lbl = ctx.original(m.start(), m.end())
    if w in ("yesterday", "hier") or "before yesterday" in w or w.startswith("avant"):
        ctx.notes.fired("ignored.past_reference")  # "great talking to you yesterday"
        return None
    if "after tomorrow" in w or w.startswith("apres") or w == "overmorrow":
        return _day_anchor(
            ctx, m.start(), m.end(), "window.day_after_tomorrow", today + timedelta(days=2), lbl
        )
    if w in ("tomorrow", "tmrw", "tmr", "demain"):
        if ctx.sent.hour < resolve.LATE_NIGHT_HOUR:
            ctx.notes.ambiguity(
                f"'{lbl}' written just after midnight ({ctx.sent:%H:%M}) may mean today",
                rule="window.tomorrow_after_midnight",
            )
        return _day_anchor(
            ctx, m.start(), m.end(), "window.tomorrow", today + timedelta(days=1), lbl
        )
    if w in ("tonight", "ce soir", "cette nuit"):
        lo, hi = PARTS["evening"]
        implied.append(TimeItem(m.start(), m.end(), "part.evening", "range", lo, hi))
        ctx.notes.fired("part.evening")
    return _day_anchor(ctx, m.start(), m.end(), "window.today", today, lbl)
