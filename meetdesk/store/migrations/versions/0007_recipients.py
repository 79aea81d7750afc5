"""Restrictions and the recipient ledger: subjects kept but not processed, and who
received which categories of a subject's data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_restriction",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_index", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("placed_by", sa.String(length=64), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("lifted_by", sa.String(length=64), nullable=True),
        sa.Column("lifted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_subject_restriction_subject_index", "subject_restriction", ["subject_index"]
    )
    op.create_table(
        "recipient_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_index", sa.String(length=64), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("processor_id", sa.String(length=64), nullable=True),
        sa.Column("recipient_enc", sa.LargeBinary(), nullable=True),
        sa.Column("recipient_index", sa.String(length=64), nullable=True),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("conversation_id", sa.String(length=36), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_recipient_entry_subject_index", "recipient_entry", ["subject_index"])


def downgrade() -> None:
    op.drop_index("ix_recipient_entry_subject_index", table_name="recipient_entry")
    op.drop_table("recipient_entry")
    op.drop_index("ix_subject_restriction_subject_index", table_name="subject_restriction")
    op.drop_table("subject_restriction")
