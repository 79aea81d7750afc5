"""Encryption at rest (AES-256-GCM) and blind indexes (HMAC-SHA256).

Every encrypted value is bound to where it lives through the associated data
``table.column.row_id``: a ciphertext copied into another row or column fails to
decrypt instead of silently reading as someone else's data. Lookups by e-mail address or
Message-ID use a keyed hash so the database holds no readable identifier.

Two formats. Version 2 (envelope encryption, a ``Cipher`` over a ``Keyring``): a version
byte, the 16 bytes of the data key's id, the nonce, the sealed value; the value says
which data key opens it, so rotating or destroying keys needs no other bookkeeping.
Version 1 (databases from before data keys, and a ``Cipher`` built from a bare master
key as tests do): one key derived from the master with HKDF; it still opens through the
keyring's "legacy" key until the background re-encryption has re-sealed everything.
The blind-index key was derived the same way, and the keyring starts from it, so
indexes never change.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from meetdesk.errors import CryptoError

if TYPE_CHECKING:
    from meetdesk.privacy.keyring import Keyring

_VERSION = b"\x01"
_V2 = b"\x02"
_NONCE = 12
_KEY_ID = 16
LEGACY = "legacy"  # key_id_of() for a version 1 value


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def legacy_keys(master: bytes) -> tuple[bytes, bytes]:
    """(encryption key, blind-index key) as the version 1 cipher derived them."""
    return _derive(master, b"meetdesk/v1/encrypt"), _derive(master, b"meetdesk/v1/blind-index")


def key_id_of(blob: bytes) -> str:
    """The id of the data key that sealed ``blob`` (``LEGACY`` for version 1)."""
    if blob[:1] == _VERSION:
        return LEGACY
    if blob[:1] == _V2 and len(blob) >= 1 + _KEY_ID:
        return str(uuid.UUID(bytes=bytes(blob[1 : 1 + _KEY_ID])))
    raise CryptoError("not a MeetDesk ciphertext")


class Cipher:
    """Encrypts and decrypts column values; computes blind indexes.

    ``Cipher(master_key)`` seals version 1 values under the derived key (no database
    needed); ``Cipher(keyring=...)`` is what ``open_store`` returns: version 2 values
    under each owner's data key."""

    def __init__(self, master_key: bytes | None = None, *, keyring: Keyring | None = None) -> None:
        self.keyring = keyring
        self._aead: AESGCM | None = None
        self._index_key: bytes | None = None
        if keyring is None:
            if master_key is None:
                raise ValueError("a Cipher needs a master key or a keyring")
            encrypt_key, self._index_key = legacy_keys(master_key)
            self._aead = AESGCM(encrypt_key)

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
        aad = self._aad(table, column, row_id)
        if self.keyring is None:
            assert self._aead is not None
            return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad)
        key_id, aead = self.keyring.active(owner)
        return _V2 + uuid.UUID(key_id).bytes + nonce + aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, *, table: str, column: str, row_id: str) -> bytes:
        where = f"{table}.{column} of {row_id}"
        version = blob[:1] if blob else b""
        header = 1 + (_KEY_ID if version == _V2 else 0)
        if version not in (_VERSION, _V2) or len(blob) < header + _NONCE + 16:
            raise CryptoError(f"{where}: not a MeetDesk ciphertext")
        try:
            aead = self._opener(blob)
        except CryptoError as exc:
            raise CryptoError(f"{where}: cannot decrypt: {exc}") from None
        nonce, sealed = blob[header : header + _NONCE], blob[header + _NONCE :]
        try:
            return aead.decrypt(nonce, sealed, self._aad(table, column, row_id))
        except InvalidTag:
            raise CryptoError(f"{where}: cannot decrypt (wrong key or moved value)") from None

    def _opener(self, blob: bytes) -> AESGCM:
        key_id = key_id_of(blob)
        if self.keyring is None:
            if key_id != LEGACY or self._aead is None:
                raise CryptoError("sealed under a data key; open the store to read it")
            return self._aead
        if key_id == LEGACY:
            return self.keyring.legacy_aead()
        return self.keyring.aead(key_id)

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
        key = self._index_key if self.keyring is None else self.keyring.index_key()
        assert key is not None
        digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()

    def address_index(self, email: str) -> str:
        return self.blind_index(normalise_address(email), kind="email")

    def message_id_index(self, message_id: str) -> str:
        return self.blind_index(message_id.strip().strip("<>").strip(), kind="message-id")


def normalise_address(email: str) -> str:
    """Compare addresses case-insensitively (local parts are case-insensitive in practice)."""
    return email.strip().strip("<>").lower()
