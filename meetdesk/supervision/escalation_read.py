"""Reading one escalation to decide it: the same steps for the CLI, the API and the console.

What the decision needs is read in three steps, none of them holding a transaction
open during I/O: what fetching the customer's week needs (``target``), the week itself
from the calendar (``week_busy``), then the record through the access function, which
trims it to the reader's scope and audits the view (``read.escalation``). The calendar
is asked only for a reader who may be shown the escalation at all, so a refused read
costs no calendar call.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from meetdesk.privacy.access import Actor, Disclosure, Shown, read
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.engine import transaction
from meetdesk.supervision.escalation_view import Target, Week, target, week_busy
from meetdesk.supervision.views import escalation_view


@dataclass(frozen=True)
class Read:
    """The read's outcome (one record) and what its week was fetched from."""

    disclosure: Disclosure
    target: Target

    @property
    def record(self) -> Shown:
        return self.disclosure.records[0]


async def read_escalation(
    settings: Settings,
    engine: Engine,
    cipher: Cipher,
    escalation_id: str,
    *,
    actor: Actor,
    purpose: str,
    now: datetime,
    full: bool = False,
) -> Read:
    """One escalation as ``actor`` may see it for ``purpose`` (``AccessDenied`` if not at
    all; ``QueueError`` for an unknown id)."""

    def find() -> Target:
        with transaction(engine) as session:  # what fetching the week needs; nothing shown
            return target(session, cipher, escalation_id, now)

    found = await asyncio.to_thread(find)
    week: Week | None = None
    customer = found.customer
    if purpose in actor.purposes and (
        customer is None or actor.serves(customer.id, customer.email)
    ):
        week = await week_busy(settings, found, now)

    def shown() -> Disclosure:
        return read(
            engine,
            cipher,
            actor=actor,
            purpose=purpose,
            action="read.escalation",
            load=lambda session: [
                escalation_view(session, cipher, escalation_id, now=now, week=week, full=full)
            ],
            now=now,
            one=True,
        )

    return Read(await asyncio.to_thread(shown), found)
