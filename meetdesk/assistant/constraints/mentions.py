"""Where a message names a zone: abbreviations, offsets, cities, "my time", "I'm in".

Abbreviations are matched with their case ("EST" is a zone, "est" is French for "is");
those that are also words need a clock time or "in"/"en"/parentheses next to them, and
are skipped in text written in capitals. Offsets ("UTC+2", "GMT -05:00") become fixed
zones. Cities are looked up after "heure de", before "time", after a clock time and "in",
and after "I'm in" / "based in" / "je suis à" (see ``cities``). Each mention keeps the
clock time written just before it, so a time given in two zones can be recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from meetdesk.assistant.constraints.cities import (
    HEURE_ZONES,
    NAMED_ZONES,
    longest_place,
    longest_place_before,
)
from meetdesk.assistant.constraints.text import Scan

# Abbreviation -> candidate zones, most likely first.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York",), "EDT": ("America/New_York",), "ET": ("America/New_York",),
    "CST": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "CDT": ("America/Chicago",), "CT": ("America/Chicago",),
    "MST": ("America/Denver",), "MDT": ("America/Denver",), "MT": ("America/Denver",),
    "PST": ("America/Los_Angeles",), "PDT": ("America/Los_Angeles",),
    "PT": ("America/Los_Angeles",), "AKST": ("America/Anchorage",),
    "AKDT": ("America/Anchorage",), "HST": ("Pacific/Honolulu",),
    "AST": ("America/Halifax", "Asia/Riyadh"), "ADT": ("America/Halifax",),
    "NST": ("America/St_Johns",), "NDT": ("America/St_Johns",),
    "GMT": ("UTC",), "UTC": ("UTC",), "BST": ("Europe/London",),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "WET": ("Europe/Lisbon",), "WEST": ("Europe/Lisbon",),
    "CET": ("Europe/Paris",), "CEST": ("Europe/Paris",), "MET": ("Europe/Paris",),
    "MEST": ("Europe/Paris",), "EET": ("Europe/Athens",), "EEST": ("Europe/Athens",),
    "MSK": ("Europe/Moscow",), "JST": ("Asia/Tokyo",), "KST": ("Asia/Seoul",),
    "HKT": ("Asia/Hong_Kong",), "SGT": ("Asia/Singapore",), "AEST": ("Australia/Sydney",),
    "AEDT": ("Australia/Sydney",), "ACST": ("Australia/Adelaide",),
    "ACDT": ("Australia/Adelaide",), "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",), "NZDT": ("Pacific/Auckland",),
    "SAST": ("Africa/Johannesburg",), "WAT": ("Africa/Lagos",), "EAT": ("Africa/Nairobi",),
}  # fmt: skip
# The two-letter forms mean "whichever of the pair is in force".
FAMILIES = {"ET": ("EST", "EDT"), "CT": ("CST", "CDT"), "MT": ("MST", "MDT"), "PT": ("PST", "PDT")}
# Abbreviations that are also words (French "est", "cet"; "eat", "met"): context needed.
_WORDLIKE = frozenset(
    {"EST", "CET", "MET", "AST", "IST", "EAT", "WAT", "WEST", "ET", "CT", "MT", "PT", "BST", "NST"}
)
US_CANADA = frozenset(k for k, v in ABBREVIATIONS.items() if v[0].startswith("America/"))

_ABBR = re.compile(
    rf"(?<![A-Za-z])({'|'.join(sorted(ABBREVIATIONS, key=len, reverse=True))})"
    r"(?![A-Za-z])"
)
_OFFSET = re.compile(
    r"\b(?:utc|gmt)\s?(?P<sign>[+-])\s?(?P<h>\d{1,2})(?:(?::|h)?(?P<m>[0-5]\d))?(?!\d)(?: ?h\b)?"
)
# A clock time just before a zone word: "3pm EST", "15h (heure de Paris)", "9:30 PT".
_CLOCK_BEFORE = re.compile(
    r"(?:(?<![\d:/.])(?P<h>\d{1,2})(?:[:h.](?P<m>[0-5]\d))? ?(?P<ap>[ap]\.?m\.?|h|heures?)?"
    r"|(?P<noon>noon|midi|midday))[ ,]*\(?[ ]*$"
)
_CONTEXT_BEFORE = re.compile(r"(?:\b(?:in|en|at|heure|heures|times?|all times)|[(/]) ?$")
_CONTEXT_AFTER = re.compile(r"^ ?(?:time\b|[)/]|heure\b)")
_MY_TIME = re.compile(
    r"\b(?:(?:in |at |on )?my (?:local )?(?:time(?: zone)?|timezone)|(?:my |(?<!your ))local time"
    r"|heure locale|(?:a |selon )?mon heure(?: locale)?|mon fuseau(?: horaire)?"
    r"|(?:a |selon )?l'heure de chez moi|heure de chez moi)\b"
)
_YOUR_TIME = re.compile(
    r"\b(?:(?:in |at )?your (?:local )?(?:time(?: zone)?|timezone)|(?:a |selon )?votre heure"
    r"(?: locale)?|(?:a |selon )?ton heure|votre fuseau(?: horaire)?|heure de chez vous)\b"
)
_NOT_A_ZONE_BEFORE = re.compile(
    r"\b(?:take|taking|took|for|of|thank you for|waste|wasting|spend)"
    r" $"
)
_HEURE_DE = re.compile(
    r"\b(?:a |selon )?(?:l')?heure (?P<rest>(?:de |d'|du |des )?[a-z' .-]{2,40})"
)
_X_TIME = re.compile(r"\b(?:local )?time\b")
_CLOCK_IN = re.compile(
    r"(?<![\d:/.])\d{1,2}(?:[:h.][0-5]\d)? ?(?:[ap]\.?m\.?|h)?(?: \w+)? (?P<prep>in|a)"
    r" (?P<rest>[a-z .'-]{2,40})"
)
_LOCATION = re.compile(
    r"\b(?:(?:i'm|i am|we're|we are|i'll be|i will be|we'll be|we will be|i live|we live"
    r"|i work|i'm currently|i am currently|currently|based|located)"
    r"(?: (?:currently|now|still|also))?(?: (?:based|located|living|staying|working))?"
    r" (?:in|at)"
    r"|(?:je suis|nous sommes|je serai|nous serons|je vis|j'habite|nous habitons|je travaille"
    r"|je reside|on est|je me trouve)(?: (?:actuellement|en ce moment|maintenant|aussi))?"
    r"(?: (?:base|basee|bases|basees|installe|installee|situe|situee))? (?:a|au|aux|en)"
    r"|\b(?:base|basee|bases|basees) (?:a|au|en))"
    r" (?P<rest>[a-z .'-]{2,40})"
)


@dataclass
class Mention:
    """A zone named in the text, with the clock time written just before it, if any."""

    s: int
    e: int
    kind: str  # abbreviation | offset | city | named | my_time | your_time | location
    rule: str
    key: str | None = None
    tz: tzinfo | None = None
    clock: int | None = None  # minutes from midnight of the clock time attached
    clock_s: int | None = None
    word: str = ""


def fixed_zone(offset: timedelta) -> tzinfo:
    return ZoneInfo("UTC") if offset == timedelta(0) else timezone(offset)


def _clock_before(text: str, s: int) -> tuple[int, int] | None:
    """(minutes, start) of a clock time ending right before position ``s``."""
    m = _CLOCK_BEFORE.search(text[max(0, s - 18) : s])
    if m is None:
        return None
    start = max(0, s - 18) + m.start()
    if m["noon"]:
        return 12 * 60, start
    if not (m["m"] or m["ap"]) and not re.search(
        r"\b(?:at|a|vers|around|by|from|until) $", text[max(0, start - 8) : start]
    ):
        return None
    h, mins, ap = int(m["h"]), int(m["m"] or 0), (m["ap"] or "").replace(".", "")
    if ap in ("am", "pm"):
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap == "pm" else 0)
    elif h > 24:
        return None
    elif not ap and 1 <= h <= 7:
        h += 12
    return (h % 24) * 60 + mins, start


def find_mentions(scan: Scan, cased: str) -> list[Mention]:
    """Every zone the text names, in order; their spans are taken from ``scan``."""
    low = scan.text  # as it was before any zone was taken: clock times stay readable
    found: list[Mention] = []

    def add(mention: Mention, clock_at: int | None = None) -> None:
        if not scan.free(mention.s, mention.e):
            return
        clock = _clock_before(low, clock_at if clock_at is not None else mention.s)
        if clock is not None:
            mention.clock, mention.clock_s = clock
        found.append(mention)
        scan.take(mention.s, mention.e)

    for m in _OFFSET.finditer(low):
        sign = -1 if m["sign"] == "-" else 1
        hours, minutes = int(m["h"]), int(m["m"] or 0)
        if hours > 14:
            continue
        offset = sign * timedelta(hours=hours, minutes=minutes)
        add(Mention(m.start(), m.end(), "offset", "zone.offset", tz=fixed_zone(offset)))
    for m in _ABBR.finditer(cased):
        word = m[1]
        s, e = m.start(), m.end()
        if not scan.free(s, e):
            continue
        clock = _clock_before(low, s)
        context = _CONTEXT_BEFORE.search(low[max(0, s - 12) : s]) or _CONTEXT_AFTER.match(
            low[e : e + 6]
        )
        if clock is None and not context:
            if word in _WORDLIKE or _shouting(cased, s, e):
                continue
        if word in ("UTC", "GMT") and re.match(r" ?[+-] ?\d", low[e : e + 4]):
            continue
        after = _CONTEXT_AFTER.match(low[e : e + 6])
        end = e + after.end() if after and after[0].strip() == "time" else e
        add(Mention(s, end, "abbreviation", "zone.abbreviation", word=word))
    for m in _MY_TIME.finditer(low):
        if _NOT_A_ZONE_BEFORE.search(low[max(0, m.start() - 16) : m.start()]):
            continue
        add(Mention(m.start(), m.end(), "my_time", "zone.my_time"))
    for m in _YOUR_TIME.finditer(low):
        if _NOT_A_ZONE_BEFORE.search(low[max(0, m.start() - 16) : m.start()]):
            continue
        if _clock_before(low, m.start()) is None and not m[0].startswith(("in ", "at ", "a ")):
            if "heure" not in m[0] and "fuseau" not in m[0] and "timezone" not in m[0]:
                continue
        add(Mention(m.start(), m.end(), "your_time", "zone.your_time"))
    for m in _HEURE_DE.finditer(low):
        rest = m["rest"]
        named = _named_after_heure(rest)
        if named is not None:
            key, length = named
            add(Mention(m.start(), m.start("rest") + length, "named", "zone.named", key=key))
            continue
        lead = re.match(r"(?:de |d'|du |des )(?:la |l')?", rest)
        if lead is None:
            continue
        words = rest[lead.end() :].split()
        hit = longest_place(words)
        if hit is not None:
            key, n = hit
            end = m.start("rest") + lead.end() + len(" ".join(words[:n]))
            add(Mention(m.start(), end, "city", "zone.city", key=key))
    for m in _X_TIME.finditer(low):
        words = low[max(0, m.start() - 40) : m.start()].split()
        if not words:
            continue
        named_zone = _named_before(words)
        hit = named_zone or longest_place_before(words)
        if hit is None:
            continue
        key, n = hit
        s = low.rfind(" ".join(words[-n:]), 0, m.start())
        if s < 0:
            continue
        kind = "named" if named_zone else "city"
        add(Mention(s, m.end(), kind, f"zone.{kind}", key=key))
    for m in _CLOCK_IN.finditer(low):
        hit = longest_place(m["rest"].split())
        if hit is None:
            continue
        key, n = hit
        end = m.start("rest") + len(" ".join(m["rest"].split()[:n]))
        prep = m.start("prep")
        add(Mention(prep, end, "city", "zone.city", key=key), clock_at=prep)
    for m in _LOCATION.finditer(low):
        hit = longest_place(m["rest"].split())
        if hit is None:
            continue
        key, n = hit
        end = m.start("rest") + len(" ".join(m["rest"].split()[:n]))
        add(Mention(m.start(), end, "location", "zone.location", key=key))
    found.sort(key=lambda x: x.s)
    return found


_HEURE_NAMES = sorted(HEURE_ZONES, key=len, reverse=True)


def _named_after_heure(rest: str) -> tuple[str, int] | None:
    """A zone named in French after "heure": "française", "de l'Est", "du Québec"."""
    for name in _HEURE_NAMES:
        if rest.startswith(name) and (len(rest) == len(name) or not rest[len(name)].isalpha()):
            return HEURE_ZONES[name], len(name)
    return None


def _named_before(words: list[str]) -> tuple[str, int] | None:
    """A zone named before "time": "Pacific time", "UK time", "US Eastern time"."""
    for n in (2, 1):
        if len(words) >= n:
            name = " ".join(words[-n:])
            if name in NAMED_ZONES:
                return NAMED_ZONES[name], n
    return None


def _shouting(cased: str, s: int, e: int) -> bool:
    """True when the words around are in capitals too ("IL EST À PARIS")."""
    around = cased[max(0, s - 20) : s] + " " + cased[e : e + 20]
    return len(re.findall(r"\b[A-Z]{2,}\b", around)) >= 2
