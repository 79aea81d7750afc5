"""``meetdesk customer prefs``: show and change one customer's scheduling preferences.

The operator sees the *effective* preferences (config defaults merged with the
customer's own, exactly what the slot search honours) and which keys are the
customer's. Changes are dotted keys (``working_hours.mon=09:30-17:00``,
``kinds.lunch.hours=12:30-14:00``, ``max_per_day=4``, ``buffers.in_person.after=15``,
``addresses.hq.street=...``, ``share.video_link=...``); every change is validated before
anything is stored, and a bad one is a one-line error naming it (exit status 2).
The display is a read through the access function, audited in the change's transaction;
``--as PROCESSOR_ID`` shows what that processor's scope lets through.
"""

from __future__ import annotations

import argparse
import json

from sqlmodel import Session

from meetdesk.cli_access import actor_from, add_access_arguments, report, shown
from meetdesk.errors import ConfigError
from meetdesk.privacy.access import Record
from meetdesk.scheduling_preferences import (
    KEYS,
    default_preferences,
    edit_overrides,
)
from meetdesk.settings import Settings


def add_arguments(prefs: argparse.ArgumentParser) -> None:
    prefs.add_argument("email")
    prefs.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"change a preference; keys: {', '.join(KEYS)}",
    )
    prefs.add_argument(
        "--unset", action="append", default=[], metavar="KEY", help="back to the default"
    )
    prefs.add_argument("--json", action="store_true", help="print the JSON form")
    add_access_arguments(prefs, purpose="support")


def preferences_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.access import read
    from meetdesk.store.customers import find_customer, set_preferences
    from meetdesk.store.opening import open_store
    from meetdesk.supervision.views import preferences_record

    sets = [_pair(item) for item in args.set]
    actor = actor_from(settings, args)
    if (sets or args.unset) and not actor.is_admin:
        raise ConfigError("--set/--unset: changes are made as admin; --as only reads")
    defaults = default_preferences(settings)
    engine, cipher = open_store(settings)

    def load(session: Session) -> list[Record]:
        """Find the customer, apply the change if any, and return what is shown: the
        change and its audited read commit together."""
        customer = find_customer(session, cipher, args.email)
        if customer is None:
            raise ConfigError(f"no customer {args.email!r}: add one with `meetdesk customer add`")
        overrides = customer.preferences
        if sets or args.unset:
            try:
                overrides = edit_overrides(overrides, defaults, sets=sets, unsets=args.unset)
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
            set_preferences(session, cipher, customer.id, overrides)
        return [preferences_record(customer, defaults, overrides)]

    try:
        disclosure = read(
            engine,
            cipher,
            actor=actor,
            purpose=args.purpose,
            action="read.preferences",
            load=load,
            now=SystemClock().now(),
            one=True,
        )
    finally:
        engine.dispose()
    record = disclosure.records[0]
    effective = {key: shown(record, key) for key in defaults.to_json()}
    mine = record.fields.get("own", [])
    if args.json:
        print(json.dumps({"preferences": effective, "own": mine}, indent=2))
    else:
        print(_text(effective, mine))
    report(disclosure, actor)
    return 0


def _pair(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set {item!r}: expected KEY=VALUE")
    return key.strip(), value


def _text(effective: dict[str, object], mine: list[str]) -> str:
    """One line per dotted key (the same keys --set takes), the customer's own marked '*'."""
    lines = []
    for key, value in _flat("", effective):
        own = any(k == key or k.startswith(f"{key}.") or key.startswith(f"{k}.") for k in mine)
        lines.append(f"{'*' if own else ' '} {key} = {_shown(value)}")
    lines.append("(* the customer's own; the rest are the config's defaults)")
    return "\n".join(lines)


def _flat(prefix: str, value: object) -> list[tuple[str, object]]:
    if not isinstance(value, dict):
        return [(prefix, value)]
    if not value and prefix:
        return [(prefix, "none")]
    out: list[tuple[str, object]] = []
    for key, inner in value.items():
        out += _flat(f"{prefix}.{key}" if prefix else str(key), inner)
    return out


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
