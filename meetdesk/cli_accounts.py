"""``meetdesk account ...``: console and API accounts, their passwords and API tokens.

Passwords are never taken from the command line (it ends up in shell history and
``ps``): they are read from a prompt on a terminal, else from the first line of standard
input. A token's secret is printed once, when it is created. The logic lives in
``meetdesk.accounts``; this module only parses and prints.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

from sqlalchemy import Engine

from meetdesk.errors import ConfigError
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import Settings

ADMIN_CLI = "admin-cli"


def add_arguments(account: argparse.ArgumentParser) -> None:
    sub = account.add_subparsers(dest="account_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add an account (password from a prompt or stdin)")
    add.add_argument("username", metavar="USER")
    add.add_argument("--role", required=True, help="supervisor, quality_reviewer, support, admin")
    add.add_argument("--processor", default=None, metavar="ID", help="[[privacy.processors]] id")
    add.add_argument("--email", default=None, help="optional; stored encrypted")
    sub.add_parser("list", help="list accounts, their roles and states")
    for action, text in [
        ("passwd", "set a new password (from a prompt or stdin)"),
        ("disable", "refuse every sign-in, token and session of an account"),
        ("enable", "let a disabled account sign in again"),
        ("unlock", "lift a lock-out after failed sign-ins"),
    ]:
        sub.add_parser(action, help=text).add_argument("username", metavar="USER")
    token = sub.add_parser("token", help="API tokens for scripts")
    tsub = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = tsub.add_parser("create", help="create a token; its secret is shown once")
    create.add_argument("username", metavar="USER")
    create.add_argument("--name", required=True, metavar="N")
    create.add_argument("--days", type=int, default=None, metavar="D")
    tsub.add_parser("list", help="an account's tokens").add_argument("username", metavar="USER")
    tsub.add_parser("revoke", help="revoke a token by id").add_argument("token_id", metavar="ID")


def account_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.store.opening import open_store

    now = SystemClock().now()
    # read before opening the store, so a missing password changes nothing
    password = _read_password() if args.account_command in ("add", "passwd") else ""
    engine, cipher = open_store(settings)
    try:
        return _dispatch(settings, args, engine, cipher, password, now)
    finally:
        engine.dispose()


def _dispatch(
    settings: Settings,
    args: argparse.Namespace,
    engine: Engine,
    cipher: Cipher,
    password: str,
    now: datetime,
) -> int:
    from meetdesk.accounts import registry

    config = settings.accounts
    action = args.account_command
    if action == "add":
        account = registry.add_account(
            engine, cipher, settings.privacy.processors, username=args.username,
            role=args.role, processor_id=args.processor, password=password,
            min_length=config.password_min_length, now=now, email=args.email, by=ADMIN_CLI,
        )  # fmt: skip
        bound = f" for processor {account.processor_id}" if account.processor_id else ""
        print(f"account {args.username} added: {account.role}{bound}")
    elif action == "list":
        views = registry.list_accounts(engine, cipher, by=ADMIN_CLI, now=now)
        for v in views:
            last = f"{v.last_login_at:%Y-%m-%d %H:%M}" if v.last_login_at else "never"
            print(
                f"{v.username:<24} {v.role:<16} {v.processor_id or '-':<16} "
                f"{v.state(now):<32} last sign-in {last}"
            )
        if not views:
            print("no accounts")
    elif action == "passwd":
        registry.set_password(
            engine, cipher, username=args.username, password=password,
            min_length=config.password_min_length, now=now, by=ADMIN_CLI,
        )  # fmt: skip
        print(f"password of {args.username} changed; its console sessions ended")
    elif action in ("disable", "enable"):
        registry.set_disabled(
            engine, cipher, username=args.username, disabled=action == "disable", now=now,
            by=ADMIN_CLI,
        )  # fmt: skip
        print(f"account {args.username} {action}d")
    elif action == "unlock":
        was = registry.unlock(engine, cipher, username=args.username, now=now, by=ADMIN_CLI)
        print(f"account {args.username} {'unlocked' if was else 'was not locked'}")
    else:
        return _token(settings, args, engine, cipher, now)
    return 0


def _token(
    settings: Settings, args: argparse.Namespace, engine: Engine, cipher: Cipher, now: datetime
) -> int:
    from meetdesk.accounts import tokens

    if args.token_command == "create":
        days = settings.accounts.token_days if args.days is None else args.days
        issued = tokens.create_token(
            engine, cipher, username=args.username, name=args.name, days=days, now=now,
            by=ADMIN_CLI,
        )  # fmt: skip
        print(f"token {issued.id} ({issued.name}) expires {issued.expires_at:%Y-%m-%d %H:%M} UTC")
        print("its secret, shown only now:")
        print(issued.secret)
    elif args.token_command == "list":
        rows = tokens.list_tokens(engine, cipher, username=args.username)
        for t in rows:
            state = (
                "revoked" if t.revoked_at else "expired" if t.expires_at <= now else "active"
            )
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            print(
                f"{t.id}  {t.name:<24} {state:<8} expires {t.expires_at:%Y-%m-%d} "
                f"last used {used}"
            )
        if not rows:
            print(f"no tokens for {args.username}")
    else:
        done = tokens.revoke_token(engine, cipher, token_id=args.token_id, now=now, by=ADMIN_CLI)
        print(f"token {args.token_id} {'revoked' if done else 'was already revoked'}")
    return 0


def _read_password() -> str:
    """A prompt (asked twice) on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise ConfigError("the two passwords differ; nothing changed")
        return first
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise ConfigError("no password on standard input (give it as the first line)")
    return password
