"""A customer's scheduling preferences: when, how long and how often they meet.

Human assistants keep these in their heads ("no calls before 9:30", "lunch between 12:00
and 14:30", "never more than four meetings a day"); MeetDesk keeps them here, one frozen
value per customer, built from the config's defaults and the customer's own overrides.
The slot search reads them and nothing else, so a preference is honoured everywhere or
nowhere. ``to_json``/``from_json`` give the stored form (encrypted at rest by the store);
``from_json`` validates, so a bad stored or typed value is a clear ``ValueError`` naming
the key, never a half-applied preference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from meetdesk.assistant.kinds import KINDS

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^(?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)$")

TimeRange = tuple[time, time]


@dataclass(frozen=True)
class KindPreference:
    """What a meeting kind defaults to: its length and the hours it may take place."""

    duration_minutes: int | None = None  # None: the customer's default duration
    hours: TimeRange | None = None  # None: any time within working hours


# Customs human assistants apply unless told otherwise.
DEFAULT_KINDS: Mapping[str, KindPreference] = {
    "breakfast": KindPreference(60, (time(7, 30), time(10, 0))),
    "lunch": KindPreference(90, (time(12, 0), time(14, 30))),
    "coffee": KindPreference(30, None),
    "dinner": KindPreference(120, (time(19, 0), time(22, 30))),
    "drinks": KindPreference(90, (time(18, 0), time(21, 0))),
}


@dataclass(frozen=True)
class Preferences:
    """Everything the slot search honours for one customer (local times, the customer's zone).

    ``working_hours`` maps a weekday (0 = Monday) to its open and close time; a day absent
    is not worked. ``preferred`` ranges are tried first. ``min_notice_minutes`` is how
    soon the first proposal may start; ``horizon_days`` how far ahead to look when the
    request names no window. Caps of ``None`` mean no cap.
    """

    working_hours: Mapping[int, TimeRange] = field(
        default_factory=lambda: {d: (time(9), time(18)) for d in range(5)}
    )
    default_duration_minutes: int = 30
    kinds: Mapping[str, KindPreference] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    preferred: tuple[TimeRange, ...] = ()
    min_notice_minutes: int = 0
    horizon_days: int = 14
    max_per_day: int | None = None
    max_per_week: int | None = None

    def duration_for(self, kind: str | None) -> int:
        """The meeting's length in minutes when the request does not say."""
        rule = self.kinds.get(kind or "")
        if rule is not None and rule.duration_minutes:
            return rule.duration_minutes
        return self.default_duration_minutes

    def hours_for(self, kind: str | None) -> TimeRange | None:
        """The local hours a meeting of ``kind`` takes place in, if the kind has its own.

        They replace the working hours on working days: dinner is at 19:00-22:30 even
        though the office closes at 18:00, and lunch only at lunchtime.
        """
        rule = self.kinds.get(kind or "")
        return rule.hours if rule is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "working_hours": {
                WEEKDAYS[d]: _range_text(r) for d, r in sorted(self.working_hours.items())
            },
            "default_duration_minutes": self.default_duration_minutes,
            "kinds": {
                k: {
                    "duration_minutes": v.duration_minutes,
                    "hours": _range_text(v.hours) if v.hours else None,
                }
                for k, v in sorted(self.kinds.items())
            },
            "preferred": [_range_text(r) for r in self.preferred],
            "min_notice_minutes": self.min_notice_minutes,
            "horizon_days": self.horizon_days,
            "max_per_day": self.max_per_day,
            "max_per_week": self.max_per_week,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base: Preferences | None = None) -> Preferences:
        """``base`` (default: the built-in defaults) with the keys ``data`` gives replaced.

        Raises ``ValueError`` naming the first bad key; unknown keys are errors too.
        """
        prefs = base or cls()
        known = set(cls().to_json())
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown preference '{unknown[0]}'")
        changes: dict[str, Any] = {}
        if "working_hours" in data:
            changes["working_hours"] = _working_hours(data["working_hours"])
        if "kinds" in data:
            changes["kinds"] = _kinds(data["kinds"], prefs.kinds)
        if "preferred" in data:
            value = data["preferred"]
            if not isinstance(value, list):
                raise ValueError("preferred must be a list of 'HH:MM-HH:MM' ranges")
            changes["preferred"] = tuple(parse_range(v, "preferred") for v in value)
        for key, low, optional in (
            ("default_duration_minutes", 5, False),
            ("min_notice_minutes", 0, False),
            ("horizon_days", 1, False),
            ("max_per_day", 1, True),
            ("max_per_week", 1, True),
        ):
            if key in data:
                changes[key] = _whole(data[key], key, low, optional)
        return replace(prefs, **changes)


def parse_range(value: Any, key: str) -> TimeRange:
    """'09:00-18:00' as (09:00, 18:00); the end must come after the start."""
    if not isinstance(value, str) or value.count("-") != 1:
        raise ValueError(f"{key}: expected 'HH:MM-HH:MM', not {value!r}")
    start, end = (parse_clock(part.strip(), key) for part in value.split("-"))
    if end <= start and end != time(0):
        raise ValueError(f"{key}: {value!r} ends before it starts")
    return start, end


def parse_clock(value: str, key: str) -> time:
    """'9:30' or '09:30' as a time; '24:00' is the end of the day (stored as 00:00)."""
    m = _CLOCK.match(value)
    if not m or (m["h"] == "24" and m["m"] != "00"):
        raise ValueError(f"{key}: expected a time as HH:MM, not {value!r}")
    return time(0) if m["h"] == "24" else time(int(m["h"]), int(m["m"]))


def _range_text(r: TimeRange) -> str:
    end = "24:00" if r[1] == time(0) else r[1].strftime("%H:%M")
    return f"{r[0].strftime('%H:%M')}-{end}"


def _working_hours(value: Any) -> dict[int, TimeRange]:
    if not isinstance(value, Mapping):
        raise ValueError("working_hours must map weekdays (mon..sun) to 'HH:MM-HH:MM'")
    out: dict[int, TimeRange] = {}
    for day, hours in value.items():
        if day not in WEEKDAYS:
            raise ValueError(f"working_hours: unknown weekday {day!r} (use {', '.join(WEEKDAYS)})")
        if hours in (None, "", "off"):
            continue
        out[WEEKDAYS.index(day)] = parse_range(hours, f"working_hours.{day}")
    return out


def _kinds(value: Any, base: Mapping[str, KindPreference]) -> dict[str, KindPreference]:
    if not isinstance(value, Mapping):
        raise ValueError("kinds must map meeting kinds to their preferences")
    out = dict(base)
    for kind, rule in value.items():
        if kind not in KINDS:
            raise ValueError(f"kinds: unknown meeting kind {kind!r} (use {', '.join(KINDS)})")
        if not isinstance(rule, Mapping) or set(rule) - {"duration_minutes", "hours"}:
            raise ValueError(f"kinds.{kind}: expected duration_minutes and/or hours")
        current = out.get(kind, KindPreference())
        duration = current.duration_minutes
        if "duration_minutes" in rule:
            duration = _whole(rule["duration_minutes"], f"kinds.{kind}.duration_minutes", 5, True)
        hours = current.hours
        if "hours" in rule:
            raw = rule["hours"]
            hours = None if raw in (None, "") else parse_range(raw, f"kinds.{kind}.hours")
        out[kind] = KindPreference(duration, hours)
    return out


def _whole(value: Any, key: str, low: int, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{key} must be a whole number of at least {low}, not {value!r}")
    return value
