"""Reading the action forms: what a supervisor typed, checked, as the library's values.

Each parser raises :class:`FormError` with a message naming the field and what is
expected; the page shows it next to the form, with what was typed kept. Times typed
in a form are in the customer's zone (the page says which).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from meetdesk.assistant.kinds import KINDS as MEETING_KINDS
from meetdesk.calendar.base import Interval
from meetdesk.supervision.correction import MAX_MINUTES, MIN_MINUTES

MAX_SLOTS = 10
_SPAN = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})\s*(?:-|–|to)\s*"
    r"(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}:\d{2})\s*"
)
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


class FormError(ValueError):
    """What is wrong with a form, said so a supervisor can fix it."""


@dataclass(frozen=True)
class CorrectionForm:
    """The correction form's fields, each None when left blank (keep)."""

    duration_minutes: int | None = None
    meeting_kind: str | None = None
    windows: list[tuple[datetime, datetime]] | None = None
    location: str | None = None
    participants: list[tuple[str, str]] | None = None
    language: str | None = None
    chosen_option: int | None = None  # the number of a proposed slot, from 1


def minutes(value: str, name: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise FormError(f"{name}: a whole number of minutes, e.g. 45") from None
    if not MIN_MINUTES <= number <= MAX_MINUTES:
        raise FormError(f"{name}: between {MIN_MINUTES} and {MAX_MINUTES} minutes")
    return number


def windows(text: str, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """``2026-12-07 09:00 - 2026-12-07 12:00`` (or ``... 09:00 - 12:00``) per line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _SPAN.fullmatch(line)
        if match is None:
            raise FormError(
                f"time frames, line {number}: write START - END, "
                "e.g. 2026-12-07 09:00 - 2026-12-07 12:00"
            )
        day, start, end_day, end = match.groups()
        a = _local(f"{day} {start}", zone, f"time frames, line {number}")
        b = _local(f"{end_day or day} {end}", zone, f"time frames, line {number}")
        if b <= a:
            raise FormError(f"time frames, line {number}: the end must be after the start")
        found.append((a, b))
    return found


def participants(text: str) -> list[tuple[str, str]]:
    """``Name <address>`` or a bare address per line, as (address, name) pairs."""
    found: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, address = parseaddr(line.strip())
        if not _EMAIL.fullmatch(address):
            raise FormError(f"participants, line {number}: write Name <address>")
        found.append((address, name.strip()))
    return found


def changed(form: dict[str, str], name: str) -> str:
    """A field's value if the supervisor changed it, else "": the page fills the form
    with what was read and keeps a copy in ``was_<name>``, so an untouched field is not
    sent again as a correction (a time frame already past would be refused)."""
    value = "\n".join(line.strip() for line in form.get(name, "").strip().splitlines())
    was = "\n".join(line.strip() for line in form.get(f"was_{name}", "").strip().splitlines())
    return "" if value == was else value


def correction(form: dict[str, str], zone: ZoneInfo, languages: Sequence[str]) -> CorrectionForm:
    """The correction form: a field left blank or as it was keeps what the reading
    found."""
    duration = changed(form, "duration_minutes")
    kind = changed(form, "meeting_kind")
    if kind and kind not in MEETING_KINDS:
        raise FormError(f"kind {kind!r}: one of {', '.join(MEETING_KINDS)}")
    language = changed(form, "language")
    if language and language not in languages:
        raise FormError(f"language {language!r}: one of {', '.join(languages)}")
    chosen = changed(form, "chosen_option")
    option: int | None = None
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise FormError("chosen option: the number of a proposed slot, from 1")
        option = int(chosen)
    location = changed(form, "location")
    if len(location) > 500:
        raise FormError("place: at most 500 characters")
    spans = changed(form, "windows")
    people = changed(form, "participants")
    return CorrectionForm(
        duration_minutes=minutes(duration, "duration") if duration else None,
        meeting_kind=kind or None,
        windows=windows(spans, zone) if spans.strip() else None,
        location=location or None,
        participants=participants(people) if people.strip() else None,
        language=language or None,
        chosen_option=option,
    )


def slots(
    chosen: Sequence[str], starts: Sequence[str], lengths: Sequence[str], zone: ZoneInfo
) -> list[Interval]:
    """The slots to propose: the candidates ticked (``start|end`` in ISO 8601) and the
    rows filled in (a start in the customer's zone and minutes), in time order."""
    found: list[Interval] = []
    for value in chosen:
        a, _, b = value.partition("|")
        try:
            found.append(Interval(datetime.fromisoformat(a), datetime.fromisoformat(b)))
        except ValueError:
            raise FormError("a ticked slot could not be read; reload the page") from None
    for number, (start, length) in enumerate(zip(starts, lengths, strict=False), start=1):
        if not start.strip() and not length.strip():
            continue
        if not start.strip() or not length.strip():
            raise FormError(f"added slot {number}: give both its start and its minutes")
        begin = _local(start.replace("T", " "), zone, f"added slot {number}")
        found.append(Interval(begin, begin + timedelta(minutes=minutes(length, "slot minutes"))))
    if not found:
        raise FormError("tick at least one slot or add one")
    if len(found) > MAX_SLOTS:
        raise FormError(f"at most {MAX_SLOTS} slots at a time")
    unique = {(s.start, s.end): s for s in found}
    return sorted(unique.values(), key=lambda s: s.start)


def text(form: dict[str, str], name: str, label: str, *, limit: int = 5000) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise FormError(f"{label}: write something")
    if len(value) > limit:
        raise FormError(f"{label}: at most {limit} characters")
    return value


def kept(form: dict[str, Any]) -> dict[str, str]:
    """What was typed, to fill the form again after a refusal (never the CSRF token)."""
    return {k: str(v) for k, v in form.items() if k != "csrf_token"}


def _local(value: str, zone: ZoneInfo, label: str) -> datetime:
    try:
        naive = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise FormError(f"{label}: a date and time like 2026-12-07 09:30") from None
    return naive.replace(tzinfo=zone)
