"""Server-side sessions for the web console, and the CSRF token tied to each.

The browser holds a random 256-bit session id; the database keeps only its SHA-256, so
a copy of the table lets nobody in. A session ends when it is revoked (sign-out, a
password change, the account disabled), after ``session_idle_minutes`` without use or
``session_absolute_hours`` after sign-in, whichever comes first (``[accounts]``). Each
session has its own random CSRF token, sealed in the row; a form's token is compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import AccountsSettings
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account, ConsoleSession, new_id

from .errors import Refused
from .registry import CREDENTIALS, actor_name

TABLE = "console_session"
ENDED = "session ended; sign in again"


@dataclass(frozen=True)
class Opened:
    """A new session: the cookie value and the CSRF token, shown to the browser only."""

    id: str
    secret: str
    csrf_token: str


@dataclass(frozen=True)
class Live:
    """A verified session: whose it is and the CSRF token its forms must carry."""

    id: str
    account: Account
    csrf_token: str


def session_index(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_session(engine: Engine, cipher: Cipher, account: Account, *, now: datetime) -> Opened:
    """Open a session for an account that has just signed in."""
    now = now.astimezone(UTC)
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = ConsoleSession(
        id=new_id(),
        account_id=account.id,
        session_index=session_index(secret),
        csrf_enc=b"",
        created_at=now,
        last_seen_at=now,
    )
    row.csrf_enc = cipher.encrypt_text(csrf, table=TABLE, column="csrf", row_id=row.id)
    with transaction(engine) as session:
        session.add(row)
        _audit(session, cipher, actor_name(account), "session.created", now)
    return Opened(id=row.id, secret=secret, csrf_token=csrf)


def verify_session(
    engine: Engine, cipher: Cipher, config: AccountsSettings, secret: str, *, now: datetime
) -> Live:
    """The live session whose cookie is ``secret``, its last use moved to ``now``; else
    :class:`Refused` (unknown, revoked, idle too long, too old, account disabled)."""
    now = now.astimezone(UTC)
    with transaction(engine) as session:
        row = session.exec(
            select(ConsoleSession).where(col(ConsoleSession.session_index) == session_index(secret))
        ).first()
        account = None if row is None else session.get(Account, row.account_id)
        if row is None or account is None or row.revoked_at is not None or account.disabled:
            raise Refused(ENDED)
        idle = now - row.last_seen_at > timedelta(minutes=config.session_idle_minutes)
        old = now - row.created_at > timedelta(hours=config.session_absolute_hours)
        if idle or old:
            row.revoked_at = now
            session.add(row)
            _audit(session, cipher, actor_name(account), "session.expired", now)
            expired = True
        else:
            row.last_seen_at = now
            session.add(row)
            expired = False
        csrf = cipher.decrypt_text(row.csrf_enc, table=TABLE, column="csrf", row_id=row.id)
    if expired:  # raised after the commit, so the expiry is kept
        raise Refused(ENDED)
    return Live(id=row.id, account=account, csrf_token=csrf)


def check_csrf(live: Live, token: str | None) -> None:
    """Refuse a state-changing request whose CSRF token is not the session's."""
    if token is None or not hmac.compare_digest(live.csrf_token.encode(), token.encode()):
        raise Refused("CSRF token missing or not this session's")


def revoke_session(engine: Engine, cipher: Cipher, secret: str, *, now: datetime) -> bool:
    """Sign out: end the session whose cookie is ``secret``; False if none was live."""
    now = now.astimezone(UTC)
    with transaction(engine) as session:
        row = session.exec(
            select(ConsoleSession).where(col(ConsoleSession.session_index) == session_index(secret))
        ).first()
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = now
        session.add(row)
        _audit(session, cipher, f"account-{row.account_id}", "session.revoked", now)
    return True


def _audit(session: Session, cipher: Cipher, actor: str, action: str, now: datetime) -> None:
    audit.record(
        session, cipher, actor=actor, action=action, categories=[CREDENTIALS],
        purpose="security", now=now,
    )  # fmt: skip
