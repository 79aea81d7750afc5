"""The week of busy time as a grid: seven days by working hours, one row per half hour.

The console's CSP forbids inline styles, so blocks cannot be placed by computed
offsets; instead each half-hour cell carries classes (``busy``, ``candidate``,
``proposed``, ``off`` outside the day's hours) and the stylesheet colours them. A
cell is marked when an interval overlaps any part of it. Rows run from the working
day's start to its end in the customer's zone, widened to the whole hours any interval
of the week reaches, so nothing busy or proposed falls off the grid.

Pure: no I/O, only the intervals it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

STEP = timedelta(minutes=30)
DAY_START, DAY_END = 8, 19  # hours shown at least, in the customer's zone
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Row:
    label: str  # "09:00" on the hour, "" on the half hour
    cells: tuple[str, ...]  # one class string per day


@dataclass(frozen=True)
class WeekGrid:
    label: str  # "30 Nov 2026"
    zone: str
    days: tuple[str, ...]  # "Mon 30"
    rows: tuple[Row, ...]


def week_grid(
    start: datetime,
    zone: ZoneInfo,
    *,
    busy: Sequence[Span] = (),
    candidates: Sequence[Span] = (),
    proposed: Sequence[Span] = (),
) -> WeekGrid:
    """The grid of the seven days from ``start`` (a midnight in ``zone``)."""
    monday = start.astimezone(zone).date()
    days = [monday + timedelta(days=n) for n in range(7)]
    first, last = DAY_START, DAY_END
    end = datetime.combine(days[-1] + timedelta(days=1), time(), zone)
    week_start = datetime.combine(monday, time(), zone)
    for a, b in (*busy, *candidates, *proposed):
        if b <= week_start or a >= end:
            continue
        a_local = max(a, week_start).astimezone(zone)
        b_local = min(b, end).astimezone(zone)
        first = min(first, a_local.hour)
        if b_local.date() > a_local.date():  # runs past midnight: the day's last hour
            last = 24
        else:
            last = max(last, b_local.hour + (1 if b_local.minute or b_local.second else 0))
    rows = []
    for n in range((last - first) * 2):
        minutes = first * 60 + n * 30
        label = f"{minutes // 60:02d}:00" if minutes % 60 == 0 else ""
        cells = []
        for day in days:
            cell_start = datetime.combine(day, time(), zone) + timedelta(minutes=minutes)
            cell_end = cell_start + STEP
            marks = (("busy", busy), ("candidate", candidates), ("proposed", proposed))
            classes = [name for name, spans in marks if _overlaps(spans, cell_start, cell_end)]
            if not classes and not DAY_START <= minutes / 60 < DAY_END:
                classes.append("off")
            cells.append(" ".join(classes))
        rows.append(Row(label, tuple(cells)))
    return WeekGrid(
        label=f"{monday:%d %b %Y}",
        zone=zone.key,
        days=tuple(f"{d:%a %d}" for d in days),
        rows=tuple(rows),
    )


def _overlaps(spans: Sequence[Span], start: datetime, end: datetime) -> bool:
    return any(a < end and b > start for a, b in spans)
