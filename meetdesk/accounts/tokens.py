"""API tokens for scripts: random, shown once, kept only as a SHA-256.

A token is 256 random bits (``mdt_`` and URL-safe base64), so a plain SHA-256 is enough
to make the stored value useless to whoever reads the database: there is nothing to
guess. Each token is named, expires, records when it was last used and can be revoked;
creation, revocation and refusals are audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from meetdesk.errors import ConfigError
from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account, ApiToken, new_id

from .errors import Refused
from .registry import CREDENTIALS, actor_name, get

PREFIX = "mdt_"
UNKNOWN = "API token not accepted"


@dataclass(frozen=True)
class Issued:
    """A new token: ``secret`` is shown once and stored nowhere."""

    id: str
    name: str
    secret: str
    expires_at: datetime


def token_index(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    engine: Engine,
    cipher: Cipher,
    *,
    username: str,
    name: str,
    days: int,
    now: datetime,
    by: str = "admin-cli",
) -> Issued:
    name = name.strip()
    if not 1 <= len(name) <= 64:
        raise ConfigError("--name: 1 to 64 characters")
    if not 1 <= days <= 3650:
        raise ConfigError("--days must be between 1 and 3650")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = now.astimezone(UTC)
    with transaction(engine) as session:
        account = get(session, cipher, username)
        token = ApiToken(
            id=new_id(),
            account_id=account.id,
            name=name,
            token_index=token_index(secret),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        session.add(token)
        _audit(session, cipher, by, "token.created", now)
    return Issued(id=token.id, name=name, secret=secret, expires_at=token.expires_at)


def list_tokens(engine: Engine, cipher: Cipher, *, username: str) -> list[ApiToken]:
    """An account's tokens, newest first (ids, names and times: no secrets exist)."""
    with transaction(engine) as session:
        account = get(session, cipher, username)
        return list(
            session.exec(
                select(ApiToken)
                .where(col(ApiToken.account_id) == account.id)
                .order_by(col(ApiToken.created_at).desc())
            ).all()
        )


def revoke_token(
    engine: Engine, cipher: Cipher, *, token_id: str, now: datetime, by: str = "admin-cli"
) -> bool:
    """Revoke a token by id; False when it was already revoked."""
    with transaction(engine) as session:
        token = session.get(ApiToken, token_id)
        if token is None:
            raise ConfigError(f"token {token_id!r}: no such token")
        if token.revoked_at is not None:
            return False
        token.revoked_at = now.astimezone(UTC)
        session.add(token)
        _audit(session, cipher, by, "token.revoked", now)
    return True


def authenticate_token(engine: Engine, cipher: Cipher, secret: str, *, now: datetime) -> Account:
    """The account a token belongs to, or :class:`Refused` saying why (unknown,
    revoked, expired, account disabled); marks the token used."""
    now = now.astimezone(UTC)
    with transaction(engine) as session:
        refusal, account = _check(session, cipher, secret, now)
    if refusal is not None:
        raise Refused(refusal)
    assert account is not None
    return account


def _check(
    session: Session, cipher: Cipher, secret: str, now: datetime
) -> tuple[str | None, Account | None]:
    token = session.exec(
        select(ApiToken).where(col(ApiToken.token_index) == token_index(secret.strip()))
    ).first()
    if token is None:
        _audit(session, cipher, "unknown-api", "token.refused", now)
        return UNKNOWN, None
    account = session.get(Account, token.account_id)
    assert account is not None
    refusal = None
    if token.revoked_at is not None:
        refusal = "API token revoked"
    elif token.expires_at <= now:
        refusal = "API token expired"
    elif account.disabled:
        refusal = "account disabled"
    if refusal is not None:
        _audit(session, cipher, actor_name(account), "token.refused", now)
        return refusal, None
    token.last_used_at = now
    session.add(token)
    return None, account


def _audit(session: Session, cipher: Cipher, by: str, action: str, now: datetime) -> None:
    audit.record(
        session, cipher, actor=by, action=action, categories=[CREDENTIALS], purpose="security",
        now=now,
    )  # fmt: skip
