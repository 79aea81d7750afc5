"""Restrictions on both databases: placed, found, lifted (never deleted), codes only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.restrictions import (
    history,
    is_restricted,
    lift,
    restrict,
    restricted_among,
)
from meetdesk.store.engine import transaction

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CIPHER = Cipher(b"r" * 32)


def test_restrict_then_lift_keeps_the_record(engine: Engine) -> None:
    """A restriction holds for any spelling of the address until lifted, and stays listed."""
    with transaction(engine) as session:
        restrict(
            session, CIPHER, "Bob@Partner.example", reason="art18.accuracy", by="admin-cli", now=T0
        )
    with transaction(engine) as session:
        assert is_restricted(session, CIPHER, "bob@partner.example")
        assert not is_restricted(session, CIPHER, "carol@partner.example")
        found = restricted_among(session, CIPHER, ["carol@x.example", "BOB@partner.example"])
        assert found == {"BOB@partner.example"}
    with transaction(engine) as session:
        assert lift(
            session, CIPHER, "bob@partner.example", by="admin-cli", now=T0 + timedelta(days=1)
        )
        assert not lift(session, CIPHER, "bob@partner.example", by="admin-cli", now=T0)
    with transaction(engine) as session:
        assert not is_restricted(session, CIPHER, "bob@partner.example")
        rows = history(session, CIPHER, "bob@partner.example")
        assert [(r.reason, r.lifted_by, r.lifted_at) for r in rows] == [
            ("art18.accuracy", "admin-cli", T0 + timedelta(days=1))
        ]
        raw = session.execute(text("SELECT * FROM subject_restriction")).all()
    assert all("bob" not in str(v).lower() for row in raw for v in row)


def test_restricting_twice_keeps_one_active_restriction(engine: Engine) -> None:
    """Placing a restriction on a restricted subject returns the one in force."""
    with transaction(engine) as session:
        first = restrict(
            session, CIPHER, "bob@partner.example", reason="dsr:42", by="admin-cli", now=T0
        )
        again = restrict(
            session, CIPHER, "bob@partner.example", reason="dsr:43", by="admin-cli", now=T0
        )
        assert again.id == first.id and again.reason == "dsr:42"


@pytest.mark.parametrize(
    ("email", "reason", "by", "message"),
    [
        ("bob@partner.example", "He says the date is wrong", "admin-cli", "not free text"),
        ("bob@partner.example", "art18.accuracy", "Jane Doe", "not a person"),
        ("bob", "art18.accuracy", "admin-cli", "not an e-mail address"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    engine: Engine, email: str, reason: str, by: str, message: str
) -> None:
    """Free-text reasons, person names and non-addresses are refused with a clear message."""
    with pytest.raises(ValueError, match=message):
        with transaction(engine) as session:
            restrict(session, CIPHER, email, reason=reason, by=by, now=T0)
    with transaction(engine) as session:
        assert session.execute(text("SELECT count(*) FROM subject_restriction")).scalar() == 0
