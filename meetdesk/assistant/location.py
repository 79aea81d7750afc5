"""Where the meeting takes place, as the new text of a request says it.

The place goes into the invitation that every participant receives, so it is read
conservatively: only from the sender's new words (the caller strips quoted history and
the signature first, so a phone number under a name is never taken for a dial-in), and
never guessed: no place mentioned, no location. Each form has its own rule and
confidence: a meeting link or a dial-in number is unambiguous, "at your place" says
little about where that is, and two different places mean the sender has not decided.

Forms read, in English and French alike (addresses and venue names cross languages:
"let's meet chez Paul"): video links, dial-ins with their meeting code, a number to call,
labelled lines ("Location: ...", "Lieu : ..."), street addresses, offices, homes and
named venues.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from meetdesk.assistant.location_patterns import (
    AT_VENUE,
    CHEZ_VENUE,
    DIAL_IN_RE,
    EN_ADDRESS,
    EN_OFFICE,
    FR_ADDRESS,
    FR_OFFICE,
    FR_VENUE,
    FR_VENUE_HEAD,
    HOME,
    LABEL,
    MEETING_BEFORE,
    NEAR_VENUE,
    NOT_NAMES,
    NOT_VENUE_BEFORE,
    PHONE_RE,
    TIME_WORDS,
    UNDECIDED,
    VIDEO,
)

__all__ = ["KINDS", "Location", "find_location"]

ADDRESS, PLACE, VIDEO_LINK, DIAL_IN, PHONE = "address", "place", "video_link", "dial_in", "phone"
KINDS = (ADDRESS, PLACE, VIDEO_LINK, DIAL_IN, PHONE)

# Several different places: the first is reported, at a confidence no gate accepts alone.
_SEVERAL_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Location:
    """One place: its text as the sender wrote it, its kind, the rule and its confidence."""

    value: str
    kind: str
    rule: str
    confidence: float


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    location: Location
    proper: bool = False  # a named venue, whose name belongs in front of its address


_PLAIN = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
    }
)


def _plain(text: str) -> str:
    """Accents and typographic marks made plain, case kept, and *the same length*.

    ``text.fold`` may change the length (it lowercases and merges spaces); here each
    character maps to one character so a match can be sliced from the original text, whose
    accents and case the invitation must keep.
    """
    out = []
    for ch in text.translate(_PLAIN):
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


# --- meeting links and numbers ------------------------------------------------------


def find_location(text: str, language: str) -> Location | None:
    """The meeting's place as the new ``text`` says it, or None when it says none.

    ``language`` is the thread's ("en", "fr"); both languages' forms are read whatever it
    is, since French addresses and venue names appear in English mail and the reverse.
    Several different places give the first with rule ``location.several``.
    """
    del language  # kept in the signature so a language with its own forms can use it
    found = _find_all(text)
    if not found:
        return None
    found = _absorb_into_address(text, found)
    if any(f.location.kind == VIDEO_LINK for f in found):
        # A dial-in beside a meeting link is that meeting's phone access, not another place.
        found = [f for f in found if f.location.kind != DIAL_IN]
    distinct = {_key(f.location) for f in found}
    first = found[0].location
    if len(distinct) > 1:
        return replace(
            first,
            rule="location.several",
            confidence=min(first.confidence, _SEVERAL_CONFIDENCE),
        )
    return first


class _Collector:
    """Mentions found so far; each found span is blanked so no later form reads it again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = _plain(text)
        self.found: list[_Found] = []

    def take(self, start: int, end: int, location: Location, *, proper: bool = False) -> None:
        self.found.append(_Found(start, end, location, proper))
        self.plain = self.plain[:start] + " " * (end - start) + self.plain[end:]


def _find_all(text: str) -> list[_Found]:
    """Every mention, most specific forms first."""
    c = _Collector(text)
    for m in VIDEO.finditer(c.plain):
        start, end = m.start(), _trim_end(text, m.start(), m.end())
        c.take(start, end, Location(text[start:end], VIDEO_LINK, "location.video_link", 0.97))
    for pattern, kind, confidence in ((DIAL_IN_RE, DIAL_IN, 0.95), (PHONE_RE, PHONE, 0.92)):
        for m in pattern.finditer(c.plain):
            if not _is_phone_number(m.group("number")):
                continue
            start, end = m.start("number"), _trim_end(text, m.start("number"), m.end())
            location = Location(text[start:end], kind, f"location.{kind}", confidence)
            c.take(m.start(), end, location)
    _labels(c)
    for pattern in (FR_ADDRESS, EN_ADDRESS):
        for m in pattern.finditer(c.plain):
            start, end = m.start(), _trim_end(text, m.start(), m.end())
            c.take(start, end, Location(text[start:end], ADDRESS, "location.address", 0.92))
    _offices_and_homes(c)
    for m in CHEZ_VENUE.finditer(c.plain):
        _venue(c, m, skip=1, needs_context=False)
    for m in AT_VENUE.finditer(c.plain):
        _venue(c, m, skip=0, needs_context=False)
    for m in NEAR_VENUE.finditer(c.plain):
        _venue(c, m, skip=len(m.group("near").split()), needs_context=False, after_person=True)
    for m in FR_VENUE.finditer(c.plain):
        _venue(c, m, skip=0, needs_context=True)
    return sorted(c.found, key=lambda f: f.start)


def _labels(c: _Collector) -> None:
    """ "Location: ...", "Lieu : ...": the rest of the line, an address if it holds one."""
    for m in LABEL.finditer(c.plain):
        start, end = m.start("value"), _trim_end(c.text, m.start("value"), m.end("value"))
        value = c.text[start:end].strip()
        if not value or UNDECIDED.match(c.plain[start:end].strip()):
            continue
        line = c.plain[start:end]
        is_address = bool(FR_ADDRESS.search(line) or EN_ADDRESS.search(line))
        kind, confidence = (ADDRESS, 0.9) if is_address else (PLACE, 0.85)
        c.take(start, end, Location(value, kind, "location.label", confidence))


def _offices_and_homes(c: _Collector) -> None:
    """Places named by whose they are: "our London office", "au bureau", "chez vous"."""
    text = c.text
    for m in EN_OFFICE.finditer(c.plain):
        value = text[m.start("value") : m.end("value")]
        c.take(m.start(), m.end(), Location(value, PLACE, "location.office", 0.75))
    for m in FR_OFFICE.finditer(c.plain):
        prep = m.group("prep").lower()
        noun = text[m.start("value") : m.end("value")]
        if prep in ("au", "aux"):
            # "au bureau" is "le bureau": the preposition goes, its article stays.
            value = ("le " if prep == "au" else "les ") + noun
        else:
            value = text[m.start("prep") : m.end()].split(" ", 1)[1].strip()
        c.take(m.start(), m.end(), Location(value, PLACE, "location.office", 0.75))
    for m in HOME.finditer(c.plain):
        group = next(g for g in ("value", "chez", "domicile") if m.group(g))
        value = text[m.start(group) : m.end(group)]
        c.take(m.start(), m.end(), Location(value, PLACE, "location.home", 0.6))


def _venue(
    c: _Collector, m: re.Match[str], *, skip: int, needs_context: bool, after_person: bool = False
) -> None:
    """A named venue ("at Café de Flore", "chez Paul", "au Procope").

    Not an employer ("the CTO at Acme"), a possessive ("at Carol's"), a company speaking
    for itself ("At Acme, we ...", "Chez Acme, nous ...") or a date ("at Easter").
    ``skip`` leading words ("chez") are part of the name without being checked;
    ``after_person`` allows a capitalised word before it ("Somewhere near Soho").
    """
    start, end = m.start("value"), m.end("value")
    name = c.plain[start:end]
    before = c.plain[max(0, m.start() - 80) : m.start()]
    with_head = bool(FR_VENUE_HEAD.match(name))
    in_context = bool(MEETING_BEFORE.search(before))
    if NOT_VENUE_BEFORE.search(before) or (needs_context and not (in_context or with_head)):
        return
    if not after_person and _person_before(before):
        return
    chez = skip > 0
    if with_head or name.lower().startswith("the "):
        skip += 1
    value = _cut_name(c.text, c.plain, start, end, skip=skip)
    after = c.plain[start + len(value) :]
    if (
        not value
        or after.startswith("'")
        or re.match(r"\s*(?:,\s*(?i:we|our|nous|on|je)|\s(?i:we|our))\b", after)
    ):
        return
    confidence = 0.8 if in_context or with_head or chez else 0.65
    location = Location(value, PLACE, "location.venue", confidence)
    c.take(start, start + len(value), location, proper=True)


def _person_before(before: str) -> bool:
    """ "Carol at Acme": a capitalised name just before "at" is a person at their company."""
    m = re.search(r"([A-Z][\w-]*) $", before)
    if m is None:
        return False
    word = m.group(1).lower()
    return not (word in NOT_NAMES or word in TIME_WORDS or MEETING_BEFORE.search(word))


def _cut_name(text: str, plain: str, start: int, end: int, *, skip: int) -> str:
    """The name up to (not including) its first word that is a day, a month or a zone."""
    words = list(re.finditer(r"\S+", plain[start:end]))
    kept = 0
    kept_end = start
    for i, word in enumerate(words):
        if i >= skip and re.sub(r"'s$", "", word.group().lower()) in NOT_NAMES:
            break
        kept += i >= skip
        kept_end = start + word.end()
    return text[start:kept_end] if kept else ""


def _absorb_into_address(text: str, found: list[_Found]) -> list[_Found]:
    """With exactly one address, the offices, homes and venues mentioned are that address.

    A venue written just before the address ("chez Paul, 3 place Bellecour") keeps its name
    in front of it; "our office" does not, as it only says whose address it is.
    """
    addresses = [f for f in found if f.location.kind == ADDRESS]
    if len(addresses) != 1:
        return found
    address = addresses[0]
    kept: list[_Found] = []
    for f in found:
        if f.location.kind != PLACE:
            kept.append(f)
            continue
        between = text[f.end : address.start]
        if f.proper and f.end <= address.start and re.fullmatch(r"[\s,:(\-]*", between):
            value = text[f.start : address.end]
            address = replace(
                address, start=f.start, location=replace(address.location, value=value)
            )
    for i, f in enumerate(kept):
        if f.location.kind == ADDRESS:
            kept[i] = address
    return sorted(kept, key=lambda f: f.start)


def _key(location: Location) -> str:
    """The same place written twice (a link repeated, spacing aside) is one place."""
    return location.kind + ":" + re.sub(r"[\W_]+", "", _plain(location.value).lower())


def _trim_end(text: str, start: int, end: int) -> int:
    """The end without trailing punctuation or spaces, which end the sentence, not the place."""
    while end > start and text[end - 1] in " \t.,;:!?)>]'\"":
        end -= 1
    return end


def _is_phone_number(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    return 8 <= digits <= 15
