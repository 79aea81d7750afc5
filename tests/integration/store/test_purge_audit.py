"""Old audit entries are cut at signed checkpoints, and the trail still verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, text
from sqlmodel import select

from meetdesk.privacy import audit
from meetdesk.privacy.audit_checkpoints import verify_all, write_checkpoint
from meetdesk.privacy.purge import run_pass
from meetdesk.privacy.retention import RetentionSettings, parse_policy
from meetdesk.store.engine import transaction
from meetdesk.store.models import PurgeRecord
from tests.integration.store.retention_data import CIPHER

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()
POLICY = parse_policy(RetentionSettings())  # audit entries: 12 months after recorded


def append(engine: Engine, n: int, at: datetime) -> None:
    for i in range(n):
        with transaction(engine) as session:
            audit.record(
                session,
                CIPHER,
                actor="admin-cli",
                action="read.escalations",
                categories=["system.operations"],
                purpose="supervision",
                subject_email="alice@example.com",
                now=at + timedelta(minutes=i),
            )


def checkpoint(engine: Engine, at: datetime) -> int:
    with transaction(engine) as session:
        return write_checkpoint(session, KEY, now=at).seq


def verified(engine: Engine) -> audit.VerifyResult:
    with transaction(engine) as session:
        return verify_all(session, KEY.public_key())


def test_entries_older_than_the_rule_go_up_to_a_checkpoint(engine: Engine) -> None:
    """Entries a year old are removed up to the newest old checkpoint, one checkpoint
    interval per transaction; verify still passes from the cut; a second pass is idle."""
    append(engine, 3, T0)
    first = checkpoint(engine, T0 + timedelta(hours=1))
    append(engine, 2, T0 + timedelta(days=10))
    second = checkpoint(engine, T0 + timedelta(days=10, hours=1))
    append(engine, 2, T0 + timedelta(days=20))  # young at the cut: kept, no checkpoint
    append(engine, 2, T0 + timedelta(days=400))
    now = T0 + timedelta(days=380)
    result = run_pass(engine, CIPHER, POLICY, now=now)
    assert (first, second) == (3, 5)
    with transaction(engine) as session:
        kept = [e.seq for e in audit.entries(session)]
        records = session.exec(select(PurgeRecord)).all()
    assert kept[0] == 6 and kept[-1] == 10  # 6..9, then the pass's own entry
    assert sum(r.count for r in records if r.table_name == "audit_entry") == 5
    assert {r.rule for r in records} == {"user: 12 months after closed"}
    check = verified(engine)
    assert check.ok and check.cut == 5, check
    assert run_pass(engine, CIPHER, POLICY, now=now).total == 0
    assert result.total == 5


def test_without_a_checkpoint_nothing_is_cut(engine: Engine) -> None:
    """No signed checkpoint, no anchor: the old entries stay."""
    append(engine, 3, T0)
    append(engine, 1, T0 + timedelta(days=400))
    assert run_pass(engine, CIPHER, POLICY, now=T0 + timedelta(days=380)).total == 0
    assert verified(engine).ok


def test_a_damaged_stretch_is_left_as_evidence(engine: Engine) -> None:
    """Entries that no longer verify are not removed, and verify still names them."""
    append(engine, 3, T0)
    checkpoint(engine, T0 + timedelta(hours=1))
    append(engine, 1, T0 + timedelta(days=400))
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = 'nobody' WHERE seq = 2"))
    assert run_pass(engine, CIPHER, POLICY, now=T0 + timedelta(days=380)).total == 0
    check = verified(engine)
    assert not check.ok and check.first_broken == 2


def test_a_gap_without_a_checkpoint_still_reads_as_missing_entries(engine: Engine) -> None:
    """Deleting old entries behind the purge's back, not at a checkpoint, is found."""
    append(engine, 4, T0)
    checkpoint(engine, T0 + timedelta(hours=1))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq <= 2"))
    check = verified(engine)
    assert not check.ok and check.first_broken == 1
