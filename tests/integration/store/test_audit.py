"""The audit chain on both databases: append, verify, tampering with raw SQL, concurrency."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation

T0 = datetime(2026, 12, 2, 9, 0, 0, 123456, tzinfo=UTC)
CIPHER = Cipher(b"k" * 32)


def append(engine: Engine, n: int, *, actor: str = "admin-cli") -> None:
    for i in range(n):
        with transaction(engine) as session:
            audit.record(
                session,
                CIPHER,
                actor=actor,
                action="read.conversation",
                categories=["user.contact.email", "system.operations"],
                purpose="support",
                subject_email="alice@example.com",
                customer_id="c-1",
                conversation_id=f"v-{i}",
                now=T0 + timedelta(minutes=i),
            )


def verify(engine: Engine) -> audit.VerifyResult:
    with transaction(engine) as session:
        return audit.verify(session)


def test_appended_entries_verify_and_hold_no_address(engine: Engine) -> None:
    """Entries chain from the genesis hash, read back unchanged, and carry only a pseudonym."""
    append(engine, 3)
    assert verify(engine) == audit.VerifyResult(ok=True, entries=3)
    with transaction(engine) as session:
        rows = audit.entries(session)
    assert [r.seq for r in rows] == [1, 2, 3] and rows[0].prev_hash == audit.GENESIS
    assert rows[1].prev_hash == rows[0].entry_hash and rows[0].at == T0
    assert json.loads(rows[0].categories) == ["system.operations", "user.contact.email"]
    assert rows[0].subject == audit.subject_pseudonym(CIPHER, "alice@example.com")
    assert all("alice" not in str(v) for r in rows for v in r.model_dump().values())


def test_a_failed_audit_write_rolls_back_the_read_it_documents(engine: Engine) -> None:
    """The entry is written in the caller's transaction: when it fails, so does the work."""
    with pytest.raises(ValueError):
        with transaction(engine) as session:
            session.add(Escalation(reason="test", created_at=T0))
            session.flush()  # the documented work is in the transaction already
            audit.record(
                session,
                CIPHER,
                actor="admin-cli",
                action="read.escalations",
                categories=[],
                purpose="supervision",
                now=T0.replace(tzinfo=None),  # naive: refused by the chain
            )
    with transaction(engine) as session:
        assert session.execute(text("SELECT count(*) FROM escalation")).scalar() == 0
        assert audit.entries(session) == []


def test_an_edited_row_breaks_the_chain_at_that_entry(engine: Engine) -> None:
    """Raw SQL changing one field of entry 2 is found, and named."""
    append(engine, 4)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET purpose = 'curiosity' WHERE seq = 2"))
    result = verify(engine)
    assert (result.ok, result.first_broken, result.entries) == (False, 2, 1)
    assert "changed" in result.reason


def test_an_edited_time_breaks_the_chain(engine: Engine) -> None:
    """Times are hashed too: back-dating an entry is found."""
    append(engine, 2)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET at = :at WHERE seq = 1"), {"at": T0 - timedelta(days=1)}
        )
    assert verify(engine).first_broken == 1


def test_a_deleted_row_breaks_the_chain(engine: Engine) -> None:
    """Deleting entry 2 leaves a gap; deleting entry 1 too is still found."""
    append(engine, 4)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    result = verify(engine)
    assert (result.ok, result.first_broken) == (False, 2) and "missing" in result.reason
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 1"))
    assert verify(engine).first_broken == 1


def test_renumbering_rows_breaks_the_chain(engine: Engine) -> None:
    """Swapping the sequence numbers of entries 2 and 3 is found at entry 2."""
    append(engine, 4)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET seq = 100 WHERE seq = 2"))
        conn.execute(text("UPDATE audit_entry SET seq = 2 WHERE seq = 3"))
        conn.execute(text("UPDATE audit_entry SET seq = 3 WHERE seq = 100"))
    result = verify(engine)
    assert (result.ok, result.first_broken) == (False, 2)


def test_concurrent_appends_keep_one_chain(engine: Engine) -> None:
    """Two threads appending at once, each transaction held open after its append, still
    produce one unbroken chain with every entry."""
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(actor: str) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction(engine) as session:
                    audit.record(
                        session,
                        CIPHER,
                        actor=actor,
                        action="read.escalations",
                        categories=["system.operations"],
                        purpose="supervision",
                        now=T0 + timedelta(seconds=i),
                    )
                    session.execute(text("SELECT 1"))  # more work after the append
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(a,)) for a in ("reviewer-1", "reviewer-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert verify(engine) == audit.VerifyResult(ok=True, entries=20)
    with transaction(engine) as session:
        actors = [r.actor for r in audit.entries(session)]
    assert actors.count("reviewer-1") == actors.count("reviewer-2") == 10
