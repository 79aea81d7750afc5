"""Data-subject requests and the suppression list.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_request",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject_index", sa.String(length=64), nullable=False),
        sa.Column("subject_enc", sa.LargeBinary(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("extended_due_at", UTCDateTime(), nullable=True),
        sa.Column("verification", sa.String(length=8), nullable=True),
        sa.Column("verified_at", UTCDateTime(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", UTCDateTime(), nullable=True),
        sa.Column("code_attempts", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("notes_enc", sa.LargeBinary(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_subject_request_subject_index", "subject_request", ["subject_index"])
    op.create_index("ix_subject_request_state", "subject_request", ["state"])
    op.create_table(
        "suppression",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("address_index", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("address_index"),
    )


def downgrade() -> None:
    op.drop_table("suppression")
    op.drop_index("ix_subject_request_state", table_name="subject_request")
    op.drop_index("ix_subject_request_subject_index", table_name="subject_request")
    op.drop_table("subject_request")
