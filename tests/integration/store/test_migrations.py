"""The Alembic migrations produce exactly the models' schema, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import meetdesk.store.models  # noqa: F401
from meetdesk.store.engine import make_engine
from meetdesk.store.migrate import upgrade


def test_upgrade_from_empty_matches_models(db_url: str) -> None:
    """Upgrading an empty database to head leaves no difference with the models."""
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    """A second upgrade (every daemon start runs one) changes nothing."""
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(SQLModel.metadata.tables) <= tables
