"""``meetdesk escalations list``: the supervisor queue, read through the access function.

Each escalation shows ids, reasons and rule names only; it is about its conversation's
customer and participants, so a processor sees the escalations of the customers it
serves and none about a restricted subject, and each one shown is audited.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from meetdesk.cli_access import add_access_arguments, read_as, report, shown
from meetdesk.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="escalations_command", required=True, metavar="ACTION")
    lst = sub.add_parser("list", help="list escalations")
    lst.add_argument("--all", action="store_true", help="include resolved ones")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    add_access_arguments(lst, purpose="supervision")


def escalations_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.supervision.views import escalation_records

    status = None if args.all else "open"
    actor, disclosure = read_as(
        settings,
        args,
        action="read.escalations",
        load=lambda session, cipher: escalation_records(session, cipher, status=status),
    )
    for e in disclosure.records:
        created, details = shown(e, "created_at"), shown(e, "details")
        if args.json:
            out = {k: shown(e, k) for k in ("id", "status", "reason", "conversation")}
            out["created_at"] = created.isoformat() if isinstance(created, datetime) else created
            out["details"] = details
            print(json.dumps(out))
        else:
            when = f"{created:%Y-%m-%d %H:%M}" if isinstance(created, datetime) else created
            rule = details.get("rule", "") if isinstance(details, dict) else details
            print(
                f"{shown(e, 'id')}  {when}  {shown(e, 'status'):<8} {shown(e, 'reason'):<24} "
                f"conversation={shown(e, 'conversation') or '-'} {rule}"
            )
    if not disclosure.records and not args.json:
        print("no open escalations" if not args.all else "no escalations")
    report(disclosure, actor)
    return 0
