"""Migration 0013 on both databases: escalations opened before supervisor actions get
the state their conversation resumes from (``proposed`` once it had proposals, else
``new``), no closing action, and the columns go away again on downgrade."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import inspect
from sqlmodel import select

from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import alembic_config, upgrade
from meetdesk.store.models import Escalation
from meetdesk.store.types import UTCDateTime

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CONVERSATION = sa.table(
    "conversation",
    sa.column("id", sa.String()),
    sa.column("state", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)
DECISION = sa.table(
    "decision",
    sa.column("id", sa.String()),
    sa.column("conversation_id", sa.String()),
    sa.column("action", sa.String()),
    sa.column("rules", sa.Text()),
    sa.column("created_at", UTCDateTime()),
)
OLD = sa.table(
    "escalation",
    sa.column("id", sa.String()),
    sa.column("conversation_id", sa.String()),
    sa.column("reason", sa.String()),
    sa.column("details", sa.Text()),
    sa.column("status", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("kind", sa.String()),
    sa.column("priority", sa.String()),
    sa.column("due_at", UTCDateTime()),
)


def test_old_escalations_resume_from_new_or_proposed(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0012")
        with engine.begin() as conn:
            for conv_id in ("c-new", "c-proposed"):
                conn.execute(
                    CONVERSATION.insert().values(
                        id=conv_id, state="escalated", created_at=T0, updated_at=T0
                    )
                )
            for n, action in enumerate(("propose", "proposed")):
                conn.execute(
                    DECISION.insert().values(
                        id=f"d-{n}",
                        conversation_id="c-proposed",
                        action=action,
                        rules="[]",
                        created_at=T0,
                    )
                )
            conn.execute(
                DECISION.insert().values(
                    id="d-9", conversation_id="c-new", action="escalate", rules="[]", created_at=T0
                )
            )
            for eid, conv_id in (("e-1", "c-new"), ("e-2", "c-proposed"), ("e-3", None)):
                conn.execute(
                    OLD.insert().values(
                        id=eid,
                        conversation_id=conv_id,
                        reason="unclear_request",
                        details="{}",
                        status="open",
                        created_at=T0,
                        kind="reading",
                        priority="normal",
                        due_at=T0,
                    )
                )
        upgrade(engine)
        with transaction(engine) as session:
            rows = {e.id: e for e in session.exec(select(Escalation)).all()}
        assert {k: (r.resume_state, r.action) for k, r in rows.items()} == {
            "e-1": ("new", None),
            "e-2": ("proposed", None),
            "e-3": (None, None),
        }
        command.downgrade(alembic_config(engine), "0012")
        columns = {c["name"] for c in inspect(engine).get_columns("escalation")}
        assert "resume_state" not in columns and "action" not in columns and "due_at" in columns
        upgrade(engine)
    finally:
        engine.dispose()
