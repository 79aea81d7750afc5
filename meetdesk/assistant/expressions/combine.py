"""Joining neighbouring atoms: a day with a time or part of day, and ranges "from A to B".

Rules find pieces one at a time; this pass looks only at what lies between two adjacent
atoms (a short gap of joining words) so "tomorrow at 3pm" becomes one datetime and
"between 2 and 4" one time range, while "Monday and Tuesday" stays two dates. Before
that, a few pairs pin each other down: a weekday and the date it names ("Friday, July
18": the year in which the 18th is a Friday), a weekday and a week ("Tuesday next
week"), an amount and the day it counts from ("3 days after January 12th"), "the day
after" and a day, and "end of" before a day (23:59:59).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from meetdesk.assistant.expressions.calendar_math import (
    apply_part,
    day_on_weekday,
    monday,
    shift_by,
    year_on_weekday,
)
from meetdesk.assistant.expressions.values import Atom
from meetdesk.assistant.expressions.words import unit_seconds

_JOIN_DT = re.compile(
    r"^(?:,? ?(?:(?:at|on|@|a|le|around|vers|about|des|the|in the|du|de|by|for)"
    r"(?: (?:around|about|approximately|environ|vers))?"
    r"|approximately|environ|a environ|aux alentours de|autour de|sometime around)? ?,?)$"
)
_RANGE_FROM = re.compile(r"(?:\b(?:from|between|de|du|des|entre|starting) ?)$")
_RANGE_JOIN = re.compile(r"^ ?(?:-|–|to|till|until|thru|through|and|a|au|et|jusqu'au|jusqu'a|~) ?$")
_PIN_DATE = re.compile(r"^(?:,? ?|-| \(| the | le )$")
_PIN_WEEK = re.compile(r"^(?:,? ?|'s | (?:on|of|from|in|de|du|of the|on the|le) )$")
_FROM_WORD = re.compile(r"^ (from|after|since|before|apres|avant|a partir d[eu]) (?:the )?$")
_DAY_OF = re.compile(r"^ ?(?:du|de|de la|d'|of|,)? ?$")
_END_OF = re.compile(r"\b(?:the |la )?(?:end of|fin de) (?:the |la )?$")


def _span(a: Atom, b: Atom, day: date, *, flex: str | None = None) -> Atom:
    """``a`` stretched over ``b``, on ``day``."""
    return replace(
        a, s=min(a.s, b.s), e=max(a.e, b.e), rules=a.rules + b.rules, day=day, flex=flex,
        kind="date", weekday=None,
    )  # fmt: skip


def _is_weekday(a: Atom) -> bool:
    return a.kind == "date" and a.weekday is not None and a.part is None


_PINNED_DATES = {
    "date.day_month", "date.day_of_month", "date.numeric_day_first", "date.numeric_month_first",
    "date.iso", "date.compact", "date.day_list",
}  # fmt: skip


def _pin(a: Atom, b: Atom, gap: str, today: date) -> Atom | None:
    """Two neighbours that pin each other down, merged; ``None`` if they do not."""
    # A weekday and the date it names: "Friday, July 18", "Mon 13th", "friday 5/12".
    for w, d in ((a, b), (b, a)):
        if (
            _is_weekday(w)
            and d.kind == "date"
            and d.weekday is None
            and d.part is None
            and d.rules[0] in _PINNED_DATES
            and _PIN_DATE.match(gap)
        ):
            assert d.day is not None and w.weekday is not None
            day = d.day
            if d.flex == "dm":
                day = year_on_weekday(today, d.day.month, d.day.day, w.weekday) or d.day
            elif d.flex == "d":
                day = day_on_weekday(today, d.day.day, w.weekday) or d.day
            return _span(d, w, day)
    # A weekday and a week: "Tuesday next week", "next week on Tuesday", "mardi cette semaine".
    for w, r in ((a, b), (b, a)):
        if (
            _is_weekday(w)
            and w.rules[0] in ("date.weekday", "date.weekday_this")
            and r.kind == "range"
            and r.rules[0].startswith(("period.week.", "period.semaine."))
            and _PIN_WEEK.match(gap)
        ):
            assert r.day is not None and w.weekday is not None
            day = monday(r.day) + timedelta(days=w.weekday)
            return replace(
                w, s=min(a.s, b.s), e=max(a.e, b.e), rules=a.rules + b.rules, day=day, weekday=None
            )
    # An amount and the day it counts from: "3 days after January 12th", "2 weeks from
    # tomorrow", "two days before yesterday".
    if a.amount is not None and b.kind in ("date", "datetime") and b.part is None:
        sign = a.sign
        word = _FROM_WORD.match(gap)
        if a.kind == "duration" and word:
            sign = -1 if word[1] in ("before", "avant") else 1
        elif not (a.sign and gap in ("", " ", " the ")):
            sign = 0
        if sign:
            assert b.day is not None
            base = datetime.combine(b.day, b.clock or time(0))
            at = shift_by(base, a.amount, sign)
            days_only = min(unit_seconds(u) for u, _ in a.amount) >= 86400
            if b.kind == "date" and days_only:
                return Atom(a.s, b.e, "date", a.rules + b.rules + ("anchored",), at.date())
            return Atom(a.s, b.e, "datetime", a.rules + b.rules + ("anchored",), at.date(),
                        at.time())  # fmt: skip
    # "the day after Christmas", "le lendemain du 13 février", "la veille de Noël".
    if (
        a.rules[0] in ("date.next_day", "date.previous_day")
        and b.kind == "date"
        and b.part is None
        and _DAY_OF.match(gap)
        and b.day is not None
    ):
        step = 1 if a.rules[0] == "date.next_day" else -1
        return _span(a, b, b.day + timedelta(days=step))
    return None


def _merge_dt(a: Atom, b: Atom, ref: datetime | None) -> Atom | None:
    """A day and a time (in either order), or a day/time with a part of day."""
    kinds = {a.kind, b.kind}
    rules = a.rules + b.rules
    if kinds == {"date", "time"}:
        d = a if a.kind == "date" else b
        t = b if a.kind == "date" else a
        c = t.clock
        assert c is not None and d.day is not None
        day = d.day
        if d.part and not t.fixed:
            c = apply_part(c, d.part)
        elif d.part and d.part[0] >= 20 and c.hour < 6 and ref is not None and day == ref.date():
            # "tonight at 1am": the coming night's small hours, unless they are still ahead
            day = day if ref.time() < c else day + timedelta(days=1)
        return Atom(min(a.s, b.s), max(a.e, b.e), "datetime", rules, day, c, fixed=t.fixed)
    if kinds == {"date", "part"}:
        d = a if a.kind == "date" else b
        p = b if a.kind == "date" else a
        return replace(d, s=min(a.s, b.s), e=max(a.e, b.e), part=p.part, rules=rules)
    if kinds == {"time", "part"} or kinds == {"datetime", "part"}:
        t = a if a.kind != "part" else b
        p = b if a.kind != "part" else a
        assert t.clock is not None and p.part is not None
        c = t.clock if t.fixed else apply_part(t.clock, p.part)
        return replace(t, s=min(a.s, b.s), e=max(a.e, b.e), clock=c, rules=rules)
    if kinds == {"date", "range"} or (a.kind == b.kind == "date" and a.day != b.day):
        return None
    if a.kind == b.kind == "date" and a.day == b.day and a.part == b.part:
        return replace(a, e=b.e, rules=rules)
    return None


def _end_of(atoms: list[Atom], folded: str) -> list[Atom]:
    """ "end of tomorrow", "the end of today": that day at 23:59:59."""
    out = []
    for a in atoms:
        if a.kind == "date" and a.part is None and a.day is not None:
            lead = _END_OF.search(folded[max(0, a.s - 16) : a.s])
            if lead:
                s = a.s - (len(folded[max(0, a.s - 16) : a.s]) - lead.start())
                a = Atom(s, a.e, "datetime", ("date.end_of",) + a.rules, a.day, time(23, 59, 59))
        out.append(a)
    return out


def combine(atoms: list[Atom], folded: str, ref: datetime | None = None) -> list[Atom]:
    """``atoms`` (in text order) pinned and merged, then ranges formed; ``ref`` is the
    reference moment (naive wall clock), which some pins need."""
    today = ref.date() if ref is not None else None
    out = _end_of(list(atoms), folded)
    changed = True
    while changed:
        changed = False
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            gap = folded[a.e : b.s]
            if len(gap) > 20:
                continue
            merged = _pin(a, b, gap, today) if today is not None else None
            if merged is None and len(gap) <= 18 and _JOIN_DT.match(gap):
                merged = _merge_dt(a, b, ref)
            if merged is not None:
                out[i : i + 2] = [merged]
                changed = True
                break
    # Ranges: "from A to B", "between A and B", "A - B".
    result: list[Atom] = []
    i = 0
    while i < len(out):
        a = out[i]
        if i + 1 < len(out):
            b = out[i + 1]
            gap = folded[a.e : b.s]
            if _RANGE_JOIN.match(gap):
                lead = _RANGE_FROM.search(folded[max(0, a.s - 9) : a.s])
                # "A and B" is a range only after "between"/"entre"; else two values.
                if gap.strip() in ("and", "et") and not (
                    lead and "between" in lead[0] or lead and "entre" in lead[0]
                ):
                    result.append(a)
                    i += 1
                    continue
                r = _range(a, b, lead.start() + max(0, a.s - 9) if lead else a.s)
                if r is not None:
                    result.append(r)
                    i += 2
                    continue
        result.append(a)
        i += 1
    return _day_with_times(result, folded)


def _day_with_times(atoms: list[Atom], folded: str) -> list[Atom]:
    """A day next to a time range: "tomorrow from 2 to 4pm", "de 3:00 au 4:00 lendemain"."""
    out: list[Atom] = []
    for a in atoms:
        if out:
            p = out[-1]
            gap = folded[p.e : a.s]
            pair = {p.kind, a.kind}
            if pair == {"date", "trange"} and len(gap) <= 6 and _JOIN_DT.match(gap):
                d, t = (p, a) if p.kind == "date" else (a, p)
                assert d.day is not None and t.clock is not None and t.end_clock is not None
                c, ec = t.clock, t.end_clock
                if d.part and not t.fixed:
                    c, ec = apply_part(c, d.part), apply_part(ec, d.part)
                end_day = d.day + timedelta(days=1) if ec <= c else d.day
                out[-1] = Atom(min(p.s, a.s), max(p.e, a.e), "dtrange", p.rules + a.rules,
                               d.day, c, end_day, ec)  # fmt: skip
                continue
        out.append(a)
    return out


def _range(a: Atom, b: Atom, start: int) -> Atom | None:
    rules = a.rules + b.rules + ("range",)
    if a.kind == b.kind == "time":
        assert a.clock and b.clock
        ac = a.clock
        # "from 3 to 5pm": the bare start hour follows the end's afternoon.
        if b.fixed and not a.fixed and b.clock.hour >= 12 and ac.hour < 12:
            ac = time(ac.hour + 12, ac.minute) if ac.hour + 12 <= b.clock.hour else ac
        elif b.fixed and not a.fixed and b.clock.hour < 12 and ac.hour > b.clock.hour:
            ac = time(ac.hour - 12, ac.minute) if ac.hour >= 12 else ac  # "from 9 to 11am"
        return Atom(start, b.e, "trange", rules, clock=ac, end_clock=b.clock,
                    fixed=a.fixed or b.fixed)  # fmt: skip
    if a.kind in ("date", "range") and b.kind in ("date", "range"):
        assert a.day and b.day
        end = b.end_day or b.day + timedelta(days=1)
        if b.weekday is not None and b.day < a.day:  # "from Monday to Friday"
            end += timedelta(days=7 * ((a.day - b.day).days // 7 + 1))
        elif a.flex == "dm" and b.day < a.day:  # "from 28 December to 3 January"
            a_day = a.day.replace(year=b.day.year - 1) if a.day.year >= b.day.year else a.day
            return Atom(start, b.e, "range", rules, a_day, end_day=end)
        return Atom(start, b.e, "range", rules, a.day, end_day=end)
    if a.kind == "time" and b.kind == "datetime":  # "3 to 4pm Thursday"
        assert a.clock and b.clock
        ac = a.clock
        if b.fixed and not a.fixed and b.clock.hour >= 12 and ac.hour + 12 <= b.clock.hour:
            ac = time(ac.hour + 12, ac.minute)
        return Atom(start, b.e, "dtrange", rules, b.day, ac, b.day, b.clock)
    if a.kind == "datetime" and b.kind in ("time", "datetime"):
        end_day = b.day or a.day
        return Atom(start, b.e, "dtrange", rules, a.day, a.clock, end_day, b.clock)
    return None
