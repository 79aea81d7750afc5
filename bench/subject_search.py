"""What serving a data-subject request costs as the database grows, and what sealing costs.

A subject's data is sealed, so finding it (``meetdesk dsr export`` and ``dsr erase`` go
through ``meetdesk.privacy.subject_data.find_subject``) opens every conversation
document and every stored message: the cost grows with the database, not with the
subject. This builds N conversations on SQLite (each with two participants, one inbound
and one outbound message, under per-customer data keys) and times one search, so the
growth is seen in one run; then it times sealing and opening one value under a data key
against the single derived key of databases from before data keys.

It prints figures only (nothing is asserted: the machine is shared).

    .venv/bin/python bench/subject_search.py [--sizes 100 1000 5000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.master_keys import FileProvider
from meetdesk.privacy.subject_data import find_subject
from meetdesk.store.conversations import ConversationData, Person, new_conversation, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import upgrade
from meetdesk.store.models import InboundMessage, Outbox, new_id
from meetdesk.store.opening import open_cipher

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CUSTOMERS = 10


def _mail(sender: str, to: str, n: int) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, f"Meeting {n}"
    msg["Message-ID"] = f"<m{n}.{sender.split('@')[0]}@example.com>"
    msg.set_content("Tuesday at 10 works for me.\n\nThanks\n" + "Lorem ipsum. " * 40)
    return msg.as_bytes()


def build(folder: Path, size: int) -> tuple[object, Cipher]:
    engine = make_engine(f"sqlite:///{folder / f'bench-{size}.db'}")
    upgrade(engine)
    cipher = open_cipher(engine, FileProvider(folder / "master.key"))
    with transaction(engine) as session:
        owners = [
            add_customer(
                session, cipher, email=f"customer{i}@example.com", name=f"Customer {i}",
                timezone="Europe/Paris", calendars=[{"kind": "local", "path": "/x"}], now=T0,
            ).id
            for i in range(CUSTOMERS)
        ]  # fmt: skip
    for start in range(0, size, 500):
        with transaction(engine) as session:
            for n in range(start, min(size, start + 500)):
                owner = owners[n % CUSTOMERS]
                conv = new_conversation(session, now=T0 + timedelta(minutes=n))
                conv.customer_id = owner
                people = [Person(f"p{n}@example.com", f"P {n}"), Person(f"q{n % 97}@example.com")]
                data = ConversationData(subject=f"Meeting {n}", participants=people)
                save_data(cipher, conv, data)
                raw_in = _mail(f"p{n}@example.com", "julie@assistant.example", n)
                row_in = new_id()
                session.add(
                    InboundMessage(
                        id=row_in, conversation_id=conv.id, message_id_index=f"in{n}",
                        raw_enc=cipher.encrypt(raw_in, table="inbound_message", column="raw",
                                               row_id=row_in, owner=owner),
                        size=len(raw_in), status="done", received_at=conv.created_at,
                    )
                )  # fmt: skip
                raw_out = _mail("julie@assistant.example", f"p{n}@example.com", n)
                row_out = new_id()
                session.add(
                    Outbox(
                        id=row_out, conversation_id=conv.id, dedupe_key=f"out{n}",
                        purpose="proposal", message_id_index=f"out{n}",
                        raw_enc=cipher.encrypt(raw_out, table="outbox", column="raw",
                                               row_id=row_out, owner=owner),
                        envelope_enc=cipher.encrypt_json(
                            {"sender": "julie@assistant.example",
                             "recipients": [f"p{n}@example.com"]},
                            table="outbox", column="envelope", row_id=row_out, owner=owner),
                        status="sent", created_at=conv.created_at,
                    )
                )  # fmt: skip
    return engine, cipher


def time_search(engine: object, cipher: Cipher, email: str) -> tuple[float, int]:
    started = time.perf_counter()
    with transaction(engine) as session:  # type: ignore[arg-type]
        found = find_subject(session, cipher, email)
    return time.perf_counter() - started, len(found.conversations)


def time_sealing(cipher: Cipher, owner: str | None, rounds: int = 20000) -> float:
    """Microseconds to seal and open one 200-byte value."""
    value = b"x" * 200
    started = time.perf_counter()
    for i in range(rounds):
        blob = cipher.encrypt(value, table="t", column="c", row_id=str(i), owner=owner)
        cipher.decrypt(blob, table="t", column="c", row_id=str(i))
    return (time.perf_counter() - started) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("conversations  find_subject ms  per conversation us  found")
        cipher: Cipher | None = None
        for size in args.sizes:
            engine, cipher = build(folder, size)
            seconds, found = time_search(engine, cipher, "q1@example.com")
            print(f"{size:>13}  {seconds * 1000:>15.1f}  {seconds / size * 1e6:>19.1f}  {found:>5}")
        assert cipher is not None
        with transaction(engine) as session:  # type: ignore[arg-type]
            from sqlmodel import select

            from meetdesk.store.models import Customer

            owner = session.exec(select(Customer.id)).first()
        legacy = Cipher(b"k" * 32)
        keyed, single = time_sealing(cipher, owner), time_sealing(legacy, None)
        print(f"seal+open one value: data key {keyed:.1f} us, single derived key {single:.1f} us "
              f"(ratio {keyed / single:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
