"""The ``meetdesk`` command line: run, check, migrate, customer, escalations, console,
audit, demo, explain.

Every command reads the config from ``--config`` or ``$MEETDESK_CONFIG``; errors are
one clear line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from meetdesk.cli_accounts import account_command
from meetdesk.cli_accounts import add_arguments as add_account_arguments
from meetdesk.cli_audit import add_arguments as add_audit_arguments
from meetdesk.cli_audit import audit_command
from meetdesk.cli_calendars import add_arguments as add_calendars_arguments
from meetdesk.cli_customers import add_arguments as add_customers_arguments
from meetdesk.cli_dsr import add_arguments as add_dsr_arguments
from meetdesk.cli_dsr import dsr_command
from meetdesk.cli_escalations import add_arguments as add_escalations_arguments
from meetdesk.cli_escalations import escalations_command
from meetdesk.cli_incidents import add_arguments as add_incident_arguments
from meetdesk.cli_incidents import incident_command
from meetdesk.cli_keys import add_arguments as add_keys_arguments
from meetdesk.cli_keys import keys_command
from meetdesk.cli_legal_hold import add_arguments as add_legal_hold_arguments
from meetdesk.cli_legal_hold import legal_hold_command
from meetdesk.cli_preferences import add_arguments as add_preference_arguments
from meetdesk.cli_privacy import add_arguments as add_privacy_arguments
from meetdesk.cli_privacy import privacy_command
from meetdesk.cli_quality import add_arguments as add_quality_arguments
from meetdesk.cli_quality import quality_command
from meetdesk.cli_retention import add_arguments as add_retention_arguments
from meetdesk.cli_retention import retention_command
from meetdesk.cli_stats import add_arguments as add_stats_arguments
from meetdesk.cli_stats import stats_command
from meetdesk.errors import AccessDenied, ConfigError, MeetDeskError
from meetdesk.onboarding import add_arguments as add_onboarding_arguments
from meetdesk.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meetdesk", description="E-mail scheduling assistant")
    parser.add_argument("--config", help="config file (default: $MEETDESK_CONFIG or built-in)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help="run the daemon in the foreground (SIGTERM stops it)")
    sub.add_parser("check", help="validate the config and reach every configured server")
    sub.add_parser("migrate", help="bring the database schema up to date")

    customer = sub.add_parser("customer", help="onboard and list customers")
    csub = customer.add_subparsers(dest="customer_command", required=True, metavar="ACTION")
    add_onboarding_arguments(csub.add_parser("add", help="onboard a customer with calendars"))
    add_customers_arguments(csub.add_parser("list", help="list customers"))
    add_calendars_arguments(
        csub.add_parser("calendars", help="list or change a customer's calendars")
    )
    prefs = csub.add_parser("prefs", help="show or change a customer's scheduling preferences")
    add_preference_arguments(prefs)

    add_escalations_arguments(sub.add_parser("escalations", help="the supervisor queue"))
    add_quality_arguments(sub.add_parser("quality", help="review sampled decisions"))

    add_account_arguments(sub.add_parser("account", help="console and API accounts, tokens"))
    console = sub.add_parser(
        "console", help="serve the web console and JSON API alone (Ctrl-C stops it)"
    )
    console.add_argument(
        "--listen", metavar="HOST:PORT", help="where to listen (default: [console] listen)"
    )
    add_audit_arguments(
        sub.add_parser("audit", help="verify, checkpoint and export the audit trail")
    )

    add_privacy_arguments(sub.add_parser("privacy", help="the record of processing"))
    add_retention_arguments(
        sub.add_parser("retention", help="retention rules, the purge and its records")
    )
    add_legal_hold_arguments(
        sub.add_parser("legal-hold", help="keep a customer's or a subject's data past retention")
    )
    add_keys_arguments(
        sub.add_parser("keys", help="data keys: list, rotate the master or data keys, shred")
    )
    add_dsr_arguments(sub.add_parser("dsr", help="data-subject requests: access, erasure ..."))
    add_incident_arguments(sub.add_parser("incident", help="the breach register"))
    add_stats_arguments(sub.add_parser("stats", help="pseudonymised statistics"))

    demo = sub.add_parser("demo", help="play customer and participant against the daemon")
    demo.add_argument("--sender", default="alice@example.com")
    demo.add_argument("--participant", default="bob@example.com")
    demo.add_argument(
        "--answer",
        metavar="TEXT",
        help='reply as the participant to the latest proposal ("The second one works")',
    )

    explain = sub.add_parser(
        "explain", help="print how the assistant reads .eml files (one JSON line each with --json)"
    )
    explain.add_argument(
        "--config", default=argparse.SUPPRESS, help="config file (same as before the command)"
    )
    explain.add_argument(
        "--assistant",
        action="append",
        metavar="ADDR",
        help="the assistant's address (repeatable; default: from the config)",
    )
    explain.add_argument("--customer", metavar="EMAIL", help="the customer's address")
    explain.add_argument(
        "--timezone", metavar="ZONE", help="the customer's IANA zone (default: the assistant's)"
    )
    explain.add_argument("--json", action="store_true", help="one JSON object per line")
    explain.add_argument("files", nargs="+", metavar="FILE.eml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:  # migrations at every start are routine, not news
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = load_settings(args.config)
        command = _COMMANDS[args.command]
        return command(settings, args)
    except (MeetDeskError, OSError) as exc:
        print(f"meetdesk: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ConfigError, AccessDenied)) else 1
    except KeyboardInterrupt:
        return 130


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.daemon import Daemon

    async def run() -> None:
        daemon = Daemon(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, daemon.stop)
        task = asyncio.create_task(daemon.run())
        ready = asyncio.create_task(daemon.ready.wait())
        await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if daemon.ready.is_set():
            _print_welcome(settings, args.config)
        await task

    asyncio.run(run())
    return 0


def cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the console and API without the daemon; what they queue (a supervisor's
    reply, a resumed conversation) is sent by the daemon when it runs."""
    from dataclasses import replace

    from meetdesk.clock import SystemClock
    from meetdesk.flow.takeover import queueing_services
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.web.context import WebContext
    from meetdesk.supervision.web.serve import bind, serve

    listen = args.listen or settings.console.listen
    if not listen:
        raise ConfigError("nowhere to listen: give --listen HOST:PORT or set [console] listen")
    key = "--listen" if args.listen else "console.listen"
    engine, cipher = open_store(settings)
    try:
        sock = bind(listen, key)
        clock = SystemClock()
        services = replace(queueing_services(settings, cipher), engine=engine, clock=clock)
        ctx = WebContext(settings, engine, cipher, clock, services)

        async def run() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            print(f"serving the console and API on http://{listen}/ (Ctrl-C stops)", flush=True)
            if settings.console.secure_cookies:
                print(
                    "note: [console] secure_cookies is on: sign in over HTTPS (a TLS proxy), "
                    "or set it to false for plain HTTP on localhost",
                    file=sys.stderr,
                    flush=True,
                )
            await serve(ctx, listen, stop, sock=sock)

        asyncio.run(run())
    finally:
        engine.dispose()
    return 0


def _print_welcome(settings: Settings, config_file: str | None) -> None:
    listen = settings.mail.inbound.smtp_listen or settings.mail.inbound.lmtp_listen
    where = (
        settings.path(settings.mail.outbound.maildir)
        if settings.mail.outbound.transport == "maildir"
        else "the outbound SMTP server"
    )
    config = f" --config {config_file}" if config_file else ""
    print(
        f"MeetDesk is running: {settings.assistant.name} <{settings.assistant.address}> "
        f"accepts mail on {listen}.\n"
        f"Send it a first request from another terminal:\n"
        f"    .venv/bin/meetdesk{config} demo\n"
        f"and, once the proposal is out, answer it as the participant:\n"
        f'    .venv/bin/meetdesk{config} demo --answer "The second one works for me"\n'
        f"Its replies are delivered to {where}; see `meetdesk escalations list` for anything "
        f"it hands to a human. Stop with Ctrl-C.",
        flush=True,
    )


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.store.opening import open_store

    engine, _ = open_store(settings)
    engine.dispose()
    print("database schema is up to date")
    return 0


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.checks import run_checks

    problems = asyncio.run(run_checks(settings))
    for line in problems:
        print(f"problem: {line}")
    if not problems:
        print("configuration OK; every configured server answered")
    return 1 if problems else 0


def cmd_customer(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.cli_customers import list_customers_command
    from meetdesk.onboarding import add_customer_command

    if args.customer_command == "add":
        return add_customer_command(settings, args)
    if args.customer_command == "prefs":
        from meetdesk.cli_preferences import preferences_command

        return preferences_command(settings, args)
    if args.customer_command == "calendars":
        from meetdesk.cli_calendars import calendars_command

        return calendars_command(settings, args)
    return list_customers_command(settings, args)


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.demo import send_demo

    send_demo(settings, sender=args.sender, participant=args.participant, answer=args.answer)
    return 0


def cmd_explain(settings: Settings, args: argparse.Namespace) -> int:
    """Explain each file in the order given; a bad file is one stderr line, not the end."""
    import json
    from datetime import UTC, datetime
    from pathlib import Path

    from meetdesk.assistant.explain import explain

    tz = ZoneInfo(valid_zone(args.timezone or settings.assistant.timezone))
    assistants = args.assistant or list(settings.assistant.addresses)
    failed = 0
    for name in args.files:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            print(f"meetdesk: error: {name}: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
            continue
        try:
            result = explain(
                raw,
                assistant=assistants,
                assistant_name=settings.assistant.name,
                customer=args.customer,
                timezone=tz,
                threshold=settings.understanding.confidence_threshold,
                field_thresholds=settings.understanding.thresholds,
                now=datetime.now(UTC),
            )
        except Exception as exc:  # one bad file must not hide the others
            print(f"meetdesk: error: {name}: cannot explain ({exc!r})", file=sys.stderr)
            failed += 1
            continue
        result = {"file": name, **result}
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            print(_explanation_text(result), flush=True)
    return 1 if failed else 0


def _explanation_text(r: dict[str, Any]) -> str:
    """A readable multi-line summary of one ``explain`` result."""

    def person(p: dict[str, Any]) -> str:
        return f"{p['name']} <{p['email']}>" if p.get("name") else str(p["email"])

    def spans(items: list[dict[str, str]]) -> str:
        return "; ".join(f"{i['start']} -> {i['end']}" for i in items) or "-"

    meeting = r["meeting"]
    what = ", ".join(
        str(v)
        for v in (
            meeting["kind"],
            f"{meeting['duration_minutes']} min" if meeting["duration_minutes"] else None,
            meeting["location"],
        )
        if v
    )
    chosen = r["chosen"] or {}
    sender = person(r["sender"]) if r.get("sender") else "(no sender)"
    decision = r.get("decision") or {}
    lines = [
        f"{r['file']}:",
        f"  from:         {sender} ({r['sender_role']})",
        f"  subject:      {r.get('subject') or '-'}",
        f"  sent:         {r.get('sent_at') or '-'}",
        f"  language:     {r['language']}",
        f"  intent:       {r['intent']}  confidence {r['confidence']:.2f}  "
        f"escalate: {'yes' if r['escalate'] else 'no'}",
        f"  meeting:      {what or '-'}",
        "  fields:       "
        + (", ".join(f"{k} {v['confidence']:.2f}" for k, v in r.get("fields", {}).items()) or "-"),
        "  participants: "
        + (", ".join(f"{person(p)} ({p['role']})" for p in r["participants"]) or "-"),
        f"  timezone:     {r['timezone']}",
        f"  windows:      {spans(r['windows'])}",
        f"  exclusions:   {spans(r['exclusions'])}",
        f"  chosen:       {chosen.get('start') or chosen.get('option') or '-'}",
        f"  decision:     {decision.get('action', '-')} by {decision.get('rule', '-')}",
        f"  rules:        {', '.join(r['rules']) or '-'}",
    ]
    lines += [f"  reason:       {reason}" for reason in r["reasons"]]
    lines += [f"  defect:       {defect}" for defect in r.get("defects", ())]
    return "\n".join(lines) + "\n"


def valid_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone {name!r}: unknown time zone") from None
    return name


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": cmd_run,
    "check": cmd_check,
    "migrate": cmd_migrate,
    "customer": cmd_customer,
    "escalations": escalations_command,
    "quality": quality_command,
    "audit": audit_command,
    "account": account_command,
    "console": cmd_console,
    "privacy": privacy_command,
    "retention": retention_command,
    "legal-hold": legal_hold_command,
    "keys": keys_command,
    "dsr": dsr_command,
    "incident": incident_command,
    "stats": stats_command,
    "demo": cmd_demo,
    "explain": cmd_explain,
}
