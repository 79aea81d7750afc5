"""A customer calendar kept as a local folder of ``.ics`` files (vdir layout).

This is the embedded default and what khal and vdirsyncer use: one calendar object per
file. Writes go to a temporary file then ``os.replace`` so a reader (or a crash) never
sees half an event; the file name comes from the UID so a rewrite replaces.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics
from meetdesk.errors import CalendarRejected, CalendarUnavailable


def file_name(uid: str) -> str:
    return hashlib.sha256(uid.encode()).hexdigest()[:40] + ".ics"


class LocalFolderCalendar:
    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.path, self.tz = Path(path), tz

    def _objects(self) -> list[bytes]:
        try:
            files = sorted(p for p in self.path.iterdir() if p.suffix.lower() == ".ics")
            return [p.read_bytes() for p in files if p.is_file()]
        except FileNotFoundError:
            raise CalendarRejected(f"calendar folder {self.path} does not exist") from None
        except PermissionError:
            raise CalendarRejected(f"calendar folder {self.path} is not readable") from None
        except OSError as exc:
            raise CalendarUnavailable(f"calendar folder {self.path}: {exc.strerror}") from None

    async def busy(self, start: datetime, end: datetime) -> list[Interval]:
        objects = await asyncio.to_thread(self._objects)
        return busy_from_ics(objects, start, end, self.tz)

    def _write(self, uid: str, ics: bytes) -> None:
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-", suffix=".ics")
            with os.fdopen(fd, "wb") as fh:
                fh.write(ics)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path / file_name(uid))
        except PermissionError:
            raise CalendarRejected(f"calendar folder {self.path} is not writable") from None
        except FileNotFoundError:
            raise CalendarRejected(f"calendar folder {self.path} does not exist") from None
        except OSError as exc:
            raise CalendarUnavailable(f"calendar folder {self.path}: {exc.strerror}") from None

    async def put_event(self, uid: str, ics: bytes) -> None:
        await asyncio.to_thread(self._write, uid, ics)

    def _find(self, uid: str) -> bytes | None:
        direct = self.path / file_name(uid)
        if direct.exists():
            return direct.read_bytes()
        for obj in self._objects():  # events not written by us have other file names
            try:
                cal = Calendar.from_ical(obj)
            except ValueError:
                continue
            if any(str(c.get("UID")) == uid for c in cal.walk("VEVENT")):
                return obj
        return None

    async def get_event(self, uid: str) -> bytes | None:
        return await asyncio.to_thread(self._find, uid)

    def _check(self) -> None:
        if not self.path.is_dir():
            raise CalendarRejected(f"calendar folder {self.path} does not exist")
        if not os.access(self.path, os.R_OK | os.W_OK | os.X_OK):
            raise CalendarRejected(f"calendar folder {self.path} is not readable and writable")

    async def check(self) -> None:
        await asyncio.to_thread(self._check)
