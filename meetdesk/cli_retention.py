"""``meetdesk retention run|show|log``: purge now, see the rules, see what was purged.

``run`` makes one retention pass at once (the daemon makes one per period by itself) and
prints what it removed: counts per table, category and rule, never content. ``show``
prints the effective rule of every category, for one customer's contract with
``--customer EMAIL``; it reads the config only. ``log`` lists the purge records.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from meetdesk.settings import Settings

if TYPE_CHECKING:
    from meetdesk.privacy.retention import Policy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    sub.add_parser("run", help="make one purge pass now and print what it removed")
    show = sub.add_parser("show", help="print the effective retention rule of each category")
    show.add_argument("--customer", metavar="EMAIL", help="the rules of this customer's contract")
    log = sub.add_parser("log", help="list the purge records, newest first")
    log.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")


def retention_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy.retention import parse_policy

    policy = parse_policy(settings.privacy.retention)
    if args.retention_command == "show":
        return _show(policy, args.customer)
    if args.retention_command == "log":
        return _log(settings, args.limit)
    return _run(settings, policy)


def _show(policy: Policy, customer: str | None) -> int:
    from meetdesk.privacy.categories import CATEGORIES

    if customer is not None and customer.lower() not in policy.contracts:
        print(f"{customer}: no contract of its own; the global rules apply")
    cap = policy.cap_for(customer)
    print(f"cap: {cap if cap is not None else 'none'}")
    for key in CATEGORIES:
        rule = policy.rule_for(key, customer)
        if rule is None:
            print(f"{key}: not purged (no rule)")
            continue
        source = "contract" if rule.customer else "global"
        print(f"{key}: {rule.keep} after {rule.event} ({source} rule {rule.key})")
    print(f"not purged by time (tables): {', '.join(_unpurged())}")
    return 0


def _unpurged() -> list[str]:
    from sqlmodel import SQLModel

    import meetdesk.store.models  # noqa: F401  (registers every table)
    from meetdesk.privacy.purge_targets import purged_tables

    return sorted(set(SQLModel.metadata.tables) - purged_tables())


def _run(settings: Settings, policy: Policy) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.purge import run_pass
    from meetdesk.store.opening import open_store

    engine, cipher = open_store(settings)
    try:
        result = run_pass(engine, cipher, policy, now=SystemClock().now())
    finally:
        engine.dispose()
    for (category, table, rule, customer_id), n in sorted(result.counts.items()):
        whose = f" customer={customer_id}" if customer_id else ""
        print(f"purged {n} from {table}: {category} ({rule}){whose}")
    if not result.total:
        print("nothing to purge")
    if result.held:
        print(f"kept {result.held} conversations under a legal hold")
    return 0


def _log(settings: Settings, limit: int) -> int:
    from sqlmodel import col, select

    from meetdesk.store.engine import transaction
    from meetdesk.store.models import PurgeRecord
    from meetdesk.store.opening import open_store

    engine, _ = open_store(settings)
    try:
        with transaction(engine) as session:
            records = session.exec(
                select(PurgeRecord)
                .order_by(col(PurgeRecord.at).desc(), col(PurgeRecord.table_name))
                .limit(max(1, limit))
            ).all()
    finally:
        engine.dispose()
    for r in records:
        whose = f" customer={r.customer_id}" if r.customer_id else ""
        print(
            f"{r.at:%Y-%m-%d %H:%M}  pass={r.pass_id[:8]}  {r.count:>6} from {r.table_name}: "
            f"{r.category} ({r.rule}){whose}"
        )
    if not records:
        print("no purge records")
    return 0
