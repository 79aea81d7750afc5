"""Creating the database engine for SQLite or PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE``: writers then queue up at the start of a transaction instead of
failing half-way with "database is locked". PostgreSQL uses psycopg 3; a plain
``postgresql://`` URL is mapped to that driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session


def normalise_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine configured for concurrent use by the daemon's threads."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


_current: ContextVar[Session | None] = ContextVar("meetdesk_session", default=None)


def current_session() -> Session | None:
    """The session of the transaction this thread or task is inside, if any.

    The keyring reads and creates data keys in it: on SQLite a second connection would
    wait for the very write lock this one holds, and a data key must commit with the
    values sealed under it."""
    return _current.get()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits on normal exit and rolls back on any exception."""
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            token = _current.set(session)
            try:
                yield session
            finally:
                _current.reset(token)
