"""Migration 0010 on both databases: escalations opened before the queue existed get
their reason family, its priority and a due time four hours after they were opened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy import inspect
from sqlmodel import select

from meetdesk.store.engine import make_engine, transaction
from meetdesk.store.migrate import alembic_config, upgrade
from meetdesk.store.models import Escalation
from meetdesk.store.types import UTCDateTime

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
OLD = sa.table(
    "escalation",
    sa.column("id", sa.String()),
    sa.column("reason", sa.String()),
    sa.column("details", sa.Text()),
    sa.column("status", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("resolved_at", UTCDateTime()),
)


def test_existing_escalations_get_family_priority_and_due_time(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0009")
        with engine.begin() as conn:
            for eid, reason, status in (
                ("e-1", "unclear_request", "open"),
                ("e-2", "job_failed:send", "open"),
                ("e-3", "participants_silent", "resolved"),
            ):
                conn.execute(
                    OLD.insert().values(
                        id=eid,
                        reason=reason,
                        details="{}",
                        status=status,
                        created_at=T0,
                        resolved_at=T0 if status == "resolved" else None,
                    )
                )
        upgrade(engine)
        with transaction(engine) as session:
            rows = {e.id: e for e in session.exec(select(Escalation)).all()}
        assert {k: (r.kind, r.priority, r.due_at) for k, r in rows.items()} == {
            "e-1": ("reading", "normal", T0 + timedelta(hours=4)),
            "e-2": ("mail_failure", "high", T0 + timedelta(hours=4)),
            "e-3": ("follow_up", "low", T0 + timedelta(hours=4)),
        }
        assert (rows["e-3"].resolution, rows["e-1"].resolution) == ("resolved", None)
        command.downgrade(alembic_config(engine), "0009")
        columns = {c["name"] for c in inspect(engine).get_columns("escalation")}
        assert "due_at" not in columns and "reason" in columns
        upgrade(engine)
    finally:
        engine.dispose()
