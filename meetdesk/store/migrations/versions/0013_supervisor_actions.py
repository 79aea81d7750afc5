"""Supervisor actions: what an escalation resumes and which action closed it.

``resume_state`` is the conversation's state when it was escalated: a supervisor's
action puts the conversation back there so the assistant carries on by itself.
Escalations opened before this revision did not record it; the rule for them is read
from what the database holds in the clear: a conversation that had proposals (a
``proposed`` decision) resumes as ``proposed``, any other as ``new``. ``action`` names
the supervisor action that closed an escalation (none for the older ones).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 13:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("escalation", sa.Column("resume_state", sa.String(length=20), nullable=True))
    op.add_column("escalation", sa.Column("action", sa.String(length=32), nullable=True))
    escalation = sa.table(
        "escalation",
        sa.column("conversation_id", sa.String()),
        sa.column("resume_state", sa.String()),
    )
    decision = sa.table(
        "decision", sa.column("conversation_id", sa.String()), sa.column("action", sa.String())
    )
    proposed = (
        sa.select(sa.literal(1))
        .select_from(decision)
        .where(
            decision.c.conversation_id == escalation.c.conversation_id,
            decision.c.action == "proposed",
        )
        .exists()
    )
    op.get_bind().execute(
        escalation.update()
        .where(escalation.c.conversation_id.is_not(None))
        .values(resume_state=sa.case((proposed, "proposed"), else_="new"))
    )


def downgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_column("action")
        batch_op.drop_column("resume_state")
