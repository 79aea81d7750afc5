"""Signed checkpoints of the audit chain, and the Ed25519 key that signs them.

The hash chain shows that no entry was changed in place, but someone able to rewrite
the whole table could recompute every hash, or cut off the newest entries. A checkpoint
signs (last sequence, last hash, time) with a key that lives in a file next to the
master key, not in the database; exported to another machine together with the public
key, it proves that the entries up to it are still the ones that were signed, even if
the database and the key file were later replaced.

The key file holds a 32-byte Ed25519 seed, base64-encoded, created on first use with
mode 0600; a file readable by group or others is refused, as for the master key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlmodel import Session, col, select

from meetdesk.errors import ConfigError, MeetDeskError
from meetdesk.privacy.audit import (
    VerifyResult,
    anchor,
    canonical_bytes,
    canonical_time,
    entries,
    verify_entries,
)
from meetdesk.store.models import AuditCheckpoint

EXPORT_FORMAT = "meetdesk-audit-checkpoints/1"
_DOMAIN = b"meetdesk/audit-checkpoint/v1\n"
_SEED_BYTES = 32


class AuditError(MeetDeskError):
    """The audit trail cannot do what was asked (e.g. checkpoint an empty chain)."""


@dataclass(frozen=True)
class Checkpoint:
    """A signed chain head, as stored in the database or read from an export."""

    seq: int
    entry_hash: str
    at: datetime
    signature: str  # hex

    def message(self) -> bytes:
        fields = {"seq": self.seq, "entry_hash": self.entry_hash, "at": canonical_time(self.at)}
        return _DOMAIN + canonical_bytes(fields)

    def signed_by(self, key: Ed25519PublicKey) -> bool:
        try:
            key.verify(bytes.fromhex(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entry_hash": self.entry_hash,
            "at": canonical_time(self.at),
            "signature": self.signature,
        }


# -- the signing key ---------------------------------------------------------------


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """The signing key at ``path``, created (0600) if the file does not exist."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = secrets.token_bytes(_SEED_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # created by another process meanwhile
            return load_or_create_signing_key(path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64encode(seed) + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        return Ed25519PrivateKey.from_private_bytes(seed)
    return _read(path)


def load_public_key(path: Path) -> Ed25519PublicKey | None:
    """The public half of the signing key, or None before the first checkpoint."""
    return _read(path).public_key() if path.exists() else None


def _read(path: Path) -> Ed25519PrivateKey:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"privacy.audit_signing_key_file {path}: permissions {stat.filemode(mode)} are "
            "too open; run chmod 600 on it"
        )
    try:
        seed = base64.b64decode(path.read_bytes().strip(), validate=True)
    except ValueError:
        seed = b""
    if len(seed) != _SEED_BYTES:
        raise ConfigError(f"privacy.audit_signing_key_file {path}: not a base64 Ed25519 key")
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes_raw().hex()


# -- checkpoints -------------------------------------------------------------------


def write_checkpoint(session: Session, key: Ed25519PrivateKey, *, now: datetime) -> Checkpoint:
    """Sign the chain's current head and store the checkpoint in the caller's transaction.

    The chain is verified first: signing a broken chain would vouch for the damage.
    """
    result = verify_entries(entries(session), start=anchor(session))
    if not result.ok:
        raise AuditError(f"audit chain broken at entry {result.first_broken}: {result.reason}")
    if result.entries == 0:
        raise AuditError("the audit trail is empty: nothing to checkpoint")
    head = entries(session)[-1]
    unsigned = Checkpoint(
        seq=head.seq, entry_hash=head.entry_hash, at=now.astimezone(UTC), signature=""
    )
    signature = key.sign(unsigned.message()).hex()
    session.add(
        AuditCheckpoint(
            seq=head.seq, entry_hash=head.entry_hash, at=unsigned.at, signature=signature
        )
    )
    session.flush()
    return Checkpoint(unsigned.seq, unsigned.entry_hash, unsigned.at, signature)


def stored_checkpoints(session: Session) -> list[Checkpoint]:
    rows = session.exec(select(AuditCheckpoint).order_by(col(AuditCheckpoint.seq))).all()
    return [Checkpoint(r.seq, r.entry_hash, r.at, r.signature) for r in rows]


def export_document(checkpoints: Sequence[Checkpoint], key: Ed25519PublicKey) -> dict[str, Any]:
    """The JSON kept off the machine: every checkpoint and the key to check them with."""
    return {
        "format": EXPORT_FORMAT,
        "public_key": public_key_hex(key),
        "checkpoints": [c.to_json() for c in checkpoints],
    }


def read_export(path: Path) -> tuple[Ed25519PublicKey, list[Checkpoint]]:
    """Parse an exported file; anything malformed is a one-line configuration error."""
    try:
        doc = json.loads(path.read_text())
        if doc.get("format") != EXPORT_FORMAT:
            raise ValueError(f"format is not {EXPORT_FORMAT}")
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(doc["public_key"]))
        points = [
            Checkpoint(
                seq=int(c["seq"]),
                entry_hash=str(c["entry_hash"]),
                at=datetime.fromisoformat(c["at"]),
                signature=str(c["signature"]),
            )
            for c in doc["checkpoints"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"--checkpoints {path}: not a MeetDesk checkpoint export ({exc})"
        ) from None
    return key, points


# -- verification ------------------------------------------------------------------


def verify_all(
    session: Session,
    key: Ed25519PublicKey | None,
    *,
    exported: Iterable[tuple[Ed25519PublicKey, Sequence[Checkpoint]]] = (),
) -> VerifyResult:
    """Check the chain, then every stored checkpoint (with ``key``) and every exported one
    (with the key exported alongside it): each must be validly signed and match the chain.

    A mismatching checkpoint means the entries up to it were rewritten; the first broken
    entry reported is the earliest checkpoint that no longer matches.
    """
    rows = entries(session)
    start = anchor(session)
    chain = verify_entries(rows, start=start)
    stored = stored_checkpoints(session)
    if stored and key is None:
        raise ConfigError(
            "the database holds audit checkpoints but privacy.audit_signing_key_file is "
            "missing: cannot check them"
        )
    checks = [(key, c) for c in stored if key is not None]
    checks += [(k, c) for k, points in exported for c in points]
    by_seq = {start[0]: start[1], **{e.seq: e.entry_hash for e in rows}}
    problems: list[tuple[int, str]] = []
    for signer, point in checks:
        when = canonical_time(point.at)
        if not point.signed_by(signer):
            problems.append((point.seq, f"the checkpoint of {when} has an invalid signature"))
        elif point.seq < start[0]:
            continue  # its entries were purged by retention, after the cut was signed
        elif by_seq.get(point.seq) != point.entry_hash:
            problems.append(
                (point.seq, f"the entries up to it differ from the checkpoint of {when}")
            )
    if chain.ok and not problems:
        return VerifyResult(
            ok=True, entries=chain.entries, checkpoints=len(checks), cut=start[0]
        )
    candidates = problems + (
        [(chain.first_broken, chain.reason)] if chain.first_broken is not None else []
    )
    seq, reason = min(candidates, key=lambda p: p[0])
    return VerifyResult(
        ok=False, entries=chain.entries, first_broken=seq, reason=reason, checkpoints=len(checks)
    )
