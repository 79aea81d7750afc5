"""Processors: deny by default, deny wins over allow, and strict validation at load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from meetdesk.errors import ConfigError
from meetdesk.privacy.processors import Processor
from meetdesk.settings import parse_settings

BASE: dict[str, Any] = {
    "id": "review",
    "name": "Review GmbH",
    "country": "DE",
    "purposes": ["quality_review"],
}


def load(**entry: Any) -> tuple[Processor, ...]:
    data = {"privacy": {"processors": [{**BASE, **entry}]}}
    return parse_settings(data, base_dir=Path(".")).privacy.processors


def test_nothing_is_readable_by_default() -> None:
    """A processor with no allow list reads no category, and serves no customer."""
    (p,) = load()
    assert not p.may_read("user.contact.email") and not p.may_read("system.operations")
    assert not p.serves("alice@example.com")


def test_allow_is_a_prefix_and_deny_wins() -> None:
    """allow = user.contact covers the e-mail; a deny of the same category wins."""
    (p,) = load(allow=["user.contact", "user.contact.email"], deny=["user.contact.email"])
    assert p.may_read("user.contact.name")
    assert not p.may_read("user.contact.email")
    assert not p.may_read("user.content.private.email_body")


def test_broad_allow_narrowed_by_deny() -> None:
    """allow = user with deny = user.credentials reads everything but credentials."""
    (p,) = load(allow=["user"], deny=["user.credentials"])
    assert p.may_read("user.location") and not p.may_read("user.credentials")
    assert not p.may_read("system.operations")


def test_customers_star_or_list() -> None:
    """customers = ["*"] serves everyone; a list serves those, by e-mail in any case or id."""
    (everyone,) = load(customers=["*"])
    assert everyone.serves("anyone@example.com")
    (some,) = load(customers=["Alice@Example.com", "c0ffee"])
    assert some.serves("alice@example.com") and some.serves("c0ffee")
    assert not some.serves("bob@example.com")


def test_outside_the_eea_with_a_safeguard_is_accepted() -> None:
    """A US processor under standard contractual clauses loads."""
    (p,) = load(country="US", safeguard="scc")
    assert not p.in_eea and p.safeguard == "scc"


def test_no_processor_is_declared_by_default() -> None:
    """Without [[privacy.processors]] nobody else may read anything."""
    assert parse_settings({}, base_dir=Path(".")).privacy.processors == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"allow": ["user.contacts"]}, r"processors\[0\] \(review\)\.allow: unknown category"),
        ({"deny": ["usr"]}, r"\.deny: unknown category 'usr'"),
        ({"purposes": ["marketing"]}, "unknown purpose 'marketing'"),
        ({"purposes": []}, "purposes is required"),
        ({"country": "XX"}, "not an ISO 3166-1 alpha-2 code"),
        ({"country": "de"}, "not an ISO 3166-1 alpha-2 code"),
        ({"country": "US"}, "US is outside the EEA: safeguard must be"),
        ({"country": "IN", "safeguard": "adequacy"}, "IN has no adequacy decision"),
        ({"safeguard": "trust-us"}, "safeguard = 'trust-us': must be one of"),
        ({"id": ""}, r"processors\[0\]\.id is required"),
        ({"id": "admin-cli"}, r"\.id: 'admin' names the installation's own administrators"),
        ({"name": ""}, "name is required"),
        ({"contry": "DE"}, "unknown config key 'privacy.processors\\[0\\].contry'"),
        ({"customers": "*"}, "customers must be a list of strings"),
    ],
)
def test_bad_declarations_are_one_clear_line(entry: dict[str, Any], message: str) -> None:
    """Each bad processor entry is refused naming the processor and the key."""
    with pytest.raises(ConfigError, match=message):
        load(**entry)


def test_duplicate_ids_and_non_array_are_refused() -> None:
    """Two processors with one id, or processors given as a table, are errors."""
    with pytest.raises(ConfigError, match="id used by another processor"):
        parse_settings({"privacy": {"processors": [BASE, BASE]}}, base_dir=Path("."))
    with pytest.raises(ConfigError, match=r"must be an array of tables \(\[\[privacy"):
        parse_settings({"privacy": {"processors": BASE}}, base_dir=Path("."))
