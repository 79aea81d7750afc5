"""Shared set-up for the account tests: a cipher, processors and a first account."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine

from meetdesk.accounts.registry import add_account
from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.processors import Processor
from meetdesk.store.engine import transaction
from meetdesk.store.models import Account

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"u" * 32)
PASSWORD = "Correct-Horse-7"
SUPPORT = Processor(
    id="helpdesk",
    name="Helpdesk GmbH",
    country="DE",
    purposes=("supervision",),
    allow=("user.contact",),
    customers=("*",),
)
PROCESSORS = (SUPPORT,)


def add(engine: Engine, username: str = "Sam", role: str = "supervisor") -> Account:
    return add_account(
        engine, CIPHER, PROCESSORS, username=username, role=role,
        processor_id=None if role == "admin" else "helpdesk", password=PASSWORD,
        min_length=12, now=T0,
    )  # fmt: skip


def actions(engine: Engine) -> list[tuple[str, str, list[str], str]]:
    """(actor, action, categories, purpose) of every audit entry, in order."""
    with transaction(engine) as session:
        return [
            (e.actor, e.action, json.loads(e.categories), e.purpose)
            for e in audit.entries(session)
        ]
