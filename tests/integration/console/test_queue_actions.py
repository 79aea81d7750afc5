"""The escalation page's forms: every one refuses a missing or wrong CSRF token; claim,
release, resolve and discard call the queue and come back with a flash message; a step
the queue refuses is shown on the page with a 409 or 422 and the form kept."""

from __future__ import annotations

import pytest

from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation

from .site import Site

FORMS = (
    "claim", "release", "correct", "propose", "reply", "ask", "not-scheduling",
    "hand-back", "resolve", "discard",
)  # fmt: skip


def row(site: Site) -> Escalation:
    with transaction(site.engine) as session:
        found = session.get(Escalation, site.escalation)
        assert found is not None
        session.expunge(found)
        return found


@pytest.mark.parametrize("form", FORMS)
def test_every_form_refuses_a_missing_or_wrong_token(site: Site, form: str) -> None:
    site.signed_in("eve")
    for data in ({}, {"csrf_token": "forged"}):
        response = site.client.post(f"/escalations/{site.escalation}/{form}", data=data)
        assert response.status_code == 403, form
    assert row(site).status == "open" and row(site).claimed_by is None


def test_claim_then_release(site: Site) -> None:
    token = site.signed_in("eve")
    base = f"/escalations/{site.escalation}"
    claimed = site.client.post(f"{base}/claim", data={"csrf_token": token}, follow_redirects=False)
    assert claimed.status_code == 303 and claimed.headers["location"] == f"{base}?done=claim"
    page = site.client.get(claimed.headers["location"]).text
    assert "Claimed: the escalation is yours" in page and "You hold this escalation" in page
    assert row(site).claimed_by == "eve"
    released = site.client.post(f"{base}/release", data={"csrf_token": token})
    assert "Released" in released.text and row(site).status == "open"


def test_a_claim_held_by_someone_else_is_a_409_on_the_page(site: Site) -> None:
    token = site.signed_in("eve")
    site.client.post(f"/escalations/{site.escalation}/claim", data={"csrf_token": token})
    site.client.cookies.clear()
    token = site.signed_in("nora")
    response = site.client.post(f"/escalations/{site.escalation}/claim", data={"csrf_token": token})
    assert response.status_code == 409 and "is claimed by eve" in response.text
    assert row(site).claimed_by == "eve"


def test_resolve_with_a_note(site: Site) -> None:
    token = site.signed_in("eve")
    base = f"/escalations/{site.escalation}"
    site.client.post(f"{base}/claim", data={"csrf_token": token})
    data = {"csrf_token": token, "resolution": "answered", "note": "called Bob"}
    done = site.client.post(f"{base}/resolve", data=data)
    assert done.status_code == 200 and "Resolved." in done.text
    assert "nothing more to do" in done.text
    resolved = row(site)
    assert (resolved.status, resolved.resolution, resolved.closed_by) == (
        "resolved", "answered", "eve",
    )  # fmt: skip


def test_a_bad_form_is_a_422_with_what_was_typed_kept(site: Site) -> None:
    token = site.signed_in("eve")
    base = f"/escalations/{site.escalation}"
    site.client.post(f"{base}/claim", data={"csrf_token": token})
    bad = site.client.post(f"{base}/resolve", data={"csrf_token": token, "resolution": "x"})
    assert bad.status_code == 422 and "resolution: one of handled" in bad.text
    empty = site.client.post(f"{base}/discard", data={"csrf_token": token, "why": "  "})
    assert empty.status_code == 422 and "why: write something" in empty.text
    data = {"csrf_token": token, "duration_minutes": "soon", "location": "Blue room"}
    typed = site.client.post(f"{base}/correct", data=data)
    assert typed.status_code == 422 and "duration: a whole number of minutes" in typed.text
    assert 'value="Blue room"' in typed.text and 'value="soon"' in typed.text
    assert row(site).status == "claimed"


def test_discard_closes_it(site: Site) -> None:
    token = site.signed_in("root")
    base = f"/escalations/{site.escalation}"
    site.client.post(f"{base}/claim", data={"csrf_token": token})
    done = site.client.post(f"{base}/discard", data={"csrf_token": token, "why": "a test"})
    assert "Discarded." in done.text and row(site).status == "discarded"


def test_a_closed_escalation_refuses_more(site: Site) -> None:
    token = site.signed_in("root")
    base = f"/escalations/{site.escalation}"
    site.client.post(f"{base}/discard", data={"csrf_token": token, "why": "a test"})
    again = site.client.post(f"{base}/claim", data={"csrf_token": token})
    assert again.status_code == 409 and "already discarded" in again.text


def test_a_role_that_may_not_act_is_refused(site: Site) -> None:
    token = site.signed_in("quinn")
    response = site.client.post(f"/escalations/{site.escalation}/claim", data={"csrf_token": token})
    assert response.status_code == 403 and row(site).claimed_by is None
