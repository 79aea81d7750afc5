"""Stage 5, send: hand one outbox message to the mail transport.

Sending happens outside any transaction; the row is marked sent afterwards. If the
process dies between the two, the message is sent again with the *same* Message-ID, so
receiving servers and clients see one message. A refused message (5xx) escalates.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session

from meetdesk import failpoints
from meetdesk.flow.mail_ledger import record_sent
from meetdesk.flow.restricted import hold_if_restricted
from meetdesk.flow.services import Services
from meetdesk.mail.parse import parse_message
from meetdesk.privacy.suppression import suppressed
from meetdesk.store import jobs
from meetdesk.store.models import Outbox
from meetdesk.worker import JobContext

log = logging.getLogger(__name__)


async def send(job: jobs.ClaimedJob, ctx: JobContext, s: Services) -> None:
    outbox_id = job.payload["outbox_id"]

    def load(session: Session) -> tuple[bytes, dict[str, Any]] | None:
        row = session.get(Outbox, outbox_id)
        if row is None or row.status == "sent":
            return None
        raw = s.cipher.decrypt(row.raw_enc, table="outbox", column="raw", row_id=row.id)
        envelope = s.cipher.decrypt_json(
            row.envelope_enc, table="outbox", column="envelope", row_id=row.id
        )
        # An objection or a withdrawn consent stops mail to that person, queued or not;
        # only the answer to their own request still reaches them (art. 12(3)).
        blocked = (
            set()
            if row.purpose == "subject_request"
            else suppressed(session, s.cipher, envelope["recipients"])
        )
        envelope["recipients"] = [r for r in envelope["recipients"] if r not in blocked]
        return raw, envelope

    if await hold_if_restricted(ctx, s, outbox_id):
        return
    loaded = await ctx.read(load)
    if loaded is None:
        return
    raw, envelope = loaded
    if not envelope["recipients"]:
        await ctx.commit(lambda session: _suppressed(session, outbox_id))
        log.info("outbox message %s not sent: every recipient objected", outbox_id)
        return
    failpoints.hit("send.before_transport")
    await s.transport.send(envelope["sender"], envelope["recipients"], raw)
    parsed = parse_message(raw)  # for the ledger, before its transaction

    def commit(session: Session) -> None:
        row = session.get(Outbox, outbox_id)
        assert row is not None
        row.status = "sent"
        row.attempts += 1
        row.sent_at = s.clock.now()
        # who received whose data, for art. 19 notices: exactly when the send is recorded
        record_sent(session, s, row, parsed, envelope["recipients"])

    await ctx.commit(commit)
    log.info("sent outbox message %s to %d recipient(s)", outbox_id, len(envelope["recipients"]))


def _suppressed(session: Session, outbox_id: str) -> None:
    row = session.get(Outbox, outbox_id)
    if row is not None:
        row.status = "suppressed"
