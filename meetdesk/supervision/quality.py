"""Quality review: which automatic decisions are sampled, and how reviewers grade them.

Sampling is decided per decision by a keyed hash of its id (``Cipher.blind_index``)
read as a number in [0, 1) and compared with the rate: the same decision is always in
or out at a given rate, a higher rate keeps every sample a lower one took, and nobody
without the installation's keys can predict or steer which messages a reviewer sees.
The rate is ``[quality] sample_rate``, or the customer's own in ``[quality.customers]``
(by address or id). Only decisions on a message are sampled, and not escalations: a
human sees those anyway.

Reads and grades go through the access function (``meetdesk.privacy.access.read``) with
the purpose ``quality_review``: a reviewer sees only the samples of customers it serves,
each key of the sample by its own categories, and every read and grade is audited in
the transaction that made it. The web API and console call these same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from meetdesk.assistant.decide import ESCALATE
from meetdesk.assistant.reading import Reading
from meetdesk.errors import ConfigError, CryptoError
from meetdesk.mail.parse import ParsedMessage
from meetdesk.privacy import audit
from meetdesk.privacy.access import UNREADABLE, Actor, Disclosure, Item, Record, item, read
from meetdesk.privacy.crypto import Cipher, normalise_address
from meetdesk.settings import QualitySettings
from meetdesk.store import conversations
from meetdesk.store.conversations import load_data
from meetdesk.store.customers import CustomerRecord, get_customer
from meetdesk.store.models import Conversation, Decision, QualitySample
from meetdesk.supervision import quality_sample
from meetdesk.supervision.quality_sample import Person, people_of

PURPOSE = "quality_review"
RIGHT, WRONG = "right", "wrong"
GRADES = (RIGHT, WRONG)
REASONS = (
    "wrong_time",
    "wrong_duration",
    "wrong_participants",
    "wrong_intent",
    "should_have_escalated",
    "wording",
    "other",
)
NOTE_MAX = 2000


def draw(cipher: Cipher, decision_id: str) -> float:
    """The decision's fixed place in [0, 1): sampled when below the rate."""
    digest = cipher.blind_index(decision_id, kind="quality-sample")
    return int(digest[:15], 16) / 16**15


def rate_for(quality: QualitySettings, customer: CustomerRecord | None) -> float:
    if customer is not None:
        mine = {customer.id, normalise_address(customer.email)}
        for key, rate in quality.customers.items():
            if key in mine or normalise_address(key) in mine:
                return rate
    return quality.sample_rate


def is_sampled(cipher: Cipher, decision_id: str, rate: float) -> bool:
    return draw(cipher, decision_id) < rate


def sample_decision(
    session: Session,
    cipher: Cipher,
    quality: QualitySettings,
    decision: Decision,
    *,
    parsed: ParsedMessage,
    customer: CustomerRecord | None,
    participants: Sequence[conversations.Person],
    sender_role: str,
    reading: Reading | None,
    now: datetime,
    rate: float | None = None,
    assistant: Sequence[str] = (),
) -> QualitySample | None:
    """Take ``decision`` into the queue if its draw falls under the rate (in the
    caller's transaction, the one that records the decision). ``assistant``: the
    assistant's own addresses, which are no one's personal data and are left out of
    the sample's people."""
    if decision.action == ESCALATE or decision.inbound_message_id is None:
        return None
    if not is_sampled(cipher, decision.id, rate_for(quality, customer) if rate is None else rate):
        return None
    owner = Person(customer.email, customer.name, "customer") if customer else None
    known = [Person(p.email, p.name, p.role) for p in participants]
    mine = {normalise_address(a) for a in assistant}
    people = [p for p in people_of(parsed, known, owner) if p.email not in mine]
    customer_id = customer.id if customer else None
    content = quality_sample.document(
        cipher,
        customer_id=customer_id,
        parsed=parsed,
        people=people,
        sender_role=sender_role,
        reading=reading,
    )
    return quality_sample.store_sample(
        session, cipher, decision, customer_id=customer_id, content=content, now=now
    )


# Reading and grading ---------------------------------------------------------------


def sample_records(
    session: Session, cipher: Cipher, *, ungraded: bool = False, sample_id: str | None = None
) -> list[Record]:
    """The samples as records for the access function, oldest first."""
    query = select(QualitySample).order_by(col(QualitySample.sampled_at), col(QualitySample.id))
    if ungraded:
        query = query.where(col(QualitySample.grade).is_(None))
    if sample_id is not None:
        query = query.where(col(QualitySample.id) == sample_id)
    return [_record(session, cipher, row) for row in session.exec(query).all()]


def _record(session: Session, cipher: Cipher, row: QualitySample) -> Record:
    fields: dict[str, Item] = {
        name: item(quality_sample.TABLE, name, getattr(row, name))
        for name in ("id", "conversation_id", "action", "confidence", "decided_at")
    }
    fields["rules"] = item(quality_sample.TABLE, "rules", quality_sample.rules_of(row))
    for name in ("sampled_at", "grade", "reason", "graded_by", "graded_at"):
        fields[name] = item(quality_sample.TABLE, name, getattr(row, name))
    admin_only: str | None = None
    subjects: list[str] = []
    customer: CustomerRecord | None = None
    try:
        content = cipher.decrypt_json(
            row.sample_enc, table=quality_sample.TABLE, column="sample", row_id=row.id
        )
        fields |= {
            key: item(quality_sample.TABLE, "sample_enc", value, key)
            for key, value in content.items()
        }
        if row.note_enc is not None:
            note = cipher.decrypt_text(
                row.note_enc, table=quality_sample.TABLE, column="note", row_id=row.id
            )
            fields["note"] = item(quality_sample.TABLE, "note_enc", note)
        # whom the sample is about, for the restriction check and the audit trail: the
        # sample itself holds only pseudonyms, its conversation still knows them
        conv = session.get(Conversation, row.conversation_id)
        if row.customer_id is not None:
            customer = get_customer(session, cipher, row.customer_id)
            subjects.append(customer.email)
        if conv is None or conv.data_enc is None:
            admin_only = UNREADABLE
        else:
            subjects += [p.email for p in load_data(cipher, conv).participants]
    except (CryptoError, LookupError):
        admin_only = UNREADABLE
    return Record(
        fields=fields,
        customer_id=row.customer_id,
        customer_email=customer.email if customer else None,
        subjects=tuple(dict.fromkeys(s.lower() for s in subjects)),
        conversation_id=row.conversation_id,
        admin_only=admin_only,
    )


def list_samples(
    engine: Engine, cipher: Cipher, actor: Actor, *, ungraded: bool = False, now: datetime
) -> Disclosure:
    """The queue as ``actor`` may see it (audited as ``read.quality``)."""
    return read(
        engine,
        cipher,
        actor=actor,
        purpose=PURPOSE,
        action="read.quality",
        load=lambda session: sample_records(session, cipher, ungraded=ungraded),
        now=now,
    )


def show_sample(
    engine: Engine, cipher: Cipher, actor: Actor, sample_id: str, *, now: datetime
) -> Disclosure:
    """One sample (audited as ``read.quality_sample``); AccessDenied if refused."""
    return read(
        engine,
        cipher,
        actor=actor,
        purpose=PURPOSE,
        action="read.quality_sample",
        load=_one(cipher, sample_id, None),
        now=now,
        one=True,
    )


@dataclass(frozen=True)
class Grade:
    verdict: str  # right | wrong
    reason: str | None = None  # one of REASONS, required for wrong
    note: str | None = None


def check_grade(grade: Grade) -> None:
    """A grade the queue can take, or ConfigError saying what is wrong with it."""
    if grade.verdict not in GRADES:
        raise ConfigError(f"grade {grade.verdict!r}: expected right or wrong")
    if grade.verdict == WRONG and grade.reason is None:
        raise ConfigError(f"a wrong decision needs --why (one of: {', '.join(REASONS)})")
    if grade.reason is not None and grade.reason not in REASONS:
        raise ConfigError(f"--why {grade.reason}: expected one of {', '.join(REASONS)}")
    if grade.verdict == RIGHT and grade.reason is not None:
        raise ConfigError("--why is for a wrong decision only")
    if grade.note is not None and len(grade.note) > NOTE_MAX:
        raise ConfigError(f"--note is longer than {NOTE_MAX} characters")


def grade_sample(
    engine: Engine,
    cipher: Cipher,
    actor: Actor,
    sample_id: str,
    grade: Grade,
    *,
    now: datetime,
) -> Disclosure:
    """Grade one sample as ``actor``: shown and graded in one transaction, so a reader
    refused the sample cannot grade it. A new grade replaces an earlier one; both are
    in the audit trail (``grade.quality_sample``)."""
    check_grade(grade)
    return read(
        engine,
        cipher,
        actor=actor,
        purpose=PURPOSE,
        action="read.quality_sample",
        load=_one(cipher, sample_id, (actor, grade, now)),
        now=now,
        one=True,
    )


def _one(
    cipher: Cipher, sample_id: str, grading: tuple[Actor, Grade, datetime] | None
) -> Callable[[Session], list[Record]]:
    def load(session: Session) -> list[Record]:
        row = session.get(QualitySample, sample_id)
        if row is None:
            raise ConfigError(f"no quality sample {sample_id}")
        if grading is not None:
            actor, grade, now = grading
            _apply(session, cipher, row, actor, grade, now)
        return [_record(session, cipher, row)]

    return load


def _apply(
    session: Session, cipher: Cipher, row: QualitySample, actor: Actor, grade: Grade, now: datetime
) -> None:
    row.grade, row.reason = grade.verdict, grade.reason
    row.note_enc = None
    if grade.note:
        row.note_enc = cipher.encrypt_text(
            grade.note,
            table=quality_sample.TABLE,
            column="note",
            row_id=row.id,
            owner=row.customer_id,
        )
    row.graded_by, row.graded_at = actor.name, now
    session.add(row)
    session.flush()
    audit.record(
        session,
        cipher,
        actor=actor.name,
        action="grade.quality_sample",
        categories=["system.operations"]
        + (["user.content.private.email_body"] if grade.note else []),
        purpose=PURPOSE,
        customer_id=row.customer_id,
        conversation_id=row.conversation_id,
        now=now,
    )

