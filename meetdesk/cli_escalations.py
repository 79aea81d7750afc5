"""``meetdesk escalations``: the supervisor queue from a terminal.

``list`` and ``show`` read through the access function (``--as``, ``--purpose``): each
escalation is about its conversation's customer and participants, so a processor sees
those of the customers it serves and none about a restricted subject, and each one
shown is audited. ``claim``, ``release``, ``resolve`` and ``discard`` call
``meetdesk.supervision.queue``, which audits each transition; the logic lives there so
the web console does the same. ``correct``, ``propose``, ``reply``, ``ask``,
``not-scheduling`` and ``hand-back`` call ``meetdesk.supervision.actions`` in one
transaction with the queueing services (messages go to the outbox; the daemon sends
them). Times are ISO 8601; a time without a zone is in the customer's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from meetdesk.cli_access import actor_from, add_access_arguments, read_as, report, shown
from meetdesk.cli_escalation_actions import ACTIONS, act, add_action_arguments
from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy.access import Actor
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.models import Escalation
from meetdesk.supervision import queue
from meetdesk.supervision.reasons import KINDS

_TRANSITION = Callable[[Session, Cipher, str, Actor, datetime], Escalation]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="escalations_command", required=True, metavar="ACTION")
    lst = sub.add_parser("list", help="list escalations, most urgent first")
    lst.add_argument("--all", action="store_true", help="include resolved and discarded ones")
    lst.add_argument("--status", choices=[*queue.STATUSES, queue.ACTIVE], help="only these")
    lst.add_argument("--kind", choices=KINDS, help="only this reason family")
    lst.add_argument("--reason", help="only this reason code")
    lst.add_argument("--customer", metavar="EMAIL_OR_ID", help="only this customer's")
    lst.add_argument("--overdue", action="store_true", help="only those past their due time")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    add_access_arguments(lst, purpose="supervision")

    show = sub.add_parser("show", help="what a supervisor needs to decide one escalation")
    show.add_argument("id")
    show.add_argument(
        "--full", action="store_true", help="the whole message, quoted history and signature too"
    )
    show.add_argument("--json", action="store_true", help="one JSON object")
    add_access_arguments(show, purpose="supervision")

    claim = sub.add_parser("claim", help="take an escalation for [supervision] lease_minutes")
    claim.add_argument("id")
    claim.add_argument("--as-user", required=True, metavar="NAME", help="the supervisor")
    release = sub.add_parser("release", help="give a claimed escalation back")
    release.add_argument("id")
    resolve = sub.add_parser("resolve", help="close an escalation as dealt with")
    resolve.add_argument("id")
    resolve.add_argument("--resolution", choices=queue.RESOLUTIONS, default="handled")
    resolve.add_argument("--note", help="what was done (stored encrypted)")
    discard = sub.add_parser("discard", help="close an escalation that needed nothing")
    discard.add_argument("id")
    discard.add_argument("--why", required=True, help="why (stored encrypted)")
    acting = add_action_arguments(sub)
    for p in (release, resolve, discard, *acting):
        p.add_argument("--as-user", metavar="NAME", help="the supervisor (default: its claimer)")
    for p in (claim, release, resolve, discard, *acting):
        p.add_argument("--as", dest="as_actor", metavar="PROCESSOR_ID", help="as this processor")


def escalations_command(settings: Settings, args: argparse.Namespace) -> int:
    try:
        if args.escalations_command == "list":
            return _list(settings, args)
        if args.escalations_command == "show":
            return _show(settings, args)
        if args.escalations_command in ACTIONS:
            return act(settings, args, holder=_holder)
        return _transition(settings, args)
    except queue.QueueError as exc:
        raise ConfigError(str(exc)) from None


def _list(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.supervision.views import escalation_records

    now = SystemClock().now()
    status = None if args.all else (args.status or queue.ACTIVE)

    def load(session: Session, cipher: Cipher) -> Any:
        filters = queue.Filters(
            status=status,
            kind=args.kind,
            reason=args.reason,
            customer_id=_customer_id(session, cipher, args.customer),
            overdue=args.overdue,
        )
        return escalation_records(session, cipher, status=status, filters=filters, now=now)

    actor, disclosure = read_as(settings, args, action="read.escalations", load=load)
    for e in disclosure.records:
        created, details, due = shown(e, "created_at"), shown(e, "details"), shown(e, "due_at")
        live = shown(e, "status") in (queue.OPEN, queue.CLAIMED)
        overdue = isinstance(due, datetime) and due <= now and live
        if args.json:
            out = {k: shown(e, k) for k in ("id", "status", "reason", "conversation")}
            out |= {k: shown(e, k) for k in ("kind", "priority", "claimed_by")}
            for key, value in (("created_at", created), ("due_at", due)):
                out[key] = value.isoformat() if isinstance(value, datetime) else value
            out["overdue"], out["details"] = overdue, details
            print(json.dumps(out))
        else:
            rule = details.get("rule", "") if isinstance(details, dict) else details
            held = shown(e, "status") == queue.CLAIMED
            claim = f" claimed by {shown(e, 'claimed_by')}" if held else ""
            print(
                f"{shown(e, 'id')}  {_when(created)}  {shown(e, 'status'):<8} "
                f"{shown(e, 'reason'):<24} conversation={shown(e, 'conversation') or '-'} {rule}"
                f"  {shown(e, 'priority')} due {_when(due)}{' OVERDUE' if overdue else ''}{claim}"
            )
    if not disclosure.records and not args.json:
        print("no escalations" if args.all or args.status else "no open escalations")
    report(disclosure, actor)
    return 0


def _show(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.escalation_read import read_escalation

    actor = actor_from(settings, args)
    now = SystemClock().now()
    engine, cipher = open_store(settings)
    try:
        found = asyncio.run(
            read_escalation(
                settings, engine, cipher, args.id,
                actor=actor, purpose=args.purpose, now=now, full=args.full,
            )
        )  # fmt: skip
    finally:
        engine.dispose()
    disclosure, record = found.disclosure, found.record
    if args.json:
        print(json.dumps(record.fields, default=_json_default))
    else:
        for key, value in record.fields.items():
            print(f"{key}: {_text(value)}")
        for key in record.withheld:
            print(f"{key}: (withheld)")
    report(disclosure, actor)
    return 0


def _transition(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    command = args.escalations_command
    lease = timedelta(minutes=settings.supervision.lease_minutes)
    steps: dict[str, _TRANSITION] = {
        "claim": lambda s, c, u, a, n: queue.claim(
            s, c, args.id, user=u, actor=a, now=n, lease=lease
        ),
        "release": lambda s, c, u, a, n: queue.release(s, c, args.id, user=u, actor=a, now=n),
        "resolve": lambda s, c, u, a, n: queue.resolve(
            s, c, args.id, user=u, actor=a, now=n, resolution=args.resolution, note=args.note
        ),
        "discard": lambda s, c, u, a, n: queue.discard(
            s, c, args.id, user=u, actor=a, now=n, why=args.why
        ),
    }
    actor = actor_from(settings, args)
    now = SystemClock().now()
    engine, cipher = open_store(settings)
    try:
        try:
            with transaction(engine) as session:
                user = args.as_user or _holder(session, args.id, now)
                row = steps[command](session, cipher, user, actor, now)
                line = f"escalation {row.id} {_done(row, command)} by {user}"
        except AccessDenied:  # the refusal is audited too
            queue.audit_refusal(engine, cipher, actor, command, now)
            raise
    finally:
        engine.dispose()
    print(line)
    return 0


def _holder(session: Session, escalation_id: str, now: datetime) -> str:
    row = session.get(Escalation, escalation_id)
    if row is not None and queue.status_at(row, now) == queue.CLAIMED and row.claimed_by:
        return row.claimed_by
    raise queue.QueueError(f"escalation {escalation_id} is not claimed: say who with --as-user")


def _done(row: Escalation, command: str) -> str:
    if command == "claim":
        assert row.lease_until is not None
        return f"claimed until {row.lease_until:%Y-%m-%d %H:%M} UTC"
    return {"release": "released", "resolve": f"resolved ({row.resolution})"}.get(
        command, "discarded"
    )


def _customer_id(session: Session, cipher: Cipher, customer: str | None) -> str | None:
    from meetdesk.store.customers import find_customer
    from meetdesk.store.models import Customer

    if customer is None:
        return None
    if "@" not in customer:
        if session.get(Customer, customer) is None:
            raise queue.QueueError(f"no customer {customer}")
        return customer
    found = find_customer(session, cipher, customer)
    if found is None:
        raise queue.QueueError(f"no customer {customer}")
    return found.id


def _when(value: Any) -> Any:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\n", "\n    ") if "\n" in value else value
    return json.dumps(value, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
