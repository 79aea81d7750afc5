"""A mailbox as the assistant handles it: a clean display name and a normalised address.

Its own module because every part of the mail package (parsing, headers, composing)
and the assistant use it, and none of them should have to import the parser for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address as _HeaderAddress

# Control characters are never kept in a name or header value: they break the wire format.
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Address:
    """A mailbox: display name and address (local part kept, domain lower-cased)."""

    name: str
    email: str

    def __post_init__(self) -> None:
        name = " ".join(CONTROL.sub(" ", self.name or "").split())
        email = (self.email or "").strip()
        local, at, domain = email.rpartition("@")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "email", f"{local}@{domain.lower()}" if at else email)

    def formatted(self) -> str:
        """``Name <email>`` for display (quoted where RFC 5322 needs it), or just the email."""
        if not self.name:
            return self.email
        try:
            return str(_HeaderAddress(display_name=self.name, addr_spec=self.email))
        except (ValueError, IndexError, TypeError):
            return f'"{self.name}" <{self.email}>'

    def __str__(self) -> str:
        return self.formatted()
