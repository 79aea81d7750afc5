"""The supervisor actions' forms call ``meetdesk.supervision.actions`` and come back
with what was done: correct (save, or save and let the assistant continue), propose
slots, reply, ask the customer, not a scheduling request, hand back; a refusal of the
library is shown next to its form, with what was typed kept."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from meetdesk.store.conversations import load_data
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Escalation, Outbox

from .site import Site


def claimed(site: Site) -> tuple[str, str]:
    token = site.signed_in("eve")
    base = f"/escalations/{site.escalation}"
    assert site.client.post(f"{base}/claim", data={"csrf_token": token}).status_code == 200
    return token, base


def row(site: Site) -> Escalation:
    with transaction(site.engine) as session:
        found = session.get(Escalation, site.escalation)
        assert found is not None
        session.expunge(found)
        return found


def queued(site: Site) -> list[str]:
    with transaction(site.engine) as session:
        return list(session.exec(select(Outbox.purpose).order_by(col(Outbox.created_at))).all())


def test_save_keeps_the_claim_and_the_page_shows_the_corrected_duration(site: Site) -> None:
    token, base = claimed(site)
    data = {"csrf_token": token, "duration_minutes": "45", "was_duration_minutes": "30",
            "resume": "0"}  # fmt: skip
    done = site.client.post(f"{base}/correct", data=data, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{base}?done=correct"
    page = site.client.get(done.headers["location"]).text
    assert "Saved the corrected reading." in page and 'value="45"' in page
    assert row(site).status == "claimed"
    with transaction(site.engine) as session:
        conv = session.get(Conversation, row(site).conversation_id)
        assert conv is not None and load_data(site.cipher, conv).duration_minutes == 45


def test_a_correction_the_library_refuses_is_shown_with_the_form_kept(site: Site) -> None:
    token, base = claimed(site)
    data = {"csrf_token": token, "resume": "0"}  # nothing changed: nothing to correct
    refused = site.client.post(f"{base}/correct", data=data)
    assert refused.status_code == 422 and "nothing to correct" in refused.text
    assert row(site).status == "claimed"


def test_proposing_an_added_slot_resolves_and_queues_the_proposal(site: Site) -> None:
    token, base = claimed(site)
    data = {"csrf_token": token, "start": ["2026-12-07T10:00", ""], "minutes": ["45", ""]}
    done = site.client.post(f"{base}/propose", data=data, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{base}?done=propose"
    assert "Proposed the slots" in site.client.get(done.headers["location"]).text
    closed = row(site)
    assert (closed.status, closed.closed_by) == ("resolved", "eve")


@pytest.mark.parametrize(
    ("form", "data", "code"),
    [
        ("reply", {"text": "Bob, Thursday 10:00 it is.", "to": "sender"}, "reply"),
        ("ask", {"question": "Alice, is the blue room free?"}, "ask"),
        ("not-scheduling", {}, "not-scheduling"),
        ("hand-back", {}, "hand-back"),
    ],
)
def test_each_action_calls_through_and_resolves(
    site: Site, form: str, data: dict[str, Any], code: str
) -> None:
    token, base = claimed(site)
    done = site.client.post(
        f"{base}/{form}", data={"csrf_token": token} | data, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{base}?done={code}"
    page = site.client.get(done.headers["location"]).text
    assert "resolved" in page
    closed = row(site)
    assert (closed.status, closed.closed_by) == ("resolved", "eve")
    if form in ("reply", "ask", "hand-back"):
        assert queued(site), "nothing was queued to send"


def test_an_action_needs_the_claim(site: Site) -> None:
    token = site.signed_in("eve")
    data = {"csrf_token": token, "text": "Hello"}
    refused = site.client.post(f"/escalations/{site.escalation}/reply", data=data)
    assert refused.status_code == 409 and "claim" in refused.text
    assert 'role="alert"' in refused.text  # said at the top: its form is not shown
    assert row(site).status == "open"
