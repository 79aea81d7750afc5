"""Retention counts a conversation a supervisor closed (not a scheduling request, handed
back) as closed from its last change, like a cancelled one; a running one is not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meetdesk.privacy import purge
from meetdesk.store.conversations import ConversationData
from meetdesk.store.models import Conversation
from meetdesk.supervision.resume import TERMINAL

T0 = datetime(2026, 12, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize("state", TERMINAL)
def test_a_terminal_state_is_closed_at_its_last_change(state: str) -> None:
    conv = Conversation(state=state, created_at=T0, updated_at=T0)
    events = purge._events(conv, ConversationData())
    assert (events.closed, events.meeting) == (T0, T0)
    assert state in purge.CLOSED_STATES


def test_an_escalated_conversation_is_not_closed() -> None:
    conv = Conversation(state="escalated", created_at=T0, updated_at=T0)
    assert purge._events(conv, ConversationData()).closed is None
