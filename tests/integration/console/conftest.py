"""The store under test for the console: an upgraded database on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from meetdesk.store.engine import make_engine
from meetdesk.store.migrate import upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()
