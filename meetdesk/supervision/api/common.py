"""What the API's routers share: the purpose a role reads the queue for, turning a
:class:`~meetdesk.privacy.access.Shown` record into a response model with only the
fields it kept, and auditing a refused change.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from meetdesk.privacy.access import Actor, Shown
from meetdesk.supervision import queue

M = TypeVar("M", bound=BaseModel)
SUPPORT = "support"


def queue_purpose(actor: Actor) -> str:
    """Why ``actor`` reads the queue: supervision, or support for a help desk that
    answers customers' questions about their requests without working the queue. An
    actor with neither is refused by the access function, naming the purpose."""
    if queue.PURPOSE in actor.purposes or SUPPORT not in actor.purposes:
        return queue.PURPOSE
    return SUPPORT


def plain(value: Any) -> Any:
    """A details document stored as JSON text, as the listing gives it (a dict)."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return {"text": value}
        return parsed if isinstance(parsed, dict) else {"value": parsed}
    return value


def shown_as(model: type[M], record: Shown, **extra: Any) -> M:
    """``model`` holding exactly the fields the access function kept (plus ``extra``),
    so the unset ones, the withheld among them, are left out of the answer."""
    known = model.model_fields
    values: dict[str, Any] = {k: v for k, v in record.fields.items() if k in known}
    if "details" in values:
        values["details"] = plain(values["details"])
    values |= extra
    values["withheld"] = list(record.withheld)
    return model.model_validate(values)

