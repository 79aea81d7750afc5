"""Working the escalation queue: list, claim, release, resolve, discard.

An escalation is ``open`` until a supervisor claims it: a claim is a lease held by one
supervisor (a handle such as ``alice``, never an address) until ``lease_until``. While
the lease runs, nobody else may claim, release, resolve or discard it; once it has run
out, the escalation counts as open again and anyone may take it. Resolving or
discarding ends it for good. Each transition is timestamped on the row and audited in
the same transaction (action ``escalation.<transition>``, purpose ``supervision``).

The row is locked for the transition (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
admits one writer at a time), so of two supervisors claiming at once exactly one wins
and the other gets a :class:`QueueError` naming who holds it.

A resolution note or a reason for discarding is free text a supervisor typed: it may
name anyone, so it is stored sealed under the conversation's customer key.

The checks and the closing (``locked``, ``require_claim``, ``close``,
``audit_transition``) are shared with the supervisor actions
(``meetdesk.supervision.actions``), which resolve an escalation by acting on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, or_
from sqlmodel import Session, col, select

from meetdesk.errors import AccessDenied, CryptoError, MeetDeskError
from meetdesk.privacy import audit
from meetdesk.privacy.access import OPERATIONS, Actor
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.customers import get_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Escalation

OPEN, CLAIMED, RESOLVED, DISCARDED = "open", "claimed", "resolved", "discarded"
ACTIVE = "active"  # a listing filter: open or claimed
STATUSES = (OPEN, CLAIMED, RESOLVED, DISCARDED)
PURPOSE = "supervision"
NOTE_CATEGORY = "user.content.private.supervision_note"
# Resolution codes a supervisor may give; "discarded" is set by discard().
RESOLUTIONS = ("handled", "answered", "booked", "cancelled", "duplicate", "other")
_HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,47}")
_MAX_NOTE = 2000


class QueueError(MeetDeskError):
    """A transition the escalation's state does not allow; the message says why."""


@dataclass(frozen=True)
class Filters:
    """What a listing keeps. ``status`` is one of ``STATUSES``, ``active`` or None (all)."""

    status: str | None = ACTIVE
    kind: str | None = None
    reason: str | None = None
    customer_id: str | None = None
    overdue: bool = False


def status_at(row: Escalation, now: datetime) -> str:
    """The status as a supervisor must read it: a claim whose lease ran out is open."""
    if row.status == CLAIMED and (row.lease_until is None or row.lease_until <= now):
        return OPEN
    return row.status


def list_queue(
    session: Session, *, now: datetime, filters: Filters = Filters()
) -> list[Escalation]:
    """The escalations ``filters`` keeps, most urgent (earliest due) first."""
    query = select(Escalation).order_by(col(Escalation.due_at), col(Escalation.created_at))
    status = filters.status
    if status is not None and status not in (*STATUSES, ACTIVE):
        raise QueueError(f"unknown status {status!r} (known: {', '.join((*STATUSES, ACTIVE))})")
    live_claim = and_(col(Escalation.status) == CLAIMED, col(Escalation.lease_until) > now)
    if status == ACTIVE:
        query = query.where(col(Escalation.status).in_((OPEN, CLAIMED)))
    elif status == OPEN:
        lapsed = and_(col(Escalation.status) == CLAIMED, ~live_claim)
        query = query.where(or_(col(Escalation.status) == OPEN, lapsed))
    elif status == CLAIMED:
        query = query.where(live_claim)
    elif status is not None:
        query = query.where(col(Escalation.status) == status)
    if filters.kind is not None:
        query = query.where(col(Escalation.kind) == filters.kind)
    if filters.reason is not None:
        query = query.where(col(Escalation.reason) == filters.reason)
    if filters.customer_id is not None:
        query = query.join(Conversation, col(Conversation.id) == col(Escalation.conversation_id))
        query = query.where(col(Conversation.customer_id) == filters.customer_id)
    if filters.overdue:
        query = query.where(
            col(Escalation.due_at) <= now, col(Escalation.status).in_((OPEN, CLAIMED))
        )
    return list(session.exec(query).all())


def claim(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    lease: timedelta,
) -> Escalation:
    """Take (or, for its holder, extend) the lease on an open escalation."""
    row = locked(session, cipher, escalation_id, user, actor)
    refuse_if_held_by_other(row, user, now)
    row.status, row.claimed_by, row.claimed_at = CLAIMED, user, now
    row.lease_until = now + lease
    audit_transition(session, cipher, row, actor, user, "claim", now)
    return row


def release(
    session: Session, cipher: Cipher, escalation_id: str, *, user: str, actor: Actor, now: datetime
) -> Escalation:
    """Give a claim back before its lease runs out: the escalation is open again."""
    row = locked(session, cipher, escalation_id, user, actor)
    refuse_if_held_by_other(row, user, now)
    if status_at(row, now) != CLAIMED:
        raise QueueError(f"escalation {row.id} is not claimed")
    row.status, row.claimed_by, row.lease_until = OPEN, None, None
    audit_transition(session, cipher, row, actor, user, "release", now)
    return row


def resolve(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    resolution: str = "handled",
    note: str | None = None,
) -> Escalation:
    """Close an escalation as dealt with, with a resolution code and an optional note."""
    if resolution not in RESOLUTIONS:
        raise QueueError(f"unknown resolution {resolution!r} (known: {', '.join(RESOLUTIONS)})")
    return _close(session, cipher, escalation_id, RESOLVED, resolution, note, user, actor, now)


def discard(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    *,
    user: str,
    actor: Actor,
    now: datetime,
    why: str,
) -> Escalation:
    """Close an escalation that needed nothing (a duplicate, a test), saying why."""
    if not why.strip():
        raise QueueError("say why the escalation is discarded")
    return _close(session, cipher, escalation_id, DISCARDED, DISCARDED, why, user, actor, now)


def note_of(cipher: Cipher, row: Escalation) -> str | None:
    """The resolution note or reason for discarding, decrypted."""
    if row.note_enc is None:
        return None
    return cipher.decrypt_text(row.note_enc, table="escalation", column="note", row_id=row.id)


def check_handle(user: str) -> str:
    """A supervisor's handle: letters, digits, ``.``, ``_``, ``-``; never an address."""
    if not _HANDLE.fullmatch(user):
        raise QueueError(
            f"supervisor {user!r}: use a handle of letters, digits, '.', '_' or '-' "
            "(at most 48), not an address"
        )
    return user


def _close(
    session: Session,
    cipher: Cipher,
    escalation_id: str,
    status: str,
    resolution: str,
    note: str | None,
    user: str,
    actor: Actor,
    now: datetime,
) -> Escalation:
    check_note(note)
    row = locked(session, cipher, escalation_id, user, actor)
    refuse_if_held_by_other(row, user, now)
    close(session, cipher, row, status=status, resolution=resolution, note=note, user=user, now=now)
    audit_transition(
        session, cipher, row, actor, user, "resolve" if status == RESOLVED else "discard", now
    )
    return row


def check_note(note: str | None) -> None:
    """A note a supervisor typed fits the column: at most ``_MAX_NOTE`` characters."""
    if note is not None and len(note) > _MAX_NOTE:
        raise QueueError(f"the note is too long ({len(note)} characters, at most {_MAX_NOTE})")


def close(
    session: Session,
    cipher: Cipher,
    row: Escalation,
    *,
    status: str,
    resolution: str,
    note: str | None,
    user: str,
    now: datetime,
    action: str | None = None,
) -> None:
    """End a locked escalation: its resolution, who closed it and when, the note sealed
    under the conversation's customer key, and the action that closed it if any (the
    caller audits)."""
    row.status, row.resolution, row.closed_by = status, resolution, user
    row.claimed_by, row.lease_until = None, None
    row.action = action
    if status == RESOLVED:
        row.resolved_at = now
    else:
        row.discarded_at = now
    seal_note(session, cipher, row, note)


def seal_note(session: Session, cipher: Cipher, row: Escalation, note: str | None) -> None:
    """Keep a supervisor's note (when not blank) sealed under the customer's key."""
    if note is None or not note.strip():
        return
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    row.note_enc = cipher.encrypt_text(
        note.strip(),
        table="escalation",
        column="note",
        row_id=row.id,
        owner=conv.customer_id if conv else None,
    )


def require_claim(row: Escalation, user: str, now: datetime) -> None:
    """Acting on an escalation needs a live claim by ``user``: refuse one held by
    someone else (naming them), one not claimed, and one whose lease ran out."""
    refuse_if_held_by_other(row, user, now)
    if status_at(row, now) == CLAIMED:
        return
    if row.status == CLAIMED and row.claimed_by == user and row.lease_until is not None:
        raise QueueError(
            f"your claim on escalation {row.id} ran out at {row.lease_until:%Y-%m-%d %H:%M} "
            "UTC: claim it again first"
        )
    raise QueueError(f"escalation {row.id} is not claimed: claim it first")


def locked(
    session: Session, cipher: Cipher, escalation_id: str, user: str, actor: Actor
) -> Escalation:
    """The escalation, locked for a transition, once the handle, its being still active
    and the actor's scope are checked."""
    check_handle(user)
    row = session.exec(
        select(Escalation).where(col(Escalation.id) == escalation_id).with_for_update()
    ).first()
    if row is None:
        raise QueueError(f"no escalation {escalation_id}")
    if row.status in (RESOLVED, DISCARDED):
        raise QueueError(f"escalation {row.id} is already {row.status}")
    check_actor(session, cipher, actor, row)
    return row


def check_actor(session: Session, cipher: Cipher, actor: Actor, row: Escalation) -> None:
    """A processor works only the escalations of customers it serves, for supervision."""
    if actor.is_admin:
        return
    if PURPOSE not in actor.purposes:
        raise AccessDenied(f"{actor.id} may not work the queue (it has no supervision purpose)")
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    customer_id = conv.customer_id if conv else None
    email = None
    if customer_id is not None:
        try:
            email = get_customer(session, cipher, customer_id).email
        except (CryptoError, LookupError):
            email = None
    if not actor.serves(customer_id, email):
        raise AccessDenied(f"{actor.id} does not serve the customer of escalation {row.id}")


def refuse_if_held_by_other(row: Escalation, user: str, now: datetime) -> None:
    """A live claim by someone else stops any other supervisor's transition."""
    if status_at(row, now) == CLAIMED and row.claimed_by != user:
        assert row.lease_until is not None
        raise QueueError(
            f"escalation {row.id} is claimed by {row.claimed_by} until "
            f"{row.lease_until:%Y-%m-%d %H:%M} UTC"
        )


def audit_refusal(engine: Engine, cipher: Cipher, actor: Actor, action: str, now: datetime) -> None:
    """Record a refused transition or action (``denied.escalation.<action>``) in its own
    transaction: the refused one was rolled back, and the refusal must stay on record."""
    with transaction(engine) as session:
        audit.record(
            session,
            cipher,
            actor=actor.name,
            action=f"denied.escalation.{action.replace('-', '_')}",
            categories=[],
            purpose=PURPOSE,
            now=now,
        )


def audit_transition(
    session: Session,
    cipher: Cipher,
    row: Escalation,
    actor: Actor,
    user: str,
    transition: str,
    now: datetime,
    touched: Sequence[str] = (),
) -> None:
    """The audit entry of a transition or action (``escalation.<transition>``, purpose
    ``supervision``), naming the supervisor under the processor; ``touched`` adds the
    categories of the conversation's data the action wrote or sent."""
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    categories: Sequence[str] = [OPERATIONS] + ([NOTE_CATEGORY] if row.note_enc else [])
    if transition in ("claim", "release"):
        categories = [OPERATIONS]
    categories = [*categories, *(c for c in touched if c not in categories)]
    audit.record(
        session,
        cipher,
        actor=f"{actor.name}/{user}"[:64],
        action=f"escalation.{transition}",
        categories=categories,
        purpose=PURPOSE,
        customer_id=conv.customer_id if conv else None,
        conversation_id=row.conversation_id,
        now=now,
    )
