"""A console on a real store for the page tests: processors, accounts, a customer with
an escalated message, a quality sample, and a signed-in browser-like client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from meetdesk.accounts.registry import add_account
from meetdesk.clock import FrozenClock
from meetdesk.daemon import make_services
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.conversations import ConversationData, Person, save_data
from meetdesk.store.customers import add_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Decision, InboundMessage, QualitySample, new_id
from meetdesk.store.opening import open_store
from meetdesk.supervision.escalations import escalate
from meetdesk.supervision.web.app import create_app
from meetdesk.supervision.web.context import WebContext
from tests.integration.web.api_site import ACCOUNTS as API_ACCOUNTS
from tests.integration.web.api_site import ALICE, BOB, PASSWORD, SECRET, SLOTS, T0, ZOE
from tests.integration.web.api_site import PROCESSORS as API_PROCESSORS
from tests.integration.web.api_site import settings_for as api_settings_for

MESSAGE = (
    f"From: Bob <{BOB}>\r\nTo: julie@assistant.example\r\nSubject: Our meeting\r\n"
    "Message-ID: <m1@partner.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    f"{SECRET}\r\n\r\nBest,\r\nBob\r\n"
)
# The API's processors, but for a narrow supervisor denied e-mail bodies only (the pages
# show the rest of the private content), and without the API's extra variants.
_API = {p["id"]: p for p in API_PROCESSORS}
PROCESSORS = [
    _API["provider"],
    {**_API["narrow"], "deny": ["user.content.private.email_body"]},
    _API["elsewhere"],
    _API["reviewers"],
    _API["helpdesk"],
]
# user name -> (role, processor)
ACCOUNTS: dict[str, tuple[str, str | None]] = {
    name: API_ACCOUNTS[name] for name in ("eve", "nora", "olga", "quinn", "sam", "root")
}


def settings_for(root: Path, db_url: str, **extra: Any) -> Settings:
    """The API tests' settings with these processors and the default sample rate."""
    return api_settings_for(root, db_url, PROCESSORS, quality={}, **extra)


@dataclass
class Site:
    client: TestClient
    settings: Settings
    engine: Engine
    cipher: Cipher
    clock: FrozenClock
    escalation: str
    other_escalation: str
    sample: str

    def sign_in(self, username: str, password: str = PASSWORD, next_: str | None = None) -> Any:
        form = self.client.get("/login")
        data = {"username": username, "password": password, "csrf_token": csrf_of(form.text)}
        if next_ is not None:
            data["next"] = next_
        return self.client.post("/login", data=data, follow_redirects=False)

    def signed_in(self, username: str) -> str:
        """Sign ``username`` in; the CSRF token of the session's forms."""
        response = self.sign_in(username)
        assert response.status_code == 303, response.text
        return csrf_of(self.client.get("/escalations").text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None, "no CSRF field on the page"
    return match.group(1)


def build(root: Path, db_url: str) -> Iterator[Site]:
    settings = settings_for(root, db_url)
    clock = FrozenClock(T0)
    engine, cipher = open_store(settings, clock=clock)
    for username, (role, processor) in ACCOUNTS.items():
        add_account(
            engine, cipher, settings.privacy.processors, username=username, role=role,
            processor_id=processor, password=PASSWORD, min_length=12, now=T0,
        )  # fmt: skip
    escalation = _escalated(engine, cipher, root / "alice", ALICE)
    other = _escalated(engine, cipher, root / "zoe", ZOE)
    sample = _sample(engine, cipher)
    services = make_services(settings, engine, cipher, clock)
    app = create_app(WebContext(settings, engine, cipher, clock, services))
    with TestClient(app, base_url="http://testserver") as client:
        yield Site(client, settings, engine, cipher, clock, escalation, other, sample)
    engine.dispose()


def _escalated(engine: Engine, cipher: Cipher, folder: Path, email: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    with transaction(engine) as session:
        customer = add_customer(
            session, cipher, email=email, name=email.split("@")[0], timezone="Europe/Paris",
            calendars=[{"kind": "local", "path": str(folder)}], now=T0,
        )  # fmt: skip
        session.flush()
        conv = Conversation(created_at=T0, updated_at=T0, customer_id=customer.id)
        session.add(conv)
        data = ConversationData(
            subject="Our meeting", participants=[Person(BOB, "Bob")], proposals=SLOTS
        )
        save_data(cipher, conv, data)
        msg = InboundMessage(
            conversation_id=conv.id, message_id_index=new_id(), raw_enc=b"",
            size=len(MESSAGE), received_at=T0,
        )  # fmt: skip
        msg.raw_enc = cipher.encrypt(
            MESSAGE.encode(), table="inbound_message", column="raw", row_id=msg.id,
            owner=customer.id,
        )  # fmt: skip
        session.add(msg)
        session.flush()
        return escalate(
            session,
            now=T0 - timedelta(hours=5),
            reason="unclear_answer",
            conversation_id=conv.id,
            inbound_message_id=msg.id,
            details={
                "rule": "escalate.unclear_answer",
                "intent": "answer",
                "fields": {"chosen": {"confidence": 0.4, "rules": ["choice.weekday"]}},
                "unsure": ["chosen"],
            },
        )


def _sample(engine: Engine, cipher: Cipher) -> str:
    """A sampled decision of Alice's conversation, as the quality queue holds one."""
    from sqlmodel import select

    from meetdesk.store.customers import find_customer
    from meetdesk.supervision.quality_sample import store_sample

    with transaction(engine) as session:
        customer = find_customer(session, cipher, ALICE)
        assert customer is not None
        conv = session.exec(
            select(Conversation).where(Conversation.customer_id == customer.id)
        ).first()
        assert conv is not None
        decision = Decision(
            conversation_id=conv.id, action="propose", rules='["propose.first"]',
            confidence=0.95, created_at=T0,
        )  # fmt: skip
        session.add(decision)
        session.flush()
        content = {
            "text": "P-1 asks for 30 minutes with P-2 next week.",
            "subject": "Kickoff",
            "sender": "P-1",
            "sender_role": "customer",
            "people": [{"pseudonym": "P-2", "role": "required"}],
            "reading": {"intent": "schedule"},
            "language": "en",
        }
        row = store_sample(
            session, cipher, decision, customer_id=customer.id, content=content, now=T0
        )
        assert isinstance(row, QualitySample)
        return row.id
