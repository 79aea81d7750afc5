"""Envelope encryption in the store: per-customer data keys, master and data key
rotation, background re-encryption, crypto-shredding and old backups, v1 values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, insert, select, text
from sqlmodel import col

from meetdesk.clock import FrozenClock
from meetdesk.errors import CryptoError
from meetdesk.privacy.audit import verify
from meetdesk.privacy.crypto import LEGACY, Cipher, key_id_of
from meetdesk.privacy.keyring import LEGACY_KEY_ID, RETIRE_GRACE
from meetdesk.privacy.keys import load_or_create_keys
from meetdesk.privacy.master_keys import FileProvider
from meetdesk.privacy.reencrypt import finish_rotation, reencrypt_pass, reseal, rotate_data_keys
from meetdesk.privacy.rotation import rotate_master
from meetdesk.privacy.shredding import shred_customer
from meetdesk.store.customers import CustomerRecord, add_customer, find_customer, get_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Customer, DataKey, Job
from meetdesk.store.opening import open_cipher

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CALENDAR = [{"kind": "local", "path": "/srv/calendars/x"}]


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "master.key"


def _cipher(engine: Engine, key_file: Path, clock: FrozenClock | None = None) -> Cipher:
    """What a process opening the store gets (each call: a new process)."""
    return open_cipher(engine, FileProvider(key_file), clock=clock or FrozenClock(T0))


def _add(engine: Engine, cipher: Cipher, email: str) -> CustomerRecord:
    with transaction(engine) as session:
        return add_customer(
            session, cipher, email=email, name=email.split("@")[0].title(),
            timezone="Europe/Paris", calendars=CALENDAR, now=T0,
        )  # fmt: skip


def _read(engine: Engine, cipher: Cipher, customer_id: str) -> CustomerRecord:
    with transaction(engine) as session:
        return get_customer(session, cipher, customer_id)


def _email_blob(engine: Engine, customer_id: str) -> bytes:
    with transaction(engine) as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        return bytes(row.email_enc)


def _keys(engine: Engine) -> list[DataKey]:
    with transaction(engine) as session:
        return list(session.scalars(select(DataKey).order_by(col(DataKey.created_at))))


def test_each_customer_has_a_data_key_of_their_own(engine: Engine, key_file: Path) -> None:
    """Two customers' values name two different data keys; a new process reads both."""
    cipher = _cipher(engine, key_file)
    alice, bob = _add(engine, cipher, "alice@example.com"), _add(engine, cipher, "bob@example.com")
    a, b = key_id_of(_email_blob(engine, alice.id)), key_id_of(_email_blob(engine, bob.id))
    assert a != b
    owners = {k.id: k.owner for k in _keys(engine)}
    assert owners[a] == alice.id and owners[b] == bob.id
    fresh = _cipher(engine, key_file)
    assert _read(engine, fresh, alice.id).email == "alice@example.com"
    with transaction(engine) as session:
        assert find_customer(session, fresh, "BOB@example.com") is not None


def test_a_new_key_rolls_back_with_its_transaction(engine: Engine, key_file: Path) -> None:
    """A data key made in a transaction that fails is gone, and never used afterwards."""
    cipher = _cipher(engine, key_file)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        add_customer(
            session, cipher, email="carol@example.com", name="Carol",
            timezone="UTC", calendars=CALENDAR, now=T0,
        )  # fmt: skip
        raise RuntimeError("the request failed")
    assert all(k.use != "data" for k in _keys(engine))
    blob = cipher.encrypt(b"x", table="t", column="c", row_id="1")
    assert key_id_of(blob) in {k.id for k in _keys(engine)}  # committed, not a ghost


def test_values_from_before_data_keys_still_read_and_are_resealed(
    engine: Engine, key_file: Path
) -> None:
    """A v1 database: readable at once, same blind indexes, re-sealed by the job, and the
    legacy key destroyed once nothing uses it."""
    (master,) = load_or_create_keys(key_file)
    alice = _add(engine, Cipher(master), "alice@example.com")  # written by the old version
    clock = FrozenClock(T0)
    cipher = _cipher(engine, key_file, clock)
    with transaction(engine) as session:
        assert session.scalar(select(col(Job.kind)).where(col(Job.kind) == "reencrypt"))
        assert find_customer(session, cipher, "alice@example.com") is not None
    assert key_id_of(_email_blob(engine, alice.id)) == LEGACY
    assert reencrypt_pass(engine, cipher).resealed == 3  # email, name, calendars
    assert key_id_of(_email_blob(engine, alice.id)) != LEGACY
    assert reencrypt_pass(engine, cipher).resealed == 0  # idempotent
    clock.advance(RETIRE_GRACE)
    with transaction(engine) as session:
        assert finish_rotation(session, cipher, now=clock.now(), resealed=0) == [LEGACY_KEY_ID]
    assert _read(engine, _cipher(engine, key_file), alice.id).name == "Alice"


def test_master_rotation_rewraps_while_a_running_process_keeps_working(
    engine: Engine, key_file: Path
) -> None:
    """`keys rotate` in another process: the daemon reads old values and wraps new keys
    under the new master; the old master is gone from the key file."""
    daemon = _cipher(engine, key_file)
    alice = _add(engine, daemon, "alice@example.com")
    old = FileProvider(key_file).current_id()
    cli = _cipher(engine, key_file)
    rotation = rotate_master(engine, cli.keyring, settle_seconds=0)  # type: ignore[arg-type]
    assert rotation.retired == (old,) and rotation.rewrapped == len(_keys(engine))
    assert {k.master_id for k in _keys(engine)} == {rotation.master_id}
    assert FileProvider(key_file).ids() == (rotation.master_id,)
    assert _read(engine, daemon, alice.id).email == "alice@example.com"
    bob = _add(engine, daemon, "bob@example.com")  # a new key, made after the rotation
    bobs = [k for k in _keys(engine) if k.owner == bob.id]
    assert [k.master_id for k in bobs] == [rotation.master_id]
    fresh = _cipher(engine, key_file)
    assert _read(engine, fresh, alice.id).email == "alice@example.com"
    assert _read(engine, fresh, bob.id).email == "bob@example.com"
    carol = _add(engine, cli, "carol@example.com")  # a key the daemon meets unannounced
    daemon.keyring.refresh(force=True)  # type: ignore[union-attr]
    assert _read(engine, daemon, carol.id).email == "carol@example.com"


def test_environment_master_rotates_when_the_operator_puts_a_new_key_first(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With MEETDESK_MASTER_KEY, rotate re-wraps under the key listed first and names the
    old one for the operator to remove."""
    import base64

    from meetdesk.privacy.master_keys import ENV_VARIABLE, EnvironmentProvider, master_id

    old, new = base64.b64encode(b"o" * 32).decode(), base64.b64encode(b"n" * 32).decode()
    monkeypatch.setenv(ENV_VARIABLE, old)
    cipher = open_cipher(engine, EnvironmentProvider(), clock=FrozenClock(T0))
    alice = _add(engine, cipher, "alice@example.com")
    monkeypatch.setenv(ENV_VARIABLE, f"{new},{old}")
    rotated = open_cipher(engine, EnvironmentProvider(), clock=FrozenClock(T0))
    result = rotate_master(engine, rotated.keyring, settle_seconds=0)  # type: ignore[arg-type]
    assert (result.master_id, result.retired, result.forgotten) == (
        master_id(b"n" * 32), (master_id(b"o" * 32),), False
    )  # fmt: skip
    monkeypatch.setenv(ENV_VARIABLE, new)
    again = open_cipher(engine, EnvironmentProvider(), clock=FrozenClock(T0))
    assert _read(engine, again, alice.id).email == "alice@example.com"


def test_data_key_rotation_reencrypts_resumably_and_destroys_the_old_key(
    engine: Engine, key_file: Path
) -> None:
    """`keys rotate --data`: new values at once under new keys; passes re-seal the rest,
    an interrupted pass resumes where values are left; the old keys go after the grace."""
    clock = FrozenClock(T0)
    cipher = _cipher(engine, key_file, clock)
    alice, bob = _add(engine, cipher, "alice@example.com"), _add(engine, cipher, "bob@example.com")
    before = key_id_of(_email_blob(engine, alice.id))
    with transaction(engine) as session:
        retired = rotate_data_keys(session, cipher, now=clock.now(), everyone=True)
    assert before in retired
    other = _cipher(engine, key_file)  # a process that learns of it from the table
    assert _read(engine, other, alice.id).email == "alice@example.com"
    with transaction(engine) as session:
        assert reseal(session, cipher, owner=alice.id).resealed == 3  # a pass cut short
    assert reencrypt_pass(engine, cipher, batch=1).resealed == 3  # only bob's were left
    assert reencrypt_pass(engine, cipher).resealed == 0
    assert key_id_of(_email_blob(engine, alice.id)) not in retired
    with transaction(engine) as session:  # too early: a process may still seal under it
        assert finish_rotation(session, cipher, now=clock.now(), resealed=0) == []
    clock.advance(RETIRE_GRACE)
    with transaction(engine) as session:
        assert sorted(finish_rotation(session, cipher, now=clock.now(), resealed=0)) == sorted(
            retired
        )
    states = {k.id: (k.state, k.wrapped_key) for k in _keys(engine)}
    assert all(states[i] == ("destroyed", None) for i in retired)
    fresh = _cipher(engine, key_file)
    assert _read(engine, fresh, alice.id).email == "alice@example.com"
    assert _read(engine, fresh, bob.id).email == "bob@example.com"


def test_shredding_makes_one_customer_unreadable_and_is_audited(
    engine: Engine, key_file: Path
) -> None:
    """After the shred, Alice's rows raise "destroyed", in this process and a new one;
    Bob still reads; the audit trail names the shred."""
    cipher = _cipher(engine, key_file)
    alice, bob = _add(engine, cipher, "alice@example.com"), _add(engine, cipher, "bob@example.com")
    with transaction(engine) as session:
        destroyed = shred_customer(session, cipher, alice.id, T0)
    assert destroyed
    for reader in (cipher, _cipher(engine, key_file)):
        with pytest.raises(CryptoError, match="destroyed"):
            _read(engine, reader, alice.id)
        assert _read(engine, reader, bob.id).email == "bob@example.com"
    with transaction(engine) as session:
        entry = session.scalars(select(AuditEntry).order_by(col(AuditEntry.seq).desc())).first()
        assert entry is not None and entry.action == "keys.shred"
        assert entry.customer_id == alice.id
        assert verify(session).ok


def _backup(engine: Engine) -> list[dict[str, Any]]:
    with transaction(engine) as session:
        return [dict(r._mapping) for r in session.execute(select(DataKey.__table__))]  # type: ignore[attr-defined]


def _restore(engine: Engine, rows: list[dict[str, Any]]) -> None:
    with transaction(engine) as session:
        session.execute(delete(DataKey))
        session.execute(insert(DataKey.__table__), rows)  # type: ignore[attr-defined]


def test_an_old_backup_is_unreadable_once_the_old_master_is_retired(
    engine: Engine, key_file: Path
) -> None:
    """A copy of the keys taken before the shred would bring Alice back while the old
    master exists; after the shred's master rotation, it opens nothing."""
    cipher = _cipher(engine, key_file)
    alice = _add(engine, cipher, "alice@example.com")
    backup = _backup(engine)
    with transaction(engine) as session:
        shred_customer(session, cipher, alice.id, T0)
    live = _backup(engine)
    _restore(engine, backup)  # the old backup, before the master is retired: readable
    assert _read(engine, _cipher(engine, key_file), alice.id).email == "alice@example.com"
    _restore(engine, live)
    rotate_master(engine, cipher.keyring, settle_seconds=0)  # type: ignore[arg-type]
    _restore(engine, backup)
    with pytest.raises(CryptoError, match="not available"):
        _read(engine, _cipher(engine, key_file), alice.id)


def test_mail_of_an_unknown_sender_moves_to_the_customer_key(
    engine: Engine, key_file: Path
) -> None:
    """Sealed under the installation key first, a conversation's rows are re-sealed under
    its customer's key once it is attributed."""
    from meetdesk.store.conversations import new_conversation, record_message
    from meetdesk.store.models import Conversation, ThreadMessage

    cipher = _cipher(engine, key_file)
    alice = _add(engine, cipher, "alice@example.com")
    with transaction(engine) as session:
        conv = new_conversation(session, now=T0)
        session.flush()
        record_message(
            session, cipher, conversation_id=conv.id, message_id="<m1@x>", direction="in", now=T0
        )
    installation = {k.id for k in _keys(engine) if k.owner is None and k.use == "data"}
    with transaction(engine) as session:
        blob = session.scalars(select(col(ThreadMessage.message_id_enc))).one()
        assert key_id_of(blob) in installation
        row = session.get(Conversation, conv.id)
        assert row is not None
        row.customer_id = alice.id
        assert reseal(session, cipher, conversation_id=conv.id).resealed == 1
    with transaction(engine) as session:
        blob = session.scalars(select(col(ThreadMessage.message_id_enc))).one()
    assert key_id_of(blob) in {k.id for k in _keys(engine) if k.owner == alice.id}


def test_the_data_key_table_holds_no_key_in_clear(engine: Engine, key_file: Path) -> None:
    """No row of data_key contains the unwrapped material."""
    cipher = _cipher(engine, key_file)
    _add(engine, cipher, "alice@example.com")
    assert cipher.keyring is not None
    with transaction(engine) as session:
        rows = session.execute(text("SELECT id, wrapped_key FROM data_key")).all()
    for key_id, wrapped in rows:
        assert cipher.keyring.material(key_id) not in bytes(wrapped)


def test_time_moves_the_grace_period_only() -> None:
    """The grace period outlasts the keyring's refresh, so every process has seen a
    retirement before the retired key is destroyed."""
    from meetdesk.privacy.keyring import REFRESH_SECONDS

    assert RETIRE_GRACE > timedelta(seconds=2 * REFRESH_SECONDS)


async def test_the_reencrypt_job_runs_until_the_old_keys_are_destroyed(
    engine: Engine, key_file: Path, tmp_path: Path
) -> None:
    """The daemon's `reencrypt` job re-seals, queues itself again until the grace period
    is over, and then destroys the retired keys; the data reads throughout."""
    from meetdesk.daemon import make_services
    from meetdesk.privacy.reencrypt import reencrypt_job
    from meetdesk.settings import parse_settings
    from meetdesk.store import jobs
    from meetdesk.worker import JobContext

    clock = FrozenClock(T0)
    cipher = _cipher(engine, key_file, clock)
    alice = _add(engine, cipher, "alice@example.com")
    with transaction(engine) as session:
        retired = rotate_data_keys(session, cipher, now=clock.now(), everyone=True)
    settings = parse_settings({"mail": {"outbound": {"maildir": "out"}}}, base_dir=tmp_path)
    services = make_services(settings, engine, cipher, clock)
    runs = 0
    for _ in range(10):  # the clock moves on; a job queued for later waits its turn
        claimed = jobs.claim(engine, "w", now=clock.now(), lease=timedelta(minutes=5))
        if claimed is not None:
            assert claimed.kind == "reencrypt"
            await reencrypt_job(claimed, JobContext(engine, clock, claimed), s=services)
            runs += 1
        clock.advance(timedelta(seconds=20))
    with transaction(engine) as session:
        assert session.scalars(select(col(Job.status))).all() == ["done"] * runs
    assert runs >= 2  # the first pass re-sealed, a later one found nothing and destroyed
    assert {k.id: k.state for k in _keys(engine) if k.id in retired} == dict.fromkeys(
        retired, "destroyed"
    )
    assert key_id_of(_email_blob(engine, alice.id)) not in retired
    assert _read(engine, _cipher(engine, key_file), alice.id).email == "alice@example.com"


def test_a_sealed_value_names_its_key_and_its_place(engine: Engine, key_file: Path) -> None:
    """Version 2 values carry their data key's id; moved to another row they fail; a bare
    master-key cipher (no store) says it needs the data keys."""
    cipher = _cipher(engine, key_file)
    blob = cipher.encrypt(b"secret", table="t", column="c", row_id="1", owner="cust")
    assert blob[:1] == b"\x02" and key_id_of(blob) in {k.id for k in _keys(engine)}
    assert b"secret" not in blob
    with pytest.raises(CryptoError, match="moved value"):
        cipher.decrypt(blob, table="t", column="c", row_id="2")
    (master,) = load_or_create_keys(key_file)
    with pytest.raises(CryptoError, match="open the store"):
        Cipher(master).decrypt(blob, table="t", column="c", row_id="1")
    legacy = Cipher(master).encrypt(b"old", table="t", column="c", row_id="1")
    assert key_id_of(legacy) == LEGACY


def test_accountability_records_outlive_a_shredded_customer(engine: Engine, key_file: Path) -> None:
    """A legal hold, a data-subject request and a ledger entry naming Alice stay
    readable after her keys are destroyed: they are the installation's records of what
    was done with her data, sealed under its key even through a re-encryption pass."""
    from meetdesk.privacy import legal_holds, subject_requests
    from meetdesk.privacy.ledger import PARTICIPANT, recipients_of, record_receipt

    cipher = _cipher(engine, key_file)
    alice = _add(engine, cipher, "alice@example.com")
    with transaction(engine) as session:
        hold = legal_holds.place(
            session, cipher, reason="litigation 2026-17", by="admin-cli", now=T0,
            customer_id=alice.id,
        )  # fmt: skip
        request = subject_requests.open_request(
            session, cipher, kind="erasure", email=alice.email, channel="cli", now=T0,
            customer_id=alice.id,
        )  # fmt: skip
        record_receipt(
            session, cipher, subject_email=alice.email, kind=PARTICIPANT,
            recipient="bob@example.com", categories=["user.contact.name"],
            purpose="scheduling", source="mail.proposal", now=T0, customer_id=alice.id,
        )  # fmt: skip
    reencrypt_pass(engine, cipher)
    with transaction(engine) as session:
        assert shred_customer(session, cipher, alice.id, T0)
    reader = _cipher(engine, key_file)
    with transaction(engine) as session:
        row = session.get(legal_holds.LegalHold, hold.id)
        assert row is not None and legal_holds.reason_of(reader, row) == "litigation 2026-17"
        assert subject_requests.get_request(session, reader, request.id).email == alice.email
        assert [r.recipient for r in recipients_of(session, reader, alice.email)] == [
            "bob@example.com"
        ]
