"""The inbound SMTP and LMTP listener (aiosmtpd).

Acknowledge only after commit: the DATA handler awaits ``accept`` (which stores the
message and enqueues its processing in one transaction) before answering 250. Any
failure answers 451 so the sending server keeps the message and retries; recipients we
do not serve get 550 at RCPT time; aiosmtpd answers 552 above the size limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger(__name__)

Accept = Callable[[bytes], Awaitable[object]]


class InboundHandler:
    """aiosmtpd handler: filters recipients and hands each message to ``accept``."""

    def __init__(self, addresses: Iterable[str], accept: Accept) -> None:
        self.addresses = {a.lower() for a in addresses}
        self.accept = accept

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.lower() not in self.addresses:
            return "550 5.1.1 Recipient address rejected: not served here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):  # only when decode_data=True, which we never set
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            outcome = await self.accept(raw)
        except Exception:
            log.exception("could not store an inbound message; answering 451")
            reply = "451 4.3.0 Temporary failure, please try again later"
        else:
            log.debug("inbound message: %s", outcome)
            reply = "250 2.0.0 Message accepted for delivery"
        if isinstance(server, LMTP):  # LMTP answers once per accepted recipient
            return "\r\n".join([reply] * max(1, len(envelope.rcpt_tos)))
        return reply


async def start_listener(
    handler: InboundHandler,
    host: str,
    port: int,
    *,
    lmtp: bool,
    max_bytes: int,
    hostname: str,
) -> asyncio.AbstractServer:
    """Listen on host:port; the caller closes the returned server at shutdown."""
    protocol: Any = LMTP if lmtp else SMTP

    def factory() -> SMTP:
        return protocol(  # type: ignore[no-any-return]
            handler,
            data_size_limit=max_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=hostname,
            ident="MeetDesk",
        )

    loop = asyncio.get_running_loop()
    return await loop.create_server(factory, host=host, port=port)
