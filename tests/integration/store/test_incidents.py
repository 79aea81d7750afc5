"""The breach register on both databases: reach from the audit log, the 72-hour deadline,
notifications, closing, and refusals that write nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select

from meetdesk.clock import FrozenClock
from meetdesk.privacy import audit, incidents
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.incidents import IncidentError
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Incident, IncidentNotification

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)
ALICE, CAROL = "alice@customer.example", "carol@other.example"
BOB, DAN = "bob@partner.example", "dan@partner.example"


def _customers(engine: Engine) -> tuple[str, str, str]:
    """Two customers and a conversation of the second: ids only."""
    with transaction(engine) as session:
        cal = {"path": "/nowhere"}
        a = add_customer(
            session, CIPHER, email=ALICE, name="Alice", timezone="UTC",
            calendar_kind="local", calendar=cal, now=T0,
        )  # fmt: skip
        c = add_customer(
            session, CIPHER, email=CAROL, name="Carol", timezone="UTC",
            calendar_kind="local", calendar=cal, now=T0,
        )  # fmt: skip
        session.flush()
        conv = Conversation(customer_id=c.id, created_at=T0, updated_at=T0)
        session.add(conv)
        return a.id, c.id, conv.id


def _populate(engine: Engine) -> tuple[str, str, str]:
    """Audit entries before, inside and after the window, by two actors."""
    alice, carol, thread = _customers(engine)
    rows = [
        # (hours after T0, actor, categories, subject, customer, conversation)
        (-5, "supervision", ["user.contact.email"], BOB, alice, None),  # before the window
        (1, "supervision", ["user.contact.email", "user.contact.name"], BOB, alice, None),
        (2, "supervision", ["user.content.private.email_body"], DAN, None, thread),
        (3, "admin-cli", ["system.operations"], None, None, None),  # another actor
        (4, "supervision", ["user.contact.email"], BOB, alice, None),  # same subject again
        (30, "supervision", ["user.location"], CAROL, carol, None),  # after the window
    ]
    with transaction(engine) as session:
        for hours, actor, categories, subject, customer, conversation in rows:
            audit.record(
                session,
                CIPHER,
                actor=actor,
                action="read.conversation",
                categories=categories,
                purpose="supervision",
                subject_email=subject,
                customer_id=customer,
                conversation_id=conversation,
                now=T0 + timedelta(hours=hours),
            )
    return alice, carol, thread


def _open(engine: Engine, clock: FrozenClock, **kw: object) -> str:
    args: dict[str, object] = {
        "title": "Supervision account used from an unknown network",
        "aware_at": T0 + timedelta(hours=10),
        "window_start": T0,
        "window_end": T0 + timedelta(hours=24),
        "now": clock.now(),
    }
    args.update(kw)
    with transaction(engine) as session:
        return incidents.open_incident(session, CIPHER, **args)  # type: ignore[arg-type]


def _get(engine: Engine, incident_id: str) -> incidents.IncidentView:
    with transaction(engine) as session:
        return incidents.get_incident(session, CIPHER, incident_id)


def test_reach_is_read_from_the_audit_entries_in_the_window(engine: Engine) -> None:
    """Customers (also through a thread), categories and subject pseudonyms of the window's
    entries, only the concerned actor's when one is named; the register's own reads are
    not part of it."""
    alice, carol, _ = _populate(engine)
    clock = FrozenClock(T0 + timedelta(hours=12))
    narrow = _open(engine, clock, actors=["supervision"])
    wide = _open(engine, clock)
    with transaction(engine) as session:  # the register's own audited read, in the window
        audit.record(
            session, CIPHER, actor="admin-cli", action="incident.show",
            categories=["system.operations"], purpose="security", now=T0 + timedelta(hours=5),
        )  # fmt: skip
        got = incidents.reach(session, incidents.get_incident(session, CIPHER, narrow))
        every = incidents.reach(session, incidents.get_incident(session, CIPHER, wide))
    assert got.entries == 3 and got.actors == ("supervision",)
    assert got.customers == tuple(sorted([alice, carol]))  # carol through her thread
    assert got.conversations == 1
    assert got.categories == (
        "user.contact.email",
        "user.contact.name",
        "user.content.private.email_body",
    )
    pseudonyms = {audit.subject_pseudonym(CIPHER, BOB), audit.subject_pseudonym(CIPHER, DAN)}
    assert set(got.subjects) == pseudonyms and len(got.subjects) == 2
    assert BOB not in got.subjects and DAN not in got.subjects
    assert every.entries == 4 and every.actors == ("admin-cli", "supervision")
    assert "system.operations" in every.categories


def test_deadline_runs_72_hours_from_awareness(engine: Engine) -> None:
    """Hours left count down with the clock; past 72 h unnotified it is overdue; a
    notification of the authority ends the count, in time or late."""
    clock = FrozenClock(T0 + timedelta(hours=10))
    first = _open(engine, clock)
    second = _open(engine, clock)
    view = _get(engine, first)
    assert view.deadline == T0 + timedelta(hours=82)
    clock.advance(timedelta(hours=71, minutes=30))
    assert not view.overdue(clock.now()) and view.deadline_state(clock.now()) == "0h left"
    clock.advance(timedelta(hours=1))
    assert view.overdue(clock.now()) and view.deadline_state(clock.now()) == "OVERDUE by 0h"
    clock.advance(timedelta(hours=5))
    assert view.deadline_state(clock.now()) == "OVERDUE by 5h"
    with transaction(engine) as session:
        incidents.notify(
            session, CIPHER, first, to="authority", at=T0 + timedelta(hours=40),
            by="Dana Officer", method="portal", now=clock.now(),
        )  # fmt: skip
        incidents.notify(
            session, CIPHER, second, to="authority", at=T0 + timedelta(hours=83),
            by="Dana Officer", now=clock.now(),
        )  # fmt: skip
    assert _get(engine, first).deadline_state(clock.now()) == "notified in time"
    assert not _get(engine, first).overdue(clock.now())
    assert _get(engine, second).deadline_state(clock.now()) == "notified late"


def test_notifications_are_kept_encrypted_and_read_back(engine: Engine) -> None:
    """Who was told, when, by whom and how; the address and the name are ciphertext."""
    clock = FrozenClock(T0 + timedelta(hours=20))
    incident_id = _open(engine, clock)
    with transaction(engine) as session:
        incidents.notify(
            session, CIPHER, incident_id, to="customer:Alice@Customer.example",
            at=T0 + timedelta(hours=11), by="Dana Officer", now=clock.now(),
        )  # fmt: skip
        incidents.notify(
            session, CIPHER, incident_id, to="subjects", at=T0 + timedelta(hours=12),
            by="Dana Officer", method="letter", now=clock.now(),
        )  # fmt: skip
    view = _get(engine, incident_id)
    assert [(n.to, n.method, n.by) for n in view.notifications] == [
        (f"customer:{ALICE}", "email", "Dana Officer"),
        ("subjects", "letter", "Dana Officer"),
    ]
    assert view.authority_notified_at is None
    with engine.connect() as conn:
        blobs = conn.execute(text("SELECT recipient_enc, by_enc FROM incident_notification")).all()
        titles = conn.execute(text("SELECT title_enc FROM incident")).scalars().all()
    for blob in [b for row in blobs for b in row if b is not None] + list(titles):
        raw = bytes(blob)
        assert b"alice" not in raw.lower() and b"Dana" not in raw and b"unknown" not in raw


def test_close_keeps_the_summary_and_refuses_a_second_close(engine: Engine) -> None:
    """A closed incident has its summary and time; closing again is an error."""
    clock = FrozenClock(T0 + timedelta(hours=20))
    incident_id = _open(engine, clock, severity="high", description="token in a log file")
    with transaction(engine) as session:
        incidents.close(session, CIPHER, incident_id, summary="token revoked", now=clock.now())
    view = _get(engine, incident_id)
    assert (view.status, view.summary, view.closed_at) == ("closed", "token revoked", clock.now())
    assert (view.severity, view.description) == ("high", "token in a log file")
    later = clock.now() + timedelta(days=10)  # never notified, but closed: not overdue
    assert not view.overdue(later) and view.deadline_state(later) == "closed unnotified"
    with pytest.raises(IncidentError, match="already closed"):
        with transaction(engine) as session:
            incidents.close(session, CIPHER, incident_id, summary="again", now=clock.now())
    with transaction(engine) as session:
        assert [v.id for v in incidents.list_incidents(session, CIPHER, status="open")] == []
        assert [v.id for v in incidents.list_incidents(session, CIPHER)] == [incident_id]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"window_end": T0 - timedelta(hours=1)}, "ends before it starts"),
        ({"aware_at": T0 + timedelta(days=30)}, "in the future"),
        ({"aware_at": datetime(2026, 11, 30, 9, 0)}, "offset"),
        ({"title": "  "}, "title: must not be empty"),
        ({"severity": "apocalyptic"}, "severity"),
    ],
)
def test_bad_incidents_are_refused_and_nothing_is_written(
    engine: Engine, kwargs: dict[str, object], message: str
) -> None:
    """Each bad request is an IncidentError naming the problem; the register stays empty."""
    with pytest.raises(IncidentError, match=message):
        _open(engine, FrozenClock(T0 + timedelta(hours=20)), **kwargs)
    with transaction(engine) as session:
        assert session.exec(select(Incident)).all() == []


@pytest.mark.parametrize(
    ("to", "at", "message"),
    [
        ("regulator", T0 + timedelta(hours=11), "expected authority"),
        ("customer:", T0 + timedelta(hours=11), "expected authority"),
        ("customer:nobody", T0 + timedelta(hours=11), "not an e-mail address"),
        ("authority", T0 + timedelta(hours=9), "before the incident was known"),
        ("authority", T0 + timedelta(hours=21), "in the future"),
    ],
)
def test_bad_notifications_are_refused(engine: Engine, to: str, at: datetime, message: str) -> None:
    """A wrong recipient or an impossible time writes no notification."""
    clock = FrozenClock(T0 + timedelta(hours=20))
    incident_id = _open(engine, clock)
    with pytest.raises(IncidentError, match=message):
        with transaction(engine) as session:
            incidents.notify(session, CIPHER, incident_id, to=to, at=at, by="D", now=clock.now())
    with pytest.raises(IncidentError, match="no incident"):
        with transaction(engine) as session:
            incidents.notify(
                session, CIPHER, "missing", to="authority", at=at, by="D", now=clock.now()
            )
    with transaction(engine) as session:
        assert session.exec(select(IncidentNotification)).all() == []


def test_an_actor_must_be_known(engine: Engine) -> None:
    """An actor concerned is one the audit trail has seen or a declared processor; a typo
    is refused instead of giving an empty reach."""
    _populate(engine)
    clock = FrozenClock(T0 + timedelta(hours=20))
    with pytest.raises(IncidentError, match="actor 'supervison': not a processor"):
        _open(engine, clock, actors=["supervison"])
    assert _open(engine, clock, actors=["quality"], known_actors=["quality"])
    assert _open(engine, clock, actors=["admin-cli", "supervision"])
