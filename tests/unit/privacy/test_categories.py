"""The data map: every stored column and document field names known categories."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import SQLModel

import meetdesk.store.models  # noqa: F401  (registers every table)
from meetdesk.calendar.preferences import Preferences
from meetdesk.privacy.categories import CATEGORIES, PURPOSES, SUBJECTS, covers, is_scope
from meetdesk.privacy.declarations import declaration, stored, undeclared
from meetdesk.store.conversations import ConversationData


def test_vocabulary_keys_are_dotted_and_described() -> None:
    """Each category is a lower-case dotted key under user. or system. with a description."""
    for key, description in CATEGORIES.items():
        assert key.split(".")[0] in {"user", "system"}
        assert key == key.lower() and all(key.split("."))
        assert description.strip()
    assert all(d.strip() for d in (*SUBJECTS.values(), *PURPOSES.values()))


def test_prefixes_match_whole_segments() -> None:
    """user.contact covers user.contact.email; user.con covers nothing."""
    assert covers("user.contact", "user.contact.email")
    assert covers("user.contact.email", "user.contact.email")
    assert not covers("user.con", "user.contact.email")
    assert is_scope("user") and is_scope("user.contact") and not is_scope("user.con")


def test_every_column_of_every_table_declares_a_category() -> None:
    """No column of any table in the metadata is left without a declaration."""
    assert undeclared(SQLModel.metadata) == []


def test_declarations_name_only_known_terms() -> None:
    """Categories, subjects and purposes on the models all come from the vocabulary."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            decl = declaration(column)
            if decl is None:
                continue
            where = f"{table.name}.{column.name}"
            assert decl.categories, where
            for category in (*decl.categories, *(c for cs in decl.fields.values() for c in cs)):
                assert category in CATEGORIES, f"{where}: {category}"
            assert set(decl.subjects) <= set(SUBJECTS), where
            assert set(decl.purposes) <= set(PURPOSES), where
            personal = any(c.startswith("user.") for c in decl.categories)
            assert bool(decl.subjects) == personal, f"{where}: subjects iff personal"


@pytest.mark.parametrize("column", ["email_enc", "name_enc", "calendar_enc", "preferences_enc"])
def test_encrypted_customer_columns_are_personal(column: str) -> None:
    """The encrypted columns never pass as operational data."""
    decl = declaration(SQLModel.metadata.tables["customer"].c[column])
    assert decl is not None and any(c.startswith("user.") for c in decl.categories)


def test_conversation_document_declares_every_field() -> None:
    """ConversationData's PRIVACY mapping covers exactly its fields."""
    assert set(ConversationData.PRIVACY) == {f.name for f in dataclasses.fields(ConversationData)}
    assert ConversationData.PRIVACY["participants"] == ("user.contact.email", "user.contact.name")
    assert "PRIVACY" not in ConversationData().to_json()


def test_preferences_document_declares_every_key() -> None:
    """customer.preferences_enc declares a category for each preference key."""
    decl = declaration(SQLModel.metadata.tables["customer"].c["preferences_enc"])
    assert decl is not None and set(decl.fields) == set(Preferences().to_json())


def test_the_map_reaches_inside_encrypted_documents() -> None:
    """Participants' addresses are found in the conversation document, by key."""
    places = {s.where for s in stored(SQLModel.metadata) if s.category == "user.contact.email"}
    assert "conversation.data_enc (participants)" in places
    assert "customer.email_enc" in places
    assert "outbox.envelope_enc (recipients)" in places


def test_personal_values_in_the_clear_are_a_closed_list() -> None:
    """Personal columns are encrypted or hashed (``*_index``), but for reviewed exceptions;
    the audit subject is a keyed hash too, named for what it is."""
    plain = {
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if (decl := declaration(column)) is not None
        and decl.subjects
        and not column.name.endswith(("_enc", "_index"))
    }
    assert plain == {
        "customer.timezone",
        "conversation.language",
        "hold.starts_at",
        "hold.ends_at",
        "audit_entry.subject",
    }
