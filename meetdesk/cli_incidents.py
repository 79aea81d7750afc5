"""``meetdesk incident open|list|show|notify|close``: the breach register at the terminal.

Every command reads or writes the register in one transaction with its audit entry
(actor ``admin-cli``, purpose ``security``, actions ``incident.*``), so who looked at
which incident is itself on the trail. ``show --subject EMAIL`` says whether one person
is in the reach, by comparing their audit pseudonym (to answer them, GDPR art. 34).
Times are ISO 8601 with an offset (``2026-12-01T09:30+01:00`` or ``...Z``); a bad
time, an unknown id or closing twice is one line on stderr and exit status 2, with
nothing written.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from meetdesk.clock import Clock, SystemClock
from meetdesk.errors import ConfigError
from meetdesk.privacy.incidents import METHODS, SEVERITIES, IncidentView, Reach
from meetdesk.settings import Settings

ACTOR = "admin-cli"
NOTES = "user.content.private.incident"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="incident_command", required=True, metavar="ACTION")
    opened = sub.add_parser("open", help="record a breach and start its 72-hour clock")
    opened.add_argument("--title", required=True)
    opened.add_argument(
        "--aware-at", required=True, metavar="ISO", help="when the breach became known"
    )
    opened.add_argument("--from", dest="start", required=True, metavar="ISO", help="exposure start")
    opened.add_argument("--to", dest="end", required=True, metavar="ISO", help="exposure end")
    opened.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="ID",
        help="an audit actor concerned, e.g. a processor id (repeatable; default: all)",
    )
    opened.add_argument("--description")
    opened.add_argument("--severity", choices=SEVERITIES, default="unassessed")
    listed = sub.add_parser("list", help="incidents with their deadline and notifications")
    listed.add_argument("--open", action="store_true", help="only incidents still open")
    listed.add_argument("--json", action="store_true", help="one JSON object per line")
    show = sub.add_parser("show", help="one incident, its reach from the audit log, who was told")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="one JSON object")
    show.add_argument(
        "--subject", metavar="EMAIL", help="also say whether this person is in the reach"
    )
    notify = sub.add_parser("notify", help="record that someone was told of an incident")
    notify.add_argument("id")
    notify.add_argument(
        "--to", required=True, metavar="WHOM", help="authority, subjects or customer:EMAIL"
    )
    notify.add_argument("--at", required=True, metavar="ISO", help="when they were told")
    notify.add_argument("--by", required=True, metavar="NAME", help="who told them")
    notify.add_argument("--via", choices=METHODS, default="email", help="how (default: email)")
    closed = sub.add_parser("close", help="close an incident with what was found and done")
    closed.add_argument("id")
    closed.add_argument("--summary", required=True)


def incident_command(
    settings: Settings, args: argparse.Namespace, clock: Clock | None = None
) -> int:
    from meetdesk.privacy.incidents import IncidentError

    now = (clock or SystemClock()).now()
    try:
        return _run(settings, args, now)
    except IncidentError as exc:
        raise ConfigError(str(exc)) from None


def parse_time(flag: str, value: str) -> datetime:
    """An ISO 8601 time with an offset; a naive or malformed one is a one-line error."""
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{flag} {value!r}: not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise ConfigError(f"{flag} {value!r}: give the offset, e.g. {value}+01:00 or {value}Z")
    return at.astimezone(UTC)


def _run(settings: Settings, args: argparse.Namespace, now: datetime) -> int:
    from meetdesk.privacy import audit, incidents
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    action = args.incident_command
    times: dict[str, datetime] = {}
    if action == "open":
        times = {
            "aware": parse_time("--aware-at", args.aware_at),
            "start": parse_time("--from", args.start),
            "end": parse_time("--to", args.end),
        }
    elif action == "notify":
        times = {"at": parse_time("--at", args.at)}
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            categories = [NOTES, "system.operations"]
            out: list[str]
            if action == "open":
                incident_id = incidents.open_incident(
                    session,
                    cipher,
                    title=args.title,
                    aware_at=times["aware"],
                    window_start=times["start"],
                    window_end=times["end"],
                    actors=args.actor,
                    description=args.description,
                    severity=args.severity,
                    known_actors=[p.id for p in settings.privacy.processors],
                    now=now,
                )
                view = incidents.get_incident(session, cipher, incident_id)
                out = [f"incident {incident_id} opened; {_deadline(view, now)}"]
            elif action == "list":
                views = incidents.list_incidents(
                    session, cipher, status="open" if args.open else None
                )
                out = _list(views, now, as_json=args.json)
            elif action == "show":
                view = incidents.get_incident(session, cipher, args.id)
                found = incidents.reach(session, view)
                categories += ["user.unique_id.pseudonymous", "user.contact"]
                checked = None
                if args.subject:  # answered by pseudonym: the log holds no addresses
                    touched = audit.subject_pseudonym(cipher, args.subject) in found.subjects
                    checked = (args.subject, touched)
                out = _show(view, found, now, as_json=args.json, checked=checked)
            elif action == "notify":
                incidents.notify(
                    session,
                    cipher,
                    args.id,
                    to=args.to,
                    at=times["at"],
                    by=args.by,
                    method=args.via,
                    now=now,
                )
                categories = ["system.operations", "user.contact"]
                view = incidents.get_incident(session, cipher, args.id)
                out = [f"notification recorded; {_deadline(view, now)}"]
            else:
                incidents.close(session, cipher, args.id, summary=args.summary, now=now)
                out = [f"incident {args.id} closed"]
            audit.record(  # the register is read or changed: documented in the same transaction
                session,
                cipher,
                actor=ACTOR,
                action=f"incident.{action}",
                categories=_expand(categories),
                purpose="security",
                subject_email=getattr(args, "subject", None) or None,
                now=now,
            )
    finally:
        engine.dispose()
    for line in out:
        print(line)
    return 0


def _expand(categories: list[str]) -> list[str]:
    """Category keys for the audit entry (``user.contact`` stands for address and name)."""
    keys: list[str] = []
    for c in categories:
        keys += ["user.contact.email", "user.contact.name"] if c == "user.contact" else [c]
    return keys


def _time(at: datetime | None) -> str:
    return "-" if at is None else at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _deadline(view: IncidentView, now: datetime) -> str:
    return f"authority deadline {_time(view.deadline)} ({view.deadline_state(now)})"


def _told(view: IncidentView) -> str:
    kinds = sorted({n.recipient_kind for n in view.notifications})
    return "notified: " + (", ".join(kinds) if kinds else "nobody")


def _summary_json(view: IncidentView, now: datetime) -> dict[str, Any]:
    return {
        "id": view.id,
        "title": view.title,
        "status": view.status,
        "severity": view.severity,
        "aware_at": view.aware_at.isoformat(),
        "deadline": view.deadline.isoformat(),
        "deadline_state": view.deadline_state(now),
        "overdue": view.overdue(now),
        "hours_left": round(view.hours_left(now), 1),
        "authority_notified_at": None
        if view.authority_notified_at is None
        else view.authority_notified_at.isoformat(),
        "notified": sorted({n.recipient_kind for n in view.notifications}),
    }


def _list(views: list[IncidentView], now: datetime, *, as_json: bool) -> list[str]:
    if as_json:
        return [json.dumps(_summary_json(v, now), ensure_ascii=False) for v in views]
    if not views:
        return ["no incidents"]
    return [
        f"{v.id}  {v.status:<6} {v.severity:<10} aware {_time(v.aware_at)}  "
        f"deadline {_time(v.deadline)} {v.deadline_state(now):<16}  {_told(v)}  {v.title}"
        for v in views
    ]


def _show(
    view: IncidentView,
    found: Reach,
    now: datetime,
    *,
    as_json: bool,
    checked: tuple[str, bool] | None = None,
) -> list[str]:
    notes = [
        {
            "to": n.to,
            "at": n.notified_at.isoformat(),
            "by": n.by,
            "via": n.method,
            "recorded_at": n.recorded_at.isoformat(),
        }
        for n in view.notifications
    ]
    reach = {
        "audit_entries": found.entries,
        "actors": list(found.actors),
        "customers": list(found.customers),
        "conversations": found.conversations,
        "categories": list(found.categories),
        "subjects": len(found.subjects),
        "subject_pseudonyms": list(found.subjects),
    }
    if as_json:
        document = {
            **_summary_json(view, now),
            "description": view.description,
            "window": {"from": view.window_start.isoformat(), "to": view.window_end.isoformat()},
            "actors": list(view.actors),
            "summary": view.summary,
            "closed_at": None if view.closed_at is None else view.closed_at.isoformat(),
            "reach": reach,
            "notifications": notes,
        }
        if checked is not None:
            document["subject"] = {"email": checked[0], "touched": checked[1]}
        return [json.dumps(document, ensure_ascii=False)]
    lines = [
        f"incident {view.id}: {view.title}",
        f"  status:        {view.status}"
        + (f" ({_time(view.closed_at)})" if view.closed_at else ""),
        f"  severity:      {view.severity}",
        f"  aware at:      {_time(view.aware_at)}",
        f"  deadline:      {_time(view.deadline)} ({view.deadline_state(now)})",
        f"  window:        {_time(view.window_start)} -> {_time(view.window_end)}",
        f"  actors:        {', '.join(view.actors) or 'all'}",
    ]
    if view.description:
        lines.append(f"  description:   {view.description}")
    lines += [
        f"  reach:         {found.entries} audit entries by {', '.join(found.actors) or '-'}",
        f"  customers:     {len(found.customers)}  {' '.join(found.customers)}".rstrip(),
        f"  conversations: {found.conversations}",
        f"  categories:    {', '.join(found.categories) or '-'}",
        f"  subjects:      {len(found.subjects)}  {' '.join(found.subjects)}".rstrip(),
    ]
    lines += [
        f"  notified:      {n['to']} at {_time(datetime.fromisoformat(n['at']))} by {n['by']}"
        f" via {n['via']}"
        for n in notes
    ] or ["  notified:      nobody yet"]
    if view.summary:
        lines.append(f"  summary:       {view.summary}")
    if checked is not None:
        verdict = "in the reach" if checked[1] else "not in the reach"
        lines.append(f"  subject:       {checked[0]} is {verdict}")
    return lines
