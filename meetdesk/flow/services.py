"""What the stages need from the outside world, handed over by ``daemon.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from meetdesk.calendar.base import CalendarBackend
from meetdesk.clock import Clock
from meetdesk.mail.outbound import Transport
from meetdesk.mail.parse import Address
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.customers import CustomerRecord


def _nothing() -> None:
    return None


@dataclass
class Services:
    settings: Settings
    engine: Engine
    cipher: Cipher
    clock: Clock
    transport: Transport
    calendar_for: Callable[[CustomerRecord], CalendarBackend]
    notify: Callable[[], None] = field(default=_nothing)

    @property
    def assistant(self) -> Address:
        return Address(name=self.settings.assistant.name, email=self.settings.assistant.address)

    def is_assistant(self, email: str) -> bool:
        return email.lower() in self.settings.assistant.addresses
