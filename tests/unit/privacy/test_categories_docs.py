"""docs/privacy.md shows the data map exactly as the models declare it."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import SQLModel

import meetdesk.store.models  # noqa: F401  (registers every table)
from meetdesk.cli_privacy import render_markdown
from meetdesk.privacy.record import build_record
from meetdesk.settings import Settings

DOC = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"
BEGIN, END = "<!-- data map: begin -->", "<!-- data map: end -->"


def test_the_documented_data_map_is_the_generated_one() -> None:
    """The table in docs/privacy.md equals `meetdesk privacy records --markdown`."""
    text = DOC.read_text(encoding="utf-8")
    documented = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert documented == render_markdown(build_record(Settings(), SQLModel.metadata))
