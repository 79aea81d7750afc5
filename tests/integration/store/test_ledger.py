"""The recipient ledger on both databases: entries read back per subject, nothing readable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.ledger import Received, recipients_of, record_receipt
from meetdesk.store.engine import transaction

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"l" * 32)


def test_recipients_of_a_subject_in_order(engine: Engine) -> None:
    """A processor read and a message to a participant are listed for the subject only."""
    with transaction(engine) as session:
        record_receipt(
            session,
            CIPHER,
            subject_email="alice@customer.example",
            kind="participant",
            recipient="Bob@Partner.example",
            categories=["user.contact.name", "user.contact.email"],
            purpose="scheduling",
            source="mail.proposal",
            customer_id="c-1",
            conversation_id="v-1",
            now=T0 + timedelta(minutes=5),
        )
        record_receipt(
            session,
            CIPHER,
            subject_email="ALICE@customer.example",
            kind="processor",
            recipient="supervision",
            categories=["user.contact.email"],
            purpose="supervision",
            source="read.customers",
            customer_id="c-1",
            now=T0,
        )
        record_receipt(
            session,
            CIPHER,
            subject_email="carol@else.example",
            kind="processor",
            recipient="support",
            categories=["user.contact.email"],
            purpose="support",
            source="read.customers",
            now=T0,
        )
    with transaction(engine) as session:
        got = recipients_of(session, CIPHER, "alice@customer.example")
        raw = session.execute(text("SELECT * FROM recipient_entry")).all()
    assert got == [
        Received(
            "processor",
            "supervision",
            ("user.contact.email",),
            "supervision",
            "read.customers",
            "c-1",
            None,
            T0,
        ),
        Received(
            "participant",
            "bob@partner.example",
            ("user.contact.email", "user.contact.name"),
            "scheduling",
            "mail.proposal",
            "c-1",
            "v-1",
            T0 + timedelta(minutes=5),
        ),
    ]
    assert all(
        needle not in str(v).lower() for row in raw for v in row for needle in ("alice", "bob")
    )


@pytest.mark.parametrize(
    ("kind", "categories", "purpose"),
    [
        ("friend", ["user.contact.email"], "scheduling"),
        ("processor", ["user.gossip"], "scheduling"),
        ("processor", [], "scheduling"),
        ("processor", ["user.contact.email"], "curiosity"),
    ],
)
def test_unknown_words_are_refused(
    engine: Engine, kind: str, categories: list[str], purpose: str
) -> None:
    """Only the data map's categories and purposes and the three recipient kinds are taken."""
    with pytest.raises(ValueError, match="ledger"):
        with transaction(engine) as session:
            record_receipt(
                session,
                CIPHER,
                subject_email="alice@customer.example",
                kind=kind,
                recipient="x",
                categories=categories,
                purpose=purpose,
                source="read.customers",
                now=T0,
            )
