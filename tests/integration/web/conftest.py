"""The API under test: a real store on each backend, processors, accounts, escalations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .api_site import Site, build


@pytest.fixture
def site(tmp_path: Path, db_url: str) -> Iterator[Site]:
    yield from build(tmp_path, db_url)
