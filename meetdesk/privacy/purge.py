"""The purge: remove what the retention rules no longer allow, in bounded batches.

One pass walks the conversations (``batch_size`` per transaction) and then the rows
outside any conversation. For each row a target may remove (``purge_targets``), every
category the row holds is looked up in the policy (the customer's contract first): the
row goes as soon as one of them has expired, counted from its event (``recorded``: the
row's own time; ``closed`` and ``meeting``: the conversation's), or when the cap since it
was recorded has passed. Whatever an active legal hold covers is left in place.

Every removal is a conditional DELETE or UPDATE whose row count is what gets recorded,
in the same transaction, as ``purge_record`` rows (category, table, count, rule,
customer id; never content). A second pass, or two passes at once on two daemons, find
nothing left to remove and record nothing: on PostgreSQL each pass locks the
conversations of its batch with ``SKIP LOCKED``, and SQLite admits one writer at a time.
A pass that removed anything also writes one audit entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses
from typing import Any

from sqlalchemy import Engine, MetaData, Table, and_, delete, select, update
from sqlmodel import Session, SQLModel, col

import meetdesk.store.models  # noqa: F401  (registers every table)
from meetdesk.privacy import audit
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.legal_holds import HoldCoverage, coverage
from meetdesk.privacy.purge_audit import purge_audit_batch
from meetdesk.privacy.purge_targets import (
    AUDIT_TARGET,
    CONVERSATION_TARGETS,
    TABLE_TARGETS,
    Target,
)
from meetdesk.privacy.retention import Policy
from meetdesk.store.conversations import load_data
from meetdesk.store.engine import is_postgres, transaction
from meetdesk.store.models import (
    Conversation,
    Customer,
    InboundMessage,
    Outbox,
    PurgeRecord,
    new_id,
)

ACTOR = "retention"
# States a conversation never leaves by itself: closed when it reached them (cancelled,
# or a supervisor closed it as not a scheduling request or handed it back).
CLOSED_STATES = ("cancelled", "not_scheduling", "handed_back")
_ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")
CAP = "cap"
# (category, table, rule, customer_id) -> rows
Key = tuple[str, str, str, str | None]


@dataclass
class PassResult:
    """What one pass removed, and how many conversations a legal hold kept."""

    pass_id: str
    at: datetime
    counts: Counter[Key] = field(default_factory=Counter)
    held: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class _Events:
    closed: datetime | None
    meeting: datetime | None


@dataclass(frozen=True)
class _Expiry:
    """For one target and one owner: remove everything ready, or rows older than a cutoff."""

    whole: tuple[str, str] | None  # (category, rule) that expired for every row
    cutoff: datetime | None  # rows recorded at or before it go
    cutoff_by: tuple[str, str] | None  # (category, rule) giving the cutoff


def run_pass(engine: Engine, cipher: Cipher, policy: Policy, *, now: datetime) -> PassResult:
    """One pass over the whole store; returns what it removed."""
    metadata = SQLModel.metadata
    result = PassResult(pass_id=new_id(), at=now)
    with transaction(engine) as session:
        contracts = _contract_customers(session, cipher, policy)
    after = ""
    while True:
        with transaction(engine) as session:
            held = coverage(session)
            ids = _next_conversations(session, engine, after, policy.batch_size)
            counts: Counter[Key] = Counter()
            for conv_id in ids:
                args = (policy, metadata, conv_id, held, now, contracts, counts)
                if not _conversation(session, cipher, *args):
                    result.held += 1
            _record(session, result, counts)
        if not ids:  # not "fewer than a batch": rows locked by others are skipped
            break
        after = ids[-1]
    for target in TABLE_TARGETS:
        while True:
            with transaction(engine) as session:
                counts = Counter()
                removed = _loose_rows(session, engine, policy, metadata, target, now, counts)
                _record(session, result, counts)
            if not removed:
                break
    cutoff, why = _loose_cutoff(policy, metadata, AUDIT_TARGET, now)
    while cutoff is not None and why is not None:
        with transaction(engine) as session:
            counts = Counter()
            removed = purge_audit_batch(session, cutoff=cutoff, why=why, counts=counts)
            _record(session, result, counts)
        if not removed:
            break
    if result.total:
        with transaction(engine) as session:
            audit.record(
                session,
                cipher,
                actor=ACTOR,
                action="purge",
                categories=sorted({k[0] for k in result.counts} | {"system.operations"}),
                purpose="security",
                now=now,
            )
    return result


def _contract_customers(session: Session, cipher: Cipher, policy: Policy) -> dict[str, str]:
    """customer id -> contract e-mail, for the contracts whose customer is onboarded."""
    found: dict[str, str] = {}
    for email in policy.contracts:
        row = session.execute(
            select(col(Customer.id)).where(col(Customer.email_index) == cipher.address_index(email))
        ).first()
        if row is not None:
            found[str(row[0])] = email
    return found


def _next_conversations(session: Session, engine: Engine, after: str, limit: int) -> list[str]:
    query = (
        select(col(Conversation.id))
        .where(col(Conversation.id) > after)
        .order_by(col(Conversation.id))
        .limit(limit)
    )
    if is_postgres(engine):
        query = query.with_for_update(skip_locked=True)
    return [str(r[0]) for r in session.execute(query).all()]


def _conversation(
    session: Session,
    cipher: Cipher,
    policy: Policy,
    metadata: MetaData,
    conv_id: str,
    held: HoldCoverage,
    now: datetime,
    contracts: dict[str, str],
    counts: Counter[Key],
) -> bool:
    """Purge one conversation's expired rows; False if a legal hold keeps it whole."""
    conv = session.get(Conversation, conv_id)
    if conv is None:  # removed since it was listed
        return True
    data = load_data(cipher, conv) if conv.data_enc is not None else None
    if held.covers(customer_id=conv.customer_id):
        return False
    if held.subject_indexes:
        people = (
            [p.email for p in data.participants]
            if data is not None
            else _people_in_mail(session, cipher, conv_id)
        )
        if held.covers(
            customer_id=None, subject_indexes=[cipher.address_index(e) for e in people]
        ):
            return False
    events = _events(conv, data)
    customer = contracts.get(conv.customer_id or "")
    for target in CONVERSATION_TARGETS:
        table = metadata.tables[target.table]
        expiry = _expiry(policy, metadata, target, customer, events, now)
        where = and_(table.c[target.key] == conv_id, target.ready(table, metadata, now))
        removed = _remove(session, table, target, where, expiry, events)
        _count(counts, target, expiry, removed, conv.customer_id)
    return True


def _people_in_mail(session: Session, cipher: Cipher, conv_id: str) -> list[str]:
    """Who the conversation's remaining mail names, once its working data is gone: a
    subject hold must still find them (only read when a subject hold is active)."""
    found: list[str] = []
    for model, table in ((InboundMessage, "inbound_message"), (Outbox, "outbox")):
        rows = session.execute(
            select(col(model.id), col(model.raw_enc)).where(col(model.conversation_id) == conv_id)
        ).all()
        for row_id, raw in rows:
            plain = cipher.decrypt(raw, table=table, column="raw", row_id=row_id)
            headers = BytesHeaderParser(policy=default_policy).parsebytes(plain)
            fields = [str(v) for h in _ADDRESS_HEADERS for v in headers.get_all(h, [])]
            found += [address for _, address in getaddresses(fields) if "@" in address]
    return found


def _events(conv: Conversation, data: Any) -> _Events:
    """When the conversation closed and its meeting ended (None: not yet)."""
    if data is None and conv.closed_at is not None:
        return _Events(conv.closed_at, conv.closed_at)
    booking = data.booking if data is not None else None
    meeting_end = None
    if booking and booking.get("end") and booking.get("status") != "cancelled":
        meeting_end = datetime.fromisoformat(str(booking["end"]))
    if conv.state in CLOSED_STATES:
        return _Events(conv.updated_at, conv.updated_at)
    if conv.state == "booked":
        if meeting_end is None:
            return _Events(conv.updated_at, conv.updated_at)
        return _Events(max(conv.updated_at, meeting_end), meeting_end)
    return _Events(None, None)


def _expiry(
    policy: Policy,
    metadata: MetaData,
    target: Target,
    customer: str | None,
    events: _Events,
    now: datetime,
) -> _Expiry:
    whole: tuple[str, str] | None = None
    deadline: datetime | None = None  # the earliest expiry credits its rule
    cutoff: datetime | None = None
    cutoff_by: tuple[str, str] | None = None
    for category in target.categories(metadata):
        rule = policy.rule_for(category, customer)
        if rule is None:
            continue
        limit = rule.keep.before(now)
        if rule.event == "recorded":
            if cutoff is None or limit > cutoff:
                cutoff, cutoff_by = limit, (category, rule.describe())
            continue
        when = events.closed if rule.event == "closed" else events.meeting
        if when is not None and when <= limit:
            expired = when + (now - limit)
            if deadline is None or expired < deadline:
                whole, deadline = (category, rule.describe()), expired
    cap = policy.cap_for(customer)
    if cap is not None:
        limit = cap.before(now)
        if cutoff is None or limit > cutoff:
            cutoff, cutoff_by = limit, (target.categories(metadata)[0], f"{CAP}: {cap}")
    return _Expiry(whole, cutoff, cutoff_by)


def _remove(
    session: Session,
    table: Table,
    target: Target,
    where: Any,
    expiry: _Expiry,
    events: _Events,
) -> tuple[int, int]:
    """(rows removed because a rule expired for all, rows removed by the cutoff)."""
    done = []
    for condition in (
        where if expiry.whole is not None else None,
        and_(where, table.c[target.recorded] <= expiry.cutoff)
        if expiry.cutoff is not None
        else None,
    ):
        if condition is None:
            done.append(0)
            continue
        if target.clear:
            values: dict[str, Any] = {name: None for name in target.clear}
            if "closed_at" in table.c:  # the conversation keeps when it closed
                values["closed_at"] = events.closed
            statement: Any = update(table).where(condition).values(**values)
        else:
            statement = delete(table).where(condition)
        done.append(int(session.execute(statement).rowcount))  # type: ignore[attr-defined]
    return done[0], done[1]


def _count(
    counts: Counter[Key],
    target: Target,
    expiry: _Expiry,
    removed: tuple[int, int],
    customer_id: str | None,
) -> None:
    for why, n in ((expiry.whole, removed[0]), (expiry.cutoff_by, removed[1])):
        if why is not None and n:
            counts[(why[0], target.name, why[1], customer_id)] += n


def _loose_cutoff(
    policy: Policy, metadata: MetaData, target: Target, now: datetime
) -> tuple[datetime | None, tuple[str, str] | None]:
    """For rows outside conversations: the latest cutoff any rule or the cap gives."""
    expiry = _expiry(policy, metadata, target, None, _Events(None, None), now)
    cutoff, why = expiry.cutoff, expiry.cutoff_by
    for category in target.categories(metadata):
        rule = policy.rule_for(category)
        if rule is not None and rule.event != "recorded":
            limit = rule.keep.before(now)
            if cutoff is None or limit >= cutoff:  # a rule as strict as the cap names it
                cutoff, why = limit, (category, rule.describe())
    return cutoff, why


def _loose_rows(
    session: Session,
    engine: Engine,
    policy: Policy,
    metadata: MetaData,
    target: Target,
    now: datetime,
    counts: Counter[Key],
) -> int:
    """One batch of rows outside conversations: every event counts from "recorded"."""
    table = metadata.tables[target.table]
    cutoff, why = _loose_cutoff(policy, metadata, target, now)
    if cutoff is None or why is None:
        return 0
    query = (
        select(table.c.id)
        .where(target.ready(table, metadata, now), table.c[target.recorded] <= cutoff)
        .order_by(table.c.id)
        .limit(policy.batch_size)
    )
    if is_postgres(engine):
        query = query.with_for_update(skip_locked=True)
    ids = [r[0] for r in session.execute(query).all()]
    if not ids:
        return 0
    n = int(session.execute(delete(table).where(table.c.id.in_(ids))).rowcount)  # type: ignore[attr-defined]
    if n:
        counts[(why[0], target.name, why[1], None)] += n
    return len(ids)


def _record(session: Session, result: PassResult, counts: Counter[Key]) -> None:
    for (category, table, rule, customer_id), n in sorted(counts.items(), key=_order):
        session.add(
            PurgeRecord(
                id=new_id(),
                pass_id=result.pass_id,
                at=result.at,
                category=category,
                table_name=table,
                count=n,
                rule=rule[:200],
                customer_id=customer_id,
            )
        )
        result.counts[(category, table, rule, customer_id)] += n


def _order(item: tuple[Key, int]) -> tuple[str, str, str, str]:
    (category, table, rule, customer_id), _ = item
    return (table, category, rule, customer_id or "")


def summary(counts: Iterable[tuple[Key, int]]) -> str:
    """The counts as JSON, for logs: tables, categories and numbers only."""
    return json.dumps(
        [
            {"category": c, "table": t, "rule": r, "customer_id": cid, "count": n}
            for (c, t, r, cid), n in counts
        ]
    )
