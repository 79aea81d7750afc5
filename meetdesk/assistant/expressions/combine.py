"""Joining neighbouring atoms: a day with a time or part of day, and ranges "from A to B".

Rules find pieces one at a time; this pass looks only at what lies between two adjacent
atoms (a short gap of joining words) so "tomorrow at 3pm" becomes one datetime and
"between 2 and 4" one time range, while "Monday and Tuesday" stays two dates.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time

from meetdesk.assistant.expressions.calendar_math import apply_part
from meetdesk.assistant.expressions.values import Atom

_JOIN_DT = re.compile(
    r"^(?:,? ?(?:at|on|@|a|le|around|vers|about|des|the|in the|du|de|by|for)? ?,?)$"
)
_RANGE_FROM = re.compile(r"(?:\b(?:from|between|de|du|des|entre|starting) ?)$")
_RANGE_JOIN = re.compile(r"^ ?(?:-|–|to|till|until|thru|through|and|a|au|et|jusqu'au|jusqu'a|~) ?$")


def _merge_dt(a: Atom, b: Atom) -> Atom | None:
    """A day and a time (in either order), or a day/time with a part of day."""
    kinds = {a.kind, b.kind}
    rules = a.rules + b.rules
    if kinds == {"date", "time"}:
        d = a if a.kind == "date" else b
        t = b if a.kind == "date" else a
        c = t.clock
        assert c is not None
        if d.part:
            c = apply_part(c, d.part)
        return Atom(min(a.s, b.s), max(a.e, b.e), "datetime", rules, d.day, c)
    if kinds == {"date", "part"}:
        d = a if a.kind == "date" else b
        p = b if a.kind == "date" else a
        return replace(d, s=min(a.s, b.s), e=max(a.e, b.e), part=p.part, rules=rules)
    if kinds == {"time", "part"}:
        t = a if a.kind == "time" else b
        p = b if a.kind == "time" else a
        assert t.clock is not None and p.part is not None
        c = apply_part(t.clock, p.part)
        return replace(t, s=min(a.s, b.s), e=max(a.e, b.e), clock=c, rules=rules)
    if kinds == {"datetime", "part"}:
        t = a if a.kind == "datetime" else b
        p = b if a.kind == "datetime" else a
        assert t.clock is not None and p.part is not None
        c = apply_part(t.clock, p.part)
        return replace(t, s=min(a.s, b.s), e=max(a.e, b.e), clock=c, rules=rules)
    if kinds == {"date", "range"} or (a.kind == b.kind == "date" and a.day != b.day):
        return None
    if a.kind == b.kind == "date" and a.day == b.day:
        return replace(a, e=b.e, rules=rules)
    return None


def combine(atoms: list[Atom], folded: str) -> list[Atom]:
    """``atoms`` (in text order) with day+time pairs merged, then ranges formed."""
    out = list(atoms)
    changed = True
    while changed:
        changed = False
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            gap = folded[a.e : b.s]
            if len(gap) <= 14 and _JOIN_DT.match(gap):
                merged = _merge_dt(a, b)
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
    return result


def _range(a: Atom, b: Atom, start: int) -> Atom | None:
    rules = a.rules + b.rules + ("range",)
    if a.kind == b.kind == "time":
        assert a.clock and b.clock
        ac = a.clock
        # "from 3 to 5pm": the bare start hour follows the end's afternoon.
        if b.rules[0] == "time.meridiem" and a.rules[0] == "time.at_hour" and b.clock.hour >= 12:
            ac = time(ac.hour % 12 + 12, ac.minute) if ac.hour % 12 + 12 <= b.clock.hour else ac
        return Atom(start, b.e, "trange", rules, clock=ac, end_clock=b.clock)
    if a.kind in ("date", "range") and b.kind in ("date", "range"):
        assert a.day and b.day
        return Atom(start, b.e, "range", rules, a.day, end_day=b.day)
    if a.kind == "datetime" and b.kind in ("time", "datetime"):
        end_day = b.day or a.day
        return Atom(start, b.e, "dtrange", rules, a.day, a.clock, end_day, b.clock)
    return None
