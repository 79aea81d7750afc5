"""Set operations on spans of time: merge, intersect, clip; arithmetic in UTC.

Aware datetimes with the same ``tzinfo`` compare on their wall clock, which is wrong
across a DST change; every operation here converts to UTC first and the result is
converted back to the reading zone only when the ``Interval``s are built.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

from meetdesk.calendar.base import Interval

Span = tuple[datetime, datetime]


def _utc(spans: Iterable[Span]) -> list[Span]:
    out = []
    for s, e in spans:
        s, e = s.astimezone(UTC), e.astimezone(UTC)
        if e > s:
            out.append((s, e))
    return out


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping spans joined (in UTC); touching ones stay apart.

    "Tuesday or Wednesday" stays two windows, one per day named.
    """
    result: list[Span] = []
    for s, e in sorted(_utc(spans)):
        if result and s < result[-1][1]:
            if e > result[-1][1]:
                result[-1] = (result[-1][0], e)
        else:
            result.append((s, e))
    return result


def intersect(a: Iterable[Span], b: Iterable[Span]) -> list[Span]:
    """The spans common to ``a`` and ``b`` (in UTC)."""
    left, right = merge(a), merge(b)
    out: list[Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        s = max(left[i][0], right[j][0])
        e = min(left[i][1], right[j][1])
        if e > s:
            out.append((s, e))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def clip(spans: Iterable[Span], start: datetime, end: datetime) -> list[Span]:
    return intersect(spans, [(start, end)])


def intervals(spans: Iterable[Span], tz: tzinfo) -> tuple[Interval, ...]:
    """Merged spans as ``Interval``s expressed in ``tz``."""
    return tuple(Interval(s.astimezone(tz), e.astimezone(tz)) for s, e in merge(spans))
