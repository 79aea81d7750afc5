"""Jobs that run once per period across every daemon (the purge, the due-time alerts).

Periods are fixed slices of UTC time counted from the epoch, and each period's job has
the dedupe key ``<kind>:<label>:<n>``: however many daemons start, the queue holds at
most one job per period, and only the worker that claims it does the work. Each job, as
its last step, queues the next period's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from meetdesk.store import jobs
from meetdesk.store.engine import transaction

log = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Periodic:
    """A job kind run once per ``length``; ``label`` names the length in its keys."""

    kind: str
    length: timedelta
    label: str

    def period(self, now: datetime) -> tuple[str, datetime, datetime]:
        """(dedupe key, start, end) of the period ``now`` falls in."""
        index = (now - _EPOCH) // self.length
        start = _EPOCH + index * self.length
        return f"{self.kind}:{self.label}:{index}", start, start + self.length

    def enqueue(self, session: Session, *, now: datetime, after: bool) -> str:
        """Queue the current period's job (or, with ``after``, the next one's)."""
        key, start, end = self.period(now)
        if after:
            key, start, end = self.period(end)
        return jobs.enqueue(session, self.kind, now=now, run_after=max(start, now), dedupe_key=key)

    def schedule(self, engine: Engine, *, now: datetime) -> None:
        """At daemon start: make sure this period's job is queued (once, cluster-wide)."""
        try:
            with transaction(engine) as session:
                self.enqueue(session, now=now, after=False)
        except IntegrityError:  # another daemon queued the same period's job just now
            log.debug("%s of this period already queued by another daemon", self.kind)
