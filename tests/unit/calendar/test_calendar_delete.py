"""delete_event and busy(ignore=...) on the local folder and in-memory calendars."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetdesk.calendar.base import CalendarBackend, Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.calendar.local import LocalFolderCalendar, file_name
from meetdesk.calendar.memory import MemoryCalendar
from meetdesk.errors import CalendarRejected
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 3, 2), utc(2026, 3, 3))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def event(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260302T{hour:02d}0000Z", f"DTEND:20260302T{hour + 1:02d}0000Z")
    )


def backends(tmp_path: Path) -> list[CalendarBackend]:
    return [LocalFolderCalendar(tmp_path, PARIS), MemoryCalendar(PARIS)]


@pytest.mark.parametrize("kind", [0, 1], ids=["local", "memory"])
async def test_delete_removes_the_event_and_is_idempotent(tmp_path: Path, kind: int) -> None:
    """A deleted event no longer blocks time; deleting it again, or an unknown UID, is fine."""
    cal = backends(tmp_path)[kind]
    await cal.put_event("m@x", event("m@x", 9))
    await cal.put_event("n@x", event("n@x", 14))
    await cal.delete_event("m@x")
    assert await cal.get_event("m@x") is None
    assert await cal.busy(*DAY) == [Interval(utc(2026, 3, 2, 14), utc(2026, 3, 2, 15))]
    await cal.delete_event("m@x")
    await cal.delete_event("never@x")
    assert await cal.get_event("n@x") is not None


@pytest.mark.parametrize("kind", [0, 1], ids=["local", "memory"])
async def test_busy_ignores_the_given_uids(tmp_path: Path, kind: int) -> None:
    """Occurrences of ignored UIDs do not count; the others still do."""
    cal = backends(tmp_path)[kind]
    await cal.put_event("hold@x", event("hold@x", 9))
    await cal.put_event("other@x", event("other@x", 10))
    assert await cal.busy(*DAY) == [Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11))]
    assert await cal.busy(*DAY, ignore={"hold@x"}) == [
        Interval(utc(2026, 3, 2, 10), utc(2026, 3, 2, 11))
    ]
    assert await cal.busy(*DAY, ignore=["hold@x", "other@x"]) == []


def test_ignore_covers_every_occurrence_and_override_of_a_series() -> None:
    """An ignored recurring UID drops its expanded occurrences and its overridden ones."""
    series = vcalendar(
        vevent("s", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "RRULE:FREQ=DAILY"),
        vevent(
            "s",
            "RECURRENCE-ID:20260303T090000Z",
            "DTSTART:20260303T150000Z",
            "DTEND:20260303T160000Z",
        ),
    )
    keep = event("k", 12)
    window = (utc(2026, 3, 2), utc(2026, 3, 5))
    assert len(busy_from_ics([series, keep], *window, PARIS)) == 4
    assert busy_from_ics([series, keep], *window, PARIS, ignore=("s",)) == [
        Interval(utc(2026, 3, 2, 12), utc(2026, 3, 2, 13))
    ]


async def test_delete_finds_a_file_stored_under_another_name(tmp_path: Path) -> None:
    """An event a sync tool stored as foo.ics is removed from there."""
    (tmp_path / "foo.ics").write_bytes(event("m@x", 9))
    (tmp_path / file_name("k@x")).write_bytes(event("k@x", 11))
    await LocalFolderCalendar(tmp_path, PARIS).delete_event("m@x")
    assert names(tmp_path) == [file_name("k@x")]


async def test_delete_refuses_a_file_holding_other_events(tmp_path: Path) -> None:
    """Removing a multi-event export would delete its neighbours: refused, file kept."""
    export = tmp_path / "export.ics"
    export.write_bytes(
        vcalendar(
            vevent("mine", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"),
            vevent("theirs", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z"),
        )
    )
    with pytest.raises(CalendarRejected, match="other events"):
        await LocalFolderCalendar(tmp_path, PARIS).delete_event("mine")
    assert b"theirs" in export.read_bytes()


async def test_delete_in_a_missing_folder_is_rejected(tmp_path: Path) -> None:
    """A folder that does not exist is a permanent error naming it."""
    with pytest.raises(CalendarRejected, match="does not exist"):
        await LocalFolderCalendar(tmp_path / "nope", PARIS).delete_event("a")
