"""CalDAV servers for the calendar contract: Radicale and Xandikos, one each per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from meetdesk.testing.radicale import DavServer, ServerUnavailable
from meetdesk.testing.xandikos import xandikos_server
from tests.conftest import unavailable


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer]:
    """One Xandikos server (no authentication) for the session."""
    try:
        with xandikos_server(tmp_path_factory.mktemp("xandikos")) as server:
            yield server
    except ServerUnavailable as exc:
        unavailable(f"Xandikos: {exc}")


@pytest.fixture(scope="session", params=["radicale", "xandikos"])
def dav(request: pytest.FixtureRequest) -> DavServer:
    """Each CalDAV server in turn (Radicale's is the shared session one)."""
    server = request.getfixturevalue(request.param)
    if server is None:
        unavailable(f"{request.param} not started")
    return server  # type: ignore[no-any-return]


@pytest.fixture
def calendar_url(dav: DavServer, request: pytest.FixtureRequest) -> str:
    """A fresh, empty calendar collection on the server under test."""
    name = "".join(ch for ch in request.node.name if ch.isalnum())[-40:]
    return dav.make_calendar(f"cal-{name}")
