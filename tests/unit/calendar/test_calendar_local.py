"""LocalFolderCalendar (vdir) and MemoryCalendar against the CalendarBackend contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from meetdesk.calendar.base import CalendarBackend, Interval
from meetdesk.calendar.local import LocalFolderCalendar, file_name
from meetdesk.calendar.memory import MemoryCalendar
from meetdesk.errors import CalendarRejected, CalendarUnavailable
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def event(uid: str, hour: int, summary: str = "x") -> bytes:
    return vcalendar(
        vevent(
            uid,
            f"SUMMARY:{summary}",
            f"DTSTART:20260302T{hour:02d}0000Z",
            f"DTEND:20260302T{hour + 1:02d}0000Z",
        )
    )


async def test_busy_reads_ics_files_and_ignores_others(tmp_path: Path) -> None:
    """Only visible .ics files count; recurring and plain events are both read."""
    (tmp_path / "a.ics").write_bytes(event("a", 9))
    (tmp_path / "b.ICS").write_bytes(
        vcalendar(
            vevent("b", "DTSTART:20260301T140000Z", "DTEND:20260301T150000Z", "RRULE:FREQ=DAILY")
        )
    )
    (tmp_path / ".hidden.ics").write_bytes(event("h", 11))
    (tmp_path / "notes.txt").write_text("not a calendar")
    (tmp_path / "broken.ics").write_text("garbage")
    (tmp_path / "sub.ics").mkdir()
    cal = LocalFolderCalendar(tmp_path, PARIS)
    busy = await cal.busy(utc(2026, 3, 2), utc(2026, 3, 3))
    assert busy == [
        Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 10)),
        Interval(utc(2026, 3, 2, 14), utc(2026, 3, 2, 15)),
    ]


async def test_put_is_idempotent_and_get_finds_by_uid(tmp_path: Path) -> None:
    """Putting the same UID twice leaves one file with the latest content."""
    cal = LocalFolderCalendar(tmp_path, PARIS)
    await cal.put_event("m@x", event("m@x", 9, "first"))
    await cal.put_event("m@x", event("m@x", 10, "second"))
    assert names(tmp_path) == [file_name("m@x")]
    got = await cal.get_event("m@x")
    assert got is not None and b"second" in got
    assert await cal.get_event("other") is None


async def test_put_replaces_an_event_stored_under_another_name(tmp_path: Path) -> None:
    """An event a sync tool stored as foo.ics is rewritten in place, not duplicated."""
    (tmp_path / "foo.ics").write_bytes(event("m@x", 9, "theirs"))
    cal = LocalFolderCalendar(tmp_path, PARIS)
    assert b"theirs" in (await cal.get_event("m@x") or b"")
    await cal.put_event("m@x", event("m@x", 9, "ours"))
    assert names(tmp_path) == ["foo.ics"]
    assert b"ours" in (tmp_path / "foo.ics").read_bytes()


async def test_put_refuses_data_with_another_uid(tmp_path: Path) -> None:
    """The stored object must carry the UID it is filed under."""
    with pytest.raises(CalendarRejected):
        await LocalFolderCalendar(tmp_path, PARIS).put_event("a", event("b", 9))


async def test_check_and_errors_name_the_folder(tmp_path: Path) -> None:
    """A missing folder is a permanent error with the path in the message."""
    missing = LocalFolderCalendar(tmp_path / "nope", PARIS)
    await LocalFolderCalendar(tmp_path, PARIS).check()
    for call in (
        missing.check(),
        missing.busy(utc(2026, 3, 2), utc(2026, 3, 3)),
        missing.put_event("a", event("a", 9)),
    ):
        with pytest.raises(CalendarRejected, match="does not exist"):
            await call


async def test_memory_calendar_follows_the_contract() -> None:
    """The fake stores by UID, computes busy with the real rules, and fails on demand."""
    cal: CalendarBackend = MemoryCalendar(PARIS, [event("seed", 8)])
    await cal.put_event("m", event("m", 9))
    await cal.put_event("m", event("m", 9))
    busy = await cal.busy(utc(2026, 3, 2), utc(2026, 3, 3))
    assert busy == [Interval(utc(2026, 3, 2, 8), utc(2026, 3, 2, 10))]
    stored = await cal.get_event("m")
    assert stored is not None and str(Calendar.from_ical(stored).walk("VEVENT")[0]["UID"]) == "m"
    assert isinstance(cal, MemoryCalendar)
    cal.fail = CalendarUnavailable("down")
    with pytest.raises(CalendarUnavailable):
        await cal.check()


async def test_booking_never_rewrites_a_file_holding_other_events(tmp_path: Path) -> None:
    """A UID found in a multi-event export is refused rather than deleting its neighbours."""
    export = tmp_path / "export.ics"
    export.write_bytes(
        vcalendar(
            vevent("mine", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z"),
            vevent("theirs", "DTSTART:20260303T090000Z", "DTEND:20260303T100000Z"),
        )
    )
    with pytest.raises(CalendarRejected, match="other events"):
        await LocalFolderCalendar(tmp_path, PARIS).put_event("mine", event("mine", 9))
    assert b"theirs" in export.read_bytes()
