"""A supervisor's correction of a reading: checked before use, and each field it sets
counts as read with full confidence, so the decision rules act on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.decide import IGNORE, PROPOSE, Situation, decide
from meetdesk.assistant.understand import read_request
from meetdesk.store.conversations import ConversationData, Person
from meetdesk.supervision.correction import (
    RULE,
    Correction,
    apply_to_data,
    check,
    corrected_reading,
    place,
)
from meetdesk.supervision.resume import reading_state

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
UNSURE = "Julie, please set up a call with Bob next week, maybe 20 minutes or an hour."


def _situation(reading: object, state: str = "new") -> Situation:
    return Situation(
        state=state,
        sender_role="customer",
        is_auto=False,
        has_sender=True,
        participants=1,
        reading=reading,  # type: ignore[arg-type]
        threshold=0.9,
    )


def test_a_corrected_duration_makes_the_unsure_request_confident() -> None:
    reading = read_request(UNSURE, sent_at=NOW, tz=ZoneInfo("Europe/Paris"), assistant_name="Julie")
    assert decide(_situation(reading)).action != PROPOSE
    fixed = corrected_reading(reading, Correction(duration_minutes=45))
    assert fixed.duration_minutes == 45 and fixed.fields["duration"].confidence == 1.0
    assert fixed.fields["duration"].rules == (RULE,) and fixed.rules[-1] == RULE
    assert fixed.confidence == pytest.approx(0.95)
    assert decide(_situation(fixed)).action == PROPOSE


def test_a_chosen_option_is_a_choice_at_full_confidence() -> None:
    reading = read_request("Hmm, maybe?", sent_at=NOW, tz=ZoneInfo("UTC"), assistant_name="Julie")
    fixed = corrected_reading(reading, Correction(chosen_option=2))
    assert (fixed.intent, fixed.chosen_option, fixed.fields["chosen"].confidence) == (
        "choose_slot",
        2,
        1.0,
    )


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        (Correction(duration_minutes=4), "outside 5..720"),
        (Correction(duration_minutes=721), "outside 5..720"),
        (Correction(meeting_kind="party"), "kind"),
        (Correction(language="de"), "language"),
        (Correction(intent="gossip"), "intent"),
        (Correction(chosen_option=0), "start at 1"),
        (Correction(windows=[(NOW + timedelta(hours=2), NOW + timedelta(hours=1))]), "ends before"),
        (Correction(windows=[(NOW - timedelta(hours=2), NOW - timedelta(hours=1))]), "is over"),
        (Correction(windows=[(datetime(2027, 1, 1), datetime(2027, 1, 2))]), "with their zone"),
        (Correction(participants=[]), "at least one"),
        (Correction(participants=[("bob", "Bob")]), "not an e-mail address"),
        (Correction(location="a\nb"), "one line"),
    ],
)
def test_bad_values_are_refused_with_what_is_wrong(correction: Correction, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check(correction, NOW)


def test_saving_a_correction_keeps_known_roles_and_reads_the_place() -> None:
    data = ConversationData(participants=[Person("bob@x.example", "Bob", role="optional")])
    start = NOW + timedelta(days=2)
    apply_to_data(
        data,
        Correction(
            duration_minutes=50,
            meeting_kind="video",
            windows=[(start, start + timedelta(hours=4))],
            participants=[("bob@x.example", "Bob"), ("carol@y.example", " Carol ")],
            location="https://meet.google.com/abc-defg-hij",
            language="fr",
        ),
    )
    assert (data.duration_minutes, data.kind, data.language) == (50, "video", "fr")
    assert [(p.email, p.name, p.role) for p in data.participants] == [
        ("bob@x.example", "Bob", "optional"),
        ("carol@y.example", "Carol", "required"),
    ]
    assert data.windows == [[start.isoformat(), (start + timedelta(hours=4)).isoformat()]]
    assert data.location_kind == "video_link"
    assert place("  ") == (None, None) and place("The café")[1] == "place"


def test_a_state_that_waited_for_a_job_reads_on_from_the_one_before() -> None:
    proposed = ConversationData(
        proposals=[["2026-12-03T10:00:00+00:00", "2026-12-03T10:30:00+00:00"]]
    )
    assert reading_state("requested", ConversationData()) == "new"
    assert reading_state("requested", proposed) == "proposed"
    assert reading_state("booking", proposed) == "proposed"
    assert reading_state("cancelling", ConversationData(booking={"uid": "u"})) == "booked"
    assert reading_state("booked", proposed) == "booked"


def test_a_handed_back_thread_is_left_alone() -> None:
    reading = read_request(UNSURE, sent_at=NOW, tz=ZoneInfo("UTC"), assistant_name="Julie")
    decision = decide(_situation(reading, state="handed_back"))
    assert (decision.action, decision.rule) == (IGNORE, "ignore.handed_back")
