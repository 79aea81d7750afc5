"""Latency of the spine: SMTP accept -> proposal sent, and choice -> invitation sent.

Runs the real daemon in this process against a real Radicale (seeded calendar) and a
capturing SMTP sink, on SQLite and (when its binaries are installed) PostgreSQL, and
prints the median and spread of each latency over N conversations. Each conversation is
timed from the moment the daemon's SMTP listener acknowledged the message to the moment
the sink received the assistant's message.

    .venv/bin/python bench/loop_latency.py [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import email
import statistics
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from email.policy import default
from pathlib import Path

from meetdesk.daemon import Daemon
from meetdesk.settings import parse_listen, parse_settings
from meetdesk.testing import free_port
from meetdesk.testing.postgres import PostgresUnavailable, postgres_server
from meetdesk.testing.radicale import radicale_server
from meetdesk.testing.scenario import (
    ASSISTANT,
    answer,
    onboard_alice,
    request_message,
    seed_calendar,
)
from meetdesk.testing.smtp_sink import SmtpSink


async def measure(store_url: str, root: Path, runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {
        "accept -> proposal sent": [],
        "choice -> invitation sent": [],
    }
    with radicale_server(root / "radicale") as dav, SmtpSink() as sink:
        calendar_url = dav.make_calendar("alice")
        dav.seed(calendar_url, seed_calendar(datetime.now(UTC)))
        settings = parse_settings(
            {
                "assistant": {"name": "Julie", "address": ASSISTANT},
                "store": {"url": store_url},
                "mail": {
                    "inbound": {"smtp_listen": f"127.0.0.1:{free_port()}"},
                    "outbound": {
                        "transport": "smtp",
                        "smtp_host": "127.0.0.1",
                        "smtp_port": sink.port,
                    },
                },
                "privacy": {"key_file": "master.key"},
                "worker": {"poll_seconds": 1.0},
            },
            base_dir=root,
        )
        onboard_alice(
            settings,
            "caldav",
            {"url": calendar_url, "username": dav.username, "password": dav.password},
        )
        daemon = Daemon(settings)
        task = asyncio.create_task(daemon.run())
        await daemon.ready.wait()
        host, port = parse_listen(settings.mail.inbound.smtp_listen, "smtp_listen")

        async def deliver(msg: email.message.EmailMessage) -> float:
            import smtplib

            def send() -> float:
                with smtplib.SMTP(host, port) as smtp:
                    smtp.send_message(msg, to_addrs=[ASSISTANT])
                    return time.monotonic()

            return await asyncio.to_thread(send)

        for _ in range(runs):
            seen = len(sink.messages)
            accepted = await deliver(request_message(datetime.now(UTC)))
            await sink.wait_for(seen + 1, timeout=60)
            timings["accept -> proposal sent"].append(time.monotonic() - accepted)
            proposal = email.message_from_bytes(sink.messages[seen].raw, policy=default)
            accepted = await deliver(
                answer(
                    proposal,
                    "The first one works for me.",  # type: ignore[arg-type]
                    datetime.now(UTC),
                )
            )
            await sink.wait_for(seen + 3, timeout=60)
            timings["choice -> invitation sent"].append(time.monotonic() - accepted)
        daemon.stop()
        await task
    return timings


def report(name: str, timings: dict[str, list[float]]) -> None:
    for label, values in timings.items():
        ms = sorted(v * 1000 for v in values)
        print(
            f"{name:<11} {label:<27} median {statistics.median(ms):7.1f} ms   "
            f"min {ms[0]:7.1f}   max {ms[-1]:7.1f}   (n={len(ms)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (root / "sqlite").mkdir()
        report(
            "sqlite",
            asyncio.run(
                measure(f"sqlite:///{root / 'sqlite' / 'b.db'}", root / "sqlite", args.runs)
            ),
        )
        try:
            pg = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            print(f"postgresql  skipped: {exc}")
            return
        (root / "pg").mkdir()
        report("postgresql", asyncio.run(measure(pg.create_database(), root / "pg", args.runs)))


if __name__ == "__main__":
    main()
