"""Data-subject requests (GDPR art. 12-22): their record, identity check and deadline.

A request is opened by e-mail (``meetdesk.flow.subject_intake``) or by an admin
(``meetdesk dsr open``). It must be answered within one calendar month of receipt
(art. 12(3): 31 January gives 28 or 29 February, as ``relativedelta`` counts), and the
deadline may be extended by at most two further months with a recorded reason. Before
anything is done the subject's identity is verified: a DKIM-signed message from the
address itself, a one-time code sent to it and sent back, or an admin who checked it
(art. 12(6)). The code is kept only as a keyed hash, bound to its request, with an
expiry and a limit on wrong tries, so the database never holds a usable code.

States: ``received`` -> ``verified`` -> ``done``, or ``refused`` with a reason at any
point. ``summary`` says what was done in counts and codes, never content.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.store.models import SubjectRequest, new_id

KINDS = (
    "access",
    "portability",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "consent_withdrawal",
)
CHANNELS = ("email", "cli", "api")
# "sender": an objection by e-mail, acted on without proof because it only stops our
# mail to the address that sent it (a forged one can do no more than that).
METHODS = ("dkim", "code", "admin", "sender")
OPEN_STATES = ("received", "verified")
MAX_EXTENSION_MONTHS = 2  # art. 12(3): "by two further months where necessary"
MAX_CODE_ATTEMPTS = 5
CODE_DIGITS = 8


class RequestError(ValueError):
    """A request cannot be changed this way; the message says why in one line."""


@dataclass(frozen=True)
class RequestView:
    """One request with its subject decrypted, for the command line and the flow."""

    id: str
    kind: str
    email: str
    channel: str
    state: str
    received_at: datetime
    due_at: datetime
    extended_due_at: datetime | None
    verification: str | None
    verified_at: datetime | None
    conversation_id: str | None
    customer_id: str | None
    closed_at: datetime | None
    summary: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def deadline(self) -> datetime:
        return self.extended_due_at or self.due_at

    def overdue(self, now: datetime) -> bool:
        """Still open after its (possibly extended) deadline."""
        return self.state in OPEN_STATES and now > self.deadline

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "email": self.email,
            "channel": self.channel,
            "state": self.state,
            "received_at": self.received_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "extended_due_at": self.extended_due_at.isoformat() if self.extended_due_at else None,
            "deadline": self.deadline.isoformat(),
            "overdue": self.overdue(now),
            "verification": self.verification,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
            "conversation_id": self.conversation_id,
            "customer_id": self.customer_id,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "summary": self.summary,
            "notes": self.notes,
        }


def due_date(received_at: datetime) -> datetime:
    """One calendar month after receipt (the end of February for 31 January)."""
    return received_at + relativedelta(months=1)


def open_request(
    session: Session,
    cipher: Cipher,
    *,
    kind: str,
    email: str,
    channel: str,
    now: datetime,
    conversation_id: str | None = None,
    customer_id: str | None = None,
) -> RequestView:
    """Record a new request in the caller's transaction; ``RequestError`` for a bad kind,
    channel or address (nothing is written then)."""
    if kind not in KINDS:
        raise RequestError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if channel not in CHANNELS:
        raise RequestError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")
    address = normalise_address(email)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise RequestError(f"{email!r} is not an e-mail address")
    row_id = new_id()
    row = SubjectRequest(
        id=row_id,
        kind=kind,
        subject_index=cipher.address_index(address),
        subject_enc=cipher.encrypt_text(
            address, table="subject_request", column="subject", row_id=row_id
        ),
        channel=channel,
        state="received",
        received_at=now,
        due_at=due_date(now),
        conversation_id=conversation_id,
        customer_id=customer_id,
        summary="{}",
    )
    session.add(row)
    session.flush()
    return view(cipher, row)


def get_request(session: Session, cipher: Cipher, request_id: str) -> RequestView:
    return view(cipher, _row(session, request_id))


def list_requests(
    session: Session, cipher: Cipher, *, now: datetime, overdue_only: bool = False
) -> list[RequestView]:
    """Every request, oldest first; only the overdue open ones when asked."""
    rows = session.exec(select(SubjectRequest).order_by(col(SubjectRequest.received_at))).all()
    views = [view(cipher, r) for r in rows]
    return [v for v in views if v.overdue(now)] if overdue_only else views


def requests_of(
    session: Session, cipher: Cipher, email: str, *, open_only: bool = False
) -> list[RequestView]:
    """The subject's requests, oldest first."""
    query = select(SubjectRequest).where(
        col(SubjectRequest.subject_index) == cipher.address_index(email)
    )
    if open_only:
        query = query.where(col(SubjectRequest.state).in_(OPEN_STATES))
    rows = session.exec(query.order_by(col(SubjectRequest.received_at))).all()
    return [view(cipher, r) for r in rows]


def extend(
    session: Session, cipher: Cipher, request_id: str, *, months: int, reason: str
) -> RequestView:
    """Push the deadline back by ``months`` (in all at most two beyond the first month),
    recording why; ``RequestError`` past the limit, without a reason or once closed."""
    row = _open_row(session, request_id)
    if not reason.strip():
        raise RequestError("an extension needs a reason (art. 12(3))")
    base = row.extended_due_at or row.due_at
    new_due = base + relativedelta(months=months)
    limit = row.due_at + relativedelta(months=MAX_EXTENSION_MONTHS)
    if months < 1 or new_due > limit:
        raise RequestError(
            f"request {row.id}: the deadline can be extended by at most "
            f"{MAX_EXTENSION_MONTHS} further months in all (to {limit:%Y-%m-%d})"
        )
    row.extended_due_at = new_due
    _set_note(cipher, row, "extension_reason", reason.strip())
    session.add(row)
    return view(cipher, row)


def mark_verified(
    session: Session, cipher: Cipher, request_id: str, *, method: str, now: datetime
) -> RequestView:
    """The subject's identity is established (``dkim``, ``code`` or ``admin``)."""
    if method not in METHODS:
        raise RequestError(f"unknown verification method {method!r}")
    row = _open_row(session, request_id)
    if row.state == "received":
        row.state = "verified"
        row.verification = method
        row.verified_at = now
        row.code_hash = None
        row.code_expires_at = None
        session.add(row)
    return view(cipher, row)


def issue_code(
    session: Session, cipher: Cipher, request_id: str, *, now: datetime, hours: int
) -> str:
    """A new one-time code for the request (the previous one stops working); only its
    keyed hash is stored. The caller sends the returned code to the subject."""
    row = _open_row(session, request_id)
    if row.state != "received":
        raise RequestError(f"request {row.id} is already verified")
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    row.code_hash = _code_hash(cipher, row.id, code)
    row.code_expires_at = now + timedelta(hours=hours)
    row.code_attempts = 0
    session.add(row)
    return code


def check_code(
    session: Session, cipher: Cipher, request_id: str, code: str, *, now: datetime
) -> bool:
    """Verify the request if ``code`` is its live code; a wrong, expired or exhausted code
    returns False and verifies nothing (wrong tries are counted)."""
    row = _open_row(session, request_id)
    if row.state != "received" or row.code_hash is None or row.code_expires_at is None:
        return False
    if now > row.code_expires_at or row.code_attempts >= MAX_CODE_ATTEMPTS:
        return False
    given = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(_code_hash(cipher, row.id, given), row.code_hash):
        row.code_attempts += 1
        session.add(row)
        return False
    mark_verified(session, cipher, request_id, method="code", now=now)
    return True


def matching_request(
    session: Session, cipher: Cipher, email: str, codes: list[str], *, now: datetime
) -> str | None:
    """The id of the subject's request awaiting one of ``codes`` (live), without writing."""
    rows = session.exec(
        select(SubjectRequest).where(
            col(SubjectRequest.subject_index) == cipher.address_index(email),
            col(SubjectRequest.state) == "received",
        )
    ).all()
    for row in rows:
        if row.code_hash is None or row.code_expires_at is None or now > row.code_expires_at:
            continue
        if row.code_attempts >= MAX_CODE_ATTEMPTS:
            continue
        for code in codes:
            if hmac.compare_digest(_code_hash(cipher, row.id, code), row.code_hash):
                return row.id
    return None


def close(
    session: Session, cipher: Cipher, request_id: str, *, summary: dict[str, Any], now: datetime
) -> RequestView:
    """The request is carried out; ``summary`` (counts and codes) says how."""
    row = _open_row(session, request_id)
    if row.state != "verified":
        raise RequestError(f"request {row.id} is not verified yet: verify the subject first")
    row.state = "done"
    row.summary = json.dumps({**json.loads(row.summary), **summary}, sort_keys=True)
    row.closed_at = now
    session.add(row)
    return view(cipher, row)


def refuse(
    session: Session, cipher: Cipher, request_id: str, *, reason: str, now: datetime
) -> RequestView:
    """The request is refused, with the reason the subject is owed (art. 12(4))."""
    row = _open_row(session, request_id)
    if not reason.strip():
        raise RequestError("a refusal needs a reason (art. 12(4))")
    row.state = "refused"
    row.closed_at = now
    _set_note(cipher, row, "refusal_reason", reason.strip())
    session.add(row)
    return view(cipher, row)


def add_summary(session: Session, request_id: str, **items: Any) -> None:
    """Merge ``items`` (counts and codes) into a request's summary."""
    row = _row(session, request_id)
    row.summary = json.dumps({**json.loads(row.summary), **items}, sort_keys=True)
    session.add(row)


def view(cipher: Cipher, row: SubjectRequest) -> RequestView:
    return RequestView(
        id=row.id,
        kind=row.kind,
        email=cipher.decrypt_text(
            row.subject_enc, table="subject_request", column="subject", row_id=row.id
        ),
        channel=row.channel,
        state=row.state,
        received_at=row.received_at,
        due_at=row.due_at,
        extended_due_at=row.extended_due_at,
        verification=row.verification,
        verified_at=row.verified_at,
        conversation_id=row.conversation_id,
        customer_id=row.customer_id,
        closed_at=row.closed_at,
        summary=json.loads(row.summary),
        notes=_notes(cipher, row),
    )


def _row(session: Session, request_id: str) -> SubjectRequest:
    row = session.get(SubjectRequest, request_id)
    if row is None:
        raise RequestError(f"no subject request {request_id!r}")
    return row


def _open_row(session: Session, request_id: str) -> SubjectRequest:
    row = _row(session, request_id)
    if row.state not in OPEN_STATES:
        raise RequestError(f"request {row.id} is already {row.state}")
    return row


def _code_hash(cipher: Cipher, request_id: str, code: str) -> str:
    return cipher.blind_index(code, kind=f"dsr-code:{request_id}")


def _notes(cipher: Cipher, row: SubjectRequest) -> dict[str, str]:
    if row.notes_enc is None:
        return {}
    notes: dict[str, str] = cipher.decrypt_json(
        row.notes_enc, table="subject_request", column="notes", row_id=row.id
    )
    return notes


def _set_note(cipher: Cipher, row: SubjectRequest, key: str, value: str) -> None:
    notes = {**_notes(cipher, row), key: value}
    row.notes_enc = cipher.encrypt_json(
        notes, table="subject_request", column="notes", row_id=row.id
    )
