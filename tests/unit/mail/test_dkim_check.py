"""DKIM: a signature of the sender's own domain verifies; anything else does not."""

from __future__ import annotations

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from meetdesk.mail.dkim_check import signed_by_sender

MESSAGE = (
    b"From: Bob <bob@mail.partner.example>\r\nTo: julie@assistant.example\r\n"
    b"Subject: my data\r\nMessage-ID: <a1@partner.example>\r\n\r\nPlease delete my data\r\n"
)


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def _signed(private: bytes, domain: bytes, message: bytes = MESSAGE) -> bytes:
    headers = [b"from", b"to", b"subject", b"message-id"]
    return dkim.sign(message, b"s1", domain, private, include_headers=headers) + message


def _dns(record: bytes, domain: str):  # type: ignore[no-untyped-def]
    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == f"s1._domainkey.{domain}.".encode() else None

    return lookup


def test_own_domain_and_parent_domain_verify(keys: tuple[bytes, bytes]) -> None:
    private, record = keys
    own = _signed(private, b"mail.partner.example")
    assert signed_by_sender(own, "bob@mail.partner.example", _dns(record, "mail.partner.example"))
    parent = _signed(private, b"partner.example")
    assert signed_by_sender(parent, "bob@mail.partner.example", _dns(record, "partner.example"))


def test_tampered_foreign_unsigned_or_keyless_do_not(keys: tuple[bytes, bytes]) -> None:
    private, record = keys
    dns = _dns(record, "partner.example")
    signed = _signed(private, b"partner.example")
    assert not signed_by_sender(signed.replace(b"delete", b"keep"), "bob@mail.partner.example", dns)
    assert not signed_by_sender(signed, "eve@evil.example", dns)
    assert not signed_by_sender(MESSAGE, "bob@mail.partner.example", dns)
    assert not signed_by_sender(signed, "bob@mail.partner.example", _dns(record, "other.example"))
    assert not signed_by_sender(
        b"DKIM-Signature: garbage\r\n" + MESSAGE, "bob@partner.example", dns
    )
