"""The roles an account can have and how an account becomes an access :class:`Actor`.

An administrator reads as the installation's own ``admin``; every other role reads as
the processor it is bound to, so its scope is exactly that processor's
``[[privacy.processors]]`` entry and the access function needs nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence

from meetdesk.errors import ConfigError
from meetdesk.privacy.access import ADMIN, Actor, actor_for
from meetdesk.privacy.processors import Processor

ROLES: dict[str, str] = {
    "supervisor": "works the escalation queue",
    "quality_reviewer": "reviews samples of the assistant's decisions",
    "support": "answers customers' questions about their requests",
    ADMIN: "onboards customers, manages accounts, reads everything",
}


def check_binding(processors: Sequence[Processor], role: str, processor_id: str | None) -> None:
    """Refuse a role that does not exist, an admin bound to a processor, another role
    without one, or a processor the config does not list."""
    if role not in ROLES:
        raise ConfigError(f"role {role!r}: unknown (known: {', '.join(ROLES)})")
    if role == ADMIN:
        if processor_id is not None:
            raise ConfigError("role admin reads as the installation: it takes no --processor")
        return
    if processor_id is None:
        raise ConfigError(f"role {role} needs --processor (a [[privacy.processors]] id)")
    if processor_id == ADMIN or not any(p.id == processor_id for p in processors):
        actor_for(processors, processor_id)  # raises, naming the known ids
        raise ConfigError(f"processor {processor_id!r}: not a [[privacy.processors]] entry")


def actor_of(
    processors: Sequence[Processor], role: str, processor_id: str | None, *, via: str
) -> Actor:
    """The access function's actor for an account of ``role`` bound to ``processor_id``."""
    if role == ADMIN:
        return Actor.admin(via)
    if processor_id is None:
        raise ConfigError(f"an account of role {role} has no processor")
    return actor_for(processors, processor_id, via=via)
