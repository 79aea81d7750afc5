"""Alembic environment: runs against the engine handed over by ``meetdesk.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import meetdesk.store.models  # noqa: F401  (registers the tables)

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
