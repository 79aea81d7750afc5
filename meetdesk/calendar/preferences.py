"""A customer's scheduling preferences: when, how long and how often they meet.

Human assistants keep these in their heads ("no calls before 9:30", "lunch between 12:00
and 14:30", "never more than four meetings a day"); MeetDesk keeps them here, one frozen
value per customer, built from the config's defaults and the customer's own overrides.
The slot search reads them and nothing else, so a preference is honoured everywhere or
nowhere. ``to_json``/``from_json`` give the stored form (encrypted at rest by the store);
``from_json`` validates, so a bad stored or typed value is a clear ``ValueError`` naming
the key, never a half-applied preference.

Beyond when to meet, they say how: the buffers kept free around a meeting (separately
for virtual and in-person ones, since a room takes longer to leave than a call), the
travel time to in-person meetings, the customer's business addresses and which one
in-person meetings default to, what may be shared with participants (dial-in, video
link, instructions), the hours it is reasonable to ask of a participant in their own
zone, how often to follow up on silence, and how long proposed slots are held.
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
    address: str | None = None  # None: the customer's default address, if in person
    follow_up_days: int | None = None  # None: the customer's follow_up_days
    follow_up_max: int | None = None  # None: the customer's follow_up_max


@dataclass(frozen=True)
class Buffers:
    """Minutes kept free before and after a meeting of one mode (virtual or in person)."""

    before: int = 0
    after: int = 0


@dataclass(frozen=True)
class Address:
    """A business address the customer meets at; its own travel time, if it has one."""

    street: str
    travel_minutes: int | None = None  # None: the customer's default travel_minutes


@dataclass(frozen=True)
class Share:
    """What the customer allows MeetDesk to give participants (None: never shared)."""

    dial_in: str | None = None
    dial_in_code: str | None = None
    video_link: str | None = None
    instructions: str | None = None


SHARE_FIELDS = ("dial_in", "dial_in_code", "video_link", "instructions")
MODES = ("virtual", "in_person")
KIND_FIELDS = ("duration_minutes", "hours", "address", "follow_up_days", "follow_up_max")
_STREET_MAX = 300
_SHARE_MAX = 2000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


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
    buffers: Mapping[str, Buffers] = field(
        default_factory=lambda: {"virtual": Buffers(), "in_person": Buffers()}
    )
    travel_minutes: int = 0
    addresses: Mapping[str, Address] = field(default_factory=dict)
    default_address: str | None = None
    share: Share = field(default_factory=Share)
    participant_hours: TimeRange = (time(8), time(19))
    follow_up_days: int = 2
    follow_up_max: int = 2
    hold_hours: int = 72

    def buffers_for(self, in_person: bool) -> Buffers:
        """The buffers of a meeting's mode: in person, or virtual (call, video)."""
        return self.buffers["in_person" if in_person else "virtual"]

    def address_for(self, kind: str | None, name: str | None = None) -> str | None:
        """The business address (by name) an in-person meeting takes place at: ``name``
        when the meeting names one, else the kind's own, else the default, else None."""
        rule = self.kinds.get(kind or "")
        return name or (rule.address if rule is not None else None) or self.default_address

    def travel_for(self, name: str | None) -> int:
        """Travel minutes to a business address (by name), else the default travel time."""
        address = self.addresses.get(name or "")
        if address is not None and address.travel_minutes is not None:
            return address.travel_minutes
        return self.travel_minutes

    def follow_up_for(self, kind: str | None) -> tuple[int, int]:
        """(working days of silence before a follow-up, most follow-ups) for ``kind``."""
        rule = self.kinds.get(kind or "")
        days = rule.follow_up_days if rule is not None else None
        most = rule.follow_up_max if rule is not None else None
        return (
            self.follow_up_days if days is None else days,
            self.follow_up_max if most is None else most,
        )

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
                    "address": v.address,
                    "follow_up_days": v.follow_up_days,
                    "follow_up_max": v.follow_up_max,
                }
                for k, v in sorted(self.kinds.items())
            },
            "preferred": [_range_text(r) for r in self.preferred],
            "min_notice_minutes": self.min_notice_minutes,
            "horizon_days": self.horizon_days,
            "max_per_day": self.max_per_day,
            "max_per_week": self.max_per_week,
            "buffers": {
                m: {"before": b.before, "after": b.after} for m, b in sorted(self.buffers.items())
            },
            "travel_minutes": self.travel_minutes,
            "addresses": {
                n: {"street": a.street, "travel_minutes": a.travel_minutes}
                for n, a in sorted(self.addresses.items())
            },
            "default_address": self.default_address,
            "share": {f: getattr(self.share, f) for f in SHARE_FIELDS},
            "participant_hours": _range_text(self.participant_hours),
            "follow_up_days": self.follow_up_days,
            "follow_up_max": self.follow_up_max,
            "hold_hours": self.hold_hours,
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
            ("travel_minutes", 0, False),
            ("follow_up_days", 1, False),
            ("follow_up_max", 0, False),
            ("hold_hours", 1, False),
        ):
            if key in data:
                changes[key] = _whole(data[key], key, low, optional)
        if "buffers" in data:
            changes["buffers"] = _buffers(data["buffers"], prefs.buffers)
        if "addresses" in data:
            changes["addresses"] = _addresses(data["addresses"], prefs.addresses)
        if "default_address" in data:
            changes["default_address"] = _optional_text(
                data["default_address"], "default_address", _STREET_MAX
            )
        if "share" in data:
            changes["share"] = _share(data["share"], prefs.share)
        if "participant_hours" in data:
            changes["participant_hours"] = parse_range(
                data["participant_hours"], "participant_hours"
            )
        return _check_addresses(replace(prefs, **changes))


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
        if not isinstance(rule, Mapping) or set(rule) - set(KIND_FIELDS):
            raise ValueError(f"kinds.{kind}: expected only {', '.join(KIND_FIELDS)}")
        current = out.get(kind, KindPreference())
        duration = current.duration_minutes
        if "duration_minutes" in rule:
            duration = _whole(rule["duration_minutes"], f"kinds.{kind}.duration_minutes", 5, True)
        hours = current.hours
        if "hours" in rule:
            raw = rule["hours"]
            hours = None if raw in (None, "") else parse_range(raw, f"kinds.{kind}.hours")
        address = current.address
        if "address" in rule:
            address = _optional_text(rule["address"], f"kinds.{kind}.address", _STREET_MAX)
        days, most = current.follow_up_days, current.follow_up_max
        if "follow_up_days" in rule:
            days = _whole(rule["follow_up_days"], f"kinds.{kind}.follow_up_days", 1, True)
        if "follow_up_max" in rule:
            most = _whole(rule["follow_up_max"], f"kinds.{kind}.follow_up_max", 0, True)
        out[kind] = KindPreference(duration, hours, address, days, most)
    return out


def _buffers(value: Any, base: Mapping[str, Buffers]) -> dict[str, Buffers]:
    if not isinstance(value, Mapping):
        raise ValueError("buffers must map virtual and in_person to before/after minutes")
    out = dict(base)
    for mode, rule in value.items():
        if mode not in MODES:
            raise ValueError(f"buffers: unknown mode {mode!r} (use {', '.join(MODES)})")
        if not isinstance(rule, Mapping) or set(rule) - {"before", "after"}:
            raise ValueError(f"buffers.{mode}: expected before and/or after (minutes)")
        current = out.get(mode, Buffers())
        before, after = current.before, current.after
        if "before" in rule:
            before = _whole(rule["before"], f"buffers.{mode}.before", 0, False) or 0
        if "after" in rule:
            after = _whole(rule["after"], f"buffers.{mode}.after", 0, False) or 0
        out[mode] = Buffers(before, after)
    return out


def _addresses(value: Any, base: Mapping[str, Address]) -> dict[str, Address]:
    """Addresses by name; a name mapped to None is removed (a customer dropping one)."""
    if not isinstance(value, Mapping):
        raise ValueError("addresses must map names to {street, travel_minutes}")
    out = dict(base)
    for name, rule in value.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(
                f"addresses: bad name {name!r} (lowercase letters, digits, '-' and '_')"
            )
        if rule is None:
            out.pop(name, None)
            continue
        if not isinstance(rule, Mapping) or set(rule) - {"street", "travel_minutes"}:
            raise ValueError(f"addresses.{name}: expected street and/or travel_minutes")
        current = out.get(name)
        street = current.street if current is not None else None
        if "street" in rule:
            street = _optional_text(rule["street"], f"addresses.{name}.street", _STREET_MAX)
        if not street:
            raise ValueError(f"addresses.{name}.street is required")
        travel = current.travel_minutes if current is not None else None
        if "travel_minutes" in rule:
            travel = _whole(rule["travel_minutes"], f"addresses.{name}.travel_minutes", 0, True)
        out[name] = Address(street, travel)
    return out


def _share(value: Any, base: Share) -> Share:
    if not isinstance(value, Mapping):
        raise ValueError(f"share must map {', '.join(SHARE_FIELDS)} to text")
    unknown = sorted(set(value) - set(SHARE_FIELDS))
    if unknown:
        raise ValueError(f"share: unknown field {unknown[0]!r} (use {', '.join(SHARE_FIELDS)})")
    return replace(
        base, **{k: _optional_text(v, f"share.{k}", _SHARE_MAX) for k, v in value.items()}
    )


def _check_addresses(prefs: Preferences) -> Preferences:
    """Every address a preference names must be one of the customer's addresses."""
    named = [("default_address", prefs.default_address)]
    named += [(f"kinds.{k}.address", r.address) for k, r in sorted(prefs.kinds.items())]
    for key, name in named:
        if name is not None and name not in prefs.addresses:
            known = ", ".join(sorted(prefs.addresses)) or "none yet"
            raise ValueError(f"{key}: no address named {name!r} (known: {known})")
    return prefs


def _optional_text(value: Any, key: str, longest: int) -> str | None:
    """A short single text (None or blank: not set); control characters are refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text, not {value!r}")
    value = value.strip()
    if len(value) > longest:
        raise ValueError(f"{key} is longer than {longest} characters")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValueError(f"{key} contains control characters")
    return value or None


def _whole(value: Any, key: str, low: int, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{key} must be a whole number of at least {low}, not {value!r}")
    return value
