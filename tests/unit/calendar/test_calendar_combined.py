"""CombinedCalendar: availability is the union, bookings go to the primary calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.calendar.combined import CombinedCalendar
from meetdesk.calendar.factory import open_calendar
from meetdesk.calendar.local import LocalFolderCalendar
from meetdesk.calendar.memory import MemoryCalendar
from meetdesk.errors import CalendarRejected, CalendarUnavailable
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 3, 2), utc(2026, 3, 3))


def event(uid: str, hour: int) -> bytes:
    return vcalendar(
        vevent(uid, f"DTSTART:20260302T{hour:02d}0000Z", f"DTEND:20260302T{hour + 1:02d}0000Z")
    )


def city(uid: str, name: str) -> bytes:
    return vcalendar(
        vevent(
            uid,
            f"SUMMARY:{name}",
            "DTSTART;VALUE=DATE:20260302",
            "DTEND;VALUE=DATE:20260303",
            "TRANSP:TRANSPARENT",
        )
    )


def at(hour: int) -> Interval:
    return Interval(utc(2026, 3, 2, hour), utc(2026, 3, 2, hour + 1))


async def test_availability_is_the_union_of_the_calendars() -> None:
    """Busy merged across calendars; a meeting in both is one; the primary's place wins."""
    work = MemoryCalendar(PARIS, [event("a", 9), event("shared", 14), city("w", "London")])
    home = MemoryCalendar(PARIS, [event("b", 10), event("shared", 14), city("h", "Paris")])
    result = await CombinedCalendar([work, home]).availability(*DAY)
    assert result.busy == [Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11)), at(14)]
    assert result.meetings == [at(9), at(10), at(14)]
    assert result.places == {date(2026, 3, 2): "London"}
    assert await CombinedCalendar([work, home]).busy(*DAY, ignore={"a"}) == [at(10), at(14)]


async def test_bookings_are_written_read_and_deleted_in_the_primary_only() -> None:
    """put, get and delete reach the first calendar; the others are only read."""
    primary, other = MemoryCalendar(PARIS), MemoryCalendar(PARIS)
    combined = CombinedCalendar([primary, other])
    await combined.put_event("m", event("m", 9))
    assert primary.puts == 1 and other.puts == 0
    assert await combined.get_event("m") is not None
    await combined.delete_event("m")
    assert primary.deletes == 1 and other.deletes == 0
    assert await combined.get_event("m") is None


async def test_a_failing_member_fails_the_read_and_the_check() -> None:
    """Partial busy time would offer taken slots: the error is raised instead."""
    primary, other = MemoryCalendar(PARIS), MemoryCalendar(PARIS)
    other.fail = CalendarUnavailable("down")
    combined = CombinedCalendar([primary, other])
    with pytest.raises(CalendarUnavailable):
        await combined.busy(*DAY)
    with pytest.raises(CalendarUnavailable):
        await combined.check()
    with pytest.raises(ValueError):
        CombinedCalendar([])


async def test_factory_opens_a_list_of_configs_as_one_calendar(tmp_path: Path) -> None:
    """A list of configs gives a CombinedCalendar (each entry may name its kind)."""
    first, second = tmp_path / "work", tmp_path / "home"
    first.mkdir()
    second.mkdir()
    (second / "b.ics").write_bytes(event("b", 10))
    cal = open_calendar(
        "local", [{"path": str(first)}, {"kind": "local", "path": str(second)}], PARIS, timeout=5
    )
    assert isinstance(cal, CombinedCalendar)
    await cal.put_event("m", event("m", 9))
    assert await cal.busy(*DAY) == [Interval(utc(2026, 3, 2, 9), utc(2026, 3, 2, 11))]
    assert await LocalFolderCalendar(first, PARIS).get_event("m") is not None
    assert await LocalFolderCalendar(second, PARIS).get_event("m") is None
    single = open_calendar("local", [{"path": str(first)}], PARIS, timeout=5)
    assert isinstance(single, LocalFolderCalendar)
    with pytest.raises(CalendarRejected):
        open_calendar("local", [], PARIS, timeout=5)
