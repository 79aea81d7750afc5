"""Retention of the queue on both databases: a supervisor's note goes 90 days after the
conversation closed (the rule of private content) while the escalation's row of ids and
rule names stays its year; an escalation still claimed is never purged."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import col, select

from meetdesk.clock import FrozenClock
from meetdesk.privacy.purge import run_pass
from meetdesk.privacy.retention import RetentionSettings, parse_policy
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation, PurgeRecord
from tests.integration.store.retention_data import CIPHER, conversation, customer

from .queue_data import T0

DAY = timedelta(days=1)


def escalations(engine: Engine, conv_id: str) -> dict[str, Escalation]:
    with transaction(engine) as session:
        query = select(Escalation).where(col(Escalation.conversation_id) == conv_id)
        return {e.status: e for e in session.exec(query).all()}


def test_the_note_goes_by_its_rule_and_a_claim_stays(engine: Engine) -> None:
    clock = FrozenClock(T0)
    alice = customer(engine, "alice@example.com", T0)
    thread = conversation(engine, alice, state="cancelled", at=T0)  # with a resolved one
    with transaction(engine) as session:
        resolved = session.exec(
            select(Escalation).where(col(Escalation.conversation_id) == thread.id)
        ).one()
        resolved.note_enc = CIPHER.encrypt_text(
            "phoned Carol", table="escalation", column="note", row_id=resolved.id, owner=alice
        )
        session.add(  # escalate() would reopen the conversation; this one stays closed
            Escalation(
                conversation_id=thread.id,
                reason="no_free_slot",
                status="claimed",
                claimed_by="bruno",
                lease_until=T0 + DAY,
                created_at=T0,
            )
        )
    policy = parse_policy(RetentionSettings())

    clock.set(T0 + 91 * DAY)
    run_pass(engine, CIPHER, policy, now=clock.now())
    rows = escalations(engine, thread.id)
    assert rows["resolved"].note_enc is None and set(rows) == {"resolved", "claimed"}
    with transaction(engine) as session:
        purged = {r.table_name for r in session.exec(select(PurgeRecord)).all()}
    assert "escalation.note" in purged

    clock.set(T0 + 400 * DAY)
    run_pass(engine, CIPHER, policy, now=clock.now())
    assert set(escalations(engine, thread.id)) == {"claimed"}
