"""Encryption at rest (AES-256-GCM) and blind indexes (HMAC-SHA256).

Every encrypted value is bound to where it lives through the associated data
``table.column.row_id``: a ciphertext copied into another row or column fails to
decrypt instead of silently reading as someone else's data. Lookups by e-mail address or
Message-ID use a keyed hash so the database holds no readable identifier.

Subkeys for encryption and hashing are derived from the master key with HKDF so the two
uses never share a key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from meetdesk.errors import CryptoError

_VERSION = b"\x01"
_NONCE = 12


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class Cipher:
    """Encrypts and decrypts column values; computes blind indexes."""

    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(_derive(master_key, b"meetdesk/v1/encrypt"))
        self._index_key = _derive(master_key, b"meetdesk/v1/blind-index")

    @staticmethod
    def _aad(table: str, column: str, row_id: str) -> bytes:
        return f"{table}.{column}.{row_id}".encode()

    def encrypt(
        self,
        plaintext: bytes,
        *,
        table: str,
        column: str,
        row_id: str,
        owner: str | None = None,
    ) -> bytes:
        """Seal ``plaintext`` for one place; ``owner`` is the customer id whose data key
        to use (None: the installation's own key, for data not yet tied to a customer)."""
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, plaintext, self._aad(table, column, row_id))
        return _VERSION + nonce + sealed

    def decrypt(self, blob: bytes, *, table: str, column: str, row_id: str) -> bytes:
        if not blob or blob[:1] != _VERSION or len(blob) < 1 + _NONCE + 16:
            raise CryptoError(f"{table}.{column} of {row_id}: not a MeetDesk ciphertext")
        nonce, sealed = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
        try:
            return self._aead.decrypt(nonce, sealed, self._aad(table, column, row_id))
        except InvalidTag:
            raise CryptoError(
                f"{table}.{column} of {row_id}: cannot decrypt (wrong key or moved value)"
            ) from None

    def encrypt_text(
        self, text: str, *, table: str, column: str, row_id: str, owner: str | None = None
    ) -> bytes:
        return self.encrypt(
            text.encode("utf-8"), table=table, column=column, row_id=row_id, owner=owner
        )

    def decrypt_text(self, blob: bytes, *, table: str, column: str, row_id: str) -> str:
        return self.decrypt(blob, table=table, column=column, row_id=row_id).decode("utf-8")

    def encrypt_json(
        self, value: Any, *, table: str, column: str, row_id: str, owner: str | None = None
    ) -> bytes:
        data = json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return self.encrypt(data, table=table, column=column, row_id=row_id, owner=owner)

    def decrypt_json(self, blob: bytes, *, table: str, column: str, row_id: str) -> Any:
        return json.loads(self.decrypt(blob, table=table, column=column, row_id=row_id))

    def blind_index(self, value: str, *, kind: str) -> str:
        """A keyed hash of a normalised identifier, for equality lookups only."""
        digest = hmac.new(self._index_key, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()

    def address_index(self, email: str) -> str:
        return self.blind_index(normalise_address(email), kind="email")

    def message_id_index(self, message_id: str) -> str:
        return self.blind_index(message_id.strip().strip("<>").strip(), kind="message-id")


def normalise_address(email: str) -> str:
    """Compare addresses case-insensitively (local parts are case-insensitive in practice)."""
    return email.strip().strip("<>").lower()
