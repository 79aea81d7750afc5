"""Retention rules: how long each data category is kept, and per-customer contracts.

``[privacy.retention]`` gives a rule per category key or dotted prefix (the most
specific key wins, as for processor scopes), each written ``"<n> <unit> after <event>"``
(``"90 days after closed"``), an optional global ``cap`` (``"12 months"``: nothing
personal is kept longer than that after it was recorded, whatever the rules say) and
per-customer contracts keyed by the customer's e-mail, with their own rules and cap.
A customer's rules are looked up before the global ones, so a contract saying
``"user" = "30 days after closed"`` shortens every personal category for that customer.

Everything is checked when the config is loaded: an unknown category, a bad duration
or event, or a rule or contract longer than a cap it falls under is a one-line
``ConfigError`` naming the key, so an operator never believes data is deleted sooner
than it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta

from meetdesk.errors import ConfigError
from meetdesk.privacy.categories import covers, is_scope

# What a rule counts from. "meeting" falls back to "closed" for a conversation that
# never booked one; rows outside conversations count "closed" and "meeting" from when
# they were recorded.
EVENTS: dict[str, str] = {
    "recorded": "the row was written",
    "closed": "the conversation closed (cancelled, set aside as not a scheduling request, handed "
    "back to the customer, or booked and the meeting over)",
    "meeting": "the booked meeting ended",
}
UNITS = ("days", "weeks", "months", "years")
_DURATION = re.compile(r"^\s*(\d{1,5})\s+(day|week|month|year)s?\s*$")
_RULE = re.compile(r"^(.*?)\s+after\s+(\w+)\s*$")
SYNTAX = '"<n> days|weeks|months|years after recorded|closed|meeting"'


def default_rules() -> dict[str, Any]:
    """The built-in rules (what ``make run`` uses): short for content, a year for the rest."""
    return {
        "user": "12 months after closed",
        "user.content.private": "90 days after closed",
        "user.content.private.calendar": "30 days after meeting",
        "system.operations": "12 months after recorded",
    }


@dataclass(frozen=True)
class RetentionSettings:
    """``[privacy.retention]`` as written; :func:`parse_policy` gives its meaning."""

    cap: str = "12 months"  # nothing personal outlives it; empty: no global cap
    rules: dict[str, Any] = field(default_factory=default_rules)
    customers: dict[str, Any] = field(default_factory=dict)
    period_hours: int = 24  # one purge pass per period, cluster-wide
    batch_size: int = 200  # rows per purge transaction


@dataclass(frozen=True)
class Duration:
    count: int
    unit: str  # one of UNITS

    def before(self, when: datetime) -> datetime:
        """``when`` minus this duration (calendar months and years, not 30-day ones)."""
        return when - relativedelta(**{self.unit: self.count})  # type: ignore[arg-type]

    @property
    def _days_range(self) -> tuple[int, int]:
        if self.unit == "days":
            return self.count, self.count
        if self.unit == "weeks":
            return 7 * self.count, 7 * self.count
        months = self.count * (12 if self.unit == "years" else 1)
        years, rest = divmod(months, 12)
        return 365 * years + 28 * rest, 366 * years + 31 * rest

    def longer_than(self, other: Duration) -> bool:
        """Whether this can ever keep data longer than ``other`` (strict for a cap)."""
        if self.unit in ("days", "weeks") and other.unit in ("days", "weeks"):
            return self._days_range[0] > other._days_range[0]
        if self.unit in ("months", "years") and other.unit in ("months", "years"):
            scale = {"months": 1, "years": 12}
            return self.count * scale[self.unit] > other.count * scale[other.unit]
        return self._days_range[1] > other._days_range[0]

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        return f"{self.count} {unit}"


@dataclass(frozen=True)
class Rule:
    """One category key's retention, where it was declared (global or a contract)."""

    key: str
    keep: Duration
    event: str
    customer: str | None = None  # the contract's e-mail; None for a global rule

    def describe(self) -> str:
        return f"{self.key}: {self.keep} after {self.event}"


@dataclass(frozen=True)
class Contract:
    """A customer's retention terms: rules looked up before the global ones, a cap."""

    email: str
    rules: tuple[Rule, ...] = ()
    cap: Duration | None = None


@dataclass(frozen=True)
class Policy:
    rules: tuple[Rule, ...]
    cap: Duration | None
    contracts: Mapping[str, Contract]  # by lower-cased e-mail
    period_hours: int = 24
    batch_size: int = 200

    def rule_for(self, category: str, customer: str | None = None) -> Rule | None:
        """The rule for a category: the customer's most specific, else the global one."""
        contract = self.contracts.get(customer.lower()) if customer else None
        if contract is not None:
            found = _most_specific(contract.rules, category)
            if found is not None:
                return found
        return _most_specific(self.rules, category)

    def cap_for(self, customer: str | None = None) -> Duration | None:
        """The cap that applies: the customer's own when the contract sets one."""
        contract = self.contracts.get(customer.lower()) if customer else None
        if contract is not None and contract.cap is not None:
            return contract.cap
        return self.cap


def _most_specific(rules: tuple[Rule, ...], category: str) -> Rule | None:
    matches = [r for r in rules if covers(r.key, category)]
    return max(matches, key=lambda r: len(r.key)) if matches else None


def parse_duration(value: Any, key: str) -> Duration:
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) < 1:
        raise ConfigError(f'{key} = {value!r}: expected "<n> days|weeks|months|years"')
    return Duration(int(match.group(1)), match.group(2) + "s")


def parse_rule(key: str, value: Any, where: str, customer: str | None = None) -> Rule:
    name = f"{where}.{_quoted(key)}"
    if not is_scope(key):
        raise ConfigError(f"{name}: unknown category {key!r}")
    match = _RULE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(f"{name} = {value!r}: expected {SYNTAX}")
    keep_text, event = match.groups()
    if event not in EVENTS:
        known = ", ".join(EVENTS)
        raise ConfigError(f"{name} = {value!r}: unknown event {event!r} (known: {known})")
    if _DURATION.match(keep_text) is None:
        raise ConfigError(f"{name} = {value!r}: expected {SYNTAX}")
    return Rule(key, parse_duration(keep_text, name), event, customer)


def parse_policy(settings: RetentionSettings, prefix: str = "privacy.retention") -> Policy:
    """The meaning of ``[privacy.retention]``; ``ConfigError`` naming the first bad key."""
    if settings.period_hours < 1:
        raise ConfigError(f"{prefix}.period_hours must be at least 1")
    if settings.batch_size < 1:
        raise ConfigError(f"{prefix}.batch_size must be at least 1")
    cap = parse_duration(settings.cap, f"{prefix}.cap") if settings.cap else None
    rules = _rules(settings.rules, f"{prefix}.rules", None, cap, f"{prefix}.cap")
    contracts: dict[str, Contract] = {}
    for email, table in settings.customers.items():
        where = f"{prefix}.customers.{_quoted(email)}"
        if not isinstance(email, str) or "@" not in email.strip("@"):
            raise ConfigError(f"{where}: not a customer e-mail address")
        if email.lower() in contracts:
            raise ConfigError(f"{where}: the same customer is listed twice")
        contracts[email.lower()] = _contract(email, table, where, cap, f"{prefix}.cap")
    return Policy(rules, cap, contracts, settings.period_hours, settings.batch_size)


def _contract(email: str, table: Any, where: str, cap: Duration | None, cap_key: str) -> Contract:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] must be a table")
    unknown = sorted(set(table) - {"cap", "rules"})
    if unknown:
        raise ConfigError(f"unknown config key '{where}.{unknown[0]}'")
    own_cap: Duration | None = None
    if "cap" in table:
        own_cap = parse_duration(table["cap"], f"{where}.cap")
        _within(own_cap, f"{where}.cap", table["cap"], cap, cap_key)
    bound, bound_key = (own_cap, f"{where}.cap") if own_cap is not None else (cap, cap_key)
    rules = _rules(table.get("rules", {}), f"{where}.rules", email.lower(), bound, bound_key)
    return Contract(email.lower(), rules, own_cap)


def _rules(
    table: Any, where: str, customer: str | None, cap: Duration | None, cap_key: str
) -> tuple[Rule, ...]:
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] must be a table")
    rules = []
    for key, value in table.items():
        rule = parse_rule(key, value, where, customer)
        _within(rule.keep, f"{where}.{_quoted(key)}", value, cap, cap_key)
        rules.append(rule)
    return tuple(rules)


def _within(keep: Duration, key: str, value: Any, cap: Duration | None, cap_key: str) -> None:
    if cap is not None and keep.longer_than(cap):
        raise ConfigError(f"{key} = {value!r} is longer than {cap_key} = '{cap}'")


def _quoted(key: Any) -> str:
    text = str(key)
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else f'"{text}"'
