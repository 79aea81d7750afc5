"""``meetdesk dsr``: data-subject requests for admins (GDPR art. 12-22).

``open KIND EMAIL`` records a request received by other means (phone, letter, the API's
caller); ``list [--overdue]`` shows every request with its deadline and an OVERDUE flag;
``show ID``; ``verify ID CODE`` (or ``--checked`` when the admin verified the identity
some other way); ``extend ID --reason T``; ``close ID`` or ``close ID --refuse REASON``.
The rights themselves: ``export EMAIL [--out FILE]`` (access and portability, JSON with
a JSON Schema), ``rectify EMAIL --name/--timezone``, ``erase EMAIL --yes``, ``restrict
EMAIL [--lift]``, ``object EMAIL``. Each acts on the subject's open verified request of
that kind, or records one (channel ``cli``, verified by the admin) and closes it with a
summary of what was done. Every command is audited in its own transaction; errors are one
line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from meetdesk.errors import ConfigError
from meetdesk.privacy.subject_requests import KINDS
from meetdesk.settings import Settings

ACTOR = "admin-cli"
PURPOSE = "subject_rights"


def add_arguments(dsr: argparse.ArgumentParser) -> None:
    sub = dsr.add_subparsers(dest="dsr_command", required=True, metavar="ACTION")
    opened = sub.add_parser("open", help="record a request received by other means")
    opened.add_argument("kind", choices=KINDS)
    opened.add_argument("email")
    opened.add_argument("--channel", choices=("cli", "api"), default="cli")
    opened.add_argument(
        "--verified", action="store_true", help="the identity was checked by the admin"
    )
    listed = sub.add_parser("list", help="list requests with their deadlines")
    listed.add_argument("--overdue", action="store_true", help="only the overdue open ones")
    listed.add_argument("--json", action="store_true")
    shown = sub.add_parser("show", help="one request")
    shown.add_argument("id")
    verify = sub.add_parser("verify", help="verify a request with the code the subject got")
    verify.add_argument("id")
    verify.add_argument("code", nargs="?")
    verify.add_argument("--checked", action="store_true", help="verified by the admin instead")
    extend = sub.add_parser("extend", help="extend the deadline (at most two months)")
    extend.add_argument("id")
    extend.add_argument("--reason", required=True)
    extend.add_argument("--months", type=int, default=1)
    close = sub.add_parser("close", help="mark a request done, or refuse it")
    close.add_argument("id")
    close.add_argument("--refuse", metavar="REASON", help="refuse it, with the reason owed")
    export = sub.add_parser("export", help="everything held about a subject, as JSON")
    export.add_argument("email")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    rectify = sub.add_parser("rectify", help="correct a subject's name or time zone")
    rectify.add_argument("email")
    rectify.add_argument("--name")
    rectify.add_argument("--timezone")
    erase = sub.add_parser("erase", help="erase a subject's data (legal holds excepted)")
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    restrict = sub.add_parser("restrict", help="restrict processing of a subject's data")
    restrict.add_argument("email")
    restrict.add_argument("--lift", action="store_true", help="lift the restriction")
    objection = sub.add_parser("object", help="never contact a subject again (objection)")
    objection.add_argument("email")


def dsr_command(settings: Settings, args: argparse.Namespace) -> int:
    command: Callable[[Settings, argparse.Namespace], int] = _ACTIONS[args.dsr_command]
    return command(settings, args)


def _store(settings: Settings) -> Any:
    from meetdesk.store.opening import open_store

    return open_store(settings)


def _in_transaction(
    settings: Settings,
    fn: Callable[..., Any],
    after: Callable[[Any, Any, Any], None] | None = None,
) -> Any:
    """Run ``fn(session, cipher, now)`` in one transaction, then ``after(engine, cipher,
    result)`` once it committed (work that must not roll back with it)."""
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.rectification import RectificationError
    from meetdesk.privacy.subject_requests import RequestError
    from meetdesk.store.engine import transaction

    engine, cipher = _store(settings)
    now = SystemClock().now()
    try:
        with transaction(engine) as session:
            result = fn(session, cipher, now)
        if after is not None:
            after(engine, cipher, result)
        return result
    except (RequestError, RectificationError, ValueError) as exc:
        raise ConfigError(str(exc)) from None
    finally:
        engine.dispose()


def _audit(
    session: Any,
    cipher: Any,
    now: datetime,
    action: str,
    *,
    email: str | None = None,
    categories: list[str] | None = None,
    customer_id: str | None = None,
) -> None:
    from meetdesk.privacy import audit

    audit.record(
        session,
        cipher,
        actor=ACTOR,
        action=f"dsr.{action}",
        categories=categories or ["system.operations"],
        purpose=PURPOSE,
        subject_email=email,
        customer_id=customer_id,
        now=now,
    )


def _open(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = dsr.open_request(
            session, cipher, kind=args.kind, email=args.email, channel=args.channel, now=now
        )
        if args.verified:
            req = dsr.mark_verified(session, cipher, req.id, method="admin", now=now)
        _audit(session, cipher, now, "open", email=req.email)
        return req

    req = _in_transaction(settings, fn)
    print(f"request {req.id} ({req.kind}) {req.state}, due {req.deadline:%Y-%m-%d}")
    return 0


def _list(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        found = dsr.list_requests(session, cipher, now=now, overdue_only=args.overdue)
        _audit(session, cipher, now, "list", categories=["system.operations", "user.contact.email"])
        return found, now

    found, now = _in_transaction(settings, fn)
    for r in found:
        if args.json:
            print(json.dumps(r.to_json(now), ensure_ascii=False))
        else:
            flag = "  OVERDUE" if r.overdue(now) else ""
            print(
                f"{r.id}  {r.kind:<18} {r.state:<9} {r.channel:<5} "
                f"received {r.received_at:%Y-%m-%d}  due {r.deadline:%Y-%m-%d}  {r.email}{flag}"
            )
    if not found and not args.json:
        print("no overdue requests" if args.overdue else "no requests")
    return 0


def _show(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = dsr.get_request(session, cipher, args.id)
        _audit(session, cipher, now, "show", email=req.email, categories=["user.contact.email"])
        return req, now

    req, now = _in_transaction(settings, fn)
    print(json.dumps(req.to_json(now), indent=2, ensure_ascii=False))
    return 0


def _verify(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    if not args.checked and not args.code:
        raise ConfigError("dsr verify: give the CODE the subject received, or --checked")

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        if args.checked:
            req = dsr.mark_verified(session, cipher, args.id, method="admin", now=now)
        elif not dsr.check_code(session, cipher, args.id, args.code, now=now):
            return None
        else:
            req = dsr.get_request(session, cipher, args.id)
        _audit(session, cipher, now, "verify", email=req.email)
        return req

    # A wrong code still counts as a try: that count is committed, then reported.
    req = _in_transaction(settings, fn)
    if req is None:
        print(f"meetdesk: error: request {args.id}: wrong or expired code", file=sys.stderr)
        return 2
    print(f"request {req.id} verified ({req.verification})")
    return 0


def _extend(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = dsr.extend(session, cipher, args.id, months=args.months, reason=args.reason)
        _audit(session, cipher, now, "extend", email=req.email)
        return req

    req = _in_transaction(settings, fn)
    print(f"request {req.id} now due {req.deadline:%Y-%m-%d}")
    return 0


def _close(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        if args.refuse is not None:
            req = dsr.refuse(session, cipher, args.id, reason=args.refuse, now=now)
        else:
            req = dsr.close(session, cipher, args.id, summary={"closed_by": ACTOR}, now=now)
        _audit(session, cipher, now, "close", email=req.email)
        return req

    req = _in_transaction(settings, fn)
    print(f"request {req.id} {req.state}")
    return 0


def _request_for(session: Any, cipher: Any, kinds: tuple[str, ...], email: str, now: datetime):  # type: ignore[no-untyped-def]
    """The subject's oldest open request of ``kinds``, verified by the admin if needed,
    or a new one recorded from the command line."""
    from meetdesk.privacy import subject_requests as dsr

    for req in dsr.requests_of(session, cipher, email, open_only=True):
        if req.kind in kinds:
            if req.state == "received":
                req = dsr.mark_verified(session, cipher, req.id, method="admin", now=now)
            return req
    req = dsr.open_request(session, cipher, kind=kinds[0], email=email, channel="cli", now=now)
    return dsr.mark_verified(session, cipher, req.id, method="admin", now=now)


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr
    from meetdesk.privacy.subject_export import build_export

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = _request_for(session, cipher, ("access", "portability"), args.email, now)
        document = build_export(session, cipher, settings, args.email, now=now)
        _audit(
            session,
            cipher,
            now,
            "export",
            email=args.email,
            categories=[c["category"] for c in document["categories"]],
        )
        dsr.close(
            session,
            cipher,
            req.id,
            summary={"exported": 1, "conversations": len(document["conversations"])},
            now=now,
        )
        return document

    document = _in_transaction(settings, fn)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"exported the data held about {args.email} to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _rectify(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr
    from meetdesk.privacy.ledger import recipients_of
    from meetdesk.privacy.rectification import rectify

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = _request_for(session, cipher, ("rectification",), args.email, now)
        done = rectify(session, cipher, args.email, name=args.name, timezone=args.timezone)
        notify = len({(r.kind, r.recipient) for r in recipients_of(session, cipher, args.email)})
        _audit(
            session,
            cipher,
            now,
            "rectify",
            email=args.email,
            categories=["user.contact.name", "user.location.imprecise"],
        )
        dsr.close(
            session,
            cipher,
            req.id,
            summary={**done.summary(), "recipients_to_notify": notify},
            now=now,
        )
        return done, notify

    done, notify = _in_transaction(settings, fn)
    print(
        f"rectified: customer record {'yes' if done.customer else 'no'}, "
        f"{done.conversations} conversation(s); {notify} recipient(s) to notify (art. 19)"
    )
    return 0


def _erase(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr
    from meetdesk.privacy.erasure import erase_subject

    if not args.yes:
        raise ConfigError(f"dsr erase {args.email}: this cannot be undone; add --yes to confirm")
    services = _services(settings)

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        from meetdesk.flow.takeover import hand_over

        req = _request_for(session, cipher, ("erasure",), args.email, now)
        result = erase_subject(
            session,
            cipher,
            args.email,
            now=now,
            withdraw=lambda s, conv: hand_over(
                s,
                services(cipher),
                conv,
                reason="subject_erased",
                key=req.id,
                now=now,
                request_id=req.id,
            ),
            shred=_shredder(cipher, now),
        )
        _audit(session, cipher, now, "erase", email=args.email)
        if any(e["reason"] == "legal_hold" and "scope" in e for e in result.exceptions) and not (
            result.customer_deleted or result.conversations_updated
        ):
            dsr.refuse(session, cipher, req.id, reason="legal hold (art. 17(3)(e))", now=now)
            dsr.add_summary(session, req.id, **result.summary())
        else:
            dsr.close(session, cipher, req.id, summary=result.summary(), now=now)
        return result

    retired: list[tuple[bool, str]] = []

    def retire(engine: Any, cipher: Any, result: Any) -> None:
        # A customer's keys were destroyed: backups taken before hold them until the
        # master of the time is retired too.
        if result.keys_destroyed:
            from meetdesk.privacy.rotation import retire_after_shredding

            retired.append(retire_after_shredding(engine, cipher.keyring))

    result = _in_transaction(settings, fn, after=retire)
    for line in _erasure_lines(args.email, result):
        print(line)
    for done, line in retired:
        print(line, file=sys.stdout if done else sys.stderr)
    return 0


def _erasure_lines(email: str, result: Any) -> list[str]:
    lines = [
        f"erased {email}: {result.messages_deleted} message(s) deleted, "
        f"{result.messages_redacted} redacted, {result.conversations_updated} conversation(s) "
        f"updated, {result.conversations_deleted} deleted, {result.handed_over} handed to a "
        f"human, {result.keys_destroyed} key(s) destroyed"
    ]
    for exception in result.exceptions:
        where = exception.get("conversation") or exception.get("scope", "")
        lines.append(f"kept: {exception['reason']} ({where})")
    for recipient in result.notify:
        lines.append(f"notify (art. 19): {recipient['kind']} {recipient['recipient']}")
    return lines


def _services(settings: Settings) -> Callable[[Any], Any]:
    """The stage services a hand-over needs to queue its message (sent by the daemon)."""
    from meetdesk.flow.takeover import queueing_services

    return lambda cipher: queueing_services(settings, cipher)


def _shredder(cipher: Any, now: datetime) -> Callable[[Any, str], list[str]] | None:
    from meetdesk.privacy.shredding import shred_customer

    def shred(session: Any, customer_id: str) -> list[str]:
        return shred_customer(session, cipher, customer_id, now, actor=ACTOR)

    return shred


def _restrict(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import restrictions
    from meetdesk.privacy import subject_requests as dsr

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        req = _request_for(session, cipher, ("restriction",), args.email, now)
        if args.lift:
            lifted = restrictions.lift(session, cipher, args.email, by=ACTOR, now=now)
            dsr.close(session, cipher, req.id, summary={"lifted": int(lifted)}, now=now)
        else:
            restrictions.restrict(
                session, cipher, args.email, reason=f"dsr:{req.id}", by=ACTOR, now=now
            )
            dsr.close(session, cipher, req.id, summary={"restricted": 1}, now=now)
        _audit(session, cipher, now, "lift" if args.lift else "restrict", email=args.email)
        return req

    _in_transaction(settings, fn)
    print(f"{args.email}: processing {'no longer ' if args.lift else ''}restricted")
    return 0


def _object(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.privacy import subject_requests as dsr
    from meetdesk.privacy.subject_data import find_subject
    from meetdesk.privacy.suppression import suppress

    services = _services(settings)

    def fn(session: Any, cipher: Any, now: datetime) -> Any:
        from meetdesk.flow.takeover import hand_over

        req = _request_for(session, cipher, ("objection", "consent_withdrawal"), args.email, now)
        suppress(session, cipher, args.email, reason=req.kind, now=now, request_id=req.id)
        handed = 0
        for f in find_subject(session, cipher, args.email).conversations:
            if f.role == "participant" and hand_over(
                session,
                services(cipher),
                f.conversation,
                reason="subject_objected",
                key=req.id,
                now=now,
                request_id=req.id,
            ):
                handed += 1
        _audit(session, cipher, now, "object", email=args.email)
        summary = {"suppressed": 1, "handed_over": handed}
        dsr.close(session, cipher, req.id, summary=summary, now=now)
        return handed

    handed = _in_transaction(settings, fn)
    print(f"{args.email} will not be contacted again; {handed} thread(s) handed to a human")
    return 0


_ACTIONS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "open": _open,
    "list": _list,
    "show": _show,
    "verify": _verify,
    "extend": _extend,
    "close": _close,
    "export": _export,
    "rectify": _rectify,
    "erase": _erase,
    "restrict": _restrict,
    "object": _object,
}
