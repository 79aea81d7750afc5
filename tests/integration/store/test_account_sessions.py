"""Console sessions on both databases: hashed ids, idle and absolute timeouts,
revocation, and the CSRF token tied to each session."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from meetdesk.accounts import registry
from meetdesk.accounts.errors import Refused
from meetdesk.accounts.sessions import (
    check_csrf,
    create_session,
    revoke_session,
    verify_session,
)
from meetdesk.clock import FrozenClock
from meetdesk.settings import AccountsSettings
from meetdesk.store.engine import transaction
from meetdesk.store.models import ConsoleSession
from tests.integration.store.account_helpers import CIPHER, T0, actions, add

CONFIG = AccountsSettings(session_idle_minutes=30, session_absolute_hours=2)


def test_a_session_is_stored_hashed_and_verifies(engine: Engine) -> None:
    """The cookie value is kept only as its SHA-256; the CSRF token is sealed."""
    sam = add(engine)
    opened = create_session(engine, CIPHER, sam, now=T0)
    with transaction(engine) as session:
        row = session.exec(select(ConsoleSession)).one()
        assert row.session_index == hashlib.sha256(opened.secret.encode()).hexdigest()
        assert opened.csrf_token.encode() not in row.csrf_enc
    live = verify_session(engine, CIPHER, CONFIG, opened.secret, now=T0 + timedelta(minutes=5))
    assert live.account.id == sam.id and live.csrf_token == opened.csrf_token
    assert ("account-" + sam.id, "session.created") in [(a, b) for a, b, _, _ in actions(engine)]


def test_idle_timeout_ends_a_session_use_keeps_it(engine: Engine) -> None:
    """Use within 30 minutes keeps it alive; 31 idle minutes end it for good."""
    clock = FrozenClock(T0)
    opened = create_session(engine, CIPHER, add(engine), now=clock.now())
    for _ in range(3):
        clock.advance(timedelta(minutes=25))
        verify_session(engine, CIPHER, CONFIG, opened.secret, now=clock.now())
    clock.advance(timedelta(minutes=31))
    with pytest.raises(Refused, match="session ended"):
        verify_session(engine, CIPHER, CONFIG, opened.secret, now=clock.now())
    clock.set(clock.now() - timedelta(minutes=30))  # the expiry was recorded, not recomputed
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, opened.secret, now=clock.now())
    assert "session.expired" in [b for _, b, _, _ in actions(engine)]


def test_absolute_timeout_ends_even_a_busy_session(engine: Engine) -> None:
    """Two hours after sign-in the session ends however often it was used."""
    clock = FrozenClock(T0)
    opened = create_session(engine, CIPHER, add(engine), now=clock.now())
    for _ in range(6):
        clock.advance(timedelta(minutes=20))
        verify_session(engine, CIPHER, CONFIG, opened.secret, now=clock.now())
    clock.advance(timedelta(minutes=1))
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, opened.secret, now=clock.now())


def test_sign_out_disable_and_passwd_end_sessions(engine: Engine) -> None:
    """revoke_session, disabling the account and a new password each end a session."""
    sam = add(engine)
    first = create_session(engine, CIPHER, sam, now=T0)
    assert revoke_session(engine, CIPHER, first.secret, now=T0)
    assert not revoke_session(engine, CIPHER, first.secret, now=T0)
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, first.secret, now=T0)
    second = create_session(engine, CIPHER, sam, now=T0)
    registry.set_disabled(engine, CIPHER, username="sam", disabled=True, now=T0)
    registry.set_disabled(engine, CIPHER, username="sam", disabled=False, now=T0)
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, second.secret, now=T0)
    third = create_session(engine, CIPHER, sam, now=T0)
    registry.set_password(
        engine, CIPHER, username="sam", password="Battery-Staple-9", min_length=12, now=T0
    )
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, third.secret, now=T0)
    with pytest.raises(Refused):
        verify_session(engine, CIPHER, CONFIG, "made-up", now=T0)


def test_csrf_token_is_the_sessions_own(engine: Engine) -> None:
    """The session's token passes; another session's, a wrong or a missing one fail."""
    sam = add(engine)
    one = create_session(engine, CIPHER, sam, now=T0)
    two = create_session(engine, CIPHER, sam, now=T0)
    assert one.csrf_token != two.csrf_token
    live = verify_session(engine, CIPHER, CONFIG, one.secret, now=T0)
    check_csrf(live, one.csrf_token)
    for bad in (two.csrf_token, one.csrf_token[:-1], "", None):
        with pytest.raises(Refused, match="CSRF"):
            check_csrf(live, bad)
