"""Accounts on both databases: unique names, role and processor binding, sealed
secrets, password sign-in with rehash and lock-out, all audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine

from meetdesk.accounts import registry
from meetdesk.accounts.errors import Refused
from meetdesk.accounts.login import LOCKED, REFUSED, authenticate_password
from meetdesk.accounts.roles import actor_of
from meetdesk.accounts.sessions import create_session, verify_session
from meetdesk.clock import FrozenClock
from meetdesk.errors import ConfigError
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.keyring import RETIRE_GRACE
from meetdesk.privacy.master_keys import FileProvider
from meetdesk.privacy.reencrypt import finish_rotation, reencrypt_pass, rotate_data_keys
from meetdesk.settings import AccountsSettings
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account
from meetdesk.store.opening import open_cipher
from tests.integration.store.account_helpers import (
    CIPHER,
    PASSWORD,
    PROCESSORS,
    T0,
    actions,
    add,
)

CONFIG = AccountsSettings(lockout_failures=3, lockout_minutes=15)


def login(engine: Engine, password: str, clock: FrozenClock, username: str = "sam") -> Account:
    return authenticate_password(
        engine, CIPHER, CONFIG, username=username, password=password, now=clock.now()
    )


def test_names_are_unique_whatever_their_case_and_stored_sealed(engine: Engine) -> None:
    """A second "SAM" is refused; the row holds no readable name, e-mail or hash."""
    account = registry.add_account(
        engine, CIPHER, PROCESSORS, username="Sam", role="supervisor", processor_id="helpdesk",
        password=PASSWORD, min_length=12, now=T0, email="sam@helpdesk.example",
    )  # fmt: skip
    with pytest.raises(ConfigError, match="'SAM': already exists"):
        add(engine, "SAM")
    with transaction(engine) as session:
        row = session.get(Account, account.id)
        assert row is not None
        stored = row.username_enc + (row.email_enc or b"") + row.password_enc
        assert b"Sam" not in stored and b"helpdesk.example" not in stored
        assert b"argon2" not in row.password_enc
        assert row.email_index == CIPHER.address_index("SAM@helpdesk.example")
        assert registry.stored_hash(CIPHER, row).startswith("$argon2id$")
    views = registry.list_accounts(engine, CIPHER, by="admin-cli", now=T0)
    assert [(v.username, v.role, v.processor_id) for v in views] == [
        ("Sam", "supervisor", "helpdesk")
    ]
    assert actions(engine)[-1] == (
        "admin-cli", "read.accounts", ["system.operations", "user.credentials"], "security"
    )


@pytest.mark.parametrize(
    ("role", "processor", "message"),
    [
        ("boss", "helpdesk", "role 'boss': unknown"),
        ("supervisor", None, "needs --processor"),
        ("support", "nosuch", "reader 'nosuch': no such processor"),
        ("admin", "helpdesk", "takes no --processor"),
    ],
)
def test_role_and_processor_binding_is_checked_against_the_config(
    engine: Engine, role: str, processor: str | None, message: str
) -> None:
    """A bad role, a missing or unknown processor or an admin bound to one writes nothing."""
    with pytest.raises(ConfigError, match=message):
        registry.add_account(
            engine, CIPHER, PROCESSORS, username="x1", role=role, processor_id=processor,
            password=PASSWORD, min_length=12, now=T0,
        )  # fmt: skip
    assert registry.list_accounts(engine, CIPHER, by="admin-cli", now=T0) == []


def test_an_account_reads_as_its_processor_or_as_admin(engine: Engine) -> None:
    """The access function's actor comes from the account's role and processor."""
    sam, root = add(engine, "sam"), add(engine, "root", role="admin")
    actor = actor_of(PROCESSORS, sam.role, sam.processor_id, via="console")
    assert actor.processor == PROCESSORS[0] and actor.name == "helpdesk"
    admin = actor_of(PROCESSORS, root.role, root.processor_id, via="api")
    assert admin.is_admin and admin.name == "admin-api"


def test_weak_password_is_refused_and_nothing_is_written(engine: Engine) -> None:
    """The strength rule runs before anything is stored."""
    with pytest.raises(ConfigError, match="too short"):
        registry.add_account(
            engine, CIPHER, PROCESSORS, username="sam", role="supervisor",
            processor_id="helpdesk", password="short", min_length=12, now=T0,
        )  # fmt: skip
    assert actions(engine) == []
    assert registry.list_accounts(engine, CIPHER, by="admin-cli", now=T0) == []


def test_sign_in_succeeds_any_case_and_is_audited(engine: Engine) -> None:
    """The right password signs in (name in any case); the wrong one is refused vaguely."""
    clock = FrozenClock(T0)
    sam = add(engine)
    assert login(engine, PASSWORD, clock, "SAM").id == sam.id
    with pytest.raises(Refused, match=REFUSED):
        login(engine, "Wrong-Horse-77", clock)
    with pytest.raises(Refused, match=REFUSED):
        login(engine, PASSWORD, clock, "nobody")
    trail = [(a, b) for a, b, _, p in actions(engine) if p == "security"]
    assert trail[-3:] == [
        (f"account-{sam.id}", "login.success"),
        (f"account-{sam.id}", "login.failure"),
        ("unknown-console", "login.failure"),
    ]
    logins = [cats for _, act, cats, _ in actions(engine) if act.startswith("login.")]
    assert logins and all(cats == ["user.credentials"] for cats in logins)


def test_lock_out_holds_even_the_right_password_until_it_runs_out(engine: Engine) -> None:
    """Three failures lock for 15 minutes; the right password fails meanwhile, then works."""
    clock = FrozenClock(T0)
    sam = add(engine)
    for _ in range(2):
        with pytest.raises(Refused, match=REFUSED):
            login(engine, "Wrong-Horse-77", clock)
    with pytest.raises(Refused, match="locked"):
        login(engine, "Wrong-Horse-77", clock)
    with transaction(engine) as session:
        row = session.get(Account, sam.id)
        assert row is not None
        assert row.failed_logins == 3 and row.last_failure_at == T0
        assert row.locked_until == T0 + timedelta(minutes=15)
    clock.advance(timedelta(minutes=14))
    with pytest.raises(Refused, match=LOCKED):
        login(engine, PASSWORD, clock)
    clock.advance(timedelta(minutes=1))
    assert login(engine, PASSWORD, clock).failed_logins == 0
    acts = [b for _, b, _, _ in actions(engine)]
    assert "account.locked" in acts and "login.refused_locked" in acts


def test_an_admin_unlocks_at_once(engine: Engine) -> None:
    """unlock lifts the lock-out and forgets the failures; unlocking again says so."""
    clock = FrozenClock(T0)
    add(engine)
    for _ in range(3):
        with pytest.raises(Refused):
            login(engine, "Wrong-Horse-77", clock)
    assert registry.unlock(engine, CIPHER, username="sam", now=clock.now())
    assert login(engine, PASSWORD, clock).locked_until is None
    assert not registry.unlock(engine, CIPHER, username="sam", now=clock.now())
    assert "account.unlocked" in [b for _, b, _, _ in actions(engine)]


def test_a_disabled_account_cannot_sign_in_until_enabled(engine: Engine) -> None:
    """disable refuses the right password; enable lets it in again."""
    clock = FrozenClock(T0)
    add(engine)
    registry.set_disabled(engine, CIPHER, username="sam", disabled=True, now=T0)
    with pytest.raises(Refused, match="disabled"):
        login(engine, PASSWORD, clock)
    registry.set_disabled(engine, CIPHER, username="sam", disabled=False, now=T0)
    login(engine, PASSWORD, clock)


@pytest.mark.real_password_hasher
def test_sign_in_rehashes_a_hash_made_with_older_parameters(engine: Engine) -> None:
    """A hash from weaker parameters is replaced by one with the current ones."""
    clock = FrozenClock(T0)
    sam = add(engine)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    with transaction(engine) as session:
        row = session.get(Account, sam.id)
        assert row is not None
        registry.seal_hash(CIPHER, row, weak.hash(PASSWORD))
        session.add(row)
    login(engine, PASSWORD, clock)
    with transaction(engine) as session:
        row = session.get(Account, sam.id)
        assert row is not None
        assert registry.stored_hash(CIPHER, row).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_passwd_replaces_the_password(engine: Engine) -> None:
    """After passwd the old password fails and the new one works."""
    clock = FrozenClock(T0)
    add(engine)
    registry.set_password(
        engine, CIPHER, username="sam", password="Battery-Staple-9", min_length=12, now=T0
    )
    with pytest.raises(Refused):
        login(engine, PASSWORD, clock)
    login(engine, "Battery-Staple-9", clock)
    with pytest.raises(ConfigError, match="no such account"):
        registry.set_password(
            engine, CIPHER, username="nobody", password="Battery-Staple-9", min_length=12, now=T0
        )


def test_data_key_rotation_reseals_accounts_and_sign_in_still_works(
    engine: Engine, tmp_path: Path
) -> None:
    """Account values follow the sealing convention, so a re-encryption pass moves them
    to the new installation key and the old key can go."""
    clock = FrozenClock(T0)
    cipher = open_cipher(engine, FileProvider(tmp_path / "master.key"), clock=clock)
    registry.add_account(
        engine, cipher, PROCESSORS, username="sam", role="support", processor_id="helpdesk",
        password=PASSWORD, min_length=12, now=T0, email="sam@helpdesk.example",
    )  # fmt: skip
    opened = create_session(
        engine, cipher, login_with(engine, cipher, PASSWORD, clock), now=clock.now()
    )
    with transaction(engine) as session:
        retired = rotate_data_keys(session, cipher, now=clock.now(), everyone=True)
    assert reencrypt_pass(engine, cipher).resealed >= 4
    clock.advance(RETIRE_GRACE)
    with transaction(engine) as session:
        assert sorted(finish_rotation(session, cipher, now=clock.now(), resealed=0)) == sorted(
            retired
        )
    fresh = open_cipher(engine, FileProvider(tmp_path / "master.key"), clock=clock)
    assert login_with(engine, fresh, PASSWORD, clock).role == "support"
    live = verify_session(engine, fresh, CONFIG, opened.secret, now=clock.now())
    assert live.csrf_token == opened.csrf_token
    assert [v.username for v in registry.list_accounts(engine, fresh, by="t", now=T0)] == ["sam"]


def login_with(engine: Engine, cipher: Cipher, password: str, clock: FrozenClock) -> Account:
    return authenticate_password(
        engine, cipher, CONFIG, username="sam", password=password, now=clock.now()
    )
