"""What the escalation page prints, made from the record the access function showed.

Only :class:`~meetdesk.privacy.access.Shown` fields are used: a withheld one becomes
:data:`~.render.WITHHELD` and is printed as such. Times of the meeting (time frames,
slots, busy time) are shown in the customer's zone, the queue's facts in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.privacy.access import Shown
from meetdesk.supervision import queue

from .render import WITHHELD, field, when
from .week_grid import Span, WeekGrid, week_grid

# The reading's rows: label, the view's field, the name its confidence is kept under.
READING_ROWS: tuple[tuple[str, str | None, str | None], ...] = (
    ("kind", "meeting_kind", "kind"),
    ("duration (minutes)", "duration_minutes", "duration"),
    ("time frames", "windows", "windows"),
    ("exclusions", "exclusions", None),
    ("as soon as possible", "asap", None),
    ("time zone", None, "timezone"),
    ("place", "location", "location"),
    ("participants", "participants", "participants"),
    ("language", "language", None),
    ("chosen option", None, "chosen"),
)


def spans(value: Any) -> list[Span]:
    """Intervals from what the record holds: ``[start, end]`` pairs (datetimes or ISO
    strings) or objects with ``start`` and ``end``; anything else gives none."""
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes, dict)):
        return []
    found: list[Span] = []
    for entry in value:
        if hasattr(entry, "start") and hasattr(entry, "end"):
            pair = (entry.start, entry.end)
        elif isinstance(entry, (list, tuple)) and len(entry) == 2:
            pair = (entry[0], entry[1])
        else:
            continue
        a, b = (_time(v) for v in pair)
        if a is not None and b is not None:
            found.append((a, b))
    return found


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def span_label(span: Span, zone: ZoneInfo) -> str:
    """``Thu 03 Dec 11:00–11:30``, or both dates when it runs over midnight."""
    a, b = span[0].astimezone(zone), span[1].astimezone(zone)
    if a.date() == b.date():
        return f"{a:%a %d %b %H:%M}–{b:%H:%M}"
    return f"{a:%a %d %b %H:%M} – {b:%a %d %b %H:%M}"


def span_value(span: Span) -> str:
    """A slot as a form value: both ends in ISO 8601, ``|`` between."""
    return f"{span[0].isoformat()}|{span[1].isoformat()}"


def zone_of(record: Shown, fallback: str | None) -> ZoneInfo:
    week = field(record, "week")
    if isinstance(week, (list, tuple)) and week and isinstance(week[0], datetime):
        tz = week[0].tzinfo
        if isinstance(tz, ZoneInfo):
            return tz
    return ZoneInfo(fallback or "UTC")


def details_of(record: Shown) -> dict[str, Any]:
    value = field(record, "details")
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return {}


def facts(record: Shown, now: datetime) -> list[tuple[str, Any]]:
    status = field(record, "status")
    rows: list[tuple[str, Any]] = [
        ("Reason", field(record, "reason")),
        ("Family", field(record, "kind")),
        ("Priority", field(record, "priority")),
        ("Due", when(field(record, "due_at"))),
        ("Status", status),
        ("Created", when(field(record, "created_at"))),
    ]
    if status == queue.CLAIMED:
        rows.append(("Claimed by", field(record, "claimed_by")))
        rows.append(("Lease until", when(field(record, "lease_until"))))
    if field(record, "resolution") is not None:
        rows.append(("Resolution", field(record, "resolution")))
    if "note" in record.fields or "note" in record.withheld:
        rows.append(("Note", field(record, "note")))
    return rows


def reading(record: Shown, zone: ZoneInfo) -> list[dict[str, Any]]:
    details = details_of(record)
    found = details.get("fields")
    confidences: dict[str, Any] = found if isinstance(found, dict) else {}
    unsure = set(details.get("unsure") or ())
    rows = []
    for label, key, name in READING_ROWS:
        if key is not None and key not in record.fields and key not in record.withheld:
            if name is None or name not in confidences:
                continue
        value: Any = None if key is None else show_value(key, field(record, key), zone)
        if key == "location" and value not in (None, WITHHELD):
            how = field(record, "location_kind")
            if how not in (None, WITHHELD, ""):
                value = f"{value} ({how})"
        conf = confidences.get(name, {}) if name else {}
        confidence = conf.get("confidence") if isinstance(conf, dict) else None
        rules = conf.get("rules") if isinstance(conf, dict) else None
        rows.append(
            {
                "name": label,
                "value": value,
                "confidence": f"{confidence:.2f}" if isinstance(confidence, float) else confidence,
                "rules": ", ".join(rules) if isinstance(rules, list) else "",
                "unsure": name in unsure if name else False,
            }
        )
    return rows


def show_value(key: str, value: Any, zone: ZoneInfo) -> Any:
    """One reading field as text."""
    if value is WITHHELD or value is None:
        return value
    if key in ("windows", "exclusions"):
        found = spans(value)
        return "; ".join(span_label(s, zone) for s in found) if found else ""
    if key == "participants" and isinstance(value, list):
        return ", ".join(person(p) for p in value)
    if key == "asap":
        return "yes" if value else "no"
    return value


def person(entry: Any) -> str:
    if isinstance(entry, dict):
        email, name = str(entry.get("email", "")), str(entry.get("name", "") or "")
        return f"{name} <{email}>" if name else email
    return str(entry)


def thread(record: Shown, zone: ZoneInfo) -> Any:
    value = field(record, "thread")
    if value is WITHHELD or not isinstance(value, list):
        return value if value is WITHHELD else []
    shown = []
    for entry in value:
        at = _time(entry.get("at"))
        shown.append(
            {
                "direction": entry.get("direction", "in"),
                "sender": entry.get("from", ""),
                "at": f"{at.astimezone(zone):%a %d %b %Y %H:%M}" if at else "",
                "text": entry.get("text", ""),
            }
        )
    return shown


def week(record: Shown, zone: ZoneInfo, candidates: Sequence[Span]) -> tuple[WeekGrid | None, str]:
    """The grid, and a note for the page (busy time withheld or unavailable)."""
    span = field(record, "week")
    busy = field(record, "busy")
    proposed = spans(field(record, "slots"))
    if not isinstance(span, (list, tuple)) or not span or not isinstance(span[0], datetime):
        return None, "No calendar week to show."
    note = ""
    busy_spans: list[Span] = []
    if busy is WITHHELD:
        note = "Busy time withheld."
    elif isinstance(busy, str):
        note = f"Busy time {busy}."
    else:
        busy_spans = spans(busy)
    grid = week_grid(span[0], zone, busy=busy_spans, candidates=candidates, proposed=proposed)
    return grid, note
