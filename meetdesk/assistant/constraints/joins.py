"""Days read together: ranges, lists, and the words before a day that change its use.

"Monday to Wednesday", "du 3 au 5", "between the 3rd and the 5th" become one range;
"Tuesday or Thursday", "le 3, le 4 et le 5" a list (each day keeps its own window, and
shares the hours of the last one); "by Friday", "avant vendredi", "from Monday", "à
partir du 3", "Friday at the latest" and "the week of the 30th" turn a day into a span.
"""

from __future__ import annotations

import re
from datetime import timedelta

from meetdesk.assistant.constraints.dates import midnight, monday
from meetdesk.assistant.constraints.model import Anchor, Context

_LEADS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "week_of",
        re.compile(
            r"\b(?:(?:the|la) )?(?:week (?:of|commencing|starting|beginning|starting on)"
            r"|semaine(?: du)?) (?:the |le |monday |lundi )?$"
        ),
    ),
    (
        "by",
        re.compile(
            r"\b(?:by|until|till|no later than|not later than|up to|d'ici|jusqu'a|jusqu'au|jusqu'"
            r"|pas plus tard que|au plus tard) ?(?:the |le |on )?$"
        ),
    ),
    ("before", re.compile(r"\b(?:before|avant|prior to|earlier than|plus tot que) (?:the |le )?$")),
    ("after", re.compile(r"\b(?:after|apres|later than|plus tard que) (?:the |le )?$")),
    (
        "from",
        re.compile(
            r"\b(?:from|starting|starting from|starting on|as of|beginning|a partir(?: d[ue]| de)?"
            r"|des le|des|depuis|no earlier than|not earlier than|pas plus tot que)"
            r" (?:the |le |on )?$"
        ),
    ),
)
_TRAIL_BY = re.compile(r"^ ?,? ?(?:at the latest|au plus tard|latest|max(?:imum)?)\b")
_TRAIL_FROM = re.compile(
    r"^ ?(?:onwards?|and later|or later|ou plus tard|et apres|et au-dela|and beyond)\b"
)
_RANGE_GAP = re.compile(
    r"^ ?(?:-|to|through|thru|until|till|au|a|jusqu'au|jusqu'a) ?(?:the |le |on )?$"
)
_AND_GAP = re.compile(r"^ ?(?:and|et) ?(?:the |le |on )?$")
_LIST_GAP = re.compile(
    r"^ ?(?:,|or|ou|and|et|/|&|nor|ni|either)? ?(?:(?:or|ou|and|et|maybe|perhaps|sinon"
    r"|peut-etre|eventuellement|bien|else|even) )?(?:on |the |le |la )?$"
)


def ranges(ctx: Context, anchors: list[Anchor]) -> list[Anchor]:
    """Ranges ("Monday to Wednesday") merged; list neighbours marked ``joins_next``."""
    low = ctx.folded.low
    out: list[Anchor] = []
    i = 0
    while i < len(anchors):
        a = anchors[i]
        if i + 1 < len(anchors):
            b = anchors[i + 1]
            gap = low[a.e : b.s]
            lead = low[max(0, a.s - 9) : a.s]
            ranged = _RANGE_GAP.match(gap) or (
                _AND_GAP.match(gap) and re.search(r"\b(?:between|entre) $", lead)
            )
            if ranged and ctx.scan.free(a.e, b.s) and a.kind == b.kind == "day":
                merged = _range(ctx, a, b)
                if merged is not None:
                    ctx.scan.take(a.e, b.s)
                    lead_m = re.search(r"\b(?:from|between|entre|du|de) $", lead)
                    if lead_m:
                        merged.s = max(0, a.s - 9) + lead_m.start()
                        ctx.scan.take(merged.s, a.s)
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def link(ctx: Context, anchors: list[Anchor]) -> None:
    """Mark neighbours joined by a list word ("Tuesday or Thursday", "le 3, le 4 et le 5")."""
    low = ctx.folded.low
    for a, b in zip(anchors, anchors[1:], strict=False):
        if b.s >= a.e and _LIST_GAP.match(low[a.e : b.s]) and ctx.scan.free(a.e, b.s):
            a.joins_next = True


def _range(ctx: Context, a: Anchor, b: Anchor) -> Anchor | None:
    label = ctx.original(a.s, b.e)
    if a.plain and b.plain and a.weekdays and b.weekdays:
        first = a.weekdays[0]
        span = (b.weekdays[0] - first) % 7
        days = tuple((first + k) % 7 for k in range(span + 1))
        merged = Anchor(a.s, b.e, "window.day_range", "day", label=label)
        merged.weekdays, merged.plain = days, True
        merged.deferred = a.deferred
        if a.start is not None:
            merged.start = a.start
            merged.end = midnight(a.start.date() + timedelta(days=span + 1), ctx.tz)
        return merged
    if not (a.resolved and b.resolved):
        return None
    assert a.start and b.end and b.start
    if b.start < a.start:
        ctx.notes.doubt(f"'{label}' ends before it starts", rule="window.bad_range")
        return None
    merged = Anchor(a.s, b.e, "window.day_range", "day", a.start, b.end, label=label)
    return merged


def apply_lead(ctx: Context, a: Anchor) -> None:
    """Words before (or after) a day that change what it names: bounds, "the week of"."""
    low = ctx.folded.low
    before = low[max(0, a.s - 30) : a.s]
    tz = ctx.tz
    kind = None
    for name, pattern in _LEADS:
        m = pattern.search(before)
        if m is not None and ctx.scan.free(a.s - len(before) + m.start(), a.s):
            kind = name
            ctx.scan.take(a.s - len(before) + m.start(), a.s)
            break
    if kind is None:
        after = low[a.e : a.e + 20]
        for name, pattern in (("by", _TRAIL_BY), ("from", _TRAIL_FROM)):
            m = pattern.match(after)
            if m is not None and ctx.scan.free(a.e, a.e + m.end()):
                kind = name
                ctx.scan.take(a.e, a.e + m.end())
                break
    if kind is None or not a.resolved:
        return
    assert a.start is not None and a.end is not None
    horizon = timedelta(days=ctx.horizon_days)
    if kind == "week_of":
        mon = monday(a.start.date())
        a.start = max(ctx.sent, midnight(mon, tz))
        a.end = midnight(mon + timedelta(days=5), tz)
        a.rule = "window.week_of"
    elif kind == "by":
        a.start, a.rule = ctx.sent, "window.by_day"
    elif kind == "before":
        a.start, a.end, a.rule = ctx.sent, a.start, "window.before_day"
    elif kind == "after":
        a.start, a.end, a.rule = a.end, a.end + horizon, "window.after_day"
    else:
        a.end, a.rule = a.start + horizon, "window.from_day"
    a.kind, a.plain, a.every, a.generic = "period", False, False, False
    if a.end <= a.start:
        ctx.notes.doubt(f"'{a.label}' leaves no time", rule="window.past")
        a.start = a.end = None
