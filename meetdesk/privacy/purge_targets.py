"""What the purge removes, table by table, and which data categories each removal takes.

The categories are not listed here: each target reads them from the declarations of the
columns it removes (``meetdesk.privacy.declarations``), so a column that starts holding
a new category is governed by that category's rule without anyone editing this file.
A target says only what the declarations cannot: which rows may go at all (mail not yet
processed or sent, an open escalation, a hold still in the calendar stay), which column
counts as "recorded", and whether a row is deleted or some of its columns cleared.

Tables that are not targets are not purged by time: ``customer`` (kept while the
customer is onboarded, removed by erasure), ``audit_checkpoint`` (the anchors of the
chain), ``legal_hold`` and ``purge_record`` (the records of why data was kept and what
was removed), and the tables of the other privacy steps, which keep their own records.
Audit entries are cut at signed checkpoints only (``purge_audit``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import MetaData, Table, and_, exists, or_, select

from meetdesk.privacy.declarations import declaration

Ready = Callable[[Table, MetaData, datetime], Any]


def _always(_t: Table, _m: MetaData, _now: datetime) -> Any:
    return True


@dataclass(frozen=True)
class Target:
    """One kind of removal: rows of ``table`` (or some of their columns)."""

    name: str  # as purge records name it
    table: str
    recorded: str  # the column the "recorded" event reads
    key: str = "conversation_id"  # the column naming its conversation ("": rows of none)
    clear: tuple[str, ...] = ()  # set these to NULL instead of deleting the row
    exclude: tuple[str, ...] = ()  # columns whose categories do not count (already gone)
    ready: Ready = _always  # which rows may be removed at all

    def categories(self, metadata: MetaData) -> tuple[str, ...]:
        """The personal categories removing a row (or clearing its columns) takes; for a
        row with nothing personal, ``system.operations``. Ids and times beside personal
        data live as long as that data: the operations rule is for rows of their own."""
        return _categories(self, metadata)


@functools.cache
def _categories(target: Target, metadata: MetaData) -> tuple[str, ...]:
    # read once per target: the declarations do not change while the process runs
    table = metadata.tables[target.table]
    names = target.clear or tuple(c.name for c in table.columns if c.name not in target.exclude)
    found: dict[str, None] = {}
    for name in names:
        decl = declaration(table.c[name])
        if decl is not None:
            found.update(dict.fromkeys(decl.categories))
    personal = tuple(sorted(c for c in found if c != "system.operations"))
    return personal or ("system.operations",)


def _processed(t: Table, _m: MetaData, _now: datetime) -> Any:
    return t.c.status != "queued"  # not yet understood: the flow still needs it


def _not_pending(t: Table, _m: MetaData, _now: datetime) -> Any:
    return t.c.status != "pending"  # not yet sent


def _resolved(t: Table, _m: MetaData, _now: datetime) -> Any:
    # open and claimed escalations are still being worked (meetdesk.supervision.queue)
    return t.c.status.in_(("resolved", "discarded"))


def _noted(t: Table, m: MetaData, now: datetime) -> Any:
    return and_(_resolved(t, m, now), t.c.note_enc.is_not(None))


def _hold_over(t: Table, _m: MetaData, now: datetime) -> Any:
    # a hold still mirrored in the calendar waits for the holds job to remove the event;
    # a live one (held, not expired) or a booked one before its meeting ends is in use
    return and_(
        t.c.placed.is_(False),
        or_(
            t.c.status == "released",
            and_(t.c.status == "held", t.c.expires_at < now),
            and_(t.c.status == "booked", t.c.ends_at < now),
        ),
    )


def _has_data(t: Table, _m: MetaData, _now: datetime) -> Any:
    return t.c.data_enc.is_not(None)


def _empty_shell(t: Table, m: MetaData, _now: datetime) -> Any:
    """A conversation whose data is gone, with no row left pointing at it, no job due."""
    conditions: list[Any] = [t.c.data_enc.is_(None)]
    for child in m.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table.name == t.name:
                conditions.append(~exists().where(fk.parent == t.c.id))
    job = m.tables["job"]
    conditions.append(
        ~exists(
            select(job.c.id).where(
                job.c.conversation_id == t.c.id, job.c.status.in_(("queued", "running"))
            )
        )
    )
    return and_(*conditions)


def _finished_job(t: Table, _m: MetaData, _now: datetime) -> Any:
    return t.c.status.in_(("done", "failed"))


def _loose(ready: Ready) -> Ready:
    """Rows of a table whose conversation column is empty."""

    def check(t: Table, m: MetaData, now: datetime) -> Any:
        return and_(t.c.conversation_id.is_(None), ready(t, m, now))

    return check


# In this order for each conversation: its rows first, then its working data, then the
# conversation itself once nothing points at it.
CONVERSATION_TARGETS: tuple[Target, ...] = (
    Target("inbound_message", "inbound_message", "received_at", ready=_processed),
    Target("outbox", "outbox", "created_at", ready=_not_pending),
    Target("thread_message", "thread_message", "created_at"),
    Target("hold", "hold", "created_at", ready=_hold_over),
    Target("decision", "decision", "created_at"),
    Target("quality_sample", "quality_sample", "sampled_at"),
    # a supervisor's note goes by its own rule; the row of ids and rule names by its own
    Target("escalation.note", "escalation", "created_at", clear=("note_enc",), ready=_noted),
    Target("escalation", "escalation", "created_at", exclude=("note_enc",), ready=_resolved),
    Target(
        "conversation.data",
        "conversation",
        "created_at",
        key="id",
        clear=("data_enc", "language"),
        ready=_has_data,
    ),
    Target(
        "conversation",
        "conversation",
        "created_at",
        key="id",
        exclude=("data_enc", "language"),
        ready=_empty_shell,
    ),
)

# Rows outside any conversation: global rules, every event counts from "recorded".
TABLE_TARGETS: tuple[Target, ...] = (
    Target("job", "job", "updated_at", key="", ready=_finished_job),
    Target("outbox", "outbox", "created_at", key="", ready=_loose(_not_pending)),
    Target(
        "escalation.note",
        "escalation",
        "created_at",
        key="",
        clear=("note_enc",),
        ready=_loose(_noted),
    ),
    Target(
        "escalation",
        "escalation",
        "created_at",
        key="",
        exclude=("note_enc",),
        ready=_loose(_resolved),
    ),
)


# The audit trail: cut only at signed checkpoints (``purge_audit``).
AUDIT_TARGET = Target("audit_entry", "audit_entry", "at", key="")


def purged_tables() -> frozenset[str]:
    return frozenset(t.table for t in (*CONVERSATION_TARGETS, *TABLE_TARGETS, AUDIT_TARGET))
