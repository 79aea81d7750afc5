"""``meetdesk stats``: pseudonymised statistics for quality review and billing.

Per customer (by row id) and overall: requests, booked, automation rate, escalations by
reason, median and 90th percentile of the time to first reply and to booking; and the quality
review's grades (error rates per customer, overall and per rule, see
``meetdesk.supervision.quality_stats``) for the samples taken in the period. Nothing
is decrypted to compute them; groups below ``--min-group`` requests are pooled and
suppressed (see ``meetdesk.privacy.statistics``).

The read passes the access function like every other: ``--as PROCESSOR_ID`` reads as a
processor, which needs the purpose given (``quality_review`` or ``billing``). A
processor serving only some customers gets statistics of those customers alone, and
only their own rows: the pooled and overall rows are tied to no customer, so they are
left out for it. Each row shown is audited.
"""

from __future__ import annotations

import argparse
import json

from meetdesk.cli_access import add_access_arguments
from meetdesk.cli_quality import quality_lines
from meetdesk.clock import Clock, SystemClock
from meetdesk.errors import ConfigError
from meetdesk.privacy.statistics import (
    MIN_GROUP,
    Group,
    Statistics,
    describe_measure,
)
from meetdesk.settings import Settings

PURPOSES = ("quality_review", "billing")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="ISO", help="requests created from then")
    parser.add_argument("--to", dest="end", metavar="ISO", help="requests created before then")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    add_access_arguments(parser, purpose="quality_review")
    parser.add_argument(
        "--min-group",
        type=int,
        default=MIN_GROUP,
        metavar="K",
        help=f"suppress groups of fewer than K requests (default {MIN_GROUP}, at least 2)",
    )


def stats_command(settings: Settings, args: argparse.Namespace, clock: Clock | None = None) -> int:
    from meetdesk.cli_access import actor_from, report
    from meetdesk.cli_incidents import parse_time
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.statistics_read import read_statistics

    start = None if args.start is None else parse_time("--from", args.start)
    end = None if args.end is None else parse_time("--to", args.end)
    if start is not None and end is not None and end <= start:
        raise ConfigError("--to must be after --from")
    if args.min_group < 2:
        raise ConfigError(f"--min-group {args.min_group}: must be at least 2")
    if args.purpose not in PURPOSES:
        raise ConfigError(
            f"--purpose {args.purpose}: statistics are read for {' or '.join(PURPOSES)}"
        )
    actor = actor_from(settings, args)
    now = (clock or SystemClock()).now()
    engine, cipher = open_store(settings)
    try:
        shown = read_statistics(
            engine, cipher, actor, purpose=args.purpose, now=now,
            start=start, end=end, min_group=args.min_group,
        )  # fmt: skip
    finally:
        engine.dispose()
    report(shown.disclosure, actor)
    if args.json:
        print(json.dumps(shown.to_json(), indent=2))
    else:
        print(render_text(shown.requests, overall=shown.overall))
        print("quality review (graded samples taken in the period):")
        quality = shown.quality
        print("\n".join(quality_lines(quality, list(quality.customers), overall=shown.overall)))
    return 0


def _row(g: Group, k: int) -> str:
    name = f"{g.name} ({g.customers} customers)" if g.name in ("other", "all") else g.name
    if g.suppressed:
        return f"{name:<40} fewer than {k} requests: suppressed"
    rate = "-" if g.automation_rate is None else f"{g.automation_rate:.0%}"
    escalations = ", ".join(f"{r} {n}" for r, n in (g.escalations or {}).items()) or "none"
    return (
        f"{name:<40} requests {g.requests}  booked {g.booked}  automated {rate}  "
        f"first reply {describe_measure(g.first_reply)}  booking {describe_measure(g.booking)}  "
        f"escalations: {escalations}"
    )


def render_text(s: Statistics, *, overall: bool = True) -> str:
    period = f"{s.start.isoformat() if s.start else 'the start'} to " + (
        s.end.isoformat() if s.end else "now"
    )
    lines = [
        f"requests created from {period}; times are median / 90th percentile; "
        f"groups under {s.min_group} requests are suppressed",
        *(_row(g, s.min_group) for g in (*s.customers, *([s.overall] if overall else []))),
    ]
    return "\n".join(lines)
