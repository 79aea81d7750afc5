"""Loading a conversation with its data and customer, as every later stage needs it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.store.conversations import ConversationData, load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation


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
