"""Whether a message was DKIM-signed by its sender's own domain (RFC 6376).

A data-subject request is only acted on once we know it comes from the subject: a valid
DKIM signature whose signing domain (``d=``) is the From address's domain, or a parent
of it, proves the sender's mail system sent it. Anything else (no signature, a bad one,
a third party's domain, an unreachable key) is simply "not verified": the subject is
then sent a one-time code instead. ``dnsfunc`` is dkimpy's key lookup, replaceable so
tests sign with a generated key and never touch the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dkim

log = logging.getLogger(__name__)

DnsFunc = Callable[..., bytes | str | None]


def lookup_key(name: bytes, timeout: int = 5) -> bytes | str | None:
    """The real lookup of a DKIM key record (dkimpy's, through dnspython)."""
    result: bytes | str | None = dkim.dnsplug.get_txt(name, timeout=timeout)
    return result


def signed_by_sender(raw: bytes, sender: str, dnsfunc: DnsFunc | None = None) -> bool:
    """True if ``raw`` carries a valid DKIM signature of ``sender``'s domain."""
    domain = sender.rsplit("@", 1)[-1].strip().lower()
    if not domain or b"dkim-signature:" not in raw.lower():
        return False
    checker = dkim.DKIM(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    signatures = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
    for index in range(signatures):
        try:
            ok = checker.verify(idx=index, dnsfunc=dnsfunc or lookup_key)
        except dkim.DKIMException as exc:  # malformed signature, unreachable key
            log.info("DKIM signature %d not verified: %s", index, type(exc).__name__)
            continue
        signer = (checker.domain or b"").decode("ascii", "replace").lower()
        if ok and (domain == signer or domain.endswith("." + signer)):
            return True
    return False
