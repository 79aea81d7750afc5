"""argon2id hashing, rehash detection and the strength rule."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from meetdesk.accounts.passwords import (
    HASHER,
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from meetdesk.errors import ConfigError

GOOD = "Correct-Horse-7"


@pytest.mark.real_password_hasher
def test_hash_is_argon2id_with_its_parameters_and_verifies() -> None:
    """The stored string names argon2id and its cost, and only the right password matches."""
    stored = hash_password(GOOD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert GOOD not in stored
    assert verify_password(stored, GOOD)
    assert not verify_password(stored, GOOD + "x")
    assert not verify_password("not a hash", GOOD)


def test_two_hashes_of_one_password_differ() -> None:
    """Each hash has its own salt."""
    assert hash_password(GOOD) != hash_password(GOOD)


def test_a_hash_made_with_weaker_parameters_needs_a_rehash() -> None:
    """Raising the parameters later marks older hashes for rehash at the next sign-in."""
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    old = weak.hash(GOOD)
    assert verify_password(old, GOOD)  # the parameters come from the hash itself
    assert needs_rehash(old)
    assert not needs_rehash(hash_password(GOOD))
    assert HASHER.type is Type.ID


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-1", "too short: at least 12"),
        ("alice-Rules-99", "contains the user name"),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", "too few different characters"),
        ("lowercaseonly", "too weak"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message(password: str, message: str) -> None:
    """Each refusal says what to change and never echoes the password."""
    with pytest.raises(ConfigError, match=message) as caught:
        check_strength(password, username="Alice", min_length=12)
    assert password not in str(caught.value)


@pytest.mark.parametrize("password", [GOOD, "a long passphrase of plain words"])
def test_mixed_or_long_passwords_pass(password: str) -> None:
    """Three character classes, or 20 characters and more, are enough."""
    check_strength(password, username="alice", min_length=12)
