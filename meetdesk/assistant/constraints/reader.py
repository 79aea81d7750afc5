"""The entry point: read a message's time constraints in the right zone.

The steps, in order (each takes what it reads, so later rules never read it again):
set aside traps (phones, links, amounts, lengths), find the zones named and settle the
reading zone, then weeks and spans, days, months, and hours; decide what is offered and
what is ruled out; attach hours to days and build windows and exclusions; report any
time word left unread. Pure: the same text, Date and zone always give the same reading.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from meetdesk.assistant.constraints import (
    days,
    joins,
    leftovers,
    mentions,
    parts,
    periods,
    scopes,
    traps,
    zones,
)
from meetdesk.assistant.constraints.intervals import intervals
from meetdesk.assistant.constraints.model import Anchor, Constraints, Context, Notes, TimeItem
from meetdesk.assistant.constraints.text import Scan, fold
from meetdesk.assistant.constraints.windows import attach, build_exclusions, build_windows

DEFAULT_DURATION = 30
_NOT_RIGHT_BEFORE = re.compile(
    r"(?:\b(?:not|no|pas|nothing|rien|non)|n't)(?: (?:very|that|so|really|super|tres|si"
    r"|vraiment|du tout))? (?:an? |une? |d')?$"
)


def read_constraints(
    text: str,
    *,
    sent_at: datetime,
    customer_tz: ZoneInfo,
    language: str,
    duration_minutes: int | None = None,
    horizon_days: int = 14,
) -> Constraints:
    """The windows, exclusions and reading zone of ``text`` (the new text of a message).

    ``sent_at`` is the aware Date header (its offset is the sender's clock). ``language``
    is "en" or "fr". ``duration_minutes`` sizes the window of "at 3pm" (default 30);
    ``horizon_days`` bounds hours given without a day and generic exclusions.
    """
    if sent_at.tzinfo is None or sent_at.utcoffset() is None:
        raise ValueError("sent_at must be timezone-aware")
    if horizon_days < 1:
        raise ValueError("horizon_days must be at least 1")
    lang = "fr" if language.lower().startswith("fr") else "en"
    folded = fold(text)
    scan = Scan(folded)
    notes = Notes()
    duration = duration_minutes if duration_minutes and duration_minutes > 0 else DEFAULT_DURATION

    # Traps first, with a provisional context: they need no zone.
    ctx = Context(
        folded, scan, sent_at, sent_at.tzinfo, lang, None, True, duration, horizon_days, notes
    )
    traps.set_aside(ctx)
    named = mentions.find_mentions(scan, folded.cased)
    zone, repeated = zones.reading_zone(named, sent_at=sent_at, customer=customer_tz, notes=notes)
    for s, e in repeated:
        scan.take(s, e)
    ctx.tz = zone.tz
    ctx.sent = sent_at.astimezone(zone.tz)
    ctx.day_first = True if lang == "fr" else zone.day_first
    ctx.tie_day_first = not customer_tz.key.startswith("America/")

    anchors: list[Anchor] = periods.find_weeks(ctx)
    day_anchors, implied = days.find_days(ctx)
    anchors += day_anchors
    anchors += periods.find_months(ctx)
    anchors.sort(key=lambda a: a.s)
    joins.link(ctx, anchors)
    times: list[TimeItem] = sorted(parts.find_times(ctx) + implied, key=lambda t: t.s)

    spans = [(a.s, a.e) for a in anchors] + [(t.s, t.e) for t in times]
    scoped = scopes.scope(ctx, spans)
    items: list[Anchor | TimeItem] = [*anchors, *times]
    kept_anchors: list[Anchor] = []
    kept_times: list[TimeItem] = []
    for item, sc in zip(items, scoped, strict=True):
        if sc.polarity == scopes.IGNORED:
            continue
        item.negative = sc.polarity == scopes.RULED_OUT
        item.clause = sc.clause
        if isinstance(item, Anchor):
            kept_anchors.append(item)
        else:
            kept_times.append(item)

    for a in kept_anchors:
        if a.kind == "asap":
            # "we can't sign before...: ASAP" is urgent; only "not urgent" negates it.
            a.negative = bool(_NOT_RIGHT_BEFORE.search(folded.low[max(0, a.s - 24) : a.s]))
    offered = [a for a in kept_anchors if not a.negative]
    ruled_out = [a for a in kept_anchors if a.negative]
    loose = attach(ctx, offered, [t for t in kept_times if not t.negative])
    loose_out = attach(ctx, ruled_out, [t for t in kept_times if t.negative])
    windows = build_windows(ctx, offered, loose)
    exclusions = build_exclusions(ctx, ruled_out, loose_out, windows)
    leftovers.unread(ctx, spans)

    return Constraints(
        windows=intervals(windows, zone.tz),
        exclusions=intervals(exclusions, zone.tz),
        tz=zone.tz,
        timezone=zone.name,
        asap=any(a.kind == "asap" for a in offered),
        confidence=notes.confidence(),
        rules=notes.rules,
        reasons=notes.reasons,
        ambiguous=notes.ambiguous,
    )
