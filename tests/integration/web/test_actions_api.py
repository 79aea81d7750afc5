"""The supervisor actions over the API: each resolves a claimed escalation and queues
what the daemon sends; refusals (no claim, another's claim, role, scope, bad input)
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, func, select

from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry, Conversation, Outbox

from .api_site import Site

LATER = {"start": "2026-12-04T10:00:00+01:00", "end": "2026-12-04T10:30:00+01:00"}
# action path -> (a body it accepts, the resolution, whether it queues a message)
ACTIONS: dict[str, tuple[dict[str, Any] | None, str, bool]] = {
    "correct": ({"chosen_option": 1, "note": "Bob chose Thursday"}, "handled", False),
    "propose": ({"slots": [LATER]}, "handled", False),
    "reply": ({"text": "Thursday 10:00 is fine, thanks.", "to": "all"}, "answered", True),
    "ask": ({"question": "Should Carol join?"}, "answered", True),
    "not-scheduling": (None, "not_scheduling", False),
    "hand-back": ({"note": "the customer asked"}, "handed_back", True),
}


def _outbox(site: Site) -> int:
    with transaction(site.engine) as session:
        return int(session.exec(select(func.count()).select_from(Outbox)).one())


def _state(site: Site) -> tuple[Any, ...]:
    row = site.escalation(site.alice.escalation)
    with transaction(site.engine) as session:
        conv = session.get(Conversation, site.alice.conversation)
        assert conv is not None
        kept = (row.status, row.claimed_by, row.action, conv.state, conv.data_enc)
    return (*kept, _outbox(site))


def _claim(site: Site, who: str = "eve") -> None:
    url = f"/api/escalations/{site.alice.escalation}/claim"
    assert site.client.post(url, headers=site.auth(who)).status_code == 200


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_resolves_the_claimed_escalation(site: Site, action: str) -> None:
    body, resolution, mails = ACTIONS[action]
    _claim(site)
    before = _outbox(site)
    response = site.client.post(
        f"/api/escalations/{site.alice.escalation}/{action}", json=body, headers=site.auth("eve")
    )
    assert response.status_code == 200, response.text
    state = response.json()
    assert state["status"] == "resolved" and state["resolution"] == resolution
    assert state["action"] == action.replace("-", "_").replace("ask", "ask_customer")
    assert (_outbox(site) > before) is mails
    with transaction(site.engine) as session:
        audited = session.exec(
            select(AuditEntry).where(col(AuditEntry.action).startswith("escalation."))
        ).all()
    assert [a.action for a in audited][-1] == f"escalation.{state['action']}"


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_action_needs_the_callers_own_live_claim(site: Site, action: str) -> None:
    body = ACTIONS[action][0]
    url = f"/api/escalations/{site.alice.escalation}/{action}"
    before = _state(site)
    unclaimed = site.client.post(url, json=body, headers=site.auth("eve"))
    assert unclaimed.status_code == 409 and "claim it first" in unclaimed.json()["detail"]
    _claim(site, "nora")
    before = _state(site)
    theirs = site.client.post(url, json=body, headers=site.auth("eve"))
    assert theirs.status_code == 409 and "claimed by nora" in theirs.json()["detail"]
    assert _state(site) == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_roles_and_scopes_that_may_not_act_are_refused(site: Site, action: str) -> None:
    body = ACTIONS[action][0]
    _claim(site)
    before = _state(site)
    url = f"/api/escalations/{site.alice.escalation}/{action}"
    for who in ("sam", "quinn"):
        assert site.client.post(url, json=body, headers=site.auth(who)).status_code == 403
    other = site.client.post(url, json=body, headers=site.auth("olga"))
    assert other.status_code == 403 and site.alice.email not in other.text
    assert _state(site) == before


BAD: list[tuple[str, Any]] = [
    ("correct", {}),  # nothing to correct
    ("correct", {"duration_minutes": 3}),
    ("correct", {"windows": [{"start": "2026-12-04T10:00:00", "end": "2026-12-04T11:00:00"}]}),
    ("correct", {"windows": [{"start": "2026-12-04T11:00:00Z", "end": "2026-12-04T10:00:00Z"}]}),
    ("correct", {"participants": [{"email": "not-an-address"}]}),
    ("correct", {"meeting_kind": "party"}),
    ("correct", {"intent": "dance"}),
    ("correct", {"chosen_option": 0}),
    ("correct", {"resume": False, "chosen_option": 1}),
    ("propose", {"slots": []}),
    ("propose", {"slots": [{"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T10:30:00Z"}]}),
    ("propose", {"slots": [{"start": "2026-12-04T10:30:00Z", "end": "2026-12-04T10:00:00Z"}]}),
    ("reply", {"text": "   "}),
    ("reply", {"text": "hi", "to": "bob"}),
    ("ask", {}),
    ("hand-back", {"note": "x" * 2001}),
    ("not-scheduling", {"extra": True}),
]


@pytest.mark.parametrize(("action", "body"), BAD)
def test_bad_input_is_422_json_and_changes_nothing(site: Site, action: str, body: Any) -> None:
    _claim(site)
    before = _state(site)
    response = site.client.post(
        f"/api/escalations/{site.alice.escalation}/{action}", json=body, headers=site.auth("eve")
    )
    assert response.status_code == 422, response.text
    assert "detail" in response.json()
    assert _state(site) == before


def test_saving_a_correction_without_resuming_keeps_the_claim(site: Site) -> None:
    _claim(site)
    response = site.client.post(
        f"/api/escalations/{site.alice.escalation}/correct",
        json={"duration_minutes": 45, "resume": False},
        headers=site.auth("eve"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "claimed"
    shown = site.client.get(f"/api/escalations/{site.alice.escalation}", headers=site.auth("eve"))
    assert shown.json()["duration_minutes"] == 45
