"""``meetdesk audit verify|checkpoint|export``: prove the audit trail intact, off-machine too.

``verify`` prints one line, "audit chain intact: N entries, M checkpoints" or "audit
chain broken at entry K: <reason>" (exit status 1). ``checkpoint`` signs the chain's
head; ``export FILE`` writes every checkpoint and the public key as JSON, to be kept on
another machine and handed back with ``verify --checkpoints FILE``.
"""

from __future__ import annotations

import argparse

from meetdesk.settings import Settings


def add_arguments(audit: argparse.ArgumentParser) -> None:
    sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = sub.add_parser("verify", help="check the hash chain and every checkpoint")
    verify.add_argument(
        "--checkpoints",
        action="append",
        default=[],
        metavar="FILE",
        help="an exported checkpoint file to check against too (repeatable)",
    )
    sub.add_parser("checkpoint", help="sign the chain's current head")
    export = sub.add_parser("export", help="write the checkpoints and the public key as JSON")
    export.add_argument("file", metavar="FILE")


def audit_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.audit_command == "checkpoint":
        return _checkpoint(settings)
    if args.audit_command == "export":
        return _export(settings, args.file)
    return _verify(settings, args.checkpoints)


def _verify(settings: Settings, files: list[str]) -> int:
    from pathlib import Path

    from meetdesk.privacy.audit_checkpoints import load_public_key, read_export, verify_all
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    exported = [read_export(Path(name)) for name in files]
    key = load_public_key(settings.path(settings.privacy.audit_signing_key_file))
    engine, _ = open_store(settings)
    try:
        with transaction(engine) as session:
            result = verify_all(session, key, exported=exported)
    finally:
        engine.dispose()
    if result.ok:
        since = f" (entries up to {result.cut} purged by retention)" if result.cut else ""
        print(
            f"audit chain intact: {result.entries} entries, {result.checkpoints} checkpoints"
            + since
        )
        return 0
    print(f"audit chain broken at entry {result.first_broken}: {result.reason}")
    return 1


def _checkpoint(settings: Settings) -> int:
    from datetime import UTC, datetime

    from meetdesk.privacy.audit_checkpoints import load_or_create_signing_key, write_checkpoint
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    key = load_or_create_signing_key(settings.path(settings.privacy.audit_signing_key_file))
    engine, _ = open_store(settings)
    try:
        with transaction(engine) as session:
            point = write_checkpoint(session, key, now=datetime.now(UTC))
    finally:
        engine.dispose()
    print(f"checkpoint signed at entry {point.seq} ({point.entry_hash[:16]}...)")
    return 0


def _export(settings: Settings, name: str) -> int:
    import json
    from pathlib import Path

    from meetdesk.privacy.audit_checkpoints import (
        export_document,
        load_or_create_signing_key,
        stored_checkpoints,
    )
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    key = load_or_create_signing_key(settings.path(settings.privacy.audit_signing_key_file))
    engine, _ = open_store(settings)
    try:
        with transaction(engine) as session:
            points = stored_checkpoints(session)
    finally:
        engine.dispose()
    document = export_document(points, key.public_key())
    Path(name).write_text(json.dumps(document, indent=2) + "\n")
    print(f"exported {len(points)} checkpoints and the public key to {name}")
    return 0
