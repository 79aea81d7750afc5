"""``--as`` and ``--purpose`` for the commands that show personal or customer data.

Every such command reads through the access function (``meetdesk.privacy.access``): by
default as the installation's administrator, with ``--as PROCESSOR_ID`` as one of the
``[[privacy.processors]]``, to see (and show a processor) exactly what its scope lets
through. Withheld fields print as ``(withheld)``; what was withheld or left out is said
once on stderr, so ``--json`` output stays one object per line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from meetdesk.privacy.categories import PURPOSES
from meetdesk.settings import Settings

if TYPE_CHECKING:  # the store and the access function load when a command runs
    from sqlmodel import Session

    from meetdesk.privacy.access import Actor, Disclosure, Record, Shown
    from meetdesk.privacy.crypto import Cipher

WITHHELD = "(withheld)"


def add_access_arguments(parser: argparse.ArgumentParser, *, purpose: str) -> None:
    parser.add_argument(
        "--as",
        dest="as_actor",
        metavar="PROCESSOR_ID",
        help="read as this processor, within its scope (default: admin)",
    )
    parser.add_argument(
        "--purpose",
        choices=list(PURPOSES),
        default=purpose,
        help=f"why the data is read; must be one of the reader's purposes (default: {purpose})",
    )


def actor_from(settings: Settings, args: argparse.Namespace) -> Actor:
    from meetdesk.privacy.access import actor_for

    return actor_for(settings.privacy.processors, args.as_actor, via="cli")


def read_as(
    settings: Settings,
    args: argparse.Namespace,
    *,
    action: str,
    load: Callable[[Session, Cipher], Sequence[Record]],
) -> tuple[Actor, Disclosure]:
    """One listing read through the access function as ``--as`` (default admin), for
    ``--purpose``: the store opened for it and closed after."""
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.access import read
    from meetdesk.store.opening import open_store

    actor = actor_from(settings, args)
    engine, cipher = open_store(settings)
    try:
        disclosure = read(
            engine,
            cipher,
            actor=actor,
            purpose=args.purpose,
            action=action,
            load=lambda session: load(session, cipher),
            now=SystemClock().now(),
        )
    finally:
        engine.dispose()
    return actor, disclosure


def shown(record: Shown, key: str) -> Any:
    """A field's value, or ``(withheld)`` when the reader's scope does not cover it."""
    return record.fields[key] if key in record.fields else WITHHELD


def report(disclosure: Disclosure, actor: Actor) -> None:
    """Say on stderr what the reader's scope kept back, if anything."""
    if disclosure.withheld:
        names = ", ".join(disclosure.withheld)
        print(f"meetdesk: note: withheld from {actor.id}'s scope: {names}", file=sys.stderr)
    if disclosure.left_out:
        print(
            f"meetdesk: note: {disclosure.left_out} record(s) left out: customers {actor.id} "
            "does not serve, or restricted subjects",
            file=sys.stderr,
        )
