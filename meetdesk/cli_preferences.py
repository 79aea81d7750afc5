"""``meetdesk customer prefs``: show and change one customer's scheduling preferences.

The operator sees the *effective* preferences (config defaults merged with the
customer's own, exactly what the slot search honours) and which keys are the
customer's. Changes are dotted keys (``working_hours.mon=09:30-17:00``,
``kinds.lunch.hours=12:30-14:00``, ``max_per_day=4``, ``buffers.in_person.after=15``,
``addresses.hq.street=...``, ``share.video_link=...``); every change is validated before
anything is stored, and a bad one is a one-line error naming it (exit status 2).
"""

from __future__ import annotations

import argparse
import json

from meetdesk.errors import ConfigError
from meetdesk.scheduling_preferences import (
    KEYS,
    default_preferences,
    edit_overrides,
    merge_preferences,
    own_keys,
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


def preferences_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.store.customers import find_customer, set_preferences
    from meetdesk.store.engine import transaction
    from meetdesk.store.opening import open_store

    sets = [_pair(item) for item in args.set]
    defaults = default_preferences(settings)
    engine, cipher = open_store(settings)
    try:
        with transaction(engine) as session:
            customer = find_customer(session, cipher, args.email)
            if customer is None:
                raise ConfigError(
                    f"no customer {args.email!r}: add one with `meetdesk customer add`"
                )
            overrides = customer.preferences
            if sets or args.unset:
                try:
                    overrides = edit_overrides(overrides, defaults, sets=sets, unsets=args.unset)
                except ValueError as exc:
                    raise ConfigError(str(exc)) from None
                set_preferences(session, cipher, customer.id, overrides)
    finally:
        engine.dispose()
    effective = merge_preferences(defaults, overrides).to_json()
    mine = own_keys(overrides, defaults)
    if args.json:
        print(json.dumps({"preferences": effective, "own": mine}, indent=2))
    else:
        print(_text(effective, mine))
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
