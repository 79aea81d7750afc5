"""Processors: who else may read personal data, from where, under which safeguard.

Each ``[[privacy.processors]]`` entry in the config declares one (the supervision
provider, quality reviewers, support, a language-model service...): its country, the
transfer safeguard when that country is outside the EEA, its purposes, the categories it
may read and for which customers. Access is denied by default: a category is readable
only if an ``allow`` entry covers it and no ``deny`` entry does, so narrowing a broad
allow (``allow = ["user"]``, ``deny = ["user.credentials"]``) is always safe. This
module declares and checks; enforcing the scopes on each read comes with the access
function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from meetdesk.errors import ConfigError
from meetdesk.privacy.categories import PURPOSES, covers, is_scope
from meetdesk.privacy.countries import ADEQUATE, EEA, ISO_3166_ALPHA_2

ALL_CUSTOMERS = "*"
# "none" is only valid inside the EEA, where no transfer safeguard applies.
SAFEGUARDS = ("none", "adequacy", "scc", "bcr")


@dataclass(frozen=True)
class Processor:
    """One ``[[privacy.processors]]`` entry."""

    id: str = ""
    name: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, where the data is read or kept
    safeguard: str = "none"  # none (EEA) | adequacy | scc | bcr
    purposes: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()  # categories or dotted prefixes of them
    deny: tuple[str, ...] = ()  # wins over allow
    customers: tuple[str, ...] = ()  # "*" or customer e-mails / ids; none by default

    def may_read(self, category: str) -> bool:
        """Whether this processor's scope covers a category (deny wins, default deny)."""
        if any(covers(entry, category) for entry in self.deny):
            return False
        return any(covers(entry, category) for entry in self.allow)

    def serves(self, customer: str) -> bool:
        """Whether the scope extends to a customer, given by e-mail (any case) or id."""
        wanted = customer.lower()
        return any(c == ALL_CUSTOMERS or c.lower() == wanted for c in self.customers)

    @property
    def in_eea(self) -> bool:
        return self.country in EEA


def validate_processors(processors: Sequence[Processor]) -> None:
    """Refuse a bad declaration with one line naming the processor and the key."""
    seen: set[str] = set()
    for index, p in enumerate(processors):
        key = f"privacy.processors[{index}]"
        if not p.id:
            raise ConfigError(f"{key}.id is required")
        key = f"{key} ({p.id})"
        if p.id == "admin" or p.id.startswith("admin-"):
            raise ConfigError(f"{key}.id: 'admin' names the installation's own administrators")
        if p.id in seen:
            raise ConfigError(f"{key}: id used by another processor")
        seen.add(p.id)
        if not p.name:
            raise ConfigError(f"{key}.name is required")
        _check_place(p, key)
        if not p.purposes:
            raise ConfigError(f"{key}.purposes is required (known: {', '.join(PURPOSES)})")
        for purpose in p.purposes:
            if purpose not in PURPOSES:
                known = ", ".join(PURPOSES)
                raise ConfigError(f"{key}.purposes: unknown purpose {purpose!r} (known: {known})")
        for name, entries in (("allow", p.allow), ("deny", p.deny)):
            for entry in entries:
                if not is_scope(entry):
                    raise ConfigError(f"{key}.{name}: unknown category {entry!r}")
        for customer in p.customers:
            if not customer.strip():
                raise ConfigError(f"{key}.customers: empty entry")


def _check_place(p: Processor, key: str) -> None:
    if p.country not in ISO_3166_ALPHA_2:
        raise ConfigError(
            f'{key}.country = {p.country!r}: not an ISO 3166-1 alpha-2 code (e.g. "DE")'
        )
    if p.safeguard not in SAFEGUARDS:
        choices = ", ".join(SAFEGUARDS)
        raise ConfigError(f"{key}.safeguard = {p.safeguard!r}: must be one of {choices}")
    if not p.in_eea and p.safeguard == "none":
        raise ConfigError(
            f"{key}: {p.country} is outside the EEA: safeguard must be adequacy, scc or bcr"
        )
    if p.safeguard == "adequacy" and p.country not in ADEQUATE and not p.in_eea:
        raise ConfigError(f"{key}.safeguard = 'adequacy': {p.country} has no adequacy decision")
