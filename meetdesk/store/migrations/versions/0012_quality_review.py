"""Quality review: sampled decisions, pseudonymised, and their grades.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 05:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_sample",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("decision_id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("sample_enc", sa.LargeBinary(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("sampled_at", UTCDateTime(), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("note_enc", sa.LargeBinary(), nullable=True),
        sa.Column("graded_by", sa.String(length=64), nullable=True),
        sa.Column("graded_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id"),
    )
    op.create_index("ix_quality_sample_conversation_id", "quality_sample", ["conversation_id"])
    op.create_index("ix_quality_sample_customer_id", "quality_sample", ["customer_id"])
    op.create_index("ix_quality_sample_grade", "quality_sample", ["grade"])


def downgrade() -> None:
    op.drop_index("ix_quality_sample_grade", table_name="quality_sample")
    op.drop_index("ix_quality_sample_customer_id", table_name="quality_sample")
    op.drop_index("ix_quality_sample_conversation_id", table_name="quality_sample")
    op.drop_table("quality_sample")
