"""From found items to intervals: attach hours to days, place weekdays, build the spans.

Hours attach to the day they are written with ("Tuesday afternoon", "à 15h mardi"); a
list shares the hours of its last member ("Tuesday or Thursday afternoon" gives two
afternoons); hours written on their own apply to every day named, or, when no day is
named, to each day of the default horizon starting the next day. A plain weekday is
placed inside a week or span mentioned elsewhere ("Tuesday ... next week"); a day
outside the period mentioned, or two unrelated periods, is a doubt. What is ruled out
becomes exclusions inside the windows (or inside the default horizon when there are
none): a weekday said generically ("sauf le lundi", "not Mondays") is each such day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from meetdesk.assistant.constraints.dates import at_minutes, midnight
from meetdesk.assistant.constraints.intervals import Span, clip, intersect, merge
from meetdesk.assistant.constraints.model import Anchor, Context, TimeItem

MAX_AHEAD = timedelta(days=366)

_TIGHT_NEXT = re.compile(r"^ ?,? ?(?:on|of|du|de|le|la|this|ce|cette|the|for)? ?(?:the |le )?$")
_LOOSE_PREV = re.compile(r"\b(?:or|ou|and|et)\b|,")


def _horizon_end(ctx: Context) -> datetime:
    """The end of the default horizon: ``horizon_days`` from the next local midnight."""
    return midnight(ctx.today + timedelta(days=1), ctx.tz) + timedelta(days=ctx.horizon_days)


def _local_dates(ctx: Context, s: datetime, e: datetime) -> list[date]:
    first = s.astimezone(ctx.tz).date()
    last = (e.astimezone(ctx.tz) - timedelta(microseconds=1)).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _day_span(ctx: Context, d: date) -> Span:
    return midnight(d, ctx.tz), midnight(d + timedelta(days=1), ctx.tz)


def occurrences(ctx: Context, weekdays: tuple[int, ...], spans: list[Span]) -> list[Span]:
    """Each local day of ``spans`` falling on one of ``weekdays``, clipped to them.

    Consecutive days join: one anchor naming "Monday to Wednesday" or "weekends" names
    stretches of days, not separate ones.
    """
    out: list[Span] = []
    for s, e in merge(spans):
        for d in _local_dates(ctx, s, e):
            if d.weekday() in weekdays:
                for day in clip([_day_span(ctx, d)], s, e):
                    if out and out[-1][1] == day[0]:
                        out[-1] = (out[-1][0], day[1])
                    else:
                        out.append(day)
    return out


def hours(ctx: Context, spans: list[Span], times: list[TimeItem]) -> list[Span]:
    """``spans`` narrowed, day by day, to the hours ``times`` name (ranges, then bounds)."""
    if not times:
        return merge(spans)
    ranges = [t for t in times if t.kind == "range"]
    bounds = [t for t in times if t.kind != "range"]
    out: list[Span] = []
    for s, e in merge(spans):
        for d in _local_dates(ctx, s, e):
            day = [(at_minutes(d, t.lo, ctx.tz), at_minutes(d, t.hi, ctx.tz)) for t in ranges]
            if not ranges:
                day = [_day_span(ctx, d)]
            for b in bounds:
                day = intersect(day, [(at_minutes(d, b.lo, ctx.tz), at_minutes(d, b.hi, ctx.tz))])
            out += clip(day, s, e)
    return merge(out)


def attach(ctx: Context, anchors: list[Anchor], times: list[TimeItem]) -> list[TimeItem]:
    """Give each time to the day it is written with; return the times left on their own."""
    low = ctx.folded.low
    loose: list[TimeItem] = []
    for t in times:
        same = [a for a in anchors if a.clause == t.clause]
        inside = [a for a in same if a.s <= t.s and t.e <= a.e]
        prev = [a for a in same if a.e <= t.s]
        nxt = [a for a in same if a.s >= t.e]
        target: Anchor | None = None
        if inside:
            target = inside[0]
        elif (
            nxt
            and _TIGHT_NEXT.match(low[t.e : nxt[0].s])
            and (not prev or _LOOSE_PREV.search(low[prev[-1].e : t.s]))
        ):
            target = nxt[0]
        elif prev:
            target = prev[-1]
        elif nxt and len(low[t.e : nxt[0].s]) <= 25:
            target = nxt[0]
        if target is None:
            loose.append(t)
        else:
            target.times.append(t)
    # A list shares the hours of its last member: "Tuesday or Thursday afternoon".
    for i in range(len(anchors) - 2, -1, -1):
        a, b = anchors[i], anchors[i + 1]
        if a.joins_next and not a.times and b.times:
            a.times = list(b.times)
    return loose


def _place(ctx: Context, day: Anchor, periods: list[Anchor]) -> list[Span] | None:
    """A plain weekday placed in the periods mentioned, or None when none holds it."""
    spans = [(p.start, p.end) for p in periods if p.start is not None and p.end is not None]
    found = occurrences(ctx, day.weekdays, spans)
    if not found:
        return None
    for p in periods:
        if (
            p.start is not None
            and p.end is not None
            and any(s < p.end and p.start < e for s, e in found)
        ):
            p.used = True
            if not day.times and p.times:
                day.times = list(p.times)
    return found


def _raise_deferred(ctx: Context, a: Anchor) -> None:
    for reason, rule, ambiguous in a.deferred:
        if ambiguous:
            ctx.notes.ambiguity(reason, rule=rule)
        else:
            ctx.notes.doubt(reason, rule=rule)


def build_windows(ctx: Context, anchors: list[Anchor], loose: list[TimeItem]) -> list[Span]:
    """The windows of the offered anchors and hours."""
    notes = ctx.notes
    sent = ctx.sent
    days = [a for a in anchors if a.kind == "day"]
    periods = [a for a in anchors if a.kind == "period"]
    asaps = [a for a in anchors if a.kind == "asap"]
    horizon_end = _horizon_end(ctx)
    units: list[tuple[Anchor | None, list[Span], list[TimeItem]]] = []

    for d in days:
        if d.resolved:
            notes.fired(d.rule)
        spans: list[Span] | None = None
        if d.weekdays and (d.plain or d.every) and periods:
            spans = _place(ctx, d, periods)
            if spans is not None:
                notes.fired("window.weekday_in_period")
            else:
                _raise_deferred(ctx, d)
                notes.ambiguity(
                    f"'{d.label}' falls outside the period mentioned", rule="window.conflict"
                )
        elif d.every and d.weekdays:
            spans = occurrences(ctx, d.weekdays, [(sent, horizon_end)])
        else:
            _raise_deferred(ctx, d)
            if d.resolved and periods:
                assert d.start is not None and d.end is not None
                holding = [
                    p
                    for p in periods
                    if p.start is not None
                    and p.end is not None
                    and p.start < d.end
                    and d.start < p.end
                ]
                for p in holding:
                    p.used = True
                    if not d.times and p.times:
                        d.times = list(p.times)
                if not holding and not _listed_with(ctx, d, anchors):
                    notes.ambiguity(
                        f"'{d.label}' falls outside the period mentioned", rule="window.conflict"
                    )
        if spans is None:
            spans = [(d.start, d.end)] if d.start is not None and d.end is not None else []
        units.append((d, spans, d.times))
    if len([d for d in days if d.resolved]) > 1:
        notes.fired("window.several_days")

    free = [p for p in periods if not p.used and p.resolved]
    free = [p for p in free if not any(q is not p and _contains(p, q) for q in free)]
    for p in periods:
        notes.fired(p.rule)
    if len(free) > 1 and not all(_listed_with(ctx, p, anchors) for p in free):
        notes.ambiguity(
            "several periods are mentioned (" + ", ".join(f"'{p.label}'" for p in free) + ")",
            rule="window.conflict",
        )
    for p in free:
        assert p.start is not None and p.end is not None
        units.append((p, [(p.start, p.end)], p.times))
    if asaps:
        notes.fired("window.asap")
        if not units:
            a = asaps[0]
            assert a.start is not None and a.end is not None
            units.append((a, [(a.start, a.end)], a.times))
    if not units and loose:
        start = midnight(ctx.today + timedelta(days=1), ctx.tz)
        notes.fired("part.alone")
        notes.note(f"hours given without a day: applied to the next {ctx.horizon_days} days")
        if any(t.at for t in loose):
            notes.ambiguity("a time of day is given without a day", rule="part.time_without_day")
        units.append((None, [(start, start + timedelta(days=ctx.horizon_days))], []))

    out: list[Span] = []
    over: list[str] = []
    limit = sent + MAX_AHEAD
    for anchor, spans, times in units:
        own = times or loose
        narrowed = hours(ctx, spans, own)
        if spans and own and not narrowed:
            notes.doubt(
                "the hours given leave no time" + (f" on '{anchor.label}'" if anchor else ""),
                rule="part.conflict",
            )
            continue
        kept = clip(narrowed, sent, limit)
        if narrowed and not kept:
            over.append(anchor.label if anchor is not None else "the hours given")
        out += kept
    for label in over:
        # Alongside another window it is likely narrative ("thanks for this morning");
        # alone, the sender asked for a time already gone.
        if out:
            notes.note(f"'{label}' is already over")
        else:
            notes.doubt(f"'{label}' is already over", rule="window.past")
    return merge(out)


def _contains(outer: Anchor, inner: Anchor) -> bool:
    assert outer.start and outer.end and inner.start and inner.end
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and ((outer.start, outer.end) != (inner.start, inner.end))
    )


_CHOICE_WORD = re.compile(r"\b(?:or|ou|and|et|either|sinon|otherwise)\b")


def _listed_with(ctx: Context, a: Anchor, anchors: list[Anchor]) -> bool:
    """True when "or"/"and" joins ``a`` to a neighbour ("next week or the 15th").

    A bare comma does not: "next week, on the 3rd" narrows rather than lists.
    """
    low = ctx.folded.low
    i = anchors.index(a)
    after = (
        a.joins_next and i + 1 < len(anchors) and _CHOICE_WORD.search(low[a.e : anchors[i + 1].s])
    )
    before = (
        i > 0 and anchors[i - 1].joins_next and _CHOICE_WORD.search(low[anchors[i - 1].e : a.s])
    )
    return bool(after or before)


def build_exclusions(
    ctx: Context, anchors: list[Anchor], loose: list[TimeItem], windows: list[Span]
) -> list[Span]:
    """What the ruled-out items exclude, inside the windows or the default horizon."""
    notes = ctx.notes
    sent = ctx.sent
    horizon_end = _horizon_end(ctx)
    if windows:
        hull: list[Span] = [(windows[0][0], windows[-1][1])]
    else:
        hull = [(sent, horizon_end)]
    specific: list[Span] = []
    recurring: list[Span] = []
    for a in anchors:
        if a.kind == "asap":
            continue  # "no rush", "pas urgent": nothing to exclude
        kind = a.rule.split(".", 1)[1] if "." in a.rule else a.rule
        notes.fired(f"exclusion.{kind}")
        if a.weekdays and (a.every or a.generic or (a.plain and windows)):
            spans = occurrences(ctx, a.weekdays, hull)
            target = recurring
        elif a.start is not None and a.end is not None:
            _raise_deferred(ctx, a)
            spans, target = [(a.start, a.end)], specific
        else:
            continue
        if a.times:
            target += [s for t in a.times for s in hours(ctx, spans, [t])]
        else:
            target += spans
    for t in loose:
        notes.fired("exclusion.hours")
        recurring += hours(ctx, hull, [t])
    limit = sent + MAX_AHEAD
    if windows:
        return intersect(specific + recurring, windows)
    return merge(clip(specific, sent, limit) + intersect(recurring, hull))
