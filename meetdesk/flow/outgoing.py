"""Queueing what a stage writes: outbox rows, thread entries, send jobs, the new state.

All three are written in the caller's transaction, with a Message-ID fixed before
sending and a deterministic dedupe key, so a retried stage never queues the same
message twice and a reply to it always finds its conversation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from meetdesk.flow.services import Services
from meetdesk.mail.compose import compose, make_message_id, reply_subject
from meetdesk.mail.parse import Address
from meetdesk.store import jobs
from meetdesk.store.conversations import (
    ConversationData,
    MessageRef,
    load_data,
    record_message,
    save_data,
)
from meetdesk.store.models import Conversation, Decision, Outbox, new_id


class Draft:
    """A message ready to be queued; built outside the transaction."""

    def __init__(
        self,
        s: Services,
        *,
        key: str,
        purpose: str,
        to: Sequence[Address],
        cc: Sequence[Address] = (),
        subject: str,
        text: str,
        reply_to: MessageRef | None,
        language: str,
        now: datetime,
        calendar: bytes | None = None,
        calendar_method: str = "REQUEST",
    ) -> None:
        self.key, self.purpose = key, purpose
        self.message_id = make_message_id(key, s.settings.assistant.domain)
        in_reply_to, references = reply_to.thread() if reply_to else (None, [])
        self.raw = compose(
            sender=s.assistant,
            to=to,
            cc=cc,
            subject=reply_subject(subject) if reply_to else subject,
            text=text,
            message_id=self.message_id,
            in_reply_to=in_reply_to,
            references=references,
            date=now,
            auto_submitted="auto-replied" if reply_to else "auto-generated",
            language=language,
            calendar=calendar,
            calendar_method=calendar_method,
        )
        self.recipients = [a.email for a in (*to, *cc)]


def thread_draft(
    s: Services,
    data: ConversationData,
    *,
    key: str,
    purpose: str,
    to: Sequence[Address],
    text: str,
    now: datetime,
    cc: Sequence[Address] = (),
    reply_to: MessageRef | None = None,
    calendar: bytes | None = None,
    calendar_method: str = "REQUEST",
) -> Draft:
    """A message in the conversation's thread: its subject and language, in reply to
    the last message received unless ``reply_to`` names another."""
    return Draft(
        s,
        key=key,
        purpose=purpose,
        to=to,
        cc=cc,
        subject=data.subject,
        text=text,
        reply_to=reply_to or data.last_inbound,
        language=data.language,
        now=now,
        calendar=calendar,
        calendar_method=calendar_method,
    )


def enqueue_step(
    session: Session,
    s: Services,
    kind: str,
    conv_id: str,
    *,
    key: str,
    now: datetime,
    payload: dict[str, Any] | None = None,
    run_after: datetime | None = None,
) -> None:
    """Queue the conversation's next job, once per ``key`` (the occasion: a message, a
    round, an expiry), with the configured attempts."""
    jobs.enqueue(
        session,
        kind,
        now=now,
        conversation_id=conv_id,
        payload=payload,
        run_after=run_after,
        dedupe_key=f"{kind}:{conv_id}:{key}",
        max_attempts=s.settings.worker.max_attempts,
    )


def queue(
    session: Session, s: Services, draft: Draft, *, conversation_id: str, now: datetime
) -> None:
    """Write the outbox row, remember its Message-ID, and enqueue its sending."""
    row_id = new_id()
    envelope = {"sender": s.settings.assistant.address, "recipients": draft.recipients}
    conversation = session.get(Conversation, conversation_id)
    owner = conversation.customer_id if conversation is not None else None
    session.add(
        Outbox(
            id=row_id,
            conversation_id=conversation_id,
            dedupe_key=draft.key,
            purpose=draft.purpose,
            message_id_index=s.cipher.message_id_index(draft.message_id),
            raw_enc=s.cipher.encrypt(
                draft.raw, table="outbox", column="raw", row_id=row_id, owner=owner
            ),
            envelope_enc=s.cipher.encrypt_json(
                envelope, table="outbox", column="envelope", row_id=row_id, owner=owner
            ),
            status="pending",
            created_at=now,
        )
    )
    record_message(
        session,
        s.cipher,
        conversation_id=conversation_id,
        message_id=draft.message_id,
        direction="out",
        now=now,
    )
    jobs.enqueue(
        session,
        "send",
        now=now,
        conversation_id=None,
        payload={"outbox_id": row_id},
        dedupe_key=f"send:{row_id}",
        max_attempts=s.settings.worker.max_attempts,
    )


def advance(
    session: Session,
    s: Services,
    conversation_id: str,
    *,
    state: str,
    update: Callable[[ConversationData], None],
    drafts: Sequence[Draft],
    rule: str,
    now: datetime,
) -> Conversation:
    """Move a conversation to ``state``: update its data, queue its messages, record why."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise LookupError(f"conversation {conversation_id} is gone")
    data = load_data(s.cipher, conv)
    update(data)
    save_data(s.cipher, conv, data)
    conv.state = state
    conv.updated_at = now
    for draft in drafts:
        queue(session, s, draft, conversation_id=conversation_id, now=now)
    session.add(
        Decision(
            conversation_id=conversation_id, action=state, rules=json.dumps([rule]), created_at=now
        )
    )
    return conv
