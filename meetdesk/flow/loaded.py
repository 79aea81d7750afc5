"""Loading a conversation with its data and customer, as every later stage needs it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.store import jobs
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    state: str
    data: ConversationData
    customer: CustomerRecord


def load_conversation(session: Session, s: Services, conv_id: str) -> Loaded:
    conv = session.get(Conversation, conv_id)
    if conv is None or conv.customer_id is None:
        raise LookupError(f"conversation {conv_id} has no customer")
    return Loaded(
        conv.state, load_data(s.cipher, conv), get_customer(session, s.cipher, conv.customer_id)
    )


async def load_in_state(
    job: jobs.ClaimedJob, ctx: JobContext, s: Services, state: str, doing: str
) -> tuple[str, Loaded] | None:
    """The job's conversation id and its loaded form if it is still in ``state``; a job
    retried or overtaken by a later message finds it moved on and does nothing."""
    conv_id = job.conversation_id
    assert conv_id is not None
    loaded: Loaded = await ctx.read(lambda session: load_conversation(session, s, conv_id))
    if loaded.state != state:
        log.info("conversation %s is %s; nothing to %s", conv_id, loaded.state, doing)
        return None
    return conv_id, loaded
