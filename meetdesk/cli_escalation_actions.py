"""``meetdesk escalations correct | propose | reply | ask | not-scheduling | hand-back``.

Each command calls one supervisor action (``meetdesk.supervision.actions``) in one
transaction, with the queueing services: a message goes to the outbox and the daemon
sends it; nothing here opens a calendar or a mail connection. The escalation must be
claimed (without ``--as-user``, by whoever holds the claim). Times are ISO 8601, a
time without a zone being in the customer's. A refusal is one line on stderr and exit
status 2, and changes nothing; a refusal by the access scope is audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from meetdesk.cli_access import actor_from
from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings
from meetdesk.store.models import Escalation
from meetdesk.supervision import queue


def add_action_arguments(sub: Any) -> list[argparse.ArgumentParser]:
    """The supervisor actions: each resolves the escalation and resumes the conversation."""
    correct = sub.add_parser("correct", help="correct the reading and let the assistant go on")
    correct.add_argument("--duration", type=int, metavar="MIN", help="the meeting's length")
    correct.add_argument("--kind", help="the meeting's kind (call, video, lunch...)")
    correct.add_argument(
        "--window", action="append", metavar="START/END", help="a time frame it may take place in"
    )
    correct.add_argument(
        "--exclude", action="append", metavar="START/END", help="a time it must not take"
    )
    correct.add_argument("--location", help="the meeting's place ('' for none)")
    correct.add_argument(
        "--asap", action=argparse.BooleanOptionalAction, default=None, help="the earliest time"
    )
    correct.add_argument(
        "--participant", action="append", metavar='"NAME <EMAIL>"', help="someone to meet"
    )
    correct.add_argument("--language", choices=("en", "fr"), help="the thread's language")
    correct.add_argument("--option", type=int, metavar="N", help="the proposal an answer chose")
    correct.add_argument("--intent", help="what the message asks (schedule, choose_slot...)")
    correct.add_argument(
        "--save-only",
        action="store_true",
        help="only save the values into the request; the escalation stays claimed",
    )
    propose = sub.add_parser("propose", help="propose these slots to the participants")
    propose.add_argument(
        "--slot", action="append", required=True, metavar="START/END", help="a slot to offer"
    )
    reply = sub.add_parser("reply", help="send a reply from the assistant, signed")
    text = reply.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the reply")
    text.add_argument("--text-file", type=Path, metavar="FILE", help="the reply, from a file")
    reply.add_argument("--to", choices=("sender", "all"), default="sender")
    ask = sub.add_parser("ask", help="ask the customer a question before going on")
    ask.add_argument("--question", required=True)
    not_scheduling = sub.add_parser("not-scheduling", help="the message was no scheduling request")
    hand_back = sub.add_parser("hand-back", help="leave the thread with the customer")
    found = [correct, propose, reply, ask, not_scheduling, hand_back]
    for p in found:
        p.add_argument("id")
        p.add_argument("--note", help="what was done and why (stored encrypted)")
    return found


ACTIONS = ("correct", "propose", "reply", "ask", "not-scheduling", "hand-back")


def act(
    settings: Settings, args: argparse.Namespace, *, holder: Callable[[Session, str, datetime], str]
) -> int:
    """One supervisor action, in one transaction; a refusal changes nothing."""
    from meetdesk.clock import SystemClock
    from meetdesk.flow.takeover import queueing_services
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store
    from meetdesk.supervision import actions

    command = args.escalations_command
    text = _reply_text(args) if command == "reply" else None
    actor = actor_from(settings, args)
    now = SystemClock().now()
    engine, cipher = open_store(settings)
    s = queueing_services(settings, cipher)
    try:
        try:
            with transaction(engine) as session:
                user = args.as_user or holder(session, args.id, now)
                zone = _zone(session, cipher, args.id, settings)
                common: dict[str, Any] = {"user": user, "actor": actor, "now": now}
                common["note"] = args.note
                if command == "correct":
                    row = actions.correct(
                        session, s, args.id, correction=_correction(args, zone),
                        resume=not args.save_only, **common,
                    )  # fmt: skip
                elif command == "propose":
                    slots = [_interval(v, zone, "--slot") for v in args.slot]
                    row = actions.propose_slots(session, s, args.id, slots=slots, **common)
                elif command == "reply":
                    assert text is not None
                    row = actions.reply(session, s, args.id, text=text, to=args.to, **common)
                elif command == "ask":
                    row = actions.ask_customer(
                        session, s, args.id, question=args.question, **common
                    )
                elif command == "not-scheduling":
                    row = actions.not_scheduling(session, s, args.id, **common)
                else:
                    row = actions.hand_back(session, s, args.id, **common)
                if row.status == queue.RESOLVED:
                    line = f"escalation {row.id} resolved ({row.action}) by {user}"
                else:
                    line = f"escalation {row.id}: reading corrected by {user}, still claimed"
        except AccessDenied:  # the refusal is audited too
            queue.audit_refusal(engine, cipher, actor, command, now)
            raise
    except ValueError as exc:  # the action's own check of what was given
        raise ConfigError(str(exc)) from None
    finally:
        engine.dispose()
    print(line)
    return 0


def _reply_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    try:
        return Path(args.text_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--text-file {args.text_file}: {exc}") from None


def _zone(session: Session, cipher: Cipher, escalation_id: str, settings: Settings) -> ZoneInfo:
    """The customer's zone, which a time given without one is read in."""
    from meetdesk.store.customers import get_customer
    from meetdesk.store.models import Conversation

    row = session.get(Escalation, escalation_id)
    if row is None:
        raise queue.QueueError(f"no escalation {escalation_id}")
    conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    if conv is None or conv.customer_id is None:
        return ZoneInfo(settings.assistant.timezone)
    return ZoneInfo(get_customer(session, cipher, conv.customer_id).timezone)


def _correction(args: argparse.Namespace, zone: ZoneInfo) -> Any:
    from meetdesk.supervision.actions import Correction

    def spans(values: list[str] | None, flag: str) -> list[tuple[datetime, datetime]] | None:
        if values is None:
            return None
        return [(i.start, i.end) for i in (_interval(v, zone, flag) for v in values)]

    return Correction(
        duration_minutes=args.duration,
        meeting_kind=args.kind,
        windows=spans(args.window, "--window"),
        exclusions=spans(args.exclude, "--exclude"),
        location=args.location,
        asap=args.asap,
        participants=None if args.participant is None else [_person(p) for p in args.participant],
        language=args.language,
        chosen_option=args.option,
        intent=args.intent,
    )


def _interval(value: str, zone: ZoneInfo, flag: str) -> Any:
    from meetdesk.calendar.base import Interval

    start_text, sep, end_text = value.partition("/")
    if not sep:
        raise ConfigError(f"{flag} {value!r}: give START/END in ISO 8601")
    try:
        start, end = (_moment(t, zone) for t in (start_text, end_text))
    except ValueError:
        raise ConfigError(f"{flag} {value!r}: give START/END in ISO 8601") from None
    if end <= start:
        raise ConfigError(f"{flag} {value!r}: the end must come after the start")
    return Interval(start, end)


def _moment(text: str, zone: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _person(value: str) -> tuple[str, str]:
    from email.utils import parseaddr

    name, address = parseaddr(value)
    if "@" not in address:
        raise ConfigError(f'--participant {value!r}: give "Name <email>" or an address')
    return address, name
