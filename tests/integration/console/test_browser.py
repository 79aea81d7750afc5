"""A supervisor works an escalation in headless Chromium, against the real daemon
serving the console: sign in, open the queue and the escalation, claim it, correct the
duration, tick two candidate slots and propose them; the participant then receives the
proposal listing exactly those times, and the escalation is resolved.

Debian's ``chromium`` is driven by Playwright (never a downloaded browser) with a
fresh profile; the daemon runs in this test's event loop, so Playwright's async API is
used and nothing blocks the loop.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from meetdesk.accounts.registry import add_account
from meetdesk.assistant.wording import format_day
from meetdesk.clock import SystemClock
from meetdesk.settings import Settings
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.store.opening import open_store
from meetdesk.testing import free_port
from meetdesk.testing.smtp_sink import SmtpSink
from tests.conftest import unavailable
from tests.integration.flow.harness import ALICE, BOB, Running, settings_for, start
from tests.integration.flow.messages import request

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "Correct-Horse-Battery-9"
PARIS = ZoneInfo("Europe/Paris")
UNCLEAR = "Julie, please find 30 minutes for a call with Bob on 31 February."
PROVIDER = {
    "id": "provider",
    "name": "Supervisors Ltd",
    "country": "IE",
    "purposes": ["supervision"],
    "allow": ["user"],
    "customers": [ALICE],
}
STEP_TIMEOUT_MS = 30_000


@dataclass
class Console:
    running: Running
    url: str


@pytest.fixture
async def console(tmp_path: Path, db_url: str, sink: SmtpSink) -> AsyncIterator[Console]:
    if shutil.which(CHROMIUM) is None:
        unavailable(f"Debian's chromium is not installed at {CHROMIUM}")
    listen = f"127.0.0.1:{free_port()}"
    settings = settings_for(
        tmp_path,
        db_url,
        sink.port,
        privacy={"key_file": "master.key", "processors": [PROVIDER]},
        console={"listen": listen, "secure_cookies": False},
    )
    running = await start(settings)
    try:
        yield Console(running, f"http://{listen}")
    finally:
        await running.stop()


def supervisor(settings: Settings) -> None:
    """Eve, a supervisor of the provider that serves Alice."""
    engine, cipher = open_store(settings)
    try:
        add_account(
            engine, cipher, settings.privacy.processors, username="eve", role="supervisor",
            processor_id="provider", password=PASSWORD,
            min_length=settings.accounts.password_min_length, now=SystemClock().now(),
        )  # fmt: skip
    finally:
        engine.dispose()


def escalations(running: Running) -> list[Escalation]:
    with transaction(running.engine) as session:
        rows = list(session.exec(select(Escalation)).all())
        for row in rows:
            session.expunge(row)
        return rows


async def test_a_supervisor_proposes_slots_from_the_browser(
    console: Console, sink: SmtpSink, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright, expect

    running = console.running
    await running.send(request(UNCLEAR).as_bytes())
    await running.idle()
    [row] = escalations(running)
    assert row.status == "open"
    await asyncio.to_thread(supervisor, running.settings)
    before = len(sink.messages)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            page = browser.pages[0] if browser.pages else await browser.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            await page.goto(f"{console.url}/")
            await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
            await page.get_by_label("User name").fill("eve")
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Sign in").click()

            await expect(page.get_by_role("heading", name="Escalations")).to_be_visible()
            await page.locator(f'a[href="/escalations/{row.id}"]').click()
            await expect(page.get_by_role("heading", name="The reading")).to_be_visible()

            await page.get_by_role("button", name="Claim").click()
            await expect(page.get_by_text("You hold this escalation")).to_be_visible()

            await page.get_by_label("Duration (minutes)").fill("45")
            await page.get_by_role("button", name="Save", exact=True).click()
            await expect(page.get_by_text("Saved the corrected reading.")).to_be_visible()
            await expect(page.get_by_label("Duration (minutes)")).to_have_value("45")

            boxes = page.locator('input[name="slot"]')
            assert await boxes.count() >= 2, "fewer than two candidate slots"
            chosen = []
            for n in range(2):
                await boxes.nth(n).check()
                chosen.append(await boxes.nth(n).get_attribute("value"))
            await page.screenshot(path=str(tmp_path / "escalation.png"), full_page=True)
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, "the page scrolls sideways on a laptop screen"

            await page.get_by_role("button", name="Propose these slots").click()
            await expect(page.get_by_text("Proposed the slots to the participants")).to_be_visible()
        finally:
            await browser.close()

    await running.idle()
    slots = [tuple(datetime.fromisoformat(v) for v in str(value).split("|")) for value in chosen]
    for begin, end in slots:
        assert (end - begin).total_seconds() == 45 * 60  # from the corrected duration
    to_bob = [m for m in sink.messages[before:] if BOB in m.rcpt_tos]
    assert to_bob, "the participant received nothing"
    proposal = to_bob[-1].message
    body = proposal.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    for begin, end in slots:
        a, b = begin.astimezone(PARIS), end.astimezone(PARIS)
        assert f"{format_day(a, 'en')}, {a:%H:%M}–{b:%H:%M}" in text, text
    [after] = escalations(running)
    assert after.status == "resolved" and after.closed_by == "eve"
