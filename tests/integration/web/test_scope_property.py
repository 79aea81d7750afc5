"""Property: whatever role asks, whatever it asks for, no answer holds a field its
processor may not read, nor any record of a customer it does not serve.

Each field's categories are taken from the records the loaders build (the same ones the
access function trims), read directly as the installation would, so the test does not
restate any scope by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetdesk.accounts.roles import actor_of
from meetdesk.calendar.base import Interval
from meetdesk.privacy.access import Actor, Record
from meetdesk.store.engine import transaction
from meetdesk.store.models import Escalation
from meetdesk.supervision import queue
from meetdesk.supervision.api.escalations import state_record
from meetdesk.supervision.escalation_view import Week, view_record
from meetdesk.supervision.quality import sample_records
from meetdesk.supervision.views import escalation_records

from .api_site import ACCOUNTS, T0, Site

# Names in an answer that are no field of a record: the envelope, and what is derived.
ENVELOPE = {"withheld", "detail", "left_out", "escalations", "samples"}
HOUR = timedelta(hours=1)
DERIVED = {"overdue": ("due_at", "status")}


class Scopes:
    """Field name -> categories, and record id -> (customer id, address), per kind."""

    def __init__(self, site: Site) -> None:
        self.categories: dict[str, dict[str, tuple[str, ...]]] = {}
        self.owner: dict[str, tuple[str | None, str | None]] = {}
        week = Week(T0, T0 + HOUR, [Interval(T0, T0 + HOUR)])
        with transaction(site.engine) as session:
            listed = escalation_records(
                session, site.cipher, status=None, filters=queue.Filters(status=None), now=T0
            )
            shown: list[Record] = []
            states: list[Record] = []
            for e in (site.alice.escalation, site.zoe.escalation):
                shown.append(view_record(session, site.cipher, e, now=T0, week=week, full=True))
                row = session.get(Escalation, e)
                assert row is not None
                states.append(state_record(session, site.cipher, row, T0))
            samples = sample_records(session, site.cipher)
        for kind, records in (
            ("summary", listed),
            ("detail", shown),
            ("state", states),
            ("sample", samples),
        ):
            fields = self.categories.setdefault(kind, {})
            for record in records:
                for name, found in record.fields.items():
                    fields[name] = tuple(sorted(set(fields.get(name, ())) | set(found.categories)))
                self.owner[str(record.fields["id"].value)] = (
                    record.customer_id,
                    record.customer_email,
                )

    def check(self, actor: Actor, kind: str, answer: dict[str, Any]) -> None:
        fields = self.categories[kind]
        for name in answer:
            if name in ENVELOPE:
                continue
            sources = DERIVED.get(name, (name,))
            assert all(s in fields for s in sources), f"{kind}: unknown field {name!r}"
            for source in sources:
                for category in fields[source]:
                    assert actor.may_read(category), f"{actor.id} was shown {name} ({category})"
        if "id" in answer:
            customer_id, email = self.owner[answer["id"]]
            assert actor.serves(customer_id, email), f"{actor.id} shown a record of {email}"


@pytest.fixture
def scoped(site: Site) -> Iterator[tuple[Site, Scopes]]:
    for username in ACCOUNTS:
        site.account(username)
    yield site, Scopes(site)


def _actor(site: Site, username: str) -> Actor:
    role, processor = ACCOUNTS[username]
    return actor_of(site.settings.privacy.processors, role, processor, via="api")


Request = Callable[[Site], tuple[str, str, Any]]  # -> method, path, JSON body


def _requests() -> st.SearchStrategy[tuple[str, Callable[[Site], tuple[str, str, Any]]]]:
    def listing(query: str) -> tuple[str, Request]:
        return "list", lambda s: ("GET", f"/api/escalations?{query}", None)

    def one(which: str, full: bool) -> tuple[str, Request]:
        return "detail", lambda s: (
            "GET",
            f"/api/escalations/{getattr(s, which).escalation}?full={str(full).lower()}",
            None,
        )

    def transition(which: str, action: str) -> tuple[str, Request]:
        body = {"resolve": {}, "discard": {"why": "a test"}}.get(action)
        return "state", lambda s: (
            "POST",
            f"/api/escalations/{getattr(s, which).escalation}/{action}",
            body,
        )

    def samples(query: str) -> tuple[str, Request]:
        return "samples", lambda s: ("GET", f"/api/quality/samples?{query}", None)

    def sample(which: str, grade: bool) -> tuple[str, Request]:
        path = f"/api/quality/samples/{{}}{'/grade' if grade else ''}"
        return "sample", lambda s: (
            "POST" if grade else "GET",
            path.format(getattr(s, which).sample),
            {"verdict": "right"} if grade else None,
        )

    def action(which: str, name: str) -> tuple[str, Request]:
        body = {
            "reply": {"text": "Thursday is fine."},
            "ask": {"question": "Should Carol join?"},
            "correct": {"duration_minutes": 45, "resume": False},
        }.get(name)
        return "state", lambda s: (
            "POST",
            f"/api/escalations/{getattr(s, which).escalation}/{name}",
            body,
        )

    customers = st.sampled_from(["alice", "zoe"])
    return st.one_of(
        st.sampled_from(["status=all", "status=active", "overdue=true", "kind=reading"]).map(
            listing
        ),
        st.builds(one, customers, st.booleans()),
        st.builds(transition, customers, st.sampled_from(["claim", "release", "resolve"])),
        st.builds(
            action,
            customers,
            st.sampled_from(["correct", "reply", "ask", "not-scheduling", "hand-back"]),
        ),
        st.sampled_from(["", "ungraded=true"]).map(samples),
        st.builds(sample, customers, st.booleans()),
        st.just(("stats", lambda s: ("GET", "/api/statistics?min_group=2", None))),
    )


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(username=st.sampled_from(sorted(ACCOUNTS)), request=_requests())
def test_no_answer_holds_a_field_or_record_outside_the_callers_scope(
    scoped: tuple[Site, Scopes], username: str, request: tuple[str, Request]
) -> None:
    site, scopes = scoped
    kind, build = request
    method, path, body = build(site)
    response = site.client.request(method, path, json=body, headers=site.auth(username))
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert set(response.json()) == {"detail"}
        for customer in (site.alice, site.zoe):  # a refusal names no customer
            assert customer.email not in response.text
        return
    actor = _actor(site, username)
    answer = response.json()
    if kind == "list":
        for row in answer["escalations"]:
            scopes.check(actor, "summary", row)
    elif kind == "samples":
        for row in answer["samples"]:
            scopes.check(actor, "sample", row)
    elif kind in ("detail", "state", "sample"):
        scopes.check(actor, kind, answer)
        withheld = set(answer.get("withheld", ()))
        assert not withheld & set(answer), "a withheld field is present"
    else:  # statistics: numbers by pseudonymous row id only
        for customer in (site.alice, site.zoe):
            assert customer.email not in response.text
