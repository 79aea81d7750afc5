"""Running the Alembic migrations from code (``meetdesk run`` and ``meetdesk migrate``).

The migration scripts ship inside the package so an installed daemon can upgrade its
own database; on PostgreSQL an advisory lock lets several daemons start at once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from meetdesk.store.engine import is_postgres

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ID = 0x4D656574  # "Meet"


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe to call concurrently on PostgreSQL."""
    if is_postgres(engine):
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_ID})
            conn.commit()
            try:
                command.upgrade(alembic_config(engine), revision)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_ID})
                conn.commit()
    else:
        command.upgrade(alembic_config(engine), revision)
