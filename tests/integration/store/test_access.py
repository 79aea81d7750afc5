"""The access function on both databases: scopes, trimming, restriction, audit and ledger
in the read's own transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy import audit
from meetdesk.privacy.access import Actor, Disclosure, Record, actor_for, item, read
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.ledger import recipients_of
from meetdesk.privacy.processors import Processor
from meetdesk.privacy.restrictions import restrict
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.views import conversation_record, escalation_records

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"a" * 32)
ALICE = "alice@customer.example"

SUPPORT = Processor(
    id="support",
    name="Helpdesk GmbH",
    country="DE",
    purposes=("support",),
    allow=("user.contact",),
    deny=("user.contact.name",),
    customers=(ALICE,),
)


def alice_record(session: Session) -> Sequence[Record]:
    return [
        Record(
            fields={
                "id": item("customer", "id", "c-1"),
                "email": item("customer", "email_enc", ALICE),
                "name": item("customer", "name_enc", "Alice Martin"),
                "timezone": item("customer", "timezone", "Europe/Paris"),
            },
            customer_id="c-1",
            customer_email=ALICE,
            subjects=(ALICE,),
        )
    ]


def entries(engine: Engine) -> list[tuple[str, str, list[str], str | None]]:
    with transaction(engine) as session:
        return [
            (e.actor, e.action, json.loads(e.categories), e.subject) for e in audit.entries(session)
        ]


def support_read(
    engine: Engine, actor: Actor, *, purpose: str = "support", one: bool = True
) -> Disclosure:
    return read(
        engine,
        CIPHER,
        actor=actor,
        purpose=purpose,
        action="read.customer",
        load=alice_record,
        now=T0,
        one=one,
    )


def test_fields_are_trimmed_deny_winning_and_denying_by_default(engine: Engine) -> None:
    """Allowed contact data is shown; the denied name and the never-allowed zone are not;
    the audit names what was shown and the ledger the personal part of it."""
    shown = support_read(engine, Actor("support", processor=SUPPORT))
    assert shown.records[0].fields == {"id": "c-1", "email": ALICE}
    assert shown.records[0].withheld == ("name", "timezone") == shown.withheld
    pseudonym = audit.subject_pseudonym(CIPHER, ALICE)
    assert entries(engine) == [
        ("support", "read.customer", ["system.operations", "user.contact.email"], pseudonym)
    ]
    with transaction(engine) as session:
        got = recipients_of(session, CIPHER, ALICE)
    assert [(r.kind, r.recipient, r.categories, r.purpose, r.source) for r in got] == [
        ("processor", "support", ("user.contact.email",), "support", "read.customer")
    ]


def test_admin_sees_everything_audited_but_is_no_recipient(engine: Engine) -> None:
    """The installation's administrators have full scope, are audited, and are not ledgered."""
    shown = support_read(engine, Actor.admin(), purpose="support")
    assert set(shown.records[0].fields) == {"id", "email", "name", "timezone"}
    assert entries(engine)[0][:2] == ("admin-cli", "read.customer")
    with transaction(engine) as session:
        assert recipients_of(session, CIPHER, ALICE) == []


def test_a_customer_not_served_is_refused_and_the_refusal_audited(engine: Engine) -> None:
    """One record of another customer: AccessDenied; in a listing it is left out."""
    other = Processor(**{**SUPPORT.__dict__, "customers": ("bob@else.example",)})
    actor = Actor("support", processor=other)
    with pytest.raises(AccessDenied, match="does not serve this record's customer"):
        support_read(engine, actor)
    assert entries(engine) == [("support", "denied.read.customer", [], None)]
    listing = support_read(engine, actor, one=False)
    assert (listing.records, listing.left_out) == ([], 1)
    with transaction(engine) as session:
        assert recipients_of(session, CIPHER, ALICE) == []


def test_a_purpose_the_processor_lacks_is_refused(engine: Engine) -> None:
    """Support reading for supervision is refused before anything is loaded, and audited."""
    with pytest.raises(AccessDenied, match="may not read for supervision"):
        support_read(engine, Actor("support", processor=SUPPORT), purpose="supervision")
    assert entries(engine) == [("support", "denied.read.customer", [], None)]


def test_a_restricted_subject_is_refused_to_processors_not_to_admin(engine: Engine) -> None:
    """Restriction (art. 18): every processor is refused, the administrator still reads."""
    with transaction(engine) as session:
        restrict(session, CIPHER, ALICE, reason="art18.accuracy", by="admin-cli", now=T0)
    with pytest.raises(AccessDenied, match="restricted"):
        support_read(engine, Actor("support", processor=SUPPORT))
    assert support_read(engine, Actor.admin()).records[0].fields["email"] == ALICE
    pseudonym = audit.subject_pseudonym(CIPHER, ALICE)
    assert [e[:2] + (e[3],) for e in entries(engine)] == [
        ("support", "denied.read.customer", pseudonym),
        ("admin-cli", "read.customer", pseudonym),
    ]


@pytest.mark.parametrize("table", ["audit_entry", "recipient_entry"])
def test_a_failing_audit_or_ledger_write_fails_the_read(engine: Engine, table: str) -> None:
    """With the audit trail (or the ledger) unwritable, the read raises and leaves nothing."""
    with engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE {table} RENAME TO {table}_gone"))
    with pytest.raises(Exception) as raised:
        support_read(engine, Actor("support", processor=SUPPORT))
    assert not isinstance(raised.value, AccessDenied)
    with engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE {table}_gone RENAME TO {table}"))
    assert entries(engine) == []
    with transaction(engine) as session:
        assert recipients_of(session, CIPHER, ALICE) == []


def test_an_empty_read_is_still_audited(engine: Engine) -> None:
    """Reading an empty list leaves one entry naming no category and no subject."""
    read(
        engine,
        CIPHER,
        actor=Actor.admin(),
        purpose="supervision",
        action="read.escalations",
        load=lambda session: [],
        now=T0,
    )
    assert entries(engine) == [("admin-cli", "read.escalations", [], None)]


def test_actor_for_names_known_processors_only() -> None:
    """--as takes admin or a configured processor id; anything else is a clear error."""
    assert actor_for([SUPPORT], None).is_admin and actor_for([SUPPORT], "admin").is_admin
    assert actor_for([SUPPORT], "support").processor is SUPPORT
    with pytest.raises(ConfigError, match="no such processor.*known: admin, support"):
        actor_for([SUPPORT], "reviewers")


def test_item_takes_categories_from_the_model_declarations() -> None:
    """A field's categories are the column's (or its document key's) declared ones."""
    assert item("customer", "email_enc", "x").categories == ("user.contact.email",)
    assert item("customer", "calendar_enc", "x", "calendars.url").categories == (
        "user.credentials",
    )
    with pytest.raises(LookupError):
        item("customer", "calendar_enc", "x", "calendars.colour")


def queue_as(engine: Engine, actor: Actor) -> Disclosure:
    return read(
        engine,
        CIPHER,
        actor=actor,
        purpose="supervision",
        action="read.escalations",
        load=lambda session: escalation_records(session, CIPHER, status="open"),
        now=T0,
    )


def test_escalations_are_about_their_conversation_people(engine: Engine) -> None:
    """A supervisor serving every customer sees an escalation whose participant is free,
    not one whose data no longer decrypts; the administrator sees both."""
    with transaction(engine) as session:
        for cipher in (CIPHER, Cipher(b"x" * 32)):  # the second: a key since destroyed
            conv = Conversation(created_at=T0, updated_at=T0)
            save_data(cipher, conv, ConversationData(participants=[Person("bob@p.example")]))
            session.add(conv)
            session.flush()
            escalate(session, now=T0, reason="low_confidence", conversation_id=conv.id)
    everyone = Processor(**{**SUPPORT.__dict__, "purposes": ("supervision",), "customers": ("*",)})
    seen = queue_as(engine, Actor("supervision", processor=everyone))
    assert (len(seen.records), seen.left_out) == (1, 1)
    assert len(queue_as(engine, Actor.admin()).records) == 2
    pseudonym = audit.subject_pseudonym(CIPHER, "bob@p.example")
    assert ("supervision", "read.escalations", ["system.operations"], pseudonym) in entries(engine)


def test_a_conversation_is_trimmed_key_by_key(engine: Engine) -> None:
    """Supervision may read contacts and content but not calendar data: the subject and
    participants show, the proposals and zones do not, and Bob's ledger says so."""
    with transaction(engine) as session:
        conv = Conversation(created_at=T0, updated_at=T0, state="proposed")
        data = ConversationData(
            subject="Kickoff",
            participants=[Person("bob@p.example", "Bob")],
            proposals=[["2026-12-03T10:00:00+01:00", "2026-12-03T10:30:00+01:00"]],
            zones={"bob@p.example": "Europe/London"},
        )
        save_data(CIPHER, conv, data)
        session.add(conv)
        conv_id = conv.id
    supervision = Processor(
        id="supervision",
        name="Example Supervision Ltd",
        country="IE",
        purposes=("supervision",),
        allow=("user.contact", "user.content.private"),
        deny=("user.content.private.calendar",),
        customers=("*",),
    )
    shown = read(
        engine,
        CIPHER,
        actor=Actor("supervision", processor=supervision),
        purpose="supervision",
        action="read.conversation",
        load=lambda session: [conversation_record(session, CIPHER, conv_id)],
        now=T0,
        one=True,
    ).records[0]
    assert shown.fields["subject"] == "Kickoff" and shown.fields["state"] == "proposed"
    assert shown.fields["participants"][0]["email"] == "bob@p.example"
    assert {"proposals", "zones", "duration_minutes", "request"} <= set(shown.withheld)
    with transaction(engine) as session:
        (got,) = recipients_of(session, CIPHER, "bob@p.example")
    assert got.categories == (
        "user.contact.email",
        "user.contact.name",
        "user.content.private.email_subject",
    )
