"""The breach register (GDPR art. 33(5)): incidents, their reach and who was told when.

A processor must tell each controller (the customer) without undue delay, and the
controller the supervisory authority within 72 hours of becoming aware of a breach
(art. 33(1)); this register records both, with the deadline counted from ``aware_at``.
An incident's reach is not typed in but read from the audit trail: every entry in the
exposure window (optionally only those of the actors concerned, e.g. a compromised
processor account) names the customers, data categories and subject pseudonyms touched.
The register's own entries (actions ``incident.*``) are left out of the reach: reading
the register is not part of the breach.

Titles, descriptions, summaries, a notified customer's address and the name of who
notified are stored encrypted, bound to their row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from meetdesk.errors import MeetDeskError
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import (
    AuditEntry,
    Conversation,
    Incident,
    IncidentNotification,
    new_id,
)

NOTIFY_WITHIN = timedelta(hours=72)  # art. 33(1), from becoming aware
SEVERITIES = ("unassessed", "low", "medium", "high")
RECIPIENTS = ("authority", "customer", "subjects")
METHODS = ("email", "portal", "letter", "phone", "other")
OWN_ACTIONS = "incident."  # the prefix of the register's own audit actions


class IncidentError(MeetDeskError):
    """A request the register refuses: bad times, an unknown id, closing twice."""


@dataclass(frozen=True)
class NotificationView:
    id: str
    recipient_kind: str
    recipient: str | None  # the customer's address, for "customer"
    notified_at: datetime
    by: str
    method: str
    recorded_at: datetime

    @property
    def to(self) -> str:
        return (
            f"customer:{self.recipient}"
            if self.recipient_kind == "customer"
            else self.recipient_kind
        )


@dataclass(frozen=True)
class IncidentView:
    id: str
    title: str
    description: str | None
    aware_at: datetime
    window_start: datetime
    window_end: datetime
    actors: tuple[str, ...]
    severity: str
    status: str
    summary: str | None
    opened_at: datetime
    closed_at: datetime | None
    notifications: tuple[NotificationView, ...]

    @property
    def deadline(self) -> datetime:
        """When the supervisory authority must have been told (72 h from awareness)."""
        return self.aware_at + NOTIFY_WITHIN

    @property
    def authority_notified_at(self) -> datetime | None:
        times = [n.notified_at for n in self.notifications if n.recipient_kind == "authority"]
        return min(times) if times else None

    def overdue(self, now: datetime) -> bool:
        """Open, past the deadline, and the authority not (yet) told."""
        return self.status == "open" and self.authority_notified_at is None and now > self.deadline

    def hours_left(self, now: datetime) -> float:
        """Hours until the deadline; negative once it has passed."""
        return (self.deadline - now).total_seconds() / 3600

    def deadline_state(self, now: datetime) -> str:
        """One phrase: "31h left", "OVERDUE by 5h", "notified in time", "notified late",
        or "closed unnotified" (closed as unlikely to be a risk: art. 33(1) exempts it)."""
        told = self.authority_notified_at
        if told is not None:
            return "notified in time" if told <= self.deadline else "notified late"
        if self.status == "closed":
            return "closed unnotified"
        hours = self.hours_left(now)
        if hours < 0:
            return f"OVERDUE by {int(-hours)}h"
        return f"{int(hours)}h left"


@dataclass(frozen=True)
class Reach:
    """What the audit entries in an incident's window touched."""

    entries: int
    actors: tuple[str, ...]
    customers: tuple[str, ...]  # customer row ids
    conversations: int
    categories: tuple[str, ...]
    subjects: tuple[str, ...]  # audit pseudonyms (keyed hashes), never addresses


def _aware(name: str, at: datetime) -> datetime:
    if at.tzinfo is None:
        raise IncidentError(f"{name}: give a time with its offset, e.g. 2026-12-01T09:00+01:00")
    return at


def _text(name: str, value: str | None) -> str:
    if value is None or not value.strip():
        raise IncidentError(f"{name}: must not be empty")
    return value.strip()


def open_incident(
    session: Session,
    cipher: Cipher,
    *,
    title: str,
    aware_at: datetime,
    window_start: datetime,
    window_end: datetime,
    actors: Iterable[str] = (),
    description: str | None = None,
    severity: str = "unassessed",
    known_actors: Iterable[str] = (),
    now: datetime,
) -> str:
    """Record an incident in the caller's transaction; returns its id.

    An actor concerned must be one the audit trail has seen or one of ``known_actors``
    (the declared processors): a misspelt id would otherwise give an empty reach."""
    title = _text("title", title)
    aware_at = _aware("aware at", aware_at)
    start = _aware("window start", window_start)
    end = _aware("window end", window_end)
    if end < start:
        raise IncidentError("the window ends before it starts (--to is before --from)")
    if aware_at > now:
        raise IncidentError("aware at: is in the future")
    if severity not in SEVERITIES:
        raise IncidentError(f"severity {severity!r}: must be one of {', '.join(SEVERITIES)}")
    names = sorted({_text("actor", a) for a in actors})
    if names:
        known = set(known_actors) | set(session.exec(select(AuditEntry.actor).distinct()).all())
        unknown = [a for a in names if a not in known]
        if unknown:
            listed = ", ".join(sorted(known)) or "none yet"
            raise IncidentError(
                f"actor {unknown[0]!r}: not a processor and not in the audit trail "
                f"(known: {listed})"
            )
    row_id = new_id()
    row = Incident(
        id=row_id,
        title_enc=cipher.encrypt_text(title, table="incident", column="title", row_id=row_id),
        description_enc=None
        if description is None or not description.strip()
        else cipher.encrypt_text(
            description.strip(), table="incident", column="description", row_id=row_id
        ),
        aware_at=aware_at,
        window_start=start,
        window_end=end,
        actors=json.dumps(names),
        severity=severity,
        status="open",
        opened_at=now,
    )
    session.add(row)
    session.flush()
    return row_id


def _row(session: Session, incident_id: str) -> Incident:
    row = session.get(Incident, incident_id)
    if row is None:
        raise IncidentError(f"no incident {incident_id!r}: see `meetdesk incident list`")
    return row


def get_incident(session: Session, cipher: Cipher, incident_id: str) -> IncidentView:
    return _view(session, cipher, _row(session, incident_id))


def list_incidents(
    session: Session, cipher: Cipher, *, status: str | None = None
) -> list[IncidentView]:
    """Every incident (or those in ``status``), oldest awareness first."""
    query = select(Incident).order_by(col(Incident.aware_at), col(Incident.id))
    if status is not None:
        query = query.where(col(Incident.status) == status)
    return [_view(session, cipher, row) for row in session.exec(query).all()]


def notify(
    session: Session,
    cipher: Cipher,
    incident_id: str,
    *,
    to: str,
    at: datetime,
    by: str,
    method: str = "email",
    now: datetime,
) -> str:
    """Record that someone was told: ``authority``, ``subjects`` or ``customer:EMAIL``."""
    row = _row(session, incident_id)
    kind, _, address = to.partition(":")
    if kind not in RECIPIENTS or (kind == "customer") != bool(address):
        raise IncidentError(f"--to {to!r}: expected authority, subjects or customer:EMAIL")
    if kind == "customer" and ("@" not in address or address.strip().startswith("@")):
        raise IncidentError(f"--to {to!r}: not an e-mail address")
    at = _aware("notified at", at)
    if at > now:
        raise IncidentError("notified at: is in the future")
    if at < row.aware_at:
        raise IncidentError("notified at: is before the incident was known (--aware-at)")
    if method not in METHODS:
        raise IncidentError(f"method {method!r}: must be one of {', '.join(METHODS)}")
    by = _text("by", by)
    note_id = new_id()

    def seal(column: str, value: str) -> bytes:
        return cipher.encrypt_text(
            value, table="incident_notification", column=column, row_id=note_id
        )

    session.add(
        IncidentNotification(
            id=note_id,
            incident_id=row.id,
            recipient_kind=kind,
            recipient_enc=seal("recipient", normalise_address(address)) if address else None,
            notified_at=at,
            by_enc=seal("by", by),
            method=method,
            recorded_at=now,
        )
    )
    session.flush()
    return note_id


def close(
    session: Session, cipher: Cipher, incident_id: str, *, summary: str, now: datetime
) -> None:
    """Close an incident with what was found and done; a closed incident stays closed."""
    row = _row(session, incident_id)
    if row.status == "closed":
        raise IncidentError(f"incident {incident_id} is already closed")
    summary = _text("summary", summary)
    row.summary_enc = cipher.encrypt_text(
        summary, table="incident", column="summary", row_id=row.id
    )
    row.status = "closed"
    row.closed_at = now
    session.add(row)
    session.flush()


def reach(session: Session, incident: IncidentView) -> Reach:
    """The customers, categories and subjects the audit entries in the window touched."""
    query = select(AuditEntry).where(
        col(AuditEntry.at) >= incident.window_start,
        col(AuditEntry.at) <= incident.window_end,
        ~col(AuditEntry.action).startswith(OWN_ACTIONS),
    )
    if incident.actors:
        query = query.where(col(AuditEntry.actor).in_(incident.actors))
    rows: Sequence[AuditEntry] = session.exec(query.order_by(col(AuditEntry.seq))).all()
    customers = {r.customer_id for r in rows if r.customer_id}
    threads = {r.conversation_id for r in rows if r.conversation_id}
    if threads:  # an entry about a thread touches its customer even if it names none
        owners = session.exec(
            select(Conversation.customer_id).where(col(Conversation.id).in_(sorted(threads)))
        ).all()
        customers |= {c for c in owners if c}
    return Reach(
        entries=len(rows),
        actors=tuple(sorted({r.actor for r in rows})),
        customers=tuple(sorted(customers)),
        conversations=len(threads),
        categories=tuple(sorted({c for r in rows for c in json.loads(r.categories)})),
        subjects=tuple(sorted({r.subject for r in rows if r.subject})),
    )


def _view(session: Session, cipher: Cipher, row: Incident) -> IncidentView:
    def text(column: str, blob: bytes | None) -> str | None:
        if blob is None:
            return None
        return cipher.decrypt_text(blob, table="incident", column=column, row_id=row.id)

    notes = session.exec(
        select(IncidentNotification)
        .where(col(IncidentNotification.incident_id) == row.id)
        .order_by(col(IncidentNotification.notified_at), col(IncidentNotification.id))
    ).all()
    return IncidentView(
        id=row.id,
        title=text("title", row.title_enc) or "",
        description=text("description", row.description_enc),
        aware_at=row.aware_at,
        window_start=row.window_start,
        window_end=row.window_end,
        actors=tuple(json.loads(row.actors)),
        severity=row.severity,
        status=row.status,
        summary=text("summary", row.summary_enc),
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        notifications=tuple(_notification(cipher, n) for n in notes),
    )


def _notification(cipher: Cipher, n: IncidentNotification) -> NotificationView:
    def text(column: str, blob: bytes) -> str:
        return cipher.decrypt_text(blob, table="incident_notification", column=column, row_id=n.id)

    return NotificationView(
        id=n.id,
        recipient_kind=n.recipient_kind,
        recipient=None if n.recipient_enc is None else text("recipient", n.recipient_enc),
        notified_at=n.notified_at,
        by=text("by", n.by_enc),
        method=n.method,
        recorded_at=n.recorded_at,
    )
