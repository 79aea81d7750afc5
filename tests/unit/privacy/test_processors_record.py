"""The record of processing is generated from the models and the processors' scopes."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import SQLModel

import meetdesk.store.models  # noqa: F401  (registers every table)
from meetdesk.cli_privacy import render_text
from meetdesk.privacy.categories import CATEGORIES
from meetdesk.privacy.record import NOT_CONFIGURED, build_record
from meetdesk.settings import Settings, parse_settings


def test_every_category_of_the_vocabulary_is_stored_somewhere() -> None:
    """The vocabulary holds no dead category: each appears in the record with a place."""
    record = build_record(Settings(), SQLModel.metadata)
    assert [c["category"] for c in record["categories"]] == list(CATEGORIES)
    assert all(c["stored"] for c in record["categories"])


def test_record_lists_processors_and_who_reads_what() -> None:
    """A processor appears under each category it may read, and not under denied ones."""
    settings = parse_settings(
        {
            "privacy": {
                "controller": "Example SAS",
                "processors": [
                    {
                        "id": "llm",
                        "name": "Model Inc",
                        "country": "US",
                        "safeguard": "scc",
                        "purposes": ["scheduling"],
                        "allow": ["user.content.private"],
                        "deny": ["user.content.private.calendar"],
                        "customers": ["*"],
                    }
                ],
            }
        },
        base_dir=Path("."),
    )
    record = build_record(settings, SQLModel.metadata)
    readers = {c["category"]: c["processors"] for c in record["categories"]}
    assert readers["user.content.private.email_body"] == ["llm"]
    assert readers["user.content.private.calendar"] == []
    assert readers["user.contact.email"] == []
    (llm,) = record["processors"]
    assert llm["country"] == "US" and llm["in_eea"] is False and llm["safeguard"] == "scc"
    text = render_text(record)
    assert "Kept by: Example SAS" in text and "llm: Model Inc (US, outside the EEA" in text


def test_document_keys_are_grouped_by_column() -> None:
    """A category inside an encrypted document names the column and its keys."""
    record = build_record(Settings(), SQLModel.metadata)
    (email,) = [c for c in record["categories"] if c["category"] == "user.contact.email"]
    assert "conversation.data_enc (participants, zones, answers, partstats)" in email["stored"]
    assert "customer" in email["subjects"] and "participant" in email["subjects"]


def test_retention_prints_each_rule_the_cap_and_the_contracts() -> None:
    """Each category shows its rule (most specific key), the cap, the contracts that
    change it and where the purge does not reach; without a rule it says so."""
    settings = parse_settings(
        {
            "privacy": {
                "retention": {
                    "cap": "12 months",
                    "rules": {
                        "user": "6 months after closed",
                        "user.contact": "1 month after closed",
                    },
                    "customers": {
                        "ops@dialonce.example": {"rules": {"user": "7 days after closed"}}
                    },
                }
            }
        },
        base_dir=Path("."),
    )
    record = build_record(settings, SQLModel.metadata)
    by_key = {c["category"]: c for c in record["categories"]}
    email = by_key["user.contact.email"]
    assert email["retention"].startswith(
        "1 month after closed (user.contact); cap 12 months;"
        " ops@dialonce.example: 7 days after closed"
    )
    assert "customer.email_enc" in email["retention_rules"]["not_purged"]
    assert "inbound_message.raw_enc" not in email["retention_rules"]["not_purged"]
    assert by_key["user.location"]["retention_rules"]["rule"] == {
        "key": "user",
        "keep": "6 months",
        "from": "closed",
    }
    assert by_key["system.operations"]["retention"].startswith(NOT_CONFIGURED)
    assert "retention: 1 month after closed (user.contact)" in render_text(record)
    default = build_record(Settings(), SQLModel.metadata)
    assert all(c["retention_rules"]["rule"] for c in default["categories"])
