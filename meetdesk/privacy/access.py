"""The access function: every human-facing read of personal or customer data passes here.

A read names who is reading (an :class:`Actor`: a processor from ``[[privacy.processors]]``
or the installation's own administrators), why (a purpose, which must be one of the
actor's), and a ``load`` callback returning the :class:`Record` s to show: each field
with its data categories (taken from the models' declarations with :func:`item`), the
customer the record belongs to and the data subjects it is about. :func:`read` then

- refuses a purpose the actor does not have, a customer the actor does not serve and a
  record about a restricted subject (GDPR art. 18) to anyone but admin, with
  :class:`~meetdesk.errors.AccessDenied` naming the reason; in a listing such records
  are left out and counted instead. Every refusal is audited too;
- drops each field whose categories the actor may not read (deny wins, default deny;
  ``system.operations``, which holds no personal content, is readable unless denied)
  and names the fields withheld;
- writes the audit entries (who, action, the categories actually shown, purpose,
  subject pseudonym, customer, conversation) and, for a processor, the recipient ledger
  entries, in the same transaction as the load: if either write fails, the read fails
  and nothing is shown.

It takes the engine, not a session, because a refusal must be recorded even though the
read's own transaction is rolled back; it knows nothing of the command line, so the web
API and console call it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy import audit, ledger
from meetdesk.privacy.categories import PURPOSES
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.declarations import declaration
from meetdesk.privacy.processors import ALL_CUSTOMERS, Processor
from meetdesk.privacy.restrictions import restricted_among
from meetdesk.store.engine import transaction

ADMIN = "admin"
OPERATIONS = "system.operations"
RESTRICTED = "it is about a data subject whose processing is restricted (GDPR art. 18)"
UNREADABLE = "whom it is about can no longer be read (their keys were destroyed)"


@dataclass(frozen=True)
class Actor:
    """Who reads: a processor (``processor`` set) or the built-in ``admin`` role.

    ``via`` says through what (cli, api, console); the audit names an administrator
    ``admin-<via>`` and a processor by its id.
    """

    id: str
    via: str = "cli"
    processor: Processor | None = None

    @classmethod
    def admin(cls, via: str = "cli") -> Actor:
        return cls(id=ADMIN, via=via)

    @property
    def is_admin(self) -> bool:
        return self.processor is None

    @property
    def name(self) -> str:
        """The audit trail's ``actor``."""
        return f"{ADMIN}-{self.via}" if self.is_admin else self.id

    @property
    def purposes(self) -> tuple[str, ...]:
        return tuple(PURPOSES) if self.processor is None else self.processor.purposes

    def may_read(self, category: str) -> bool:
        if self.processor is None:
            return True
        if category == OPERATIONS:  # ids and states: readable unless explicitly denied
            return not any(
                c == OPERATIONS or OPERATIONS.startswith(c + ".") for c in self.processor.deny
            )
        return self.processor.may_read(category)

    def serves(self, customer_id: str | None, customer_email: str | None) -> bool:
        if self.processor is None:
            return True
        if customer_id is None and customer_email is None:  # not tied to any customer
            return ALL_CUSTOMERS in self.processor.customers
        return any(
            c is not None and self.processor.serves(c) for c in (customer_id, customer_email)
        )


def actor_for(processors: Sequence[Processor], actor_id: str | None, *, via: str = "cli") -> Actor:
    """The actor named ``actor_id`` (None or ``admin``: the administrators)."""
    if actor_id is None or actor_id == ADMIN:
        return Actor.admin(via)
    for p in processors:
        if p.id == actor_id:
            return Actor(id=p.id, via=via, processor=p)
    known = ", ".join([ADMIN, *(p.id for p in processors)])
    raise ConfigError(
        f"reader {actor_id!r}: no such processor in [[privacy.processors]] (known: {known})"
    )


@dataclass(frozen=True)
class Item:
    """One field of a record: its value and the categories it holds."""

    value: Any
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    """What one read would show, before the scope is applied."""

    fields: Mapping[str, Item]
    customer_id: str | None = None
    customer_email: str | None = None
    subjects: tuple[str, ...] = ()  # e-mail addresses of the people it is about
    conversation_id: str | None = None
    # why only an administrator may read it, when that is known without its subjects:
    # a held message of a restricted subject, or a record whose subjects cannot be read
    admin_only: str | None = None


@dataclass(frozen=True)
class Shown:
    """A record as the actor may see it: the fields kept and the names of those withheld."""

    fields: dict[str, Any]
    withheld: tuple[str, ...]
    customer_id: str | None
    conversation_id: str | None


@dataclass(frozen=True)
class Disclosure:
    """The outcome of a read: what was shown, and how many records were left out."""

    records: list[Shown]
    left_out: int = 0  # records of customers not served or restricted subjects (listings)
    withheld: tuple[str, ...] = field(default=())  # field names withheld from any record


def item(table: str, column: str, value: Any, key: str | None = None) -> Item:
    """A field whose categories are those declared for ``table.column`` (or one ``key``
    of its encrypted document) in the models, so a read can never under-declare."""
    column_ = SQLModel.metadata.tables[table].columns[column]
    decl = declaration(column_)
    if decl is None:
        raise LookupError(f"{table}.{column} declares no categories")
    if key is None:
        return Item(value, decl.categories)
    if key not in decl.fields:
        raise LookupError(f"{table}.{column} declares no key {key!r}")
    return Item(value, decl.fields[key])


class _Refused(Exception):
    def __init__(self, reason: str, record: Record, subject: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.record, self.subject = reason, record, subject


def read(
    engine: Engine,
    cipher: Cipher,
    *,
    actor: Actor,
    purpose: str,
    action: str,
    load: Callable[[Session], Sequence[Record]],
    now: datetime,
    one: bool = False,
) -> Disclosure:
    """Load, check, trim and audit one read in one transaction (see the module docstring).

    ``one``: the caller asked for one record, so a refused record is an ``AccessDenied``
    rather than left out of a listing."""
    if purpose not in PURPOSES:
        raise AccessDenied(f"unknown purpose {purpose!r} (known: {', '.join(PURPOSES)})")
    if purpose not in actor.purposes:
        mine = ", ".join(actor.purposes)
        _refusal(engine, cipher, actor, purpose, action, None, None, now)
        raise AccessDenied(f"{actor.id} may not read for {purpose} (its purposes: {mine})")
    try:
        with transaction(engine) as session:
            return _read(session, cipher, actor, purpose, action, load(session), now, one)
    except _Refused as refused:
        _refusal(engine, cipher, actor, purpose, action, refused.record, refused.subject, now)
        raise AccessDenied(refused.reason) from None


def _read(
    session: Session,
    cipher: Cipher,
    actor: Actor,
    purpose: str,
    action: str,
    records: Sequence[Record],
    now: datetime,
    one: bool,
) -> Disclosure:
    restricted: set[str] = set()
    if not actor.is_admin:
        restricted = restricted_among(session, cipher, {s for r in records for s in r.subjects})
    shown: list[Shown] = []
    left_out = 0
    withheld: dict[str, None] = {}
    for record in records:
        refusal = _refusal_reason(actor, record, restricted)
        if refusal is not None:
            if one:
                raise _Refused(*refusal)
            left_out += 1
            continue
        kept = {k: f for k, f in record.fields.items() if all(map(actor.may_read, f.categories))}
        dropped = tuple(k for k in record.fields if k not in kept)
        withheld.update(dict.fromkeys(dropped))
        shown.append(
            Shown(
                {k: f.value for k, f in kept.items()},
                dropped,
                record.customer_id,
                record.conversation_id,
            )
        )
        categories = sorted({c for f in kept.values() for c in f.categories})
        _document(session, cipher, actor, purpose, action, record, categories, now)
    if not shown:  # the read itself happened, even if it showed nothing
        audit.record(
            session,
            cipher,
            actor=actor.name,
            action=action,
            categories=[],
            purpose=purpose,
            now=now,
        )
    return Disclosure(shown, left_out, tuple(withheld))


def _refusal_reason(
    actor: Actor, record: Record, restricted: set[str]
) -> tuple[str, Record, str | None] | None:
    if not actor.serves(record.customer_id, record.customer_email):
        # never named: a processor must not learn who the customers it does not serve
        # are (the refusal's audit entry names the record)
        return f"{actor.id} does not serve this record's customer", record, None
    if record.admin_only is not None and not actor.is_admin:
        return f"{actor.id} may not read this record: {record.admin_only}", record, None
    for subject in record.subjects:
        if subject in restricted:
            return f"{actor.id} may not read this record: {RESTRICTED}", record, subject
    return None


def _document(
    session: Session,
    cipher: Cipher,
    actor: Actor,
    purpose: str,
    action: str,
    record: Record,
    categories: list[str],
    now: datetime,
) -> None:
    """The audit entries of one record shown (one per subject) and its ledger entries."""
    for subject in record.subjects or (None,):
        audit.record(
            session,
            cipher,
            actor=actor.name,
            action=action,
            categories=categories,
            purpose=purpose,
            subject_email=subject,
            customer_id=record.customer_id,
            conversation_id=record.conversation_id,
            now=now,
        )
        personal = [c for c in categories if c != OPERATIONS]
        if subject is not None and personal and not actor.is_admin:
            ledger.record_receipt(
                session,
                cipher,
                subject_email=subject,
                kind=ledger.PROCESSOR,
                recipient=actor.id,
                categories=personal,
                purpose=purpose,
                source=action,
                customer_id=record.customer_id,
                conversation_id=record.conversation_id,
                now=now,
            )


def _refusal(
    engine: Engine,
    cipher: Cipher,
    actor: Actor,
    purpose: str,
    action: str,
    record: Record | None,
    subject: str | None,
    now: datetime,
) -> None:
    """Audit a refused read in its own transaction: the read's own was rolled back."""
    with transaction(engine) as session:
        audit.record(
            session,
            cipher,
            actor=actor.name,
            action=f"denied.{action}",
            categories=[],
            purpose=purpose,
            subject_email=subject,
            customer_id=record.customer_id if record else None,
            conversation_id=record.conversation_id if record else None,
            now=now,
        )
