"""Retention rules: one syntax, checked at load, most specific key and contracts first."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from meetdesk.errors import ConfigError
from meetdesk.privacy.retention import Duration, parse_policy
from meetdesk.settings import Settings, parse_settings


def load(retention: dict[str, Any]) -> Settings:
    return parse_settings({"privacy": {"retention": retention}}, base_dir=Path("."))


def test_the_defaults_give_a_rule_for_every_category() -> None:
    """The built-in config (``make run``) has a rule for every category."""
    from meetdesk.privacy.categories import CATEGORIES

    policy = parse_policy(Settings().privacy.retention)
    assert all(policy.rule_for(c) is not None for c in CATEGORIES)
    assert policy.rule_for("user.content.private.email_body").describe() == (  # type: ignore[union-attr]
        "user.content.private: 90 days after closed"
    )


def test_most_specific_key_wins_and_a_contract_comes_first() -> None:
    """A customer's rule beats a more specific global one; other customers keep the global."""
    settings = load(
        {
            "cap": "12 months",
            "rules": {"user": "6 months after closed", "user.contact": "30 days after closed"},
            "customers": {
                "Ops@DialOnce.example": {
                    "cap": "3 months",
                    "rules": {"user": "7 days after closed"},
                }
            },
        }
    )
    policy = parse_policy(settings.privacy.retention)
    assert policy.rule_for("user.contact.email").keep == Duration(30, "days")  # type: ignore[union-attr]
    assert policy.rule_for("user.location").keep == Duration(6, "months")  # type: ignore[union-attr]
    assert policy.rule_for("system.operations") is None
    mine = policy.rule_for("user.contact.email", "ops@dialonce.example")
    assert mine is not None and mine.keep == Duration(7, "days") and mine.customer
    assert policy.cap_for("ops@dialonce.example") == Duration(3, "months")
    assert policy.cap_for("other@example.com") == Duration(12, "months")


def test_calendar_months_are_counted_as_such() -> None:
    """'1 month' before 31 March is 28 or 29 February, not 30 days before."""
    at = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert Duration(1, "months").before(at) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert Duration(2, "weeks").before(at) == datetime(2026, 3, 17, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("retention", "message"),
    [
        ({"rules": {"user.contacts": "1 day after closed"}}, "unknown category 'user.contacts'"),
        ({"rules": {"user": "90d"}}, "privacy.retention.rules.user = '90d': expected \"<n>"),
        ({"rules": {"user": "9 fortnights after closed"}}, "expected"),
        ({"rules": {"user": "9 days after lunch"}}, "unknown event 'lunch'"),
        ({"rules": {"user": 90}}, "expected"),
        ({"cap": "twelve months"}, "privacy.retention.cap = 'twelve months'"),
        ({"cap": "0 days"}, "privacy.retention.cap"),
        (
            {"cap": "12 months", "rules": {"user": "400 days after closed"}},
            "privacy.retention.rules.user = '400 days after closed' is longer than "
            "privacy.retention.cap = '12 months'",
        ),
        (
            {"cap": "12 months", "customers": {"a@example.com": {"cap": "2 years"}}},
            "privacy.retention.customers.\"a@example.com\".cap = '2 years' is longer than",
        ),
        (
            {
                "rules": {},
                "customers": {
                    "a@example.com": {"cap": "1 month", "rules": {"user": "5 weeks after closed"}}
                },
            },
            "is longer than privacy.retention.customers.\"a@example.com\".cap = '1 month'",
        ),
        ({"customers": {"nobody": {}}}, "not a customer e-mail address"),
        ({"customers": {"a@example.com": {"keep": "1 day"}}}, "unknown config key"),
        ({"period_hours": 0}, "privacy.retention.period_hours must be at least 1"),
        ({"batch_size": 0}, "privacy.retention.batch_size must be at least 1"),
        ({"every": "1 day"}, "unknown config key 'privacy.retention.every'"),
    ],
)
def test_bad_retention_config_is_one_line_naming_the_key(
    retention: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load(retention)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_rule_equal_to_the_cap_in_other_units_is_accepted() -> None:
    """365 days fits a 12-month cap; 12 months fits a 366-day one."""
    load({"cap": "12 months", "rules": {"user": "365 days after closed"}})
    load({"cap": "366 days", "rules": {"user": "12 months after closed"}})
    with pytest.raises(ConfigError):
        load({"cap": "365 days", "rules": {"user": "1 year after closed"}})
