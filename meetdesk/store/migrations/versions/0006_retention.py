"""Retention: legal holds, purge records, and when a purged conversation closed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversation", sa.Column("closed_at", UTCDateTime(), nullable=True))
    op.create_table(
        "legal_hold",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("subject_index", sa.String(length=64), nullable=True),
        sa.Column("reason_enc", sa.LargeBinary(), nullable=False),
        sa.Column("placed_by", sa.String(length=64), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("released_by", sa.String(length=64), nullable=True),
        sa.Column("released_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_legal_hold_subject_index", "legal_hold", ["subject_index"])
    op.create_table(
        "purge_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("pass_id", sa.String(length=36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_purge_record_pass_id", "purge_record", ["pass_id"])
    op.create_index("ix_purge_record_at", "purge_record", ["at"])


def downgrade() -> None:
    op.drop_index("ix_purge_record_at", table_name="purge_record")
    op.drop_index("ix_purge_record_pass_id", table_name="purge_record")
    op.drop_table("purge_record")
    op.drop_index("ix_legal_hold_subject_index", table_name="legal_hold")
    op.drop_table("legal_hold")
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("closed_at")
