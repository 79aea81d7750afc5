"""Adding, finding, listing and changing accounts.

User names are unique whatever their case: the row keeps a blind index of the casefolded
name (the uniqueness the database enforces) and the name itself sealed under the
installation key, like the optional e-mail address and the argon2id hash. Every change is
audited (purpose ``security``) in the transaction that makes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from meetdesk.errors import ConfigError
from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.processors import Processor
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account, ConsoleSession, new_id

from .passwords import check_strength, hash_password
from .roles import check_binding

TABLE = "account"
CREDENTIALS = "user.credentials"
OPERATIONS = "system.operations"
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


@dataclass(frozen=True)
class AccountView:
    """An account as an administrator sees it: never its hash."""

    id: str
    username: str
    role: str
    processor_id: str | None
    disabled: bool
    locked_until: datetime | None
    failed_logins: int
    last_login_at: datetime | None
    created_at: datetime

    def state(self, now: datetime) -> str:
        if self.disabled:
            return "disabled"
        if self.locked_until is not None and self.locked_until > now:
            return f"locked until {self.locked_until:%Y-%m-%d %H:%M} UTC"
        return "active"


def username_index(cipher: Cipher, username: str) -> str:
    return cipher.blind_index(username.strip().casefold(), kind="account-username")


def check_username(username: str) -> str:
    if not _USERNAME.fullmatch(username):
        raise ConfigError(
            f"user name {username!r}: 1-64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return username


def actor_name(account: Account) -> str:
    """How the audit trail names an account: by id, never by its user name."""
    return f"account-{account.id}"


def find(session: Session, cipher: Cipher, username: str, *, lock: bool = False) -> Account | None:
    query = select(Account).where(col(Account.username_index) == username_index(cipher, username))
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def get(session: Session, cipher: Cipher, username: str, *, lock: bool = False) -> Account:
    account = find(session, cipher, username, lock=lock)
    if account is None:
        raise ConfigError(f"account {username!r}: no such account")
    return account


def username_of(cipher: Cipher, account: Account) -> str:
    return cipher.decrypt_text(
        account.username_enc, table=TABLE, column="username", row_id=account.id
    )


def stored_hash(cipher: Cipher, account: Account) -> str:
    return cipher.decrypt_text(
        account.password_enc, table=TABLE, column="password", row_id=account.id
    )


def seal_hash(cipher: Cipher, account: Account, hashed: str) -> None:
    account.password_enc = cipher.encrypt_text(
        hashed, table=TABLE, column="password", row_id=account.id
    )


def add_account(
    engine: Engine,
    cipher: Cipher,
    processors: Sequence[Processor],
    *,
    username: str,
    role: str,
    processor_id: str | None,
    password: str,
    min_length: int,
    now: datetime,
    email: str | None = None,
    by: str = "admin-cli",
) -> Account:
    """Create an account; a taken name (in any case), a bad role or processor binding or
    a weak password is a :class:`ConfigError` and nothing is written."""
    check_username(username)
    check_binding(processors, role, processor_id)
    check_strength(password, username=username, min_length=min_length)
    if email is not None and ("@" not in email or email.startswith("@") or email.endswith("@")):
        raise ConfigError(f"--email {email!r}: not an e-mail address")
    hashed = hash_password(password)  # outside the transaction: it takes a while
    try:
        with transaction(engine) as session:
            if find(session, cipher, username) is not None:
                raise ConfigError(f"account {username!r}: already exists")
            account = Account(
                id=new_id(),
                username_index=username_index(cipher, username),
                username_enc=b"",
                role=role,
                processor_id=processor_id,
                password_enc=b"",
                created_at=now.astimezone(UTC),
            )
            account.username_enc = cipher.encrypt_text(
                username, table=TABLE, column="username", row_id=account.id
            )
            seal_hash(cipher, account, hashed)
            if email is not None:
                account.email_enc = cipher.encrypt_text(
                    email, table=TABLE, column="email", row_id=account.id
                )
                account.email_index = cipher.address_index(email)
            session.add(account)
            session.flush()
            _audit(session, cipher, by, "account.created", now)
    except IntegrityError:  # the same name added concurrently
        raise ConfigError(f"account {username!r}: already exists") from None
    return account


def list_accounts(engine: Engine, cipher: Cipher, *, by: str, now: datetime) -> list[AccountView]:
    """Every account, by user name; the read is audited (user names are credentials)."""
    with transaction(engine) as session:
        rows = session.exec(select(Account)).all()
        views = [
            AccountView(
                id=a.id,
                username=username_of(cipher, a),
                role=a.role,
                processor_id=a.processor_id,
                disabled=a.disabled,
                locked_until=a.locked_until,
                failed_logins=a.failed_logins,
                last_login_at=a.last_login_at,
                created_at=a.created_at,
            )
            for a in rows
        ]
        audit.record(
            session,
            cipher,
            actor=by,
            action="read.accounts",
            categories=[CREDENTIALS, OPERATIONS] if views else [],
            purpose="security",
            now=now,
        )
    return sorted(views, key=lambda v: v.username.casefold())


def set_password(
    engine: Engine,
    cipher: Cipher,
    *,
    username: str,
    password: str,
    min_length: int,
    now: datetime,
    by: str = "admin-cli",
) -> None:
    """Replace an account's password; its console sessions end (tokens stay)."""
    check_strength(password, username=username, min_length=min_length)
    hashed = hash_password(password)
    with transaction(engine) as session:
        account = get(session, cipher, username, lock=True)
        seal_hash(cipher, account, hashed)
        session.add(account)
        _end_sessions(session, account, now)
        _audit(session, cipher, by, "account.password_changed", now)


def set_disabled(
    engine: Engine,
    cipher: Cipher,
    *,
    username: str,
    disabled: bool,
    now: datetime,
    by: str = "admin-cli",
) -> None:
    """Disable (every sign-in, token and session refused) or enable an account."""
    with transaction(engine) as session:
        account = get(session, cipher, username, lock=True)
        account.disabled = disabled
        session.add(account)
        if disabled:
            _end_sessions(session, account, now)
        _audit(session, cipher, by, "account.disabled" if disabled else "account.enabled", now)


def unlock(
    engine: Engine, cipher: Cipher, *, username: str, now: datetime, by: str = "admin-cli"
) -> bool:
    """Lift a lock-out and forget the failures; False when it was not locked."""
    with transaction(engine) as session:
        account = get(session, cipher, username, lock=True)
        was_locked = account.locked_until is not None and account.locked_until > now
        account.locked_until = None
        account.failed_logins = 0
        session.add(account)
        _audit(session, cipher, by, "account.unlocked", now)
    return was_locked


def _end_sessions(session: Session, account: Account, now: datetime) -> None:
    open_ = session.exec(
        select(ConsoleSession).where(
            col(ConsoleSession.account_id) == account.id, col(ConsoleSession.revoked_at).is_(None)
        )
    ).all()
    for s in open_:
        s.revoked_at = now.astimezone(UTC)
        session.add(s)


def _audit(session: Session, cipher: Cipher, by: str, action: str, now: datetime) -> None:
    audit.record(
        session, cipher, actor=by, action=action, categories=[CREDENTIALS], purpose="security",
        now=now,
    )  # fmt: skip
