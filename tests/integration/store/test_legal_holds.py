"""Legal holds on both databases: placing, finding the covering hold, releasing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from meetdesk.privacy import legal_holds
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Customer, LegalHold

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"h" * 32)


def customer(engine: Engine, email: str = "alice@example.com") -> str:
    with transaction(engine) as session:
        return add_customer(
            session,
            CIPHER,
            email=email,
            name="Alice",
            timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": "cal"}],
            now=T0,
        ).id


def test_customer_hold_covers_the_customer_until_released(engine: Engine) -> None:
    """A customer hold is found for that customer only, and no longer once released."""
    alice, bob = customer(engine), customer(engine, "bob@example.com")
    with transaction(engine) as session:
        hold = legal_holds.place(
            session, CIPHER, customer_id=alice, reason="litigation 42", by="admin-cli", now=T0
        )
    with transaction(engine) as session:
        found = legal_holds.active_hold(session, CIPHER, customer_id=alice)
        assert found is not None and found.id == hold.id
        assert legal_holds.active_hold(session, CIPHER, customer_id=bob) is None
        assert legal_holds.reason_of(CIPHER, found) == "litigation 42"
        legal_holds.release(session, hold.id, by="admin-cli", now=T0 + timedelta(days=1))
    with transaction(engine) as session:
        assert legal_holds.active_hold(session, CIPHER, customer_id=alice) is None
        kept = session.get(LegalHold, hold.id)
        assert kept is not None and kept.released_by == "admin-cli"
        assert legal_holds.holds(session) == []
        assert [h.id for h in legal_holds.holds(session, include_released=True)] == [hold.id]


def test_subject_hold_covers_the_address_in_any_case_and_the_customer_it_names(
    engine: Engine,
) -> None:
    """A subject hold matches its address case-insensitively, and covers a customer
    whose own address it is; the table holds no readable address."""
    alice = customer(engine)
    with transaction(engine) as session:
        hold = legal_holds.place(
            session,
            CIPHER,
            subject_email="Alice@Example.com",
            reason="court order",
            by="admin-cli",
            now=T0,
        )
    with transaction(engine) as session:
        found = legal_holds.active_hold(session, CIPHER, subject_email="alice@example.com")
        assert found is not None and found.id == hold.id
        assert legal_holds.active_hold(session, CIPHER, customer_id=alice) is not None
        assert legal_holds.active_hold(session, CIPHER, subject_email="eve@example.com") is None
        cover = legal_holds.coverage(session)
        assert alice in cover.customer_ids
        row = session.get(LegalHold, hold.id)
        assert row is not None and b"alice" not in row.reason_enc
        assert row.subject_index == CIPHER.address_index("alice@example.com")


def test_bad_holds_are_refused_and_a_release_happens_once(engine: Engine) -> None:
    """Neither or both targets, no reason, an unknown id or a second release are errors."""
    alice = customer(engine)
    with transaction(engine) as session:
        for kwargs in (
            {},
            {"customer_id": alice, "subject_email": "a@example.com"},
        ):
            with pytest.raises(legal_holds.LegalHoldError):
                legal_holds.place(session, CIPHER, reason="x", by="admin-cli", now=T0, **kwargs)
        with pytest.raises(legal_holds.LegalHoldError, match="reason"):
            legal_holds.place(session, CIPHER, customer_id=alice, reason=" ", by="a", now=T0)
        with pytest.raises(legal_holds.LegalHoldError, match="no legal hold"):
            legal_holds.release(session, "nope", by="admin-cli", now=T0)
        hold = legal_holds.place(session, CIPHER, customer_id=alice, reason="r", by="a", now=T0)
        legal_holds.release(session, hold.id, by="a", now=T0)
        with pytest.raises(legal_holds.LegalHoldError, match="already released"):
            legal_holds.release(session, hold.id, by="a", now=T0)


def test_a_released_hold_does_not_keep_its_customer_from_being_erased(engine: Engine) -> None:
    """The hold names its customer by id only: the customer row can still be deleted."""
    alice = customer(engine)
    with transaction(engine) as session:
        hold = legal_holds.place(session, CIPHER, customer_id=alice, reason="r", by="a", now=T0)
        legal_holds.release(session, hold.id, by="a", now=T0)
    with transaction(engine) as session:
        row = session.get(Customer, alice)
        assert row is not None
        session.delete(row)
    with transaction(engine) as session:
        assert session.get(Customer, alice) is None
        assert session.get(LegalHold, hold.id) is not None
