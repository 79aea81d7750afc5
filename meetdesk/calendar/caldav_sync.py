"""Keeping a CalDAV calendar's ``ObjectIndex`` current without re-downloading it.

Answering a request must not fetch the whole calendar again, so the index is refreshed
by what changed since the last look:

* RFC 6578 sync-collection (``get_objects_by_sync_token`` without loading): the hrefs
  and ETags changed since our token, and those removed; only the changed objects are
  then fetched, in calendar-multiget batches. A token the server no longer accepts
  (403/409/412 valid-sync-token, or any failure of the REPORT) means a full reload:
  an initial sync, whose listing also drops what the index holds but the server lost.
* Servers without sync-collection: the CalendarServer ``getctag`` of the collection is
  compared first (unchanged: nothing to do), then a depth-1 PROPFIND of ETags is
  compared with the index and only differing objects are fetched.

``fetched`` counts the objects downloaded, so tests can tell a warm query did none.
Every method here blocks; the backend runs it in its thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from caldav.elements import dav
from caldav.elements.base import ValuedBaseElement
from caldav.lib import error as dav_error

from meetdesk.calendar.index import ObjectIndex

log = logging.getLogger(__name__)

_BATCH = 200  # hrefs per calendar-multiget REPORT
_ETAG = dav.GetEtag.tag
_SYNC_PRECONDITIONS = (dav.ValidSyncToken.tag, dav.SupportedReport.tag)


class GetCtag(ValuedBaseElement):
    """The CalendarServer collection tag: changes whenever any member changes."""

    tag = "{http://calendarserver.org/ns/}getctag"


class SyncUnsupported(Exception):
    """The server does not do sync-collection: use the ctag and ETag listing instead."""


def href_key(url: Any) -> str:
    """One spelling per member: the unquoted path (servers quote '@' differently)."""
    return unquote(urlsplit(str(url)).path)


class CaldavSync:
    """The sync state of one calendar collection and the index it keeps current."""

    def __init__(self, index: ObjectIndex, *, use_sync_collection: bool = True) -> None:
        self.index = index
        self.use_sync_collection = use_sync_collection
        self.token: Any = None
        self.ctag: str | None = None
        self.loaded = False
        self.fetched = 0
        self.full_loads = 0

    def refresh(self, calendar: Any) -> None:
        """Bring the index up to date with the server (one or two round trips if idle)."""
        if self.use_sync_collection:
            try:
                self._sync(calendar)
                return
            except SyncUnsupported:
                log.info("sync-collection unavailable; using ctag and ETag listings")
                self.use_sync_collection = False
        self._by_etags(calendar)

    def _sync(self, calendar: Any) -> None:
        token = self.token
        try:
            result = calendar.get_objects_by_sync_token(
                sync_token=token, load_objects=False, disable_fallback=True
            )
        except dav_error.DAVError as exc:
            if _transient(exc):
                raise
            if token is None:
                if _permission(exc):
                    raise
                raise SyncUnsupported from exc
            log.info("sync token refused (%s); reloading the calendar", type(exc).__name__)
            self.token = None
            self._sync(calendar)
            return
        deleted = {href_key(u) for u in getattr(result, "deleted_urls", set()) or set()}
        listed: dict[str, str | None] = {}
        for obj in result:
            key = href_key(obj.url)
            if key not in deleted:
                listed[key] = (getattr(obj, "props", None) or {}).get(_ETAG)
        for key in deleted:
            self.index.remove(key)
        if token is None:  # a full listing
            self.full_loads += 1
        self._apply(calendar, listed, complete=token is None)
        self.token = result.sync_token
        self.loaded = True

    def _apply(self, calendar: Any, listed: dict[str, str | None], *, complete: bool) -> None:
        """Download what ``listed`` (href -> ETag) shows as new or changed; a ``complete``
        listing also says that whatever it lacks is gone."""
        if complete:
            for key in self.index.hrefs():
                if key not in listed:
                    self.index.remove(key)
        changed = [k for k, etag in listed.items() if etag is None or self.index.version(k) != etag]
        self._fetch(calendar, changed, listed)

    def _by_etags(self, calendar: Any) -> None:
        ctag = _ctag(calendar)
        if self.loaded and ctag is not None and ctag == self.ctag:
            return
        response = calendar.get_properties([dav.GetEtag()], depth=1, parse_response_xml=False)
        listing = response.expand_simple_props([dav.GetEtag()])
        home = href_key(calendar.url)
        listed = {
            href_key(href): (props or {}).get(_ETAG)
            for href, props in listing.items()
            if href_key(href).rstrip("/") != home.rstrip("/") and not str(href).endswith("/")
        }
        if not self.loaded:
            self.full_loads += 1
        self._apply(calendar, listed, complete=True)
        self.ctag, self.loaded = ctag, True

    def _fetch(self, calendar: Any, keys: list[str], etags: dict[str, str | None]) -> None:
        """Download these members in multiget batches and store them in the index."""
        for batch in _batches(keys, _BATCH):
            urls = [calendar.url.join(k) for k in batch]
            got: set[str] = set()
            for obj in calendar.multiget(urls):
                key = href_key(obj.url)
                data = obj.data
                if not data:
                    continue
                props = getattr(obj, "props", None) or {}
                version = props.get(_ETAG) or etags.get(key) or data
                self.index.put(key, version, data)
                self.fetched += 1
                got.add(key)
            for key in batch:
                if key not in got:  # removed between the listing and the fetch
                    self.index.remove(key)


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ctag(calendar: Any) -> str | None:
    try:
        props = calendar.get_properties([GetCtag()])
    except dav_error.DAVError as exc:
        if _transient(exc) or _permission(exc):
            raise
        return None
    value = props.get(GetCtag.tag) if isinstance(props, dict) else None
    return str(value) if value else None


def _transient(exc: dav_error.DAVError) -> bool:
    """Worth a retry later; 501 Not Implemented is a server lacking the REPORT instead."""
    status = getattr(exc, "status", None)
    return isinstance(exc, dav_error.RateLimitError) or (
        isinstance(status, int) and status != 501 and (status >= 500 or status in (408, 429))
    )


def _permission(exc: dav_error.DAVError) -> bool:
    """A refusal that is about credentials, not about the sync token or the report."""
    if not isinstance(exc, dav_error.AuthorizationError):
        return False
    preconditions = getattr(exc, "preconditions", None) or ()
    return not any(p in preconditions for p in _SYNC_PRECONDITIONS)
