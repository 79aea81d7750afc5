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
from typing import Any

from meetdesk.privacy.access import Actor, Disclosure, Shown, actor_for
from meetdesk.privacy.categories import PURPOSES
from meetdesk.settings import Settings

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
    return actor_for(settings.privacy.processors, args.as_actor, via="cli")


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
