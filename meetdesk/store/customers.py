"""Customers: onboarding and lookup, with every personal field encrypted.

A customer's calendars are one encrypted JSON value, ``{"calendars": [config, ...]}``
where each config is ``{"kind": "caldav", "url", "username", "password"}`` or
``{"kind": "local", "path"}``. The first is the primary, where bookings and holds are
written; the others are read for busy time only, because a slot is free only if it is
free in every calendar the customer selected. Rows written before several calendars
existed hold one bare config and are read as a list of one. The plain ``calendar_kind``
column keeps the primary's kind (what an operator needs to see), never a URL or path.
The e-mail address is looked up through its blind index. Their
scheduling preferences are stored as overrides only (what differs from the config's
defaults, also encrypted JSON), so changing a default in the config reaches every customer
who did not choose otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from meetdesk.calendar.preferences import Preferences
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import Customer, new_id


@dataclass(frozen=True)
class CustomerRecord:
    """A customer with fields decrypted, for use outside transactions."""

    id: str
    email: str
    name: str
    timezone: str
    # Every selected calendar's config, each with its "kind"; the first is the primary.
    calendars: list[dict[str, Any]]
    # The customer's own preferences in Preferences.to_json() shape, partial; {} for none.
    preferences: dict[str, Any] = field(default_factory=dict)

    @property
    def calendar_kind(self) -> str:
        """The primary calendar's kind ("caldav" | "local")."""
        return str(self.calendars[0]["kind"])

    @property
    def calendar(self) -> dict[str, Any]:
        """The primary calendar's config, where bookings and holds are written."""
        return self.calendars[0]


CALENDAR_KINDS = ("caldav", "local")
_REQUIRED = {"caldav": "url", "local": "path"}


def valid_calendars(calendars: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Copies of ``calendars`` once each is known to be openable; ``ValueError`` otherwise.

    Checked before anything is stored, so a bad list never replaces a good one.
    """
    if not calendars:
        raise ValueError("a customer needs at least one calendar")
    out = []
    for number, config in enumerate(calendars, start=1):
        kind = config.get("kind")
        if kind not in CALENDAR_KINDS:
            raise ValueError(f"calendar {number}: unknown kind {kind!r}")
        if not config.get(_REQUIRED[str(kind)]):
            raise ValueError(f"calendar {number}: a {kind} calendar needs a {_REQUIRED[kind]}")
        out.append(dict(config))
    return out


def stored_calendars(calendar_kind: str, value: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The list held by a decrypted ``calendar`` column, old single-config rows included."""
    listed = value.get("calendars")
    if isinstance(listed, list):
        return [dict(c) for c in listed]
    return [{"kind": calendar_kind, **value}]


class CustomerExists(Exception):
    """A customer with this address is already onboarded."""


def add_customer(
    session: Session,
    cipher: Cipher,
    *,
    email: str,
    name: str,
    timezone: str,
    calendar_kind: str | None = None,
    calendar: Mapping[str, Any] | None = None,
    calendars: Sequence[Mapping[str, Any]] | None = None,
    now: datetime,
) -> CustomerRecord:
    """Store a new customer with ``calendars`` (first = primary), or the single
    ``calendar`` of ``calendar_kind``; ``ValueError`` for a bad calendar list."""
    if calendars is None:
        if calendar is None or calendar_kind is None:
            raise ValueError("a customer needs at least one calendar")
        calendars = [{**calendar, "kind": calendar_kind}]
    selected = valid_calendars(calendars)
    email = normalise_address(email)
    index = cipher.address_index(email)
    if session.exec(select(Customer.id).where(col(Customer.email_index) == index)).first():
        raise CustomerExists(email)
    row_id = new_id()

    def enc(column: str, value: str) -> bytes:
        return cipher.encrypt_text(
            value, table="customer", column=column, row_id=row_id, owner=row_id
        )

    session.add(
        Customer(
            id=row_id,
            email_index=index,
            email_enc=enc("email", email),
            name_enc=enc("name", name),
            timezone=timezone,
            calendar_kind=selected[0]["kind"],
            calendar_enc=_encrypt_calendars(cipher, row_id, selected),
            created_at=now,
        )
    )
    return CustomerRecord(row_id, email, name, timezone, selected)


def _encrypt_calendars(cipher: Cipher, row_id: str, calendars: list[dict[str, Any]]) -> bytes:
    return cipher.encrypt_json(
        {"calendars": calendars},
        table="customer",
        column="calendar",
        row_id=row_id,
        owner=row_id,
    )


def set_calendars(
    session: Session, cipher: Cipher, customer_id: str, calendars: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Replace the customer's calendars (first = primary) and return the stored list.

    ``ValueError`` for a bad list (nothing is stored), ``LookupError`` for no such customer.
    """
    selected = valid_calendars(calendars)
    row = session.get(Customer, customer_id)
    if row is None:
        raise LookupError(f"customer {customer_id} not found")
    row.calendar_kind = selected[0]["kind"]
    row.calendar_enc = _encrypt_calendars(cipher, row.id, selected)
    session.add(row)
    return selected


def decrypt_customer(cipher: Cipher, row: Customer) -> CustomerRecord:
    def dec(column: str, blob: bytes) -> str:
        return cipher.decrypt_text(blob, table="customer", column=column, row_id=row.id)

    return CustomerRecord(
        id=row.id,
        email=dec("email", row.email_enc),
        name=dec("name", row.name_enc),
        timezone=row.timezone,
        calendars=stored_calendars(
            row.calendar_kind,
            cipher.decrypt_json(
                row.calendar_enc, table="customer", column="calendar", row_id=row.id
            ),
        ),
        preferences=(
            cipher.decrypt_json(
                row.preferences_enc, table="customer", column="preferences", row_id=row.id
            )
            if row.preferences_enc is not None
            else {}
        ),
    )


def set_preferences(
    session: Session, cipher: Cipher, customer_id: str, overrides: dict[str, Any]
) -> None:
    """Replace the customer's own preferences with ``overrides`` ({} clears them).

    They are validated first, so a bad value raises ``ValueError`` naming the key and
    nothing is stored; ``LookupError`` if there is no such customer.
    """
    Preferences.from_json(overrides)
    row = session.get(Customer, customer_id)
    if row is None:
        raise LookupError(f"customer {customer_id} not found")
    row.preferences_enc = (
        cipher.encrypt_json(
            overrides, table="customer", column="preferences", row_id=row.id, owner=row.id
        )
        if overrides
        else None
    )
    session.add(row)


def find_customer(session: Session, cipher: Cipher, email: str) -> CustomerRecord | None:
    row = session.exec(
        select(Customer).where(col(Customer.email_index) == cipher.address_index(email))
    ).first()
    return decrypt_customer(cipher, row) if row else None


def get_customer(session: Session, cipher: Cipher, customer_id: str) -> CustomerRecord:
    row = session.get(Customer, customer_id)
    if row is None:
        raise LookupError(f"customer {customer_id} not found")
    return decrypt_customer(cipher, row)


def list_customers(session: Session, cipher: Cipher) -> list[CustomerRecord]:
    rows = session.exec(select(Customer).order_by(Customer.created_at)).all()  # type: ignore[arg-type]
    return [decrypt_customer(cipher, r) for r in rows]
