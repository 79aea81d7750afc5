"""The console under test: a real store on each backend, accounts, an escalation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine

from meetdesk.store.engine import make_engine
from meetdesk.store.migrate import upgrade

if TYPE_CHECKING:
    from .site import Site


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def site(tmp_path: Path, db_url: str) -> Iterator[Site]:
    from .site import build  # the web application, for the page tests only

    yield from build(tmp_path, db_url)
