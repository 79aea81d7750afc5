"""A fresh calendar collection per test on each CalDAV server (``dav``, from tests/conftest.py)."""

from __future__ import annotations

import pytest

from meetdesk.testing.radicale import DavServer


@pytest.fixture
def calendar_url(dav: DavServer, request: pytest.FixtureRequest) -> str:
    """A fresh, empty calendar collection on the server under test."""
    name = "".join(ch for ch in request.node.name if ch.isalnum())[-40:]
    return dav.make_calendar(f"cal-{name}")
