"""``[accounts]`` settings: defaults, bounds checked at load, unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.settings import parse_settings


def test_defaults_and_overrides() -> None:
    """Missing keys keep their defaults; given ones are taken."""
    s = parse_settings({"accounts": {"lockout_failures": 3}}, base_dir=Path("."))
    assert s.accounts.lockout_failures == 3 and s.accounts.lockout_minutes == 15


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("password_min_length", 6, "accounts.password_min_length must be between 8 and 128"),
        ("lockout_failures", 0, "accounts.lockout_failures must be between 1 and 100"),
        ("session_idle_minutes", 0, "accounts.session_idle_minutes"),
        ("token_days", 5000, "accounts.token_days must be between 1 and 3650"),
        ("lockout", 5, "unknown config key 'accounts.lockout'"),
    ],
)
def test_bad_values_name_the_key(key: str, value: int, message: str) -> None:
    """Each bad value is one error naming its key."""
    with pytest.raises(ConfigError, match=message):
        parse_settings({"accounts": {key: value}}, base_dir=Path("."))
