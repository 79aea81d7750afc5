"""A customer calendar kept as a local folder of ``.ics`` files (vdir layout).

This is the embedded default and what khal and vdirsyncer use: one calendar object per
file, other files ignored. Writes go to a hidden temporary file then ``os.replace`` so a
reader (or a crash) never sees half an event; the file name comes from the UID so a
rewrite replaces, and an event another program stored under another name is rewritten
in place rather than duplicated. Files are kept parsed in an ``ObjectIndex`` and only
those whose (mtime_ns, size) changed are read again, so a query does not re-read the
folder. File I/O runs in a thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from meetdesk.calendar.availability import Availability
from meetdesk.calendar.base import Interval
from meetdesk.calendar.index import ObjectIndex
from meetdesk.errors import CalendarError, CalendarRejected, CalendarUnavailable


def file_name(uid: str) -> str:
    """A safe, stable file (or href) name for a UID: any UID maps to ``<hex>.ics``."""
    return hashlib.sha256(uid.encode()).hexdigest()[:40] + ".ics"


def _uids(obj: bytes) -> set[str]:
    try:
        cal = Calendar.from_ical(obj)
    except Exception:  # unreadable files are simply not the one we look for
        return set()
    return {str(c.get("UID")) for c in cal.walk() if c.get("UID") is not None}


log = logging.getLogger(__name__)


class LocalFolderCalendar:
    """``CalendarBackend`` over a vdir folder; see the module docstring."""

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.path, self.tz = Path(path), tz
        self.index = ObjectIndex(tz)
        self.files_read = 0  # files (re)read into the index: a warm query reads none
        self._lock = threading.Lock()

    def _error(self, exc: OSError, doing: str) -> CalendarError:
        if isinstance(exc, FileNotFoundError | NotADirectoryError):
            return CalendarRejected(f"calendar folder {self.path} does not exist")
        if isinstance(exc, PermissionError):
            return CalendarRejected(f"calendar folder {self.path} is not {doing}")
        return CalendarUnavailable(f"calendar folder {self.path}: {exc.strerror or exc}")

    def _files(self) -> list[Path]:
        try:
            entries = sorted(self.path.iterdir())
        except OSError as exc:
            raise self._error(exc, "readable") from None
        # Hidden files are temporaries (ours or vdirsyncer's) and never calendar objects.
        return [p for p in entries if p.suffix.lower() == ".ics" and not p.name.startswith(".")]

    def _objects(self) -> list[tuple[Path, bytes]]:
        found = []
        for p in self._files():
            try:
                found.append((p, p.read_bytes()))
            except (FileNotFoundError, IsADirectoryError):
                continue  # removed by a sync tool while we listed, or not a file
            except OSError as exc:
                raise self._error(exc, "readable") from None
        return found

    def _refresh(self) -> None:
        """Re-read only files whose (mtime_ns, size) changed; forget removed ones."""
        seen: set[str] = set()
        unreadable = 0
        for p in self._files():
            try:
                st = p.stat()
                version = (st.st_mtime_ns, st.st_size)
                seen.add(p.name)
                if self.index.version(p.name) == version:
                    continue
                parsed = self.index.put(p.name, version, p.read_bytes())
            except (FileNotFoundError, IsADirectoryError):
                continue  # removed by a sync tool while we listed, or not a file
            except OSError as exc:
                raise self._error(exc, "readable") from None
            self.files_read += 1
            unreadable += parsed.unreadable
        for name in self.index.hrefs():
            if name not in seen:
                self.index.remove(name)
        if unreadable:
            log.warning("skipped %d unreadable calendar object(s)", unreadable)

    async def availability(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> Availability:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("busy window must be timezone-aware")

        def compute() -> Availability:  # file I/O and expansion: keep them off the loop
            with self._lock:
                self._refresh()
                return self.index.availability(start, end, ignore=ignore)

        return await asyncio.to_thread(compute)

    async def busy(
        self, start: datetime, end: datetime, *, ignore: Collection[str] = ()
    ) -> list[Interval]:
        return (await self.availability(start, end, ignore=ignore)).busy

    def _locate(self, uid: str) -> Path | None:
        direct = self.path / file_name(uid)
        if direct.is_file():
            return direct
        for p, data in self._objects():  # events not written by us have other file names
            if uid in _uids(data):
                return p
        return None

    def _refuse_shared(self, target: Path, uid: str, doing: str) -> None:
        """Rewriting or removing a file holding other events would lose those events."""
        if target.exists() and _uids(target.read_bytes()) - {uid}:
            raise CalendarRejected(
                f"calendar folder {self.path}: {target.name} holds other events besides this "
                f"one; MeetDesk only {doing} files holding a single event (vdir layout)"
            )

    def _write(self, uid: str, ics: bytes) -> None:
        target = self._locate(uid) or self.path / file_name(uid)
        self._refuse_shared(target, uid, "rewrites")
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".meetdesk-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(ics)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            raise self._error(exc, "writable") from None
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    async def put_event(self, uid: str, ics: bytes) -> None:
        if uid not in _uids(ics):
            raise CalendarRejected("event data does not carry the UID it is stored under")
        await asyncio.to_thread(self._write, uid, ics)

    def _find(self, uid: str) -> bytes | None:
        path = self._locate(uid)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._error(exc, "readable") from None

    async def get_event(self, uid: str) -> bytes | None:
        return await asyncio.to_thread(self._find, uid)

    def _delete(self, uid: str) -> None:
        target = self._locate(uid)
        if target is None:
            return  # already absent: deleting is idempotent
        try:
            self._refuse_shared(target, uid, "removes")
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise self._error(exc, "writable") from None

    async def delete_event(self, uid: str) -> None:
        await asyncio.to_thread(self._delete, uid)

    def _check(self) -> None:
        if not self.path.is_dir():
            raise CalendarRejected(f"calendar folder {self.path} does not exist")
        if not os.access(self.path, os.R_OK | os.W_OK | os.X_OK):
            raise CalendarRejected(f"calendar folder {self.path} is not readable and writable")

    async def check(self) -> None:
        await asyncio.to_thread(self._check)
