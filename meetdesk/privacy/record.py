"""The record of processing activities (GDPR art. 30), generated, never hand-written.

Built from the categories declared on the models (``meetdesk.privacy.declarations``)
and the ``[privacy]`` config: what is kept and where, about whom, why, who else may read
it (the processors' allow/deny scopes) and for how long (``[privacy.retention]``: the
rule, the cap, each customer contract that differs, and where the purge does not
reach). Because it is derived, the record cannot drift from what the code stores or
from what the config lets others read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import MetaData

from meetdesk.privacy.categories import CATEGORIES, PURPOSES, SUBJECTS
from meetdesk.privacy.declarations import stored
from meetdesk.privacy.processors import Processor
from meetdesk.privacy.purge_targets import purged_tables
from meetdesk.privacy.retention import Policy, Rule, parse_policy
from meetdesk.settings import Settings

NOT_CONFIGURED = "not configured"


def build_record(settings: Settings, metadata: MetaData) -> dict[str, Any]:
    """The record as plain data (the JSON form; the text form is rendered from it)."""
    processors = settings.privacy.processors
    policy = parse_policy(settings.privacy.retention)
    places: dict[str, dict[str, Any]] = {}
    keys: dict[tuple[str, str], list[str]] = {}  # (category, table.column) -> document keys
    for item in stored(metadata):
        entry = places.setdefault(item.category, {"stored": [], "subjects": [], "purposes": []})
        column = f"{item.table}.{item.column}"
        _add(keys.setdefault((item.category, column), []), item.key or "")
        for subject in item.subjects:
            _add(entry["subjects"], subject)
        for purpose in item.purposes:
            _add(entry["purposes"], purpose)
    for (category, column), found in keys.items():
        inside = ", ".join(k for k in found if k)
        places[category]["stored"].append(f"{column} ({inside})" if inside else column)
    categories = [
        {
            "category": key,
            "description": CATEGORIES[key],
            **places[key],
            "processors": [p.id for p in processors if p.may_read(key)],
            "retention": retention_text(retention_of(policy, key, places[key]["stored"])),
            "retention_rules": retention_of(policy, key, places[key]["stored"]),
        }
        for key in CATEGORIES
        if key in places
    ]
    return {
        "controller": settings.privacy.controller or None,
        "subjects": dict(SUBJECTS),
        "purposes": dict(PURPOSES),
        "categories": categories,
        "processors": [_processor(p) for p in processors],
    }


def retention_of(policy: Policy, category: str, stored_in: list[str]) -> dict[str, Any]:
    """A category's retention: its global rule (most specific key), the cap, each
    contract that changes either, and the places the purge does not reach."""
    rule = policy.rule_for(category)
    customers = {}
    for email, contract in policy.contracts.items():
        own = policy.rule_for(category, email)
        if (own is not None and own.customer) or contract.cap is not None:
            customers[email] = {
                "rule": _rule(own),
                "cap": None if contract.cap is None else str(contract.cap),
            }
    purged = purged_tables()
    return {
        "rule": _rule(rule),
        "cap": None if policy.cap is None else str(policy.cap),
        "customers": customers,
        "not_purged": [p for p in stored_in if p.split(".", 1)[0] not in purged],
    }


def retention_text(retention: Mapping[str, Any]) -> str:
    """The one-line form the text record prints."""
    rule = retention["rule"]
    text = NOT_CONFIGURED if rule is None else f"{_terms(rule)} ({rule['key']})"
    if retention["cap"]:
        text += f"; cap {retention['cap']}"
    for email, own in retention["customers"].items():
        terms = [] if own["rule"] is None else [_terms(own["rule"])]
        terms += [] if own["cap"] is None else [f"cap {own['cap']}"]
        text += f"; {email}: {', '.join(terms)}"
    if retention["not_purged"]:
        text += f"; not purged by time: {', '.join(retention['not_purged'])}"
    return text


def _terms(rule: Mapping[str, str]) -> str:
    return f"{rule['keep']} after {rule['from']}"


def _rule(rule: Rule | None) -> dict[str, str] | None:
    if rule is None:
        return None
    return {"key": rule.key, "keep": str(rule.keep), "from": rule.event}


def _processor(p: Processor) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "country": p.country,
        "in_eea": p.in_eea,
        "safeguard": p.safeguard,
        "purposes": list(p.purposes),
        "allow": list(p.allow),
        "deny": list(p.deny),
        "customers": list(p.customers),
        "categories": [key for key in CATEGORIES if p.may_read(key)],
    }


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)
