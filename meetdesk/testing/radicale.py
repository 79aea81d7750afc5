"""A throw-away Radicale CalDAV server for tests and for trying a configuration.

Tests talk to a real server rather than a mock so that what passes here passes against a
customer's server. ``radicale_server`` starts ``python -m radicale`` on a free loopback
port with storage in a temporary folder and one generated user (plain htpasswd), waits
until it answers, and stops it on exit. ``DavServer`` holds the plain-HTTP helpers
(create a calendar, seed it, list its events) shared with the Xandikos helper.
"""

from __future__ import annotations

import base64
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from meetdesk.testing import free_port

START_TIMEOUT = 30.0

_NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav"}
_MKCALENDAR = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
    "<d:displayname>{name}</d:displayname>"
    '<c:supported-calendar-component-set><c:comp name="VEVENT"/>'
    "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"
)
_QUERY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
    "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
    '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/>'
    "</c:comp-filter></c:filter></c:calendar-query>"
)


class ServerUnavailable(RuntimeError):
    """The test server could not be started; the message says why (with its log's tail)."""


DavServerUnavailable = ServerUnavailable


@dataclass
class DavServer:
    """A running CalDAV test server: where it is, who may log in, and seeding helpers."""

    base: str
    username: str | None
    password: str | None
    calendar_home: str = "/"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>`` (no trailing slash)."""
        return self.base

    def calendar_url(self, name: str) -> str:
        """The URL of the calendar collection called ``name`` (whether or not it exists)."""
        return f"{self.base}{self.calendar_home}{name}/"

    def request(
        self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """One HTTP request with this server's credentials; returns status and body."""
        all_headers = dict(headers or {})
        if self.username is not None:
            token = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
            all_headers["Authorization"] = f"Basic {token}"
        req = urllib.request.Request(url, data=body or None, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return int(resp.status), bytes(resp.read())
        except urllib.error.HTTPError as exc:
            return int(exc.code), bytes(exc.read())

    def make_calendar(self, name: str | None = None) -> str:
        """Create an empty calendar collection (a random name if none) and return its URL."""
        url = self.calendar_url(name or secrets.token_hex(6))
        body = _MKCALENDAR.format(name=name or "test").encode()
        status, text = self.request(
            "MKCALENDAR", url, body, {"Content-Type": "application/xml; charset=utf-8"}
        )
        if status not in (200, 201):
            raise ServerUnavailable(f"MKCALENDAR {url} answered {status}: {text[:200]!r}")
        return url

    def seed(self, calendar_url: str, vcalendar: bytes | str) -> int:
        """Store every event of a whole VCALENDAR, one object per UID; returns the count."""
        data = vcalendar.encode() if isinstance(vcalendar, str) else vcalendar
        objects = split_by_uid(data)
        for uid, obj in objects.items():
            self.put(f"{calendar_url}{sha256(uid.encode()).hexdigest()[:32]}.ics", obj)
        return len(objects)

    def put(self, url: str, ics: bytes) -> None:
        """PUT one iCalendar object (or, on Radicale, a whole collection)."""
        status, text = self.request(
            "PUT", url, ics, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        if status not in (200, 201, 204):
            raise ServerUnavailable(f"PUT {url} answered {status}: {text[:200]!r}")

    def events(self, calendar_url: str) -> list[Event]:
        """Every VEVENT stored in the calendar (overrides included), parsed by icalendar."""
        status, text = self.request(
            "REPORT",
            calendar_url,
            _QUERY.encode(),
            {"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        if status != 207:
            raise ServerUnavailable(f"REPORT {calendar_url} answered {status}: {text[:200]!r}")
        found: list[Any] = []
        for data in ET.fromstring(text).iterfind(".//c:calendar-data", _NS):
            if data.text:
                found.extend(Calendar.from_ical(data.text).walk("VEVENT"))
        return found

    def stop(self) -> None:
        """Terminate the server process (idempotent)."""
        _stop(self.process)


def split_by_uid(vcalendar: bytes) -> dict[str, bytes]:
    """One VCALENDAR per UID (with every VTIMEZONE), as CalDAV stores calendar objects."""
    cal = Calendar.from_ical(vcalendar)
    timezones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    groups: dict[str, list[Any]] = {}
    for comp in cal.subcomponents:
        if comp.name != "VTIMEZONE":
            groups.setdefault(str(comp.get("UID")), []).append(comp)
    result: dict[str, bytes] = {}
    for uid, comps in groups.items():
        out = Calendar()
        out.add("PRODID", str(cal.get("PRODID", "-//MeetDesk//tests//EN")))
        out.add("VERSION", "2.0")
        for comp in [*timezones, *comps]:
            out.add_component(comp)
        result[uid] = out.to_ical()
    return result


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = START_TIMEOUT
) -> None:
    """Poll until the server answers any HTTP status; raise with its log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerUnavailable(f"server exited with {process.returncode}: {_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    _stop(process)
    raise ServerUnavailable(f"server did not answer within {timeout:.0f} s: {_tail(log)}")


def start_process(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server with its output captured in ``log`` (read back if it fails)."""
    try:
        with log.open("wb") as out:
            return subprocess.Popen(
                args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
    except OSError as exc:
        raise ServerUnavailable(f"cannot run {args[:3]}: {exc}") from exc


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " | ".join(lines[-5:]) or "(empty log)"


@dataclass
class RadicaleServer(DavServer):
    """A running Radicale; ``seed`` uploads a whole VCALENDAR with one PUT."""

    def seed(self, calendar_url: str, vcalendar: bytes | str) -> int:
        """Replace the calendar's contents with the events of one VCALENDAR, in one PUT.

        Radicale splits a VCALENDAR PUT on a collection into one item per UID, which is
        ~20x faster than one PUT per event for large calendars (1000 events ~1 s).
        Returns the number of calendar objects (UIDs) stored.
        """
        data = vcalendar.encode() if isinstance(vcalendar, str) else vcalendar
        self.put(calendar_url, data)
        return len(
            {
                str(c.get("UID"))
                for c in Calendar.from_ical(data).subcomponents
                if c.name != "VTIMEZONE"
            }
        )

    def seed_each(self, calendar_url: str, vcalendar: bytes | str) -> int:
        """Add the events one PUT per UID, keeping what the calendar already holds."""
        return DavServer.seed(self, calendar_url, vcalendar)


@contextmanager
def radicale_server(root: Path | None = None) -> Iterator[RadicaleServer]:
    """Run a Radicale with one generated user on 127.0.0.1 until the block exits."""
    root = Path(root or tempfile.mkdtemp(prefix="meetdesk-radicale-")) / "radicale"
    (root / "collections").mkdir(parents=True, exist_ok=True)
    username, password = "alice", secrets.token_urlsafe(16)
    users = root / "users"
    users.write_text(f"{username}:{password}\n")
    port = free_port()
    config = root / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\n"
        # Wrong-password tests should not wait for the brute-force delay.
        "delay = 0\n"
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {root / 'collections'}\n"
        "[logging]\n"
        "level = warning\n"
        "mask_passwords = True\n"
    )
    log = root / "radicale.log"
    process = start_process([sys.executable, "-m", "radicale", "--config", str(config)], log)
    base = f"http://127.0.0.1:{port}"
    server = RadicaleServer(
        base=base,
        username=username,
        password=password,
        calendar_home=f"/{username}/",
        process=process,
    )
    try:
        wait_until_up(base + "/", process, log)
        yield server
    finally:
        server.stop()
