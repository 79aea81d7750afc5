"""Subject requests on both databases: calendar-month deadlines, extensions with a
reason, overdue flags under a moving clock, one-time codes, closing and refusing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from meetdesk.clock import FrozenClock
from meetdesk.privacy import subject_requests as dsr
from meetdesk.privacy.crypto import Cipher
from meetdesk.store.engine import transaction

CIPHER = Cipher(b"r" * 32)
JAN31 = datetime(2027, 1, 31, 10, 0, tzinfo=UTC)


def _open(engine: Engine, now: datetime, kind: str = "erasure") -> dsr.RequestView:
    with transaction(engine) as session:
        return dsr.open_request(
            session, CIPHER, kind=kind, email=" Dana@Example.COM ", channel="email", now=now
        )


def test_deadline_is_one_calendar_month_and_the_address_is_not_stored_readably(
    engine: Engine,
) -> None:
    """31 January is due 28 February; the address is only a blind index and a ciphertext."""
    req = _open(engine, JAN31)
    assert req.due_at == datetime(2027, 2, 28, 10, 0, tzinfo=UTC)
    assert req.email == "dana@example.com" and req.state == "received"
    with engine.connect() as conn:
        row = conn.execute(text("SELECT subject_index, subject_enc FROM subject_request")).one()
    assert b"dana" not in bytes(row.subject_enc) and "dana" not in row.subject_index


def test_extension_needs_a_reason_and_stops_at_two_further_months(engine: Engine) -> None:
    """One month, then another, then no more; each change keeps its reason."""
    req = _open(engine, JAN31)
    with transaction(engine) as session:
        with pytest.raises(dsr.RequestError, match="needs a reason"):
            dsr.extend(session, CIPHER, req.id, months=1, reason="  ")
        longer = dsr.extend(session, CIPHER, req.id, months=1, reason="many threads to search")
        assert longer.deadline == datetime(2027, 3, 28, 10, 0, tzinfo=UTC)
        longest = dsr.extend(session, CIPHER, req.id, months=1, reason="still searching")
        assert longest.deadline == datetime(2027, 4, 28, 10, 0, tzinfo=UTC)
        with pytest.raises(dsr.RequestError, match="at most 2 further months"):
            dsr.extend(session, CIPHER, req.id, months=1, reason="again")
    with transaction(engine) as session:
        kept = dsr.get_request(session, CIPHER, req.id)
    assert kept.notes == {"extension_reason": "still searching"}


def test_overdue_follows_the_clock_and_ends_when_closed(engine: Engine) -> None:
    """Open past its deadline is overdue; an extension or closing clears the flag."""
    clock = FrozenClock(JAN31)
    req = _open(engine, clock.now())
    clock.advance(timedelta(days=29))
    with transaction(engine) as session:
        assert [
            r.id for r in dsr.list_requests(session, CIPHER, now=clock.now(), overdue_only=True)
        ] == [req.id]
        dsr.extend(session, CIPHER, req.id, months=1, reason="complex")
    with transaction(engine) as session:
        assert dsr.list_requests(session, CIPHER, now=clock.now(), overdue_only=True) == []
        dsr.mark_verified(session, CIPHER, req.id, method="admin", now=clock.now())
        dsr.close(session, CIPHER, req.id, summary={"messages_deleted": 2}, now=clock.now())
    clock.advance(timedelta(days=90))
    with transaction(engine) as session:
        done = dsr.get_request(session, CIPHER, req.id)
        assert not done.overdue(clock.now()) and done.summary == {"messages_deleted": 2}


def test_codes_verify_once_and_expire_and_wrong_tries_run_out(engine: Engine) -> None:
    """The live code verifies; an old, expired or exhausted one does not."""
    clock = FrozenClock(JAN31)
    req = _open(engine, clock.now())
    with transaction(engine) as session:
        first = dsr.issue_code(session, CIPHER, req.id, now=clock.now(), hours=72)
        second = dsr.issue_code(session, CIPHER, req.id, now=clock.now(), hours=72)
    with transaction(engine) as session:
        if first != second:
            assert not dsr.check_code(session, CIPHER, req.id, first, now=clock.now())
        assert dsr.matching_request(session, CIPHER, "dana@example.com", [second], now=clock.now())
    clock.advance(timedelta(hours=73))
    with transaction(engine) as session:
        assert not dsr.check_code(session, CIPHER, req.id, second, now=clock.now())
        third = dsr.issue_code(session, CIPHER, req.id, now=clock.now(), hours=1)
        for _ in range(dsr.MAX_CODE_ATTEMPTS):
            wrong = "0" * 8 if third != "0" * 8 else "1" * 8
            assert not dsr.check_code(session, CIPHER, req.id, wrong, now=clock.now())
        assert not dsr.check_code(session, CIPHER, req.id, third, now=clock.now())
        fourth = dsr.issue_code(session, CIPHER, req.id, now=clock.now(), hours=1)
        assert dsr.check_code(
            session, CIPHER, req.id, fourth[:4] + " " + fourth[4:], now=clock.now()
        )
    with transaction(engine) as session:
        verified = dsr.get_request(session, CIPHER, req.id)
        assert (verified.state, verified.verification) == ("verified", "code")
        with pytest.raises(dsr.RequestError, match="already verified"):
            dsr.issue_code(session, CIPHER, req.id, now=clock.now(), hours=1)


def test_closing_needs_verification_and_refusing_needs_a_reason(engine: Engine) -> None:
    """An unverified request cannot be closed; a refusal records why; a closed one stays so."""
    req = _open(engine, JAN31, kind="access")
    with transaction(engine) as session:
        with pytest.raises(dsr.RequestError, match="not verified"):
            dsr.close(session, CIPHER, req.id, summary={}, now=JAN31)
        with pytest.raises(dsr.RequestError, match="needs a reason"):
            dsr.refuse(session, CIPHER, req.id, reason="", now=JAN31)
        refused = dsr.refuse(session, CIPHER, req.id, reason="manifestly unfounded", now=JAN31)
        assert refused.state == "refused" and refused.notes["refusal_reason"]
        with pytest.raises(dsr.RequestError, match="already refused"):
            dsr.extend(session, CIPHER, req.id, months=1, reason="late")


@pytest.mark.parametrize(
    ("kind", "channel", "email", "message"),
    [
        ("deletion", "email", "a@example.com", "unknown kind"),
        ("access", "fax", "a@example.com", "unknown channel"),
        ("access", "cli", "not-an-address", "not an e-mail address"),
    ],
)
def test_bad_requests_are_refused_before_anything_is_written(
    engine: Engine, kind: str, channel: str, email: str, message: str
) -> None:
    with transaction(engine) as session:
        with pytest.raises(dsr.RequestError, match=message):
            dsr.open_request(session, CIPHER, kind=kind, email=email, channel=channel, now=JAN31)
    with transaction(engine) as session:
        assert dsr.list_requests(session, CIPHER, now=JAN31) == []
