"""Shared fixtures: real servers from meetdesk.testing, one per session where possible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type

from meetdesk.accounts import passwords
from meetdesk.testing import services_required
from meetdesk.testing.postgres import PostgresServer, PostgresUnavailable, postgres_server
from meetdesk.testing.radicale import DavServer, ServerUnavailable, radicale_server
from meetdesk.testing.smtp_sink import SmtpSink
from meetdesk.testing.xandikos import xandikos_server

# Signing accounts in with the production argon2id cost (64 MiB, 3 passes) takes a
# fifth of a second per hash on a test machine, and the API and console tests make and
# sign in several accounts each: the suite runs them with a cheap hasher of the same
# type. Tests of the stored parameters themselves ask for the real one with the mark.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)


@pytest.fixture(autouse=True)
def cheap_password_hashing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("real_password_hasher") is None:
        monkeypatch.setattr(passwords, "HASHER", CHEAP_HASHER)


def unavailable(reason: str) -> None:
    """Skip for a missing server, or fail when MEETDESK_REQUIRE_SERVICES is set."""
    if services_required():
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | None]:
    """One PostgreSQL cluster for the session; None if it cannot start."""
    try:
        with postgres_server() as server:
            yield server
    except PostgresUnavailable as exc:
        _pg_error.append(str(exc))
        yield None


_pg_error: list[str] = []


@pytest.fixture
def pg_url(pg_server: PostgresServer | None) -> str:
    """A fresh, empty PostgreSQL database."""
    if pg_server is None:
        unavailable(f"PostgreSQL: {_pg_error[0] if _pg_error else 'not started'}")
        raise AssertionError("unreachable")
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the store supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'meetdesk.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    """A capturing SMTP server standing in for the outbound relay."""
    with SmtpSink() as server:
        yield server


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DavServer | None]:
    """One Radicale server (basic auth) for the session."""
    try:
        with radicale_server(tmp_path_factory.mktemp("radicale")) as server:
            yield server
    except ServerUnavailable as exc:
        unavailable(f"Radicale: {exc}")


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
