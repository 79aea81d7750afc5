"""The local folder's cache: unchanged files are not read again, changes are seen."""

from __future__ import annotations

import os
from pathlib import Path

from meetdesk.calendar.base import Interval
from meetdesk.calendar.local import LocalFolderCalendar
from tests.unit.calendar.helpers import PARIS, utc, vcalendar, vevent

DAY = (utc(2026, 3, 2), utc(2026, 3, 3))


def event(uid: str, hour: int, minutes: int = 30) -> bytes:
    return vcalendar(
        vevent(
            uid,
            f"DTSTART:20260302T{hour:02d}0000Z",
            f"DTEND:20260302T{hour:02d}{minutes:02d}00Z",
        )
    )


def at(hour: int, minutes: int = 30) -> Interval:
    return Interval(utc(2026, 3, 2, hour), utc(2026, 3, 2, hour, minutes))


def write(path: Path, data: bytes, stamp: int) -> None:
    """Write and set a distinct mtime, as an editor saving later would."""
    path.write_bytes(data)
    os.utime(path, ns=(stamp, stamp))


async def test_a_warm_query_reads_no_file(tmp_path: Path) -> None:
    """The second query over an unchanged folder reads nothing."""
    write(tmp_path / "a.ics", event("a", 8), 1_000)
    write(tmp_path / "b.ics", event("b", 10), 1_000)
    cal = LocalFolderCalendar(tmp_path, PARIS)
    assert await cal.busy(*DAY) == [at(8), at(10)]
    assert cal.files_read == 2
    assert (await cal.availability(*DAY)).meetings == [at(8), at(10)]
    assert cal.files_read == 2


async def test_added_changed_and_removed_files_are_seen(tmp_path: Path) -> None:
    """Only the new and the changed file are read; a removed file's event is gone."""
    write(tmp_path / "keep.ics", event("keep", 8), 1_000)
    write(tmp_path / "move.ics", event("move", 10), 1_000)
    write(tmp_path / "gone.ics", event("gone", 12), 1_000)
    cal = LocalFolderCalendar(tmp_path, PARIS)
    assert await cal.busy(*DAY) == [at(8), at(10), at(12)]
    write(tmp_path / "move.ics", event("move", 11), 2_000)  # same size, later mtime
    write(tmp_path / "new.ics", event("new", 15), 2_000)
    (tmp_path / "gone.ics").unlink()
    assert await cal.busy(*DAY) == [at(8), at(11), at(15)]
    assert cal.files_read == 5
    assert len(cal.index) == 3


async def test_a_size_change_with_the_same_mtime_is_seen(tmp_path: Path) -> None:
    """A rewrite within the clock's resolution still differs by size."""
    write(tmp_path / "a.ics", event("a", 8), 1_000)
    cal = LocalFolderCalendar(tmp_path, PARIS)
    assert await cal.busy(*DAY) == [at(8)]
    write(tmp_path / "a.ics", vcalendar(vevent("a", "DTSTART:20260302T090000Z")), 1_000)
    assert await cal.busy(*DAY) == []


async def test_own_writes_and_deletes_are_seen(tmp_path: Path) -> None:
    """put_event and delete_event show in the next answer."""
    cal = LocalFolderCalendar(tmp_path, PARIS)
    assert await cal.busy(*DAY) == []
    await cal.put_event("ours", event("ours", 9))
    assert await cal.busy(*DAY) == [at(9)]
    await cal.delete_event("ours")
    assert await cal.busy(*DAY) == []
