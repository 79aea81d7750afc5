"""``meetdesk privacy records``: print the record of processing (GDPR art. 30).

The record is generated from the models' category declarations and the config
(``meetdesk.privacy.record``); ``--json`` prints it for machines, the default is text
for the people who keep and show it, and ``--markdown`` the data map table that
docs/privacy.md embeds (a test keeps the two equal). It reads no database: it
describes what the code stores, not whose data is stored.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from meetdesk.cli_recipients import add_arguments as add_recipients_arguments
from meetdesk.cli_recipients import recipients_command
from meetdesk.settings import Settings


def add_arguments(privacy: argparse.ArgumentParser) -> None:
    psub = privacy.add_subparsers(dest="privacy_command", required=True, metavar="ACTION")
    records = psub.add_parser("records", help="print the record of processing (GDPR art. 30)")
    form = records.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the JSON form")
    form.add_argument(
        "--markdown", action="store_true", help="print the data map table of docs/privacy.md"
    )
    add_recipients_arguments(
        psub.add_parser("recipients", help="who received which of a person's data (art. 19)")
    )


def privacy_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.privacy_command == "recipients":
        return recipients_command(settings, args)
    from sqlmodel import SQLModel

    import meetdesk.store.models  # noqa: F401  (registers every table)
    from meetdesk.privacy.record import build_record

    record = build_record(settings, SQLModel.metadata)
    if args.json:
        print(json.dumps(record, indent=2))
    else:
        print(render_markdown(record) if args.markdown else render_text(record))
    return 0


def render_text(record: dict[str, Any]) -> str:
    """The record for humans: one block per category, then the processors."""
    lines = ["Record of processing activities (GDPR art. 30)"]
    lines.append(f"Kept by: {record['controller'] or 'not configured ([privacy] controller)'}")
    lines += ["", "Data subjects:"]
    lines += [f"  {name}: {text}" for name, text in record["subjects"].items()]
    lines += ["", "Categories:"]
    for c in record["categories"]:
        lines.append(f"  {c['category']}: {c['description']}")
        lines.append(f"    stored in: {', '.join(c['stored'])}")
        lines.append(f"    subjects: {', '.join(c['subjects']) or '-'}")
        lines.append(f"    purposes: {', '.join(c['purposes']) or '-'}")
        lines.append(f"    processors: {', '.join(c['processors']) or 'none'}")
        lines.append(f"    retention: {c['retention']}")
    lines += ["", "Processors:"]
    if not record["processors"]:
        lines.append("  none declared ([[privacy.processors]])")
    for p in record["processors"]:
        where = "EEA" if p["in_eea"] else f"outside the EEA, safeguard: {p['safeguard']}"
        lines.append(f"  {p['id']}: {p['name']} ({p['country']}, {where})")
        lines.append(f"    purposes: {', '.join(p['purposes'])}")
        lines.append(f"    may read: {', '.join(p['categories']) or 'nothing'}")
        lines.append(f"    customers: {', '.join(p['customers']) or 'none'}")
    return "\n".join(lines)


def render_markdown(record: dict[str, Any]) -> str:
    """The data map as a markdown table: one row per category."""
    rows = ["| category | what | stored in | subjects | purposes |", "|---|---|---|---|---|"]
    for c in record["categories"]:
        stored = "<br>".join(f"`{place}`" for place in c["stored"])
        cells = [f"`{c['category']}`", c["description"], stored]
        cells += [", ".join(c["subjects"]) or "-", ", ".join(c["purposes"]) or "-"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
