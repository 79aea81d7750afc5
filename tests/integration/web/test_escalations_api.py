"""The queue over the API: listing, showing, and the four transitions, by role and scope."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry

from .api_site import SECRET, Site


def _ids(response: object) -> set[str]:
    return {e["id"] for e in response.json()["escalations"]}  # type: ignore[attr-defined]


def test_a_supervisor_lists_only_the_escalations_of_customers_it_serves(site: Site) -> None:
    response = site.client.get("/api/escalations", headers=site.auth("eve"))
    assert response.status_code == 200
    assert _ids(response) == {site.alice.escalation}
    assert response.json()["left_out"] == 1
    [row] = response.json()["escalations"]
    assert row["reason"] == "unclear_answer" and row["status"] == "open"
    assert row["overdue"] is True and row["details"]["rule"] == "escalate.unclear_answer"
    everyone = site.client.get("/api/escalations", headers=site.auth("root"))
    assert _ids(everyone) == {site.alice.escalation, site.zoe.escalation}


def test_support_reads_the_queue_for_support_but_may_not_act(site: Site) -> None:
    listing = site.client.get("/api/escalations", headers=site.auth("sam"))
    assert listing.status_code == 200 and len(listing.json()["escalations"]) == 2
    url = f"/api/escalations/{site.alice.escalation}/claim"
    refused = site.client.post(url, headers=site.auth("sam"))
    assert refused.status_code == 403 and "escalations.act" in refused.json()["detail"]
    assert site.escalation(site.alice.escalation).status == "open"


def test_a_quality_reviewer_may_not_read_the_queue(site: Site) -> None:
    response = site.client.get("/api/escalations", headers=site.auth("quinn"))
    assert response.status_code == 403


def test_filters_narrow_the_listing(site: Site) -> None:
    root = site.auth("root")
    by_customer = site.client.get(f"/api/escalations?customer={site.zoe.email}", headers=root)
    assert _ids(by_customer) == {site.zoe.escalation}
    by_id = site.client.get(f"/api/escalations?customer={site.alice.id}", headers=root)
    assert _ids(by_id) == {site.alice.escalation}
    assert _ids(site.client.get("/api/escalations?kind=reading", headers=root)) == {
        site.alice.escalation,
        site.zoe.escalation,
    }
    assert _ids(site.client.get("/api/escalations?kind=no_free_slot", headers=root)) == set()
    assert _ids(site.client.get("/api/escalations?reason=nothing", headers=root)) == set()
    assert len(_ids(site.client.get("/api/escalations?overdue=true", headers=root))) == 2
    assert _ids(site.client.get("/api/escalations?status=resolved", headers=root)) == set()


def test_a_customer_filter_outside_the_scope_is_answered_as_unknown(site: Site) -> None:
    response = site.client.get(
        f"/api/escalations?customer={site.zoe.email}", headers=site.auth("eve")
    )
    assert response.status_code == 422
    assert response.json()["detail"].endswith("no such customer among those you serve")
    unknown = site.client.get(
        "/api/escalations?customer=who@nowhere.example", headers=site.auth("eve")
    )
    assert unknown.json() == {
        "detail": response.json()["detail"].replace(site.zoe.email, "who@nowhere.example")
    }


def test_bad_filters_are_422_json(site: Site) -> None:
    for query in ("status=bogus", "kind=bogus", "overdue=perhaps", "reason=" + "x" * 81):
        response = site.client.get(f"/api/escalations?{query}", headers=site.auth("root"))
        assert response.status_code == 422, query
        assert "detail" in response.json()


def test_show_gives_the_new_text_the_slots_and_the_week(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}"
    shown = site.client.get(url, headers=site.auth("eve")).json()
    assert shown["message"] == SECRET  # the signature is cut
    assert shown["slots"] == [["2026-12-03T10:00:00Z", "2026-12-03T10:30:00Z"]]
    assert shown["participants"] == [
        {"email": "bob@partner.example", "name": "Bob", "role": "required"}
    ]
    assert shown["busy"] == [] and len(shown["week"]) == 2
    assert [m["text"] for m in shown["thread"]] == ["Find us 30 minutes"]
    assert shown["withheld"] == []
    full = site.client.get(url + "?full=true", headers=site.auth("eve")).json()
    assert "Best," in full["message"]


def test_a_scope_denying_content_gets_those_fields_absent_not_null(site: Site) -> None:
    shown = site.client.get(
        f"/api/escalations/{site.alice.escalation}", headers=site.auth("nora")
    ).json()
    for name in ("message", "subject", "slots", "thread", "busy"):
        assert name not in shown and name in shown["withheld"]
    assert SECRET not in str(shown)
    assert shown["participants"][0]["email"] == "bob@partner.example"
    no_contact = site.client.get(
        f"/api/escalations/{site.alice.escalation}", headers=site.auth("nick")
    ).json()
    assert "participants" not in no_contact and "bob@partner.example" not in str(no_contact)


def test_another_customers_escalation_is_refused_without_naming_the_customer(site: Site) -> None:
    response = site.client.get(
        f"/api/escalations/{site.alice.escalation}", headers=site.auth("olga")
    )
    assert response.status_code == 403
    assert site.alice.email not in response.text
    with transaction(site.engine) as session:
        denied = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "denied.read.escalation")
        ).all()
    assert len(denied) == 1


def test_an_unknown_escalation_is_404(site: Site) -> None:
    for path in ("", "/claim"):
        url = f"/api/escalations/no-such{path}"
        response = (site.client.post if path else site.client.get)(url, headers=site.auth("root"))
        assert response.status_code == 404
        assert response.json() == {"detail": "no escalation no-such"}


def test_claim_release_and_a_lease_held_by_another(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}"
    claimed = site.client.post(url + "/claim", headers=site.auth("eve"))
    assert claimed.status_code == 200, claimed.text
    body = claimed.json()
    assert body["status"] == "claimed" and body["claimed_by"] == "eve"
    assert body["lease_until"] == "2026-12-02T09:15:00Z"  # [supervision] lease_minutes
    taken = site.client.post(url + "/claim", headers=site.auth("nora"))
    assert taken.status_code == 409 and "claimed by eve" in taken.json()["detail"]
    assert site.client.post(url + "/release", headers=site.auth("nora")).status_code == 409
    assert site.escalation(site.alice.escalation).claimed_by == "eve"  # nothing changed
    released = site.client.post(url + "/release", headers=site.auth("eve"))
    assert released.status_code == 200 and released.json()["status"] == "open"
    assert site.client.post(url + "/release", headers=site.auth("eve")).status_code == 409


def test_a_lapsed_lease_may_be_taken_by_another(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}/claim"
    assert site.client.post(url, headers=site.auth("eve")).status_code == 200
    site.clock.advance(timedelta(minutes=16))
    response = site.client.post(url, headers=site.auth("nora"))
    assert response.status_code == 200 and response.json()["claimed_by"] == "nora"


def test_resolve_and_discard_close_for_good(site: Site) -> None:
    alice = f"/api/escalations/{site.alice.escalation}"
    site.client.post(alice + "/claim", headers=site.auth("eve"))
    resolved = site.client.post(
        alice + "/resolve",
        json={"resolution": "answered", "note": "called Bob"},
        headers=site.auth("eve"),
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolution"] == "answered"
    again = site.client.post(alice + "/resolve", json={}, headers=site.auth("eve"))
    assert again.status_code == 409 and "already resolved" in again.json()["detail"]
    zoe = f"/api/escalations/{site.zoe.escalation}"
    discarded = site.client.post(
        zoe + "/discard", json={"why": "a test"}, headers=site.auth("root")
    )
    assert discarded.status_code == 200 and discarded.json()["status"] == "discarded"
    shown = site.client.get(alice, headers=site.auth("root")).json()
    assert shown["note"] == "called Bob"


def test_bad_transition_bodies_are_422_and_change_nothing(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}"
    for path, body in (
        ("/resolve", {"resolution": "bogus"}),
        ("/resolve", {"note": "x" * 2001}),
        ("/resolve", {"extra": 1}),
        ("/discard", {}),
        ("/discard", {"why": "   "}),
        ("/discard", "why"),
    ):
        response = site.client.post(url + path, json=body, headers=site.auth("eve"))
        assert response.status_code == 422, (path, body, response.text)
        assert "detail" in response.json()
    assert site.escalation(site.alice.escalation).status == "open"


def test_a_processor_may_not_work_another_customers_escalation(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}/claim"
    response = site.client.post(url, headers=site.auth("olga"))
    assert response.status_code == 403
    assert site.alice.email not in response.text
    assert site.escalation(site.alice.escalation).status == "open"
    with transaction(site.engine) as session:
        denied = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "denied.escalation.claim")
        ).all()
    assert len(denied) == 1


def test_a_transition_answers_only_what_the_scope_shows(site: Site) -> None:
    response = site.client.post(
        f"/api/escalations/{site.alice.escalation}/claim", headers=site.auth("nick")
    )
    assert response.status_code == 200
    assert set(response.json()) <= {
        "id",
        "status",
        "claimed_by",
        "lease_until",
        "resolution",
        "action",
        "detail",
        "withheld",
    }
