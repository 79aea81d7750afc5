"""Quality samples of a conversation the daemon really handled: every automatic decision
sampled at rate 1, none holding a real name or address, one pseudonym per person."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from meetdesk.store.engine import transaction
from meetdesk.store.models import Decision, QualitySample
from meetdesk.store.opening import open_store
from meetdesk.supervision.quality_sample import pseudonym
from meetdesk.testing.smtp_sink import SmtpSink
from tests.integration.flow.harness import ALICE, ASSISTANT, BOB, settings_for, start
from tests.integration.flow.messages import reply_to, request
from tests.integration.flow.reading import parsed


async def test_samples_of_a_booked_conversation_are_pseudonymised(
    tmp_path: Path, db_url: str, sink: SmtpSink
) -> None:
    """Request and choice both sampled; the texts name Bob and Alice only by pseudonym,
    Bob's the same in both; nothing of the headers' names or addresses is stored."""
    settings = settings_for(tmp_path, db_url, sink.port, quality={"sample_rate": 1.0})
    running = await start(settings)
    try:
        await running.send(request().as_bytes())
        await running.idle()
        await running.send(
            reply_to(parsed(sink.messages[0].raw), "The second one works, thanks Julie.").as_bytes()
        )
        await running.idle()
        engine, cipher = open_store(settings)
        try:
            with transaction(engine) as session:
                rows = session.exec(select(QualitySample)).all()
                made = session.exec(
                    select(Decision).where(Decision.inbound_message_id.is_not(None))  # type: ignore[union-attr]
                ).all()
                contents = [
                    cipher.decrypt_json(
                        r.sample_enc, table="quality_sample", column="sample", row_id=r.id
                    )
                    for r in rows
                ]
                raw = b"".join(r.sample_enc for r in rows)
        finally:
            engine.dispose()
    finally:
        await running.stop()
    assert {r.decision_id for r in rows} == {d.id for d in made} and len(rows) == 2
    customer_id = rows[0].customer_id
    bob = pseudonym(cipher, customer_id, BOB)
    alice = pseudonym(cipher, customer_id, ALICE)
    by_role = {c["sender_role"]: c for c in contents}
    assert by_role["customer"]["sender"] == alice and by_role["participant"]["sender"] == bob
    assert f"Hi {bob}," in by_role["customer"]["text"]
    assert by_role["customer"]["reading"]["intent"] == "schedule"
    assert "second one works" in by_role["participant"]["text"]
    assert by_role["customer"]["people"] == [{"pseudonym": bob, "role": "required"}]
    dumped = json.dumps(contents).lower()
    for secret in (ALICE, BOB, ASSISTANT, "alice", "bob", "martin", "durand", ".example"):
        assert secret not in dumped, secret
    assert b"alice" not in raw.lower() and b"bob" not in raw.lower()
