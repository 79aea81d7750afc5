"""The reading zone: the zone in which a message's clock times and day boundaries are read.

In order of precedence (docs/understanding.md): a zone the sender states ("3pm EST",
"15h heure de Paris", "UTC+2", "CET", "9am my time" with "I'm based in New York"), then
the Date header's offset when it differs from the customer's zone at that moment and is
not +0000 (which servers write whatever the sender's clock), then the customer's zone.

Abbreviations are matched with their case ("EST" is a zone, "est" is French); those that
are also words need a clock time or "in"/"en"/parentheses next to them. An abbreviation
that names several zones (IST, CST) is settled by the header offset or the customer's
zone when one of them fits, and is otherwise a doubt. A time given in two zones that
agree ("9am PT / 12pm ET") is read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from meetdesk.assistant.constraints.mentions import (
    ABBREVIATIONS,
    FAMILIES,
    US_CANADA,
    Mention,
    fixed_zone,
)
from meetdesk.assistant.constraints.model import Notes


@dataclass(frozen=True)
class ReadingZone:
    tz: tzinfo
    name: str
    day_first: bool | None  # the date convention the zone suggests, None when unknown


def zone_name(tz: tzinfo) -> str:
    """An IANA key, "UTC", or "UTC+02:00" for a bare offset."""
    if isinstance(tz, ZoneInfo):
        return tz.key
    offset = tz.utcoffset(None) or timedelta(0)
    if offset == timedelta(0):
        return "UTC"
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _uses(tz: tzinfo, abbreviation: str, year: int) -> bool:
    """True when ``tz`` writes ``abbreviation`` at some time of ``year``."""
    names = FAMILIES.get(abbreviation, (abbreviation,))
    for month in (1, 7):
        if tz.tzname(datetime(year, month, 15, 12, tzinfo=tz)) in names:
            return True
    return False


def _abbreviation_zone(m: Mention, sent_at: datetime, customer: ZoneInfo, notes: Notes) -> tzinfo:
    word = m.word
    candidates = ABBREVIATIONS[word]
    year = sent_at.year
    if word not in ("UTC", "GMT") and _uses(customer, word, year):
        return customer
    header = sent_at.utcoffset()
    if len(candidates) > 1:
        fitting = [c for c in candidates if header and ZoneInfo(c).utcoffset(sent_at) == header]
        if len(fitting) == 1:
            notes.note(f"{word} read as {fitting[0]}: it matches the sender's offset")
            return ZoneInfo(fitting[0])
        notes.ambiguity(
            f"{word} may mean {', '.join(candidates)}; read as {candidates[0]}",
            rule="zone.ambiguous_abbreviation",
        )
        return ZoneInfo(candidates[0])
    zone = ZoneInfo(candidates[0])
    at = sent_at.astimezone(zone)
    if word in ("GMT", "UTC"):
        if customer.key in ("Europe/London", "Europe/Dublin", "Europe/Lisbon") and (
            customer.utcoffset(sent_at) != timedelta(0)
        ):
            notes.ambiguity(
                f"{word} written while {customer.key} is on summer time: UTC, or UK time?",
                rule="zone.gmt_in_summer",
            )
        return zone
    if word in ("EST", "CST", "MST", "PST") and at.tzname() != word:
        notes.note(f"{word} written during daylight saving time: read as {zone.key} time")
    return zone


def reading_zone(
    mentions: list[Mention],
    *,
    sent_at: datetime,
    customer: ZoneInfo,
    notes: Notes,
) -> tuple[ReadingZone, list[tuple[int, int]]]:
    """The reading zone, and the spans of clock times given again in a second zone."""
    for m in mentions:
        if m.kind == "abbreviation":
            m.tz = _abbreviation_zone(m, sent_at, customer, notes)
        elif m.kind == "your_time":
            m.tz = customer
        elif m.key is not None:
            m.tz = ZoneInfo(m.key)
    locations = [m for m in mentions if m.kind == "location"]
    my_time = [m for m in mentions if m.kind == "my_time"]
    explicit = [m for m in mentions if m.tz is not None and m.kind != "location"]
    header = sent_at.utcoffset() or timedelta(0)
    custom_offset = customer.utcoffset(sent_at) or timedelta(0)
    extra: list[tuple[int, int]] = []

    primary: Mention | None = None
    attached = [m for m in explicit if m.clock is not None]
    if attached:
        primary = attached[0]
    elif explicit:
        primary = explicit[0]
    elif my_time and locations:
        primary = locations[0]
        notes.fired("zone.my_time")
    elif locations:
        primary = locations[0]

    if primary is not None:
        assert primary.tz is not None
        notes.fired(primary.rule)
        offset = primary.tz.utcoffset(sent_at)
        for other in explicit + locations:
            if other is primary or other.tz is None:
                continue
            notes.fired(other.rule)
            if other.tz.utcoffset(sent_at) == offset:
                continue
            if other.kind == "location" or primary.kind == "location":
                notes.note(
                    f"the sender mentions {zone_name(other.tz)}; times read in "
                    f"{zone_name(primary.tz)}"
                )
                continue
            if _same_instant(primary, other, sent_at):
                notes.fired("zone.same_time_twice")
                notes.note(f"the time is also given in {zone_name(other.tz)}")
                if other.clock_s is not None:
                    extra.append((other.clock_s, other.s))
                continue
            notes.ambiguity(
                f"several time zones are mentioned ({zone_name(primary.tz)}, "
                f"{zone_name(other.tz)})",
                rule="zone.conflict",
            )
        return _with_convention(primary.tz, primary.word), extra

    if my_time:
        notes.fired("zone.my_time")
        if header == custom_offset:
            notes.fired("zone.customer")
            return _with_convention(customer, ""), extra
        if header == timedelta(0):
            notes.doubt(
                "'my time' is used, but the sender's zone is not known", rule="zone.my_time_unknown"
            )
            notes.fired("zone.customer")
            return _with_convention(customer, ""), extra
    if header != custom_offset and header != timedelta(0):
        tz = fixed_zone(header)
        notes.fired("zone.header_offset")
        notes.note(
            f"the Date header's offset ({zone_name(tz)}) differs from the customer's zone "
            f"({customer.key}): times read at the sender's offset"
        )
        return ReadingZone(tz, zone_name(tz), None), extra
    notes.fired("zone.customer")
    return _with_convention(customer, ""), extra


def _same_instant(a: Mention, b: Mention, sent_at: datetime) -> bool:
    if a.clock is None or b.clock is None or a.tz is None or b.tz is None:
        return False
    oa = (a.tz.utcoffset(sent_at) or timedelta(0)).total_seconds() // 60
    ob = (b.tz.utcoffset(sent_at) or timedelta(0)).total_seconds() // 60
    return (a.clock - oa) % 1440 == (b.clock - ob) % 1440


def _with_convention(tz: tzinfo, word: str) -> ReadingZone:
    """The zone with the date convention it suggests: month first in the Americas."""
    name = zone_name(tz)
    if word in US_CANADA or name.startswith(("America/", "US/", "Canada/")):
        return ReadingZone(tz, name, False)
    if name.startswith("Europe/") or word in (
        "BST",
        "WET",
        "WEST",
        "CET",
        "CEST",
        "MET",
        "MEST",
        "EET",
        "EEST",
        "MSK",
    ):
        return ReadingZone(tz, name, True)
    return ReadingZone(tz, name, None)
