"""The purge on both databases, moved through time by a fake clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.clock import FrozenClock
from meetdesk.privacy import audit, legal_holds
from meetdesk.privacy.purge import run_pass
from meetdesk.privacy.retention import Policy, RetentionSettings, parse_policy
from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Conversation, Hold, PurgeRecord
from tests.integration.store.retention_data import (
    CIPHER,
    conversation,
    counts,
    customer,
    rows_of,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
ALL_GONE_BUT_SHELL = {
    "inbound_message": 0,
    "outbox": 0,
    "thread_message": 1,
    "hold": 0,
    "decision": 1,
    "escalation": 1,
    "conversation": 1,
    "conversation.data": 0,
}


def policy(**kwargs: Any) -> Policy:
    return parse_policy(RetentionSettings(**kwargs))


def purge(engine: Engine, clock: FrozenClock, p: Policy | None = None) -> int:
    return run_pass(engine, CIPHER, p or policy(), now=clock.now()).total


def test_old_data_goes_by_its_rule_and_young_data_stays(engine: Engine) -> None:
    """Default rules: calendar data 30 days after the meeting, mail 90 days after the
    conversation closed, the rest a year; an open or recent conversation is untouched."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    cancelled = conversation(engine, alice, state="cancelled", at=T0)
    booked = conversation(engine, alice, state="booked", at=T0, meeting_end=T0 + 20 * DAY)
    open_ = conversation(engine, alice, state="proposed", at=T0)
    young = conversation(engine, alice, state="cancelled", at=T0 + 80 * DAY)

    clock.set(T0 + 31 * DAY)
    assert purge(engine, clock) > 0
    assert rows_of(engine, cancelled.id)["conversation.data"] == 0  # calendar: 30 days
    assert rows_of(engine, cancelled.id)["hold"] == 0
    assert rows_of(engine, cancelled.id)["inbound_message"] == 1  # mail: 90 days
    assert rows_of(engine, booked.id)["conversation.data"] == 1  # meeting 11 days ago

    clock.set(T0 + 91 * DAY)
    purge(engine, clock)
    assert rows_of(engine, cancelled.id) == ALL_GONE_BUT_SHELL
    assert rows_of(engine, booked.id)["conversation.data"] == 0
    assert rows_of(engine, booked.id)["inbound_message"] == 1  # closed at the meeting's end
    assert rows_of(engine, open_.id)["conversation.data"] == 1
    assert rows_of(engine, open_.id)["inbound_message"] == 1
    assert rows_of(engine, young.id)["inbound_message"] == 1

    clock.set(T0 + 111 * DAY)  # 90 days after the booked meeting ended
    purge(engine, clock)
    assert rows_of(engine, booked.id)["inbound_message"] == 0

    clock.set(T0 + 367 * DAY)  # a year: message ids, decisions, the shells, done jobs
    purge(engine, clock)
    assert set(rows_of(engine, cancelled.id).values()) == {0}
    assert set(rows_of(engine, booked.id).values()) == {0}  # the cap: a year recorded
    left = rows_of(engine, open_.id)  # never closed: the 12-month cap took its data
    assert left["conversation.data"] == 0 and left["inbound_message"] == 0
    assert counts(engine)["job"] == 1  # the young conversation's


def test_a_second_pass_changes_nothing(engine: Engine) -> None:
    """Idempotent: the same moment purged twice removes and records nothing more."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    for _ in range(3):
        conversation(engine, alice, state="cancelled", at=T0)
    clock.set(T0 + 100 * DAY)
    assert purge(engine, clock) > 0
    before = counts(engine)
    with transaction(engine) as session:
        records = len(session.exec(select(PurgeRecord)).all())
        entries = len(audit.entries(session))
    assert purge(engine, clock) == 0
    assert counts(engine) == before
    with transaction(engine) as session:
        assert len(session.exec(select(PurgeRecord)).all()) == records
        assert len(audit.entries(session)) == entries


def test_customer_and_subject_holds_keep_data_until_released(engine: Engine) -> None:
    """A customer hold keeps all of that customer's conversations; a subject hold every
    conversation the subject takes part in; once released, the next pass purges them."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    bob = customer(engine, "bob@example.com", T0)
    of_alice = conversation(engine, alice, state="cancelled", at=T0)
    with_dave = conversation(engine, bob, state="cancelled", at=T0, participant="dave@x.example")
    other = conversation(engine, bob, state="cancelled", at=T0)
    with transaction(engine) as session:
        by_customer = legal_holds.place(
            session, CIPHER, customer_id=alice, reason="case 1", by="admin-cli", now=T0
        )
        by_subject = legal_holds.place(
            session, CIPHER, subject_email="Dave@X.example", reason="case 2", by="admin-cli", now=T0
        )
    clock.set(T0 + 100 * DAY)
    result = run_pass(engine, CIPHER, policy(), now=clock.now())
    assert result.held == 2
    assert rows_of(engine, of_alice.id)["inbound_message"] == 1
    assert rows_of(engine, of_alice.id)["conversation.data"] == 1
    assert rows_of(engine, with_dave.id)["inbound_message"] == 1
    assert rows_of(engine, other.id) == ALL_GONE_BUT_SHELL
    with transaction(engine) as session:
        legal_holds.release(session, by_customer.id, by="admin-cli", now=clock.now())
        legal_holds.release(session, by_subject.id, by="admin-cli", now=clock.now())
    assert purge(engine, clock) > 0
    assert rows_of(engine, of_alice.id) == ALL_GONE_BUT_SHELL
    assert rows_of(engine, with_dave.id) == ALL_GONE_BUT_SHELL


def test_a_subject_hold_still_finds_the_mail_once_the_working_data_is_gone(
    engine: Engine,
) -> None:
    """A subject hold placed after the conversation's data was purged keeps the mail that
    names the subject: the purge reads the remaining messages' address headers."""
    clock = FrozenClock(T0)
    bob = customer(engine, "bob@example.com", T0)
    thread = conversation(engine, bob, state="cancelled", at=T0, participant="dave@x.example")
    clock.set(T0 + 31 * DAY)
    purge(engine, clock)
    assert rows_of(engine, thread.id)["conversation.data"] == 0
    with transaction(engine) as session:
        legal_holds.place(
            session, CIPHER, subject_email="dave@x.example", reason="r", by="admin-cli", now=T0
        )
    clock.set(T0 + 100 * DAY)
    result = run_pass(engine, CIPHER, policy(), now=clock.now())
    assert result.held == 1
    assert rows_of(engine, thread.id)["inbound_message"] == 1


def test_holds_in_use_or_in_the_calendar_are_kept(engine: Engine) -> None:
    """An expired hold goes with its conversation's calendar data; one whose tentative
    event is still in the calendar waits for the holds job to remove it."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    expired = conversation(engine, alice, state="cancelled", at=T0)
    placed = conversation(engine, alice, state="cancelled", at=T0)
    with transaction(engine) as session:
        for hold_id, in_calendar in ((expired.hold_id, False), (placed.hold_id, True)):
            row = session.get(Hold, hold_id)
            assert row is not None
            row.status, row.placed = "held", in_calendar
            session.add(row)
    clock.set(T0 + 31 * DAY)
    purge(engine, clock)
    assert rows_of(engine, expired.id)["hold"] == 0
    assert rows_of(engine, placed.id)["hold"] == 1


def test_a_customer_contract_shortens_that_customers_retention_only(engine: Engine) -> None:
    """A contract's rule is looked up before the global one, for its customer alone."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    bob = customer(engine, "bob@example.com", T0)
    of_alice = conversation(engine, alice, state="cancelled", at=T0)
    of_bob = conversation(engine, bob, state="cancelled", at=T0)
    p = policy(customers={"Alice@example.com": {"rules": {"user": "7 days after closed"}}})
    clock.set(T0 + 8 * DAY)
    purge(engine, clock, p)
    assert rows_of(engine, of_alice.id)["inbound_message"] == 0
    assert rows_of(engine, of_alice.id)["thread_message"] == 0
    assert rows_of(engine, of_bob.id)["inbound_message"] == 1
    with transaction(engine) as session:
        records = session.exec(select(PurgeRecord)).all()
    assert {r.customer_id for r in records} == {alice}
    assert any(r.rule == "user: 7 days after closed" for r in records)


def test_the_cap_removes_data_of_conversations_that_never_closed(engine: Engine) -> None:
    """Nothing personal outlives the cap after it was recorded, open conversation or not."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    open_ = conversation(engine, alice, state="proposed", at=T0)
    rules = {"user": "30 days after closed", "system.operations": "60 days after recorded"}
    p = policy(cap="60 days", rules=rules)
    clock.set(T0 + 59 * DAY)
    assert purge(engine, clock, p) == 0
    clock.set(T0 + 61 * DAY)
    purge(engine, clock, p)
    left = rows_of(engine, open_.id)
    assert left["conversation.data"] == 0 and left["inbound_message"] == 0
    assert left["thread_message"] == 0 and left["decision"] == 0
    with transaction(engine) as session:
        assert any(r.rule == "cap: 60 days" for r in session.exec(select(PurgeRecord)).all())


def test_small_batches_reach_every_conversation(engine: Engine) -> None:
    """With one conversation per transaction the pass still covers them all."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    threads = [conversation(engine, alice, state="cancelled", at=T0) for _ in range(4)]
    clock.set(T0 + 100 * DAY)
    purge(engine, clock, policy(batch_size=1))
    assert all(rows_of(engine, t.id) == ALL_GONE_BUT_SHELL for t in threads)


def test_purge_records_counts_and_an_audit_entry_never_content(engine: Engine) -> None:
    """Each removal is recorded by category, table, rule and count; one audit entry per
    pass that removed anything, and the audit chain still verifies."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    thread = conversation(engine, alice, state="cancelled", at=T0)
    clock.set(T0 + 100 * DAY)
    result = run_pass(engine, CIPHER, policy(), now=clock.now())
    with transaction(engine) as session:
        records = session.exec(select(PurgeRecord)).all()
        entry = session.exec(select(AuditEntry)).one()
        assert audit.verify(session).ok
        conv = session.get(Conversation, thread.id)
    by_table = {r.table_name: r for r in records}
    assert by_table["inbound_message"].count == 1
    assert by_table["inbound_message"].rule == "user.content.private: 90 days after closed"
    assert by_table["inbound_message"].category == "user.content.private.email_body"
    assert (
        by_table["conversation.data"].rule == "user.content.private.calendar: 30 days after meeting"
    )
    assert sum(r.count for r in records) == result.total
    assert {r.pass_id for r in records} == {result.pass_id}
    assert entry.actor == "retention" and entry.action == "purge"
    assert conv is not None and conv.closed_at == T0


def test_two_passes_at_once_neither_fail_nor_double_count(engine: Engine) -> None:
    """Two daemons purging together remove each row once and record it once."""
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    for _ in range(6):
        conversation(engine, alice, state="cancelled", at=T0)
    clock.set(T0 + 100 * DAY)
    totals: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            totals.append(purge(engine, clock, policy(batch_size=2)))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with transaction(engine) as session:
        recorded = sum(r.count for r in session.exec(select(PurgeRecord)).all())
        shells = session.exec(select(Conversation).where(col(Conversation.data_enc).is_(None)))
        assert len(shells.all()) == 6
    assert sum(totals) == recorded == 6 * 4  # data, inbound, outbox, hold per thread
    assert purge(engine, clock) == 0
