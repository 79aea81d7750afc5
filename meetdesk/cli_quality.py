"""``meetdesk quality ...``: the quality review queue at the command line.

``list [--ungraded]``, ``show ID``, ``grade ID right|wrong [--why CODE] [--note T]``
read and grade through the access function for ``quality_review`` (``--as
PROCESSOR_ID`` for a reviewer's view; each read and grade audited); ``stats`` prints the
error rates (suppressing small groups as ``meetdesk stats`` does); ``sample --rate R``
back-fills the queue from past decisions (administrators only). The logic lives in
``meetdesk.supervision.quality*`` so the web API and console call the same functions.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from meetdesk.cli_access import WITHHELD, actor_from, report, shown
from meetdesk.errors import ConfigError
from meetdesk.privacy.access import Shown
from meetdesk.privacy.statistics import MIN_GROUP
from meetdesk.settings import Settings
from meetdesk.supervision.quality_stats import QualityGroup, QualityStatistics

_LIST_KEYS = ("id", "sampled_at", "action", "rules", "grade", "reason")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from meetdesk.supervision.quality import REASONS

    sub = parser.add_subparsers(dest="quality_command", required=True, metavar="ACTION")
    lst = sub.add_parser("list", help="list the sampled decisions")
    lst.add_argument("--ungraded", action="store_true", help="only those not graded yet")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    show = sub.add_parser("show", help="one sample, pseudonymised")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="one JSON object")
    grade = sub.add_parser("grade", help="grade a sample right, or wrong with why")
    grade.add_argument("id")
    grade.add_argument("verdict", choices=["right", "wrong"])
    grade.add_argument("--why", choices=list(REASONS), help="why it was wrong")
    grade.add_argument("--note", help="an optional note (stored encrypted)")
    stats = sub.add_parser("stats", help="error rates overall, per customer and per rule")
    stats.add_argument("--json", action="store_true", help="one JSON document")
    stats.add_argument("--min-group", type=int, default=MIN_GROUP, metavar="K")
    sample = sub.add_parser("sample", help="back-fill the queue from past decisions")
    sample.add_argument("--rate", type=float, required=True, metavar="R", help="0 to 1")
    for p in (lst, show, grade, stats, sample):
        p.add_argument(
            "--as",
            dest="as_actor",
            metavar="PROCESSOR_ID",
            help="read as this processor, within its scope (default: admin)",
        )


def quality_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.store.opening import open_store

    actor = actor_from(settings, args)
    now = SystemClock().now()
    if args.quality_command == "sample":
        if not actor.is_admin:
            raise ConfigError("quality sample is for administrators; leave out --as")
        if not 0.0 <= args.rate <= 1.0:
            raise ConfigError(f"--rate {args.rate}: must be between 0 and 1")
    if args.quality_command == "stats" and args.min_group < 2:
        raise ConfigError(f"--min-group {args.min_group}: must be at least 2")
    engine, cipher = open_store(settings)
    try:
        return _run(settings, args, engine, cipher, actor, now)
    finally:
        engine.dispose()


def _run(settings: Settings, args: argparse.Namespace, engine: Any, cipher: Any, actor: Any,
         now: datetime) -> int:  # fmt: skip
    from meetdesk.store.engine import transaction
    from meetdesk.supervision import quality
    from meetdesk.supervision.quality_backfill import backfill

    command = args.quality_command
    if command == "sample":
        with transaction(engine) as session:
            done = backfill(session, cipher, settings.quality, rate=args.rate, now=now)
        print(
            f"{done.sampled} decision(s) sampled of {done.considered} not yet sampled"
            + (f"; {done.unavailable} drawn but no longer stored" if done.unavailable else "")
        )
        return 0
    if command == "stats":
        return _stats(args, engine, cipher, actor, now)
    if command == "list":
        disclosure = quality.list_samples(engine, cipher, actor, ungraded=args.ungraded, now=now)
        for r in disclosure.records:
            out = {k: _plain(shown(r, k)) for k in _LIST_KEYS}
            if args.json:
                print(json.dumps(out))
            else:
                rules = out["rules"] if out["rules"] == WITHHELD else ",".join(out["rules"])
                verdict = out["grade"] or "ungraded"
                why = f" ({out['reason']})" if out["reason"] else ""
                print(
                    f"{out['id']}  {out['sampled_at']}  {out['action']:<10} "
                    f"{verdict}{why}  {rules}"
                )
        if not disclosure.records and not args.json:
            print("no ungraded samples" if args.ungraded else "no samples")
        report(disclosure, actor)
        return 0
    if command == "show":
        disclosure = quality.show_sample(engine, cipher, actor, args.id, now=now)
    else:
        grade = quality.Grade(args.verdict, args.why, args.note)
        disclosure = quality.grade_sample(engine, cipher, actor, args.id, grade, now=now)
    record = disclosure.records[0]
    if command == "show" and args.json:
        print(json.dumps({k: _plain(v) for k, v in record.fields.items()}, indent=2))
    elif command == "show":
        print(render_sample(record))
    else:
        print(f"graded {args.id} {args.verdict}" + (f" ({args.why})" if args.why else ""))
    report(disclosure, actor)
    return 0


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def render_sample(record: Shown) -> str:
    """One sample for a reviewer: its decision, then what it was decided on."""
    keys: tuple[str, ...] = ("id", "conversation_id", "action", "rules", "confidence")
    keys += ("decided_at", "sampled_at", "grade", "reason", "note", "graded_by", "graded_at")
    lines = [f"{k}: {_plain(shown(record, k))}" for k in keys if k != "note" or k in record.fields]
    for key in ("sender", "sender_role", "people", "language", "subject", "reading"):
        lines.append(f"{key}: {json.dumps(_plain(shown(record, key)))}")
    lines += ["", str(shown(record, "text"))]
    return "\n".join(lines)


def _stats(args: argparse.Namespace, engine: Any, cipher: Any, actor: Any, now: datetime) -> int:
    from sqlmodel import Session

    from meetdesk.privacy.access import OPERATIONS, Item, Record, read
    from meetdesk.privacy.processors import ALL_CUSTOMERS
    from meetdesk.privacy.statistics import POOLED, UNASSIGNED
    from meetdesk.store.customers import list_customers
    from meetdesk.supervision.quality_stats import compute_quality

    computed: list[QualityStatistics] = []

    def load(session: Session) -> list[Record]:
        emails: dict[str, str] | None = None
        if actor.processor is not None and ALL_CUSTOMERS not in actor.processor.customers:
            emails = {
                c.id: c.email
                for c in list_customers(session, cipher)
                if actor.serves(c.id, c.email)
            }
        stats = compute_quality(session, min_group=args.min_group, customers=emails)
        computed.append(stats)
        # rows tied to no single customer (pool, overall, rules) need a "*" reader
        return [
            Record(
                fields={"row": Item(g.name, (OPERATIONS,))},
                customer_id=None if g.name in (POOLED, UNASSIGNED) else g.name,
                customer_email=(emails or {}).get(g.name),
            )
            for g in stats.customers
        ] + [Record(fields={"row": Item("all", (OPERATIONS,))})]

    disclosure = read(
        engine, cipher, actor=actor, purpose="quality_review", action="read.quality_statistics",
        load=load, now=now,
    )  # fmt: skip
    report(disclosure, actor)
    names = {str(r.fields["row"]) for r in disclosure.records if "row" in r.fields}
    full = computed[0]
    groups = [g for g in full.customers if g.name in names]
    overall = "all" in names
    if args.json:
        document = full.to_json()
        document["groups"] = [g.to_json() for g in groups]
        if not overall:
            document["overall"], document["rules"] = None, []
        print(json.dumps(document, indent=2))
        return 0
    print(f"graded samples; groups under {full.min_group} graded samples are suppressed")
    print("\n".join(quality_lines(full, groups, overall=overall)))
    return 0


def quality_lines(
    full: QualityStatistics, groups: list[QualityGroup], *, overall: bool
) -> list[str]:
    """One line per customer row shown, then (for a reader of every customer) the
    overall and per-rule rows."""
    lines = []
    for g in [*groups, *([full.overall, *full.rules] if overall else [])]:
        if g.suppressed:
            lines.append(f"{g.name:<40} fewer than {full.min_group} graded: suppressed")
            continue
        rate = "-" if g.error_rate is None else f"{g.error_rate:.0%}"
        reasons = ", ".join(f"{r} {n}" for r, n in (g.reasons or {}).items()) or "none"
        median = g.resolution.median if g.resolution else None
        took = "-" if median is None else f"{median / 3600:.1f}h"
        lines.append(
            f"{g.name:<40} sampled {g.sampled}  graded {g.graded}  wrong {g.wrong}  "
            f"error rate {rate}  resolution median {took}  reasons: {reasons}"
        )
    return lines
