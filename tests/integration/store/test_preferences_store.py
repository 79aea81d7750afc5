"""Customers' own scheduling preferences: stored encrypted, round trip, migration 0002."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import add_customer, find_customer, get_customer, set_preferences
from meetdesk.store.engine import transaction
from meetdesk.store.migrate import alembic_config, upgrade

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)
# A value no default contains, so finding it in the raw bytes means it was stored in clear.
DISTINCTIVE = {"working_hours": {"mon": "07:13-16:47"}, "max_per_week": 37}


def _customer(engine: Engine, email: str = "alice@example.com") -> str:
    with transaction(engine) as session:
        record = add_customer(
            session,
            CIPHER,
            email=email,
            name="Alice",
            timezone="Europe/Paris",
            calendar_kind="local",
            calendar={"path": "/tmp/x"},
            now=T0,
        )
    return record.id


def test_new_customer_has_no_overrides(engine: Engine) -> None:
    """A freshly onboarded customer reads back with empty preferences and a NULL column."""
    customer_id = _customer(engine)
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, customer_id).preferences == {}
        raw = session.execute(
            text("SELECT preferences_enc FROM customer WHERE id = :i"), {"i": customer_id}
        ).scalar_one()
    assert raw is None


def test_overrides_round_trip_and_are_encrypted(engine: Engine) -> None:
    """Stored overrides read back equal, and their values are not readable in the column."""
    customer_id = _customer(engine)
    with transaction(engine) as session:
        set_preferences(session, CIPHER, customer_id, DISTINCTIVE)
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, customer_id).preferences == DISTINCTIVE
        found = find_customer(session, CIPHER, "alice@example.com")
        raw = session.execute(
            text("SELECT preferences_enc FROM customer WHERE id = :i"), {"i": customer_id}
        ).scalar_one()
    assert found is not None and found.preferences == DISTINCTIVE
    blob = bytes(raw)
    for clear in (b"07:13", b"16:47", b"working_hours", b"max_per_week"):
        assert clear not in blob


def test_ciphertext_is_bound_to_its_row(engine: Engine) -> None:
    """Preferences copied onto another customer's row fail to decrypt instead of reading."""
    from meetdesk.errors import CryptoError

    alice, bob = _customer(engine), _customer(engine, "bob@example.com")
    with transaction(engine) as session:
        set_preferences(session, CIPHER, alice, DISTINCTIVE)
    with transaction(engine) as session:
        session.execute(
            text(
                "UPDATE customer SET preferences_enc = "
                "(SELECT preferences_enc FROM customer WHERE id = :a) WHERE id = :b"
            ),
            {"a": alice, "b": bob},
        )
    with transaction(engine) as session, pytest.raises(CryptoError):
        get_customer(session, CIPHER, bob)


def test_clearing_overrides(engine: Engine) -> None:
    """Setting {} removes the customer's own preferences."""
    customer_id = _customer(engine)
    with transaction(engine) as session:
        set_preferences(session, CIPHER, customer_id, DISTINCTIVE)
    with transaction(engine) as session:
        set_preferences(session, CIPHER, customer_id, {})
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, customer_id).preferences == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"colour": "blue"}, "unknown preference 'colour'"),
        ({"working_hours": {"mon": "9-5"}}, "working_hours.mon"),
        ({"max_per_day": 0}, "max_per_day"),
        ({"kinds": {"lunch": {"hours": "14:00-12:00"}}}, "kinds.lunch.hours"),
    ],
)
def test_invalid_overrides_store_nothing(
    engine: Engine, overrides: dict[str, object], message: str
) -> None:
    """Invalid overrides raise ValueError naming the key and leave the stored ones alone."""
    customer_id = _customer(engine)
    with transaction(engine) as session:
        set_preferences(session, CIPHER, customer_id, DISTINCTIVE)
    with transaction(engine) as session, pytest.raises(ValueError, match=message):
        set_preferences(session, CIPHER, customer_id, overrides)
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, customer_id).preferences == DISTINCTIVE


def test_unknown_customer_is_a_lookup_error(engine: Engine) -> None:
    """Setting preferences of a customer that does not exist raises LookupError."""
    with transaction(engine) as session, pytest.raises(LookupError):
        set_preferences(session, CIPHER, "no-such-id", {"max_per_day": 3})


def test_migration_0002_down_and_up(engine: Engine) -> None:
    """Downgrading to 0001 drops the column and keeps customers; upgrading adds it back."""
    customer_id = _customer(engine)
    with transaction(engine) as session:
        set_preferences(session, CIPHER, customer_id, DISTINCTIVE)
    command.downgrade(alembic_config(engine), "0001")
    columns = {c["name"] for c in inspect(engine).get_columns("customer")}
    assert "preferences_enc" not in columns and "calendar_enc" in columns
    upgrade(engine)
    assert "preferences_enc" in {c["name"] for c in inspect(engine).get_columns("customer")}
    with transaction(engine) as session:
        record = get_customer(session, CIPHER, customer_id)
    assert record.email == "alice@example.com" and record.preferences == {}
