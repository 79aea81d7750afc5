"""Password hashing with argon2id (``argon2-cffi``) and the strength rule.

The hash string carries its own parameters (``$argon2id$v=19$m=...,t=...,p=...``), so
raising :data:`HASHER`'s parameters later needs no migration: a successful sign-in whose
hash was made with older parameters is rehashed then (:func:`needs_rehash`). Passwords
are never logged and never appear in an error message.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from meetdesk.errors import ConfigError

# RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes. Looked up when a
# function runs (not bound as a default), so the test suite can swap in a cheap one.
HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, type=Type.ID)


def _current(hasher: PasswordHasher | None) -> PasswordHasher:
    return HASHER if hasher is None else hasher


@lru_cache(maxsize=4)
def _dummy(hasher: PasswordHasher) -> str:
    """Verified against when the user name is unknown, so both answers take as long;
    made on first need, not when the module loads."""
    return hasher.hash("meetdesk: no such account")


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    return _current(hasher).hash(password)


def verify_password(stored: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether ``password`` matches ``stored``; a malformed hash matches nothing."""
    try:
        return _current(hasher).verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    """Spend a verification's time on an unknown user name (no timing oracle)."""
    verify_password(_dummy(HASHER), password)


def needs_rehash(stored: str, hasher: PasswordHasher | None = None) -> bool:
    return _current(hasher).check_needs_rehash(stored)


def check_strength(password: str, *, username: str, min_length: int) -> None:
    """Refuse a weak password with one line saying what to change (never echoing it).

    Long passphrases pass on length alone; shorter ones need three of lower case, upper
    case, digits and other characters. A password containing the user name, or made of
    one repeated character, is refused whatever its length."""
    if len(password) < min_length:
        raise ConfigError(f"password too short: at least {min_length} characters are needed")
    if username and username.casefold() in password.casefold():
        raise ConfigError("password refused: it contains the user name")
    if len(set(password)) < 4:
        raise ConfigError("password refused: too few different characters")
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if len(password) < 20 and classes < 3:
        raise ConfigError(
            "password too weak: use 20 characters or more, or mix three of lower case, "
            "upper case, digits and symbols"
        )
