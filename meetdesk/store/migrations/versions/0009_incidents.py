"""The breach register: incidents and their notifications.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from meetdesk.store.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title_enc", sa.LargeBinary(), nullable=False),
        sa.Column("description_enc", sa.LargeBinary(), nullable=True),
        sa.Column("aware_at", UTCDateTime(), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("window_end", UTCDateTime(), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary_enc", sa.LargeBinary(), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incident_status", "incident", ["status"])
    op.create_table(
        "incident_notification",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("recipient_enc", sa.LargeBinary(), nullable=True),
        sa.Column("notified_at", UTCDateTime(), nullable=False),
        sa.Column("by_enc", sa.LargeBinary(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_incident_notification_incident_id", "incident_notification", ["incident_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_incident_notification_incident_id", table_name="incident_notification")
    op.drop_table("incident_notification")
    op.drop_index("ix_incident_status", table_name="incident")
    op.drop_table("incident")
