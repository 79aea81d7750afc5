"""Quality review on both databases: deterministic sampling, pseudonymised samples,
grading through the access function, and the error-rate statistics."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy import audit
from meetdesk.privacy.access import Actor
from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.processors import Processor
from meetdesk.privacy.restrictions import restrict
from meetdesk.store.engine import transaction
from meetdesk.store.models import QualitySample
from meetdesk.supervision.quality import (
    Grade,
    grade_sample,
    is_sampled,
    list_samples,
    show_sample,
)
from meetdesk.supervision.quality_sample import pseudonym
from meetdesk.supervision.quality_stats import compute_quality
from tests.integration.store.quality_data import (
    ALICE,
    BOB,
    CAROL,
    T0,
    customer,
    decisions,
    samples,
)

CIPHER = Cipher(b"q" * 32)
ADMIN = Actor.admin()
REVIEWER = Actor(
    "reviewer",
    processor=Processor(
        id="reviewer",
        name="Review Ltd",
        country="IE",
        purposes=("quality_review",),
        allow=("user.content.private.email_body", "user.unique_id.pseudonymous"),
        customers=(ALICE,),
    ),
)


def sample_content(row: QualitySample) -> dict[str, object]:
    content: dict[str, object] = CIPHER.decrypt_json(
        row.sample_enc, table="quality_sample", column="sample", row_id=row.id
    )
    return content


def test_sampling_is_deterministic_per_decision_at_the_rate(engine: Engine) -> None:
    """Of 400 decisions about a quarter are sampled, exactly those whose draw is under the
    rate; a lower rate would have taken a subset; escalations are never sampled."""
    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    taken = decisions(engine, CIPHER, alice, 400, rate=0.25)
    decisions(engine, CIPHER, alice, 50, rate=1.0, action="escalate")
    rows = samples(engine)
    assert len(rows) == len(taken) and 60 <= len(taken) <= 140
    with transaction(engine) as session:
        from meetdesk.store.models import Decision

        offered = [d for d in session.exec(select(Decision)).all() if d.action == "proposed"]
    expected = {d.id for d in offered if is_sampled(CIPHER, d.id, 0.25)}
    assert {r.decision_id for r in rows} == expected
    lower = {d.id for d in offered if is_sampled(CIPHER, d.id, 0.1)}
    assert lower < expected
    assert not any(r.action == "escalate" for r in rows)


def test_a_sample_holds_pseudonyms_and_the_new_text_only(engine: Engine) -> None:
    """No name, address or phone number is stored; the quoted history is cut; a person
    keeps one pseudonym within a customer and gets another under another customer."""
    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    carol = customer(engine, CIPHER, CAROL, "Carol Smith")
    decisions(engine, CIPHER, alice, 2, rate=1.0)
    decisions(engine, CIPHER, carol, 1, rate=1.0)
    rows = samples(engine)
    bob_alice, bob_carol = pseudonym(CIPHER, alice.id, BOB), pseudonym(CIPHER, carol.id, BOB)
    assert bob_alice != bob_carol
    for row in rows:
        content = sample_content(row)
        dumped = json.dumps(content).lower()
        for secret in ("alice", "bob", "durand", "martin", "carol", "smith", "example",
                       "12 34 56", "old secret"):  # fmt: skip
            assert secret not in dumped, secret
        bob = bob_alice if row.customer_id == alice.id else bob_carol
        assert content["text"] == (
            f"Hi {bob}, could we meet on Tuesday at 10? Call me on [phone].\n"
            f"Write to {bob} if needed."
        )
        assert {"pseudonym": bob, "role": "required"} in content["people"]  # type: ignore[operator]
        assert content["sender_role"] == "customer"


def test_grading_through_the_access_function_is_scoped_and_audited(engine: Engine) -> None:
    """A reviewer serving Alice lists and grades her samples only, sees the text but not
    the subject, cannot grade Carol's; each read and grade is in the audit trail."""
    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    carol = customer(engine, CIPHER, CAROL, "Carol Smith")
    mine = decisions(engine, CIPHER, alice, 2, rate=1.0)
    theirs = decisions(engine, CIPHER, carol, 1, rate=1.0)

    listed = list_samples(engine, CIPHER, REVIEWER, now=T0)
    assert sorted(r.fields["id"] for r in listed.records) == sorted(mine)
    assert listed.left_out == 1
    assert "subject" in listed.withheld and "text" not in listed.withheld

    graded = grade_sample(
        engine, CIPHER, REVIEWER, mine[0], Grade("wrong", "wrong_time", "10am was read as 10pm"),
        now=T0 + timedelta(hours=2),
    )  # fmt: skip
    shown = graded.records[0].fields
    assert (shown["grade"], shown["reason"]) == ("wrong", "wrong_time")
    assert shown["graded_by"] == "reviewer"
    assert shown["note"] == "10am was read as 10pm"
    with pytest.raises(AccessDenied, match="does not serve"):
        grade_sample(engine, CIPHER, REVIEWER, theirs[0], Grade("right"), now=T0)
    with pytest.raises(ConfigError, match="needs --why"):
        grade_sample(engine, CIPHER, REVIEWER, mine[1], Grade("wrong"), now=T0)
    with pytest.raises(ConfigError, match="no quality sample"):
        show_sample(engine, CIPHER, ADMIN, "nope", now=T0)

    with transaction(engine) as session:
        rows = {r.id: r for r in session.exec(select(QualitySample)).all()}
        assert rows[theirs[0]].grade is None and rows[mine[1]].grade is None
        note = CIPHER.decrypt_text(
            rows[mine[0]].note_enc or b"", table="quality_sample", column="note", row_id=mine[0]
        )
        assert note == "10am was read as 10pm"
        actions = [(e.actor, e.action) for e in audit.entries(session)]
    assert ("reviewer", "grade.quality_sample") in actions
    assert ("reviewer", "denied.read.quality_sample") in actions
    # one entry per subject (Alice, Bob) of each of the two samples listed
    assert actions.count(("reviewer", "read.quality")) == 4
    with transaction(engine) as session:
        assert audit.verify(session).ok


def test_a_restricted_subjects_samples_are_refused_to_reviewers(engine: Engine) -> None:
    """Bob restricted (art. 18): his conversation's samples leave the reviewer's list."""
    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    mine = decisions(engine, CIPHER, alice, 1, rate=1.0)
    with transaction(engine) as session:
        restrict(session, CIPHER, BOB, reason="art18.accuracy", by="dpo", now=T0)
    assert list_samples(engine, CIPHER, REVIEWER, now=T0).left_out == 1
    with pytest.raises(AccessDenied, match="restricted"):
        show_sample(engine, CIPHER, REVIEWER, mine[0], now=T0)
    assert show_sample(engine, CIPHER, ADMIN, mine[0], now=T0).records


def test_statistics_count_errors_overall_per_rule_and_suppress_small_groups(
    engine: Engine,
) -> None:
    """6 graded of Alice (2 wrong), 1 graded of Carol: Alice has a row, Carol is pooled and
    suppressed, the overall and per-rule rows carry the numbers."""
    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    carol = customer(engine, CIPHER, CAROL, "Carol Smith")
    a = decisions(engine, CIPHER, alice, 6, rate=1.0, rules=("propose.confident", "when.weekday"))
    b = decisions(engine, CIPHER, carol, 2, rate=1.0, rules=("book.choice",))
    verdicts = [Grade("wrong", "wrong_time"), Grade("wrong", "wording")] + [Grade("right")] * 4
    for n, (sid, grade) in enumerate(zip(a, verdicts, strict=True)):
        grade_sample(engine, CIPHER, ADMIN, sid, grade, now=T0 + timedelta(hours=n + 1))
    grade_sample(engine, CIPHER, ADMIN, b[0], Grade("right"), now=T0 + timedelta(hours=1))
    with transaction(engine) as session:
        stats = compute_quality(session, min_group=5)
    by_name = {g.name: g for g in stats.customers}
    assert set(by_name) == {alice.id, "other"}
    row = by_name[alice.id]
    assert (row.sampled, row.graded, row.wrong) == (6, 6, 2)
    assert row.error_rate == pytest.approx(1 / 3)
    assert row.reasons == {"wording": 1, "wrong_time": 1}
    assert by_name["other"].suppressed and by_name["other"].graded is None
    assert (stats.overall.sampled, stats.overall.graded, stats.overall.wrong) == (8, 7, 2)
    rules = {g.name: g for g in stats.rules}
    assert rules["when.weekday"].error_rate == pytest.approx(1 / 3)
    assert rules["book.choice"].suppressed
    assert stats.overall.resolution is not None and stats.overall.resolution.count == 7
    # sampled at T0 + n minutes, graded at T0 + (n + 1) hours: Alice's median resolution
    assert row.resolution is not None and row.resolution.median == pytest.approx(3.5 * 3600 - 150)


def test_back_fill_samples_past_decisions_whose_message_is_stored(engine: Engine) -> None:
    """Decisions made at rate 0 are back-filled at rate 1 from their stored message, once;
    one whose message is gone is counted as unavailable."""
    from meetdesk.settings import QualitySettings
    from meetdesk.store.models import Decision, InboundMessage, new_id
    from meetdesk.supervision.quality_backfill import backfill
    from tests.integration.store.quality_data import message_bytes

    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    decisions(engine, CIPHER, alice, 1, rate=0.0)  # its message was never stored
    with transaction(engine) as session:
        conv_id = session.exec(select(Decision)).one().conversation_id
        msg_id = new_id()
        raw = message_bytes(ALICE, "Alice Martin", BOB, "Bob Durand")
        session.add(
            InboundMessage(
                id=msg_id, conversation_id=conv_id, message_id_index=CIPHER.message_id_index("m"),
                raw_enc=CIPHER.encrypt(raw, table="inbound_message", column="raw", row_id=msg_id),
                size=len(raw), status="done", received_at=T0,
            )  # fmt: skip
        )
        session.add(
            Decision(conversation_id=conv_id, inbound_message_id=msg_id, action="proposed",
                     rules='["propose.confident"]', created_at=T0)  # fmt: skip
        )
    with transaction(engine) as session:
        done = backfill(session, CIPHER, QualitySettings(), rate=1.0, now=T0)
    assert (done.considered, done.sampled, done.unavailable) == (2, 1, 1)
    (row,) = samples(engine)
    content = sample_content(row)
    assert content["sender"] == pseudonym(CIPHER, alice.id, ALICE)
    assert content["sender_role"] == "customer" and content["reading"] is None
    assert "alice" not in json.dumps(content).lower()
    with transaction(engine) as session:
        again = backfill(session, CIPHER, QualitySettings(), rate=1.0, now=T0)
    assert (again.considered, again.sampled) == (1, 0)


def test_erasing_a_participant_deletes_the_samples_of_their_conversations(
    engine: Engine,
) -> None:
    """Bob erased (art. 17): his conversation stays for Alice, its samples do not."""
    from meetdesk.privacy.erasure import erase_subject

    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    decisions(engine, CIPHER, alice, 2, rate=1.0)
    decisions(engine, CIPHER, alice, 1, rate=1.0, participant=("dan@else.example", "Dan"))
    with transaction(engine) as session:
        erased = erase_subject(session, CIPHER, BOB, now=T0, withdraw=lambda _s, _c: False)
    assert erased.conversations_updated == 1
    assert [sample_content(r)["people"] for r in samples(engine)] == [
        [{"pseudonym": pseudonym(CIPHER, alice.id, "dan@else.example"), "role": "required"},
         {"pseudonym": pseudonym(CIPHER, alice.id, "julie@assistant.example"), "role": ""}]
    ]  # fmt: skip


def test_the_retention_purge_removes_samples_with_their_conversation(engine: Engine) -> None:
    """A closed conversation's samples go by the shortest rule of what they hold (the
    reading's times: 30 days by default): kept at 20 days, gone at 40, and recorded."""
    from meetdesk.privacy.purge import run_pass
    from meetdesk.privacy.retention import RetentionSettings, parse_policy
    from meetdesk.store.models import Conversation, PurgeRecord

    alice = customer(engine, CIPHER, ALICE, "Alice Martin")
    decisions(engine, CIPHER, alice, 3, rate=1.0)
    with transaction(engine) as session:
        conv = session.exec(select(Conversation)).one()
        conv.state = "cancelled"
        session.add(conv)
    policy = parse_policy(RetentionSettings())
    run_pass(engine, CIPHER, policy, now=T0 + timedelta(days=20))
    assert len(samples(engine)) == 3
    run_pass(engine, CIPHER, policy, now=T0 + timedelta(days=40))
    assert samples(engine) == []
    with transaction(engine) as session:
        targets = {r.table_name for r in session.exec(select(PurgeRecord)).all()}
    assert "quality_sample" in targets
