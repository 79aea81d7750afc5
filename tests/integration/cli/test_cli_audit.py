"""meetdesk audit: a human read leaves an entry; checkpoint, export and verify, intact
and after someone edits a row."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from meetdesk.store.engine import make_engine
from tests.integration.cli.test_cli import config, meetdesk  # noqa: F401  (the fixture)


def test_audit_checkpoint_export_and_verify(
    config: Path,  # noqa: F811
    db_url: str,
    tmp_path: Path,
) -> None:
    """Listing escalations is audited; a checkpoint is signed with a 0600 key and exported;
    verify passes with the export, then names the entry edited behind its back."""
    listed = meetdesk("escalations", "list", config=config)
    assert listed.returncode == 0, listed.stderr
    signed = meetdesk("audit", "checkpoint", config=config)
    assert signed.returncode == 0, signed.stderr
    assert "checkpoint signed at entry 1" in signed.stdout
    assert (tmp_path / "data" / "audit-signing.key").stat().st_mode & 0o777 == 0o600
    export = tmp_path / "offsite" / "checkpoints.json"
    export.parent.mkdir()
    exported = meetdesk("audit", "export", str(export), config=config)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(export.read_text())
    assert [c["seq"] for c in document["checkpoints"]] == [1] and document["public_key"]

    intact = meetdesk("audit", "verify", "--checkpoints", str(export), config=config)
    assert (intact.returncode, intact.stdout) == (
        0,
        "audit chain intact: 1 entries, 2 checkpoints\n",
    ), intact.stderr

    engine = make_engine(db_url)
    with engine.begin() as conn:
        row = conn.execute(text("SELECT actor, action, purpose FROM audit_entry")).one()
        assert tuple(row) == ("admin-cli", "read.escalations", "supervision")
        conn.execute(text("UPDATE audit_entry SET actor = 'nobody' WHERE seq = 1"))
    engine.dispose()
    broken = meetdesk("audit", "verify", config=config)
    assert broken.returncode == 1
    assert broken.stdout.startswith("audit chain broken at entry 1: "), broken.stdout
