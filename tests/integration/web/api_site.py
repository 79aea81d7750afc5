"""The API on a real store for its tests: processors with different scopes, accounts of
every role (made on first use: argon2id takes its time), two customers each with an
escalated message and a sampled decision, and a client speaking to the application."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import select

from meetdesk.accounts.registry import add_account
from meetdesk.accounts.tokens import create_token
from meetdesk.clock import FrozenClock
from meetdesk.daemon import make_services
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings, parse_settings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import add_customer, get_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Decision, Escalation, InboundMessage, new_id
from meetdesk.store.opening import open_store
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.quality import sample_decision
from meetdesk.supervision.web.app import create_app
from meetdesk.supervision.web.context import WebContext

# Wednesday 2 December 2026, 09:00 UTC; the candidate slots are on Thursday.
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ALICE = "alice@customer.example"
ZOE = "zoe@elsewhere.example"
BOB = "bob@partner.example"
PASSWORD = "Correct-Horse-Battery-9"
SECRET = "Thursday works, or the blue room at Acme?"
SLOTS = [["2026-12-03T10:00:00+00:00", "2026-12-03T10:30:00+00:00"]]
PROCESSORS: list[dict[str, Any]] = [
    {  # supervisors serving Alice, reading everything personal
        "id": "provider",
        "name": "Supervisors Ltd",
        "country": "IE",
        "purposes": ["supervision"],
        "allow": ["user"],
        "customers": [ALICE],
    },
    {  # supervisors serving Alice, never shown any private content
        "id": "narrow",
        "name": "Narrow Ltd",
        "country": "IE",
        "purposes": ["supervision"],
        "allow": ["user"],
        "deny": ["user.content.private"],
        "customers": [ALICE],
    },
    {  # supervisors serving Alice, never shown addresses or names
        "id": "nocontact",
        "name": "No Contact Ltd",
        "country": "IE",
        "purposes": ["supervision"],
        "allow": ["user"],
        "deny": ["user.contact"],
        "customers": [ALICE],
    },
    {  # supervisors serving someone else
        "id": "elsewhere",
        "name": "Elsewhere Ltd",
        "country": "FR",
        "purposes": ["supervision"],
        "allow": ["user"],
        "customers": [ZOE],
    },
    {
        "id": "reviewers",
        "name": "Reviewers GmbH",
        "country": "DE",
        "purposes": ["quality_review"],
        "allow": ["user"],
        "customers": ["*"],
    },
    {  # reviewers of Alice only, never shown e-mail content
        "id": "reviewers-alice",
        "name": "Small Reviewers GmbH",
        "country": "DE",
        "purposes": ["quality_review"],
        "allow": ["user"],
        "deny": ["user.content.private.email_body"],
        "customers": [ALICE],
    },
    {
        "id": "helpdesk",
        "name": "Helpdesk Ltd",
        "country": "IE",
        "purposes": ["support"],
        "allow": ["user"],
        "customers": ["*"],
    },
]
# user name -> (role, processor)
ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "eve": ("supervisor", "provider"),
    "nora": ("supervisor", "narrow"),
    "nick": ("supervisor", "nocontact"),
    "olga": ("supervisor", "elsewhere"),
    "quinn": ("quality_reviewer", "reviewers"),
    "rita": ("quality_reviewer", "reviewers-alice"),
    "sam": ("support", "helpdesk"),
    "root": ("admin", None),
}


def message(sender: str, text: str = SECRET) -> bytes:
    name = sender.split("@")[0].title()
    return (
        f"From: {name} <{sender}>\r\nTo: julie@assistant.example\r\nSubject: Our meeting\r\n"
        f"Message-ID: <{new_id()}@partner.example>\r\nContent-Type: text/plain; charset=utf-8"
        f"\r\n\r\n{text}\r\n\r\nBest,\r\nBob\r\n"
    ).encode()


def settings_for(
    root: Path, db_url: str, processors: list[dict[str, Any]] | None = None, **extra: Any
) -> Settings:
    chosen = PROCESSORS if processors is None else processors
    privacy = {"key_file": "master.key", "processors": chosen}
    data: dict[str, Any] = {
        "assistant": {"name": "Julie", "address": "julie@assistant.example"},
        "store": {"url": db_url},
        "privacy": privacy,
        "mail": {"outbound": {"transport": "maildir", "maildir": str(root / "outbox")}},
        "console": {"secure_cookies": False},
        "accounts": {"lockout_failures": 3, "password_min_length": 12},
        "quality": {"sample_rate": 1.0},
    }
    data.update(extra)
    return parse_settings(data, base_dir=root)


@dataclass
class Customer:
    id: str
    email: str
    conversation: str
    escalation: str
    sample: str


@dataclass
class Site:
    client: TestClient
    settings: Settings
    engine: Engine
    cipher: Cipher
    clock: FrozenClock
    alice: Customer
    zoe: Customer
    _tokens: dict[str, str] = field(default_factory=dict)

    def account(self, username: str) -> None:
        """Create ``username`` (of :data:`ACCOUNTS`) unless it exists."""
        if username in self._tokens:
            return
        role, processor = ACCOUNTS[username]
        add_account(
            self.engine, self.cipher, self.settings.privacy.processors, username=username,
            role=role, processor_id=processor, password=PASSWORD, min_length=12, now=T0,
        )  # fmt: skip
        issued = create_token(
            self.engine, self.cipher, username=username, name="tests", days=30, now=T0
        )
        self._tokens[username] = issued.secret

    def token(self, username: str) -> str:
        self.account(username)
        return self._tokens[username]

    def auth(self, username: str) -> dict[str, str]:
        """Headers of a script using ``username``'s API token."""
        return {"Authorization": f"Bearer {self.token(username)}"}

    def sign_in(self, username: str, password: str = PASSWORD) -> Any:
        self.account(username)
        return self.client.post("/api/session", json={"username": username, "password": password})

    def signed_in(self, username: str) -> str:
        """Sign ``username`` in with a cookie session; its CSRF token."""
        response = self.sign_in(username)
        assert response.status_code == 200, response.text
        token = response.json()["csrf_token"]
        assert isinstance(token, str)
        return token

    def escalation(self, escalation_id: str) -> Escalation:
        with transaction(self.engine) as session:
            row = session.get(Escalation, escalation_id)
            assert row is not None
            return row


def build(root: Path, db_url: str, **extra: Any) -> Iterator[Site]:
    settings = settings_for(root, db_url, **extra)
    clock = FrozenClock(T0)
    engine, cipher = open_store(settings, clock=clock)
    alice = _customer(settings, engine, cipher, root / "alice", ALICE)
    zoe = _customer(settings, engine, cipher, root / "zoe", ZOE)
    services = make_services(settings, engine, cipher, clock)
    app = create_app(WebContext(settings, engine, cipher, clock, services))
    with TestClient(app, base_url="http://testserver") as client:
        yield Site(client, settings, engine, cipher, clock, alice, zoe)
    engine.dispose()


def _customer(
    settings: Settings, engine: Engine, cipher: Cipher, folder: Path, email: str
) -> Customer:
    """A customer whose conversation has a message the assistant answered (a sampled
    decision) and an answer it could not read (an escalation), as the flow leaves them."""
    folder.mkdir(parents=True, exist_ok=True)
    with transaction(engine) as session:
        row = add_customer(
            session, cipher, email=email, name=email.split("@")[0], timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": str(folder)}], now=T0,
        )  # fmt: skip
        session.flush()
        customer = get_customer(session, cipher, row.id)
        # times were proposed, then an answer came the assistant could not read
        conv = Conversation(created_at=T0, updated_at=T0, customer_id=customer.id, state="proposed")
        session.add(conv)
        people = [Person(BOB, "Bob")]
        save_data(
            cipher,
            conv,
            ConversationData(subject="Our meeting", participants=people, proposals=SLOTS),
        )
        first, answer = _inbound(
            session, cipher, conv, customer.id, message(email, "Find us 30 minutes")
        )
        decision = Decision(
            conversation_id=conv.id, inbound_message_id=first.id, action="propose",
            rules='["propose.first"]', confidence=0.95, created_at=T0 - timedelta(hours=6),
        )  # fmt: skip
        session.add(decision)
        session.flush()
        parsed = parse_message(first_raw(cipher, first))
        sample = sample_decision(
            session, cipher, settings.quality, decision, parsed=parsed,
            customer=customer, participants=people, sender_role="customer", reading=None,
            now=T0 - timedelta(hours=6), rate=1.0, assistant=settings.assistant.addresses,
        )  # fmt: skip
        assert sample is not None
        escalation = escalate(
            session,
            now=T0 - timedelta(hours=5),
            reason="unclear_answer",
            conversation_id=conv.id,
            inbound_message_id=answer.id,
            details={
                "rule": "escalate.unclear_answer",
                "intent": "answer",
                "fields": {"chosen": {"confidence": 0.4, "rules": ["choice.weekday"]}},
                "unsure": ["chosen"],
            },
        )
        return Customer(customer.id, email, conv.id, escalation, sample.id)


def first_raw(cipher: Cipher, msg: InboundMessage) -> bytes:
    return cipher.decrypt(msg.raw_enc, table="inbound_message", column="raw", row_id=msg.id)


def _inbound(
    session: Any, cipher: Cipher, conv: Conversation, owner: str, first: bytes
) -> tuple[InboundMessage, InboundMessage]:
    stored = []
    for raw, at in ((first, T0 - timedelta(hours=6)), (message(BOB), T0 - timedelta(hours=5))):
        msg = InboundMessage(
            conversation_id=conv.id, message_id_index=new_id(), raw_enc=b"", size=len(raw),
            received_at=at,
        )  # fmt: skip
        msg.raw_enc = cipher.encrypt(
            raw, table="inbound_message", column="raw", row_id=msg.id, owner=owner
        )
        session.add(msg)
        session.flush()
        stored.append(msg)
    return stored[0], stored[1]


def samples_of(site: Site) -> list[str]:
    from meetdesk.store.models import QualitySample

    with transaction(site.engine) as session:
        return [r.id for r in session.exec(select(QualitySample)).all()]
