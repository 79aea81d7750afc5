"""The supervision queue: priorities, due times, claims and resolutions.

Existing escalations get the reason family their code implies, the priority the family implies and
a due time four hours after they were opened (the built-in default SLA); a resolved one
keeps its resolution time and reads as resolved by an unknown supervisor.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:05:00.000000
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_DEFAULT_SLA = timedelta(hours=4)
_PRIORITY = {"policy": "high", "calendar_failure": "high", "mail_failure": "high"}
_PRIORITY |= {"follow_up": "low"}
_NEW: tuple[str, ...] = ("kind", "priority", "claimed_by", "claimed_at", "lease_until")
_NEW += ("resolution", "closed_by", "discarded_at", "alerted_at", "note_enc")


def _kind_of(reason: str) -> str:
    """The reason family as meetdesk.supervision.reasons named it when this was written."""
    if reason in {
        "unclear_request",
        "unclear_answer",
        "unexpected_message",
        "unreadable_message",
        "no_participants",
        "unreadable_calendar_reply",
        "conversation_escalated",
        "unknown",
    }:
        return "reading"
    if reason in ("unknown_sender", "no_free_slot"):
        return reason
    if reason == "participants_silent":
        return "follow_up"
    if reason.startswith(("subject_", "participant_")):
        return "policy"
    if reason.startswith("job_failed:"):
        job = reason.partition(":")[2]
        if job in {"propose", "book", "holds", "cancel", "attendance"}:
            return "calendar_failure"
        return "mail_failure" if job == "send" else "failure"
    return "other"


def upgrade() -> None:
    op.add_column("escalation", sa.Column("kind", sa.String(length=32), nullable=True))
    op.add_column("escalation", sa.Column("priority", sa.String(length=8), nullable=True))
    op.add_column("escalation", sa.Column("due_at", UTCDateTime(), nullable=True))
    op.add_column("escalation", sa.Column("claimed_by", sa.String(length=64), nullable=True))
    op.add_column("escalation", sa.Column("claimed_at", UTCDateTime(), nullable=True))
    op.add_column("escalation", sa.Column("lease_until", UTCDateTime(), nullable=True))
    op.add_column("escalation", sa.Column("resolution", sa.String(length=32), nullable=True))
    op.add_column("escalation", sa.Column("closed_by", sa.String(length=64), nullable=True))
    op.add_column("escalation", sa.Column("discarded_at", UTCDateTime(), nullable=True))
    op.add_column("escalation", sa.Column("alerted_at", UTCDateTime(), nullable=True))
    op.add_column("escalation", sa.Column("note_enc", sa.LargeBinary(), nullable=True))
    table = sa.table(
        "escalation",
        sa.column("id", sa.String()),
        sa.column("reason", sa.String()),
        sa.column("status", sa.String()),
        sa.column("created_at", UTCDateTime()),
        sa.column("kind", sa.String()),
        sa.column("priority", sa.String()),
        sa.column("due_at", UTCDateTime()),
        sa.column("resolution", sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, table.c.reason, table.c.status, table.c.created_at))
    for row_id, reason, status, created_at in rows.fetchall():
        kind = _kind_of(reason)
        bind.execute(
            table.update()
            .where(table.c.id == row_id)
            .values(
                kind=kind,
                priority=_PRIORITY.get(kind, "normal"),
                due_at=created_at + _DEFAULT_SLA,
                resolution="resolved" if status == "resolved" else None,
            )
        )
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("priority", existing_type=sa.String(length=8), nullable=False)
        batch_op.alter_column("due_at", existing_type=UTCDateTime(), nullable=False)
        batch_op.create_index("ix_escalation_due_at", ["due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_index("ix_escalation_due_at")
        batch_op.drop_column("due_at")
        for name in _NEW:
            batch_op.drop_column(name)
