"""``meetdesk stats``: pseudonymised statistics for quality review and billing.

Per customer (by row id) and overall: requests, booked, automation rate, escalations by
reason, median and 90th percentile of the time to first reply and to booking. Nothing
is decrypted to compute them; groups below ``--min-group`` requests are pooled and
suppressed (see ``meetdesk.privacy.statistics``). The read is audited with the purpose
given (``quality_review`` or ``billing``).
"""

from __future__ import annotations

import argparse
import json

from meetdesk.clock import Clock, SystemClock
from meetdesk.errors import ConfigError
from meetdesk.privacy.statistics import MIN_GROUP, Group, Measure, Statistics
from meetdesk.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="ISO", help="requests created from then")
    parser.add_argument("--to", dest="end", metavar="ISO", help="requests created before then")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    parser.add_argument(
        "--purpose",
        choices=("quality_review", "billing"),
        default="quality_review",
        help="why the statistics are read (recorded in the audit trail)",
    )
    parser.add_argument(
        "--min-group",
        type=int,
        default=MIN_GROUP,
        metavar="K",
        help=f"suppress groups of fewer than K requests (default {MIN_GROUP}, at least 2)",
    )


def stats_command(settings: Settings, args: argparse.Namespace, clock: Clock | None = None) -> int:
    from meetdesk.cli_incidents import parse_time
    from meetdesk.privacy import audit
    from meetdesk.privacy.statistics import compute
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    start = None if args.start is None else parse_time("--from", args.start)
    end = None if args.end is None else parse_time("--to", args.end)
    if start is not None and end is not None and end <= start:
        raise ConfigError("--to must be after --from")
    if args.min_group < 2:
        raise ConfigError(f"--min-group {args.min_group}: must be at least 2")
    now = (clock or SystemClock()).now()
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            result = compute(session, start=start, end=end, min_group=args.min_group)
            audit.record(
                session,
                cipher,
                actor="admin-cli",
                action="read.statistics",
                categories=["system.operations"],  # counts and durations only
                purpose=args.purpose,
                now=now,
            )
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(render_text(result))
    return 0


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"


def _measure(m: Measure | None) -> str:
    if m is None or m.count == 0:
        return "-"
    return f"{_duration(m.median)} / {_duration(m.p90)}"


def _row(g: Group, k: int) -> str:
    name = f"{g.name} ({g.customers} customers)" if g.name in ("other", "all") else g.name
    if g.suppressed:
        return f"{name:<40} fewer than {k} requests: suppressed"
    rate = "-" if g.automation_rate is None else f"{g.automation_rate:.0%}"
    escalations = ", ".join(f"{r} {n}" for r, n in (g.escalations or {}).items()) or "none"
    return (
        f"{name:<40} requests {g.requests}  booked {g.booked}  automated {rate}  "
        f"first reply {_measure(g.first_reply)}  booking {_measure(g.booking)}  "
        f"escalations: {escalations}"
    )


def render_text(s: Statistics) -> str:
    period = f"{s.start.isoformat() if s.start else 'the start'} to " + (
        s.end.isoformat() if s.end else "now"
    )
    lines = [
        f"requests created from {period}; times are median / 90th percentile; "
        f"groups under {s.min_group} requests are suppressed",
        *(_row(g, s.min_group) for g in s.customers),
        _row(s.overall, s.min_group),
    ]
    return "\n".join(lines)
