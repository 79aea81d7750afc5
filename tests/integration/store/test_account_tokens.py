"""API tokens on both databases: only the hash stored, expiry, revocation, last use."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from meetdesk.accounts import registry, tokens
from meetdesk.accounts.errors import Refused
from meetdesk.errors import ConfigError
from meetdesk.store.engine import transaction
from meetdesk.store.models import ApiToken
from tests.integration.store.account_helpers import CIPHER, T0, actions, add


def test_only_the_tokens_hash_is_stored(engine: Engine) -> None:
    """The secret is 256 random bits, returned once; the row keeps its SHA-256 only."""
    add(engine)
    issued = tokens.create_token(engine, CIPHER, username="sam", name="nightly", days=30, now=T0)
    assert issued.secret.startswith("mdt_") and len(issued.secret) >= 4 + 43
    with transaction(engine) as session:
        row = session.exec(select(ApiToken)).one()
        assert row.token_index == hashlib.sha256(issued.secret.encode()).hexdigest()
        assert issued.secret not in repr(row.model_dump())
        assert row.expires_at == T0 + timedelta(days=30)
    other = tokens.create_token(engine, CIPHER, username="sam", name="other", days=1, now=T0)
    assert other.secret != issued.secret
    assert ("admin-cli", "token.created", ["user.credentials"], "security") in actions(engine)


def test_a_token_authenticates_its_account_and_records_its_use(engine: Engine) -> None:
    """authenticate_token returns the account and sets last_used_at."""
    sam = add(engine)
    issued = tokens.create_token(engine, CIPHER, username="sam", name="ci", days=30, now=T0)
    later = T0 + timedelta(hours=2)
    assert tokens.authenticate_token(engine, CIPHER, issued.secret, now=later).id == sam.id
    [listed] = tokens.list_tokens(engine, CIPHER, username="sam")
    assert listed.last_used_at == later and listed.name == "ci"


def test_unknown_expired_and_revoked_tokens_are_refused(engine: Engine) -> None:
    """Each refusal says why, and is audited."""
    add(engine)
    issued = tokens.create_token(engine, CIPHER, username="sam", name="ci", days=1, now=T0)
    with pytest.raises(Refused, match="not accepted"):
        tokens.authenticate_token(engine, CIPHER, "mdt_guess", now=T0)
    with pytest.raises(Refused, match="expired"):
        tokens.authenticate_token(engine, CIPHER, issued.secret, now=T0 + timedelta(days=1))
    assert tokens.revoke_token(engine, CIPHER, token_id=issued.id, now=T0)
    assert not tokens.revoke_token(engine, CIPHER, token_id=issued.id, now=T0)
    with pytest.raises(Refused, match="revoked"):
        tokens.authenticate_token(engine, CIPHER, issued.secret, now=T0)
    with pytest.raises(ConfigError, match="no such token"):
        tokens.revoke_token(engine, CIPHER, token_id="nope", now=T0)
    acts = [b for _, b, _, _ in actions(engine)]
    assert acts.count("token.refused") == 3 and acts.count("token.revoked") == 1


def test_a_disabled_accounts_tokens_are_refused(engine: Engine) -> None:
    """Disabling the account stops its tokens without revoking them."""
    add(engine)
    issued = tokens.create_token(engine, CIPHER, username="sam", name="ci", days=5, now=T0)
    registry.set_disabled(engine, CIPHER, username="sam", disabled=True, now=T0)
    with pytest.raises(Refused, match="account disabled"):
        tokens.authenticate_token(engine, CIPHER, issued.secret, now=T0)


@pytest.mark.parametrize(("name", "days"), [("", 5), ("x" * 65, 5), ("ok", 0), ("ok", 4000)])
def test_bad_token_names_and_lifetimes_are_refused(engine: Engine, name: str, days: int) -> None:
    """A name of 1-64 characters and 1-3650 days; nothing is written otherwise."""
    add(engine)
    with pytest.raises(ConfigError):
        tokens.create_token(engine, CIPHER, username="sam", name=name, days=days, now=T0)
    assert tokens.list_tokens(engine, CIPHER, username="sam") == []
