"""``meetdesk customer list``: every customer, read through the access function.

As admin every column shows; ``--as PROCESSOR_ID`` shows only the customers that
processor serves, with the fields its scope does not cover printed ``(withheld)``.
"""

from __future__ import annotations

import argparse

from meetdesk.cli_access import add_access_arguments, read_as, report, shown
from meetdesk.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_access_arguments(parser, purpose="support")


def list_customers_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.supervision.views import customer_records

    actor, disclosure = read_as(settings, args, action="read.customers", load=customer_records)
    for c in disclosure.records:
        count = shown(c, "calendars")
        more = f" +{count - 1}" if isinstance(count, int) and count > 1 else ""
        print(
            f"{shown(c, 'id')}  {shown(c, 'email'):<32} {shown(c, 'name'):<24} "
            f"{shown(c, 'timezone'):<20} {shown(c, 'calendar_kind')}{more}"
        )
    if not disclosure.records and not disclosure.left_out:
        print("no customers yet: add one with `meetdesk customer add`")
    report(disclosure, actor)
    return 0
