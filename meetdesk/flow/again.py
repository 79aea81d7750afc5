"""Proposing again within the same request, when the times offered can no longer be.

A chosen time taken meanwhile, or every offered time passed while participants were
silent: the holds are released and the propose stage asked for new times, with the
reason the participants will read ("My apologies: the time chosen was taken...").
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from meetdesk.flow.holds import enqueue_sync
from meetdesk.flow.outgoing import advance, enqueue_step
from meetdesk.flow.services import Services
from meetdesk.store import holds
from meetdesk.store.conversations import ConversationData, load_data


def propose_again(
    session: Session, s: Services, conv_id: str, *, reason: str, rule: str, now: datetime
) -> None:
    """Release the conversation's holds and queue new proposals; ``reason`` is one of
    the wording's ``REPROPOSAL_REASONS``, ``rule`` the decision recorded."""
    holds.release(session, conv_id, now=now)

    def again(data: ConversationData) -> None:
        data.chosen, data.reproposal, data.answers = None, reason, {}

    conv = advance(
        session, s, conv_id, state="requested", update=again, drafts=[], rule=rule, now=now
    )
    rounds = load_data(s.cipher, conv).rounds
    enqueue_step(session, s, "propose", conv_id, key=f"{reason}:{rounds}", now=now)
    enqueue_sync(session, s, conv_id, now=now, key=f"{reason}:{rounds}")
