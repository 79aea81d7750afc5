"""Signing in with a password, with lock-out after repeated failures.

``lockout_failures`` failures in a row lock the account for ``lockout_minutes``
(``[accounts]``); while it is locked even the right password is refused, without being
checked, so guessing gains nothing. The failure count and its times are written (and
audited) in their own committed transaction before the refusal is raised. A success
resets the count and, when the stored hash was made with older argon2 parameters,
rehashes the password with the current ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session

from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import AccountsSettings
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account

from .errors import Refused
from .passwords import burn_time, hash_password, needs_rehash, verify_password
from .registry import CREDENTIALS, actor_name, find, seal_hash, stored_hash

REFUSED = "user name or password not accepted"
LOCKED = "account locked after repeated failed sign-ins; try later or ask an administrator"
DISABLED = "account disabled"


@dataclass(frozen=True)
class Outcome:
    account: Account | None
    refusal: str | None = None


def authenticate_password(
    engine: Engine,
    cipher: Cipher,
    config: AccountsSettings,
    *,
    username: str,
    password: str,
    now: datetime,
    via: str = "console",
    hasher: PasswordHasher | None = None,
) -> Account:
    """The account ``username`` when ``password`` is right and it may sign in, else
    :class:`Refused` with a reason that never tells whether the name exists."""
    with transaction(engine) as session:
        outcome = _attempt(session, cipher, config, username, password, now, via, hasher)
    if outcome.refusal is not None:
        raise Refused(outcome.refusal)
    assert outcome.account is not None
    return outcome.account


def _attempt(
    session: Session,
    cipher: Cipher,
    config: AccountsSettings,
    username: str,
    password: str,
    now: datetime,
    via: str,
    hasher: PasswordHasher | None,
) -> Outcome:
    now = now.astimezone(UTC)
    account = find(session, cipher, username, lock=True)
    if account is None:
        burn_time(password)
        _audit(session, cipher, f"unknown-{via}", "login.failure", now)
        return Outcome(None, REFUSED)
    if account.locked_until is not None and account.locked_until > now:
        _audit(session, cipher, actor_name(account), "login.refused_locked", now)
        return Outcome(None, LOCKED)
    if account.locked_until is not None:  # a lock-out that has run out starts afresh
        account.locked_until = None
        account.failed_logins = 0
    stored = stored_hash(cipher, account)
    if not verify_password(stored, password, hasher):
        account.failed_logins += 1
        account.last_failure_at = now
        _audit(session, cipher, actor_name(account), "login.failure", now)
        refusal = REFUSED
        if account.failed_logins >= config.lockout_failures:
            account.locked_until = now + timedelta(minutes=config.lockout_minutes)
            _audit(session, cipher, actor_name(account), "account.locked", now)
            refusal = LOCKED
        session.add(account)
        return Outcome(None, refusal)
    if account.disabled:
        _audit(session, cipher, actor_name(account), "login.refused_disabled", now)
        return Outcome(None, DISABLED)
    if needs_rehash(stored, hasher):
        seal_hash(cipher, account, hash_password(password, hasher))
    account.failed_logins = 0
    account.last_login_at = now
    session.add(account)
    _audit(session, cipher, actor_name(account), "login.success", now)
    return Outcome(account)


def _audit(session: Session, cipher: Cipher, actor: str, action: str, now: datetime) -> None:
    audit.record(
        session, cipher, actor=actor, action=action, categories=[CREDENTIALS],
        purpose="security", now=now,
    )  # fmt: skip
