"""The supervision queue: priorities, due times, claims and resolutions.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:05:00.000000
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
