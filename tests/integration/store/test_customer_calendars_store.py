"""A customer's selected calendars: encrypted round trip, old single-config rows, edits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text

from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import add_customer, get_customer, list_customers, set_calendars
from meetdesk.store.engine import transaction
from meetdesk.store.models import Customer

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"s" * 32)
URL = "https://dav.example.com/users/alice-7f3a/work-calendar/"
PASSWORD = "correct-horse-battery-77"
FOLDER = "/srv/calendars/alice-personal-91c2"
CALENDARS = [
    {"kind": "caldav", "url": URL, "username": "alice-7f3a", "password": PASSWORD},
    {"kind": "local", "path": FOLDER},
]


def _raw(engine: Engine, customer_id: str) -> dict[str, object]:
    with transaction(engine) as session:
        row = session.execute(
            text("SELECT * FROM customer WHERE id = :i"), {"i": customer_id}
        ).one()
    return dict(row._mapping)


def test_calendars_round_trip_and_are_encrypted(engine: Engine) -> None:
    """Both calendars read back in order, the first as primary; neither the URL, the user,
    the password nor the folder is readable in any column."""
    with transaction(engine) as session:
        added = add_customer(
            session,
            CIPHER,
            email="alice@example.com",
            name="Alice",
            timezone="Europe/Paris",
            calendars=CALENDARS,
            now=T0,
        )
    with transaction(engine) as session:
        record = get_customer(session, CIPHER, added.id)
    assert record.calendars == CALENDARS
    assert record.calendar_kind == "caldav" and record.calendar["url"] == URL
    raw = _raw(engine, added.id)
    assert raw["calendar_kind"] == "caldav"
    for value in raw.values():
        data = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
        for secret in (URL, "alice-7f3a", PASSWORD, FOLDER, "dav.example.com"):
            assert secret.encode() not in data


def test_single_calendar_form_is_stored_as_a_list_of_one(engine: Engine) -> None:
    """The one-calendar arguments (calendar_kind, calendar) still onboard a customer."""
    with transaction(engine) as session:
        added = add_customer(
            session,
            CIPHER,
            email="carol@example.com",
            name="Carol",
            timezone="UTC",
            calendar_kind="local",
            calendar={"path": FOLDER},
            now=T0,
        )
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, added.id).calendars == [
            {"kind": "local", "path": FOLDER}
        ]


def test_rows_from_before_several_calendars_read_as_a_list_of_one(engine: Engine) -> None:
    """A row holding one bare config (as written before) reads as that calendar alone,
    of the row's calendar_kind, and opens and edits like any other."""
    row_id = "00000000-0000-4000-8000-000000000001"
    old = {"url": URL, "username": "alice-7f3a", "password": PASSWORD}
    with transaction(engine) as session:
        session.add(
            Customer(
                id=row_id,
                email_index=CIPHER.address_index("old@example.com"),
                email_enc=CIPHER.encrypt_text(
                    "old@example.com", table="customer", column="email", row_id=row_id
                ),
                name_enc=CIPHER.encrypt_text("Old", table="customer", column="name", row_id=row_id),
                timezone="Europe/Paris",
                calendar_kind="caldav",
                calendar_enc=CIPHER.encrypt_json(
                    old, table="customer", column="calendar", row_id=row_id
                ),
                created_at=T0,
            )
        )
    with transaction(engine) as session:
        (record,) = list_customers(session, CIPHER)
        assert record.calendars == [{"kind": "caldav", **old}]
        assert record.calendar_kind == "caldav"
        set_calendars(session, CIPHER, row_id, [*record.calendars, CALENDARS[1]])
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, row_id).calendars == [
            {"kind": "caldav", **old},
            CALENDARS[1],
        ]


def test_changing_the_primary_updates_the_plain_kind(engine: Engine) -> None:
    """Making the folder the primary stores "local" as the kind operators see."""
    with transaction(engine) as session:
        added = add_customer(
            session,
            CIPHER,
            email="alice@example.com",
            name="Alice",
            timezone="Europe/Paris",
            calendars=CALENDARS,
            now=T0,
        )
        set_calendars(session, CIPHER, added.id, CALENDARS[::-1])
    assert _raw(engine, added.id)["calendar_kind"] == "local"
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, added.id).calendars == CALENDARS[::-1]


@pytest.mark.parametrize(
    ("calendars", "message"),
    [
        ([], "at least one calendar"),
        ([{"kind": "exchange", "url": URL}], "unknown kind 'exchange'"),
        ([CALENDARS[0], {"kind": "local"}], "calendar 2: a local calendar needs a path"),
        ([{"kind": "caldav", "username": "u"}], "calendar 1: a caldav calendar needs a url"),
    ],
)
def test_a_bad_list_is_refused_and_the_stored_one_kept(
    engine: Engine, calendars: list[dict[str, str]], message: str
) -> None:
    """A list that could not be opened raises ValueError naming the calendar; the stored
    calendars are unchanged, and an unknown customer is a LookupError."""
    with transaction(engine) as session:
        added = add_customer(
            session,
            CIPHER,
            email="alice@example.com",
            name="Alice",
            timezone="Europe/Paris",
            calendars=CALENDARS,
            now=T0,
        )
    with pytest.raises(ValueError, match=message), transaction(engine) as session:
        set_calendars(session, CIPHER, added.id, calendars)
    with transaction(engine) as session:
        assert get_customer(session, CIPHER, added.id).calendars == CALENDARS
        with pytest.raises(LookupError):
            set_calendars(session, CIPHER, "no-such-id", CALENDARS)
