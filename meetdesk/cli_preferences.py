"""``meetdesk customer prefs``: show and change one customer's scheduling preferences.

The operator sees the *effective* preferences (config defaults merged with the
customer's own, exactly what the slot search honours) and which keys are the
customer's. Changes are dotted keys (``working_hours.mon=09:30-17:00``,
``kinds.lunch.hours=12:30-14:00``, ``max_per_day=4``); every change is validated before
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
    from meetdesk.daemon import open_store
    from meetdesk.store.customers import find_customer, set_preferences
    from meetdesk.store.engine import transaction

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
    """One line per key, the customer's own marked with '*'."""
    lines = []
    for key, value in effective.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                shown = inner if not isinstance(inner, dict) else _kind(inner)
                own = any(k == f"{key}.{sub}" or k.startswith(f"{key}.{sub}.") for k in mine)
                lines.append(f"{'*' if own else ' '} {key}.{sub} = {shown}")
        else:
            shown = "none" if value is None else value
            lines.append(f"{'*' if key in mine else ' '} {key} = {shown}")
    lines.append("(* the customer's own; the rest are the config's defaults)")
    return "\n".join(lines)


def _kind(rule: dict[str, object]) -> str:
    duration = rule.get("duration_minutes")
    hours = rule.get("hours") or "working hours"
    return f"{duration or 'default'} min, {hours}"
