"""read_request: intent, kind, duration and window of a customer's request (EN and FR).

Relative dates are checked against a fixed sent_at; one of them is a Sunday evening in
New York that is already Monday in UTC, so reading the UTC date would shift every answer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.understand import read_request
from meetdesk.calendar.base import Interval

UTC = ZoneInfo("UTC")
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# Thursday 19 November 2026, 10:00 in Paris.
THURSDAY = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
# Sunday 22 November 2026, 20:00 in New York, already Monday 23 in UTC.
NY_SUNDAY_EVENING = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def read(text: str, sent_at: datetime = THURSDAY, tz: ZoneInfo = PARIS):  # type: ignore[no-untyped-def]
    return read_request(text, sent_at=sent_at, tz=tz, assistant_name="Julie")


def days(reading, tz: ZoneInfo = PARIS) -> tuple[date, date]:  # type: ignore[no-untyped-def]
    """First and last local day of the window (end is exclusive midnight)."""
    assert reading.window is not None
    start = reading.window.start.astimezone(tz)
    end = reading.window.end.astimezone(tz)
    assert end.time() == time(0)
    return start.date(), (end - timedelta(days=1)).date()


@pytest.mark.parametrize(
    "text",
    [
        "Julie, could you please find 30 minutes for a call with Bob next week?",
        "please set up a meeting with Alice",
        "peux-tu trouver 30 minutes avec Bob la semaine prochaine",
        "merci d'organiser un appel",
        "Could you arrange a lunch with Carol?",
        "Julie, can you organise a coffee with Dan?",
        "Please book an hour with Bob.",
        "Pourriez-vous planifier une réunion avec Bob ?",
    ],
)
def test_clear_requests_are_confident(text: str) -> None:
    """A scheduling verb with a meeting object is a confident schedule request."""
    reading = read(text)
    assert reading.intent == "schedule"
    assert reading.confidence >= 0.9
    assert "intent.schedule.verb" in reading.rules


def test_the_canonical_request() -> None:
    """The card's example: call, 30 minutes, next week, addressed, confident, with rules."""
    reading = read("Julie, could you please find 30 minutes for a call with Bob next week?")
    assert (reading.intent, reading.language, reading.kind) == ("schedule", "en", "call")
    assert reading.duration_minutes == 30
    assert days(reading) == (date(2026, 11, 23), date(2026, 11, 27))
    assert {"intent.addressed", "duration.minutes", "window.next_week", "kind.call"} <= set(
        reading.rules
    )
    assert reading.reasons == ()


def test_french_request() -> None:
    """French: trouver + minutes + la semaine prochaine."""
    reading = read("Julie, peux-tu trouver 30 minutes avec Bob la semaine prochaine ?")
    assert (reading.intent, reading.language, reading.duration_minutes) == ("schedule", "fr", 30)
    assert days(reading) == (date(2026, 11, 23), date(2026, 11, 27))
    assert reading.confidence >= 0.9


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("find 30 minutes with Bob", 30),
        ("find 30 min with Bob", 30),
        ("find half an hour with Bob", 30),
        ("find an hour with Bob", 60),
        ("set up a 1h call", 60),
        ("set up a 1h30 call", 90),
        ("find 45 minutes with Bob", 45),
        ("trouve une demi-heure avec Bob", 30),
        ("trouve une heure avec Bob", 60),
        ("organise une réunion de 1h30", 90),
        ("set up an hour and a half meeting", 90),
        ("organise une réunion d'une heure et demie", 90),
        ("find a quarter of an hour", 15),
        ("book a 2-hour workshop session", 120),
        ("find forty-five minutes", 45),
        ("set up a meeting with Bob", None),
    ],
)
def test_durations(text: str, minutes: int | None) -> None:
    """Duration phrasings in both languages; none given is fine and costs no confidence."""
    reading = read(text)
    assert reading.duration_minutes == minutes
    assert reading.confidence >= 0.9


def test_time_of_day_is_not_a_duration() -> None:
    """'de 9h à 10h' is a range of times, not a length: it narrows tomorrow's window."""
    reading = read("Julie, organise une réunion demain de 9h à 10h")
    assert reading.duration_minutes is None
    assert reading.windows == (
        Interval(datetime(2026, 11, 20, 9, tzinfo=PARIS), datetime(2026, 11, 20, 10, tzinfo=PARIS)),
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("set up a call with Bob", "call"),
        ("set up a video call with Bob", "video"),
        ("schedule a Zoom with Bob", "video"),
        ("set up a meeting with Bob", "meeting"),
        ("arrange lunch with Bob", "lunch"),
        ("arrange a coffee with Bob", "coffee"),
        ("organise un déjeuner avec Bob", "lunch"),
        ("organise un petit-déjeuner", "breakfast"),
        ("organise une visio avec Bob", "video"),
        ("organise un appel", "call"),
        ("set up a meeting in person at our office", "in_person"),
        ("find 30 minutes", None),
    ],
)
def test_kinds(text: str, kind: str | None) -> None:
    """The meeting kind, specific kinds winning over the generic 'meeting'."""
    assert read(text).kind == kind


def test_competing_kinds_lower_confidence() -> None:
    """'lunch or a call' names two kinds: flagged, not chosen silently."""
    reading = read("Please arrange lunch or a call with Bob")
    assert reading.confidence < 0.9
    assert "kind.conflict" in reading.rules


def test_window_this_week_is_rest_of_week() -> None:
    """'this week' runs from the sending moment to Friday's end."""
    reading = read("Please set up a call with Bob this week")
    assert reading.window is not None
    assert reading.window.start == THURSDAY
    assert reading.window.end == datetime(2026, 11, 21, tzinfo=PARIS)
    assert reading.confidence >= 0.9


def test_window_tomorrow() -> None:
    """'tomorrow' / 'demain' is the whole next local day."""
    assert days(read("Please set up a call tomorrow")) == (date(2026, 11, 20),) * 2
    assert days(read("organise un appel demain")) == (date(2026, 11, 20),) * 2


def test_window_next_two_weeks() -> None:
    """'in the next two weeks' starts tomorrow and lasts 14 days."""
    for text in (
        "Please find 30 minutes in the next two weeks",
        "trouve 30 minutes dans les deux prochaines semaines",
    ):
        reading = read(text)
        assert days(reading) == (date(2026, 11, 20), date(2026, 12, 3))
        assert "window.next_days" in reading.rules


def test_window_weekday() -> None:
    """'on Monday' said on a Thursday is the coming Monday, without doubt."""
    reading = read("Please set up a call with Bob on Monday")
    assert days(reading) == (date(2026, 11, 23),) * 2
    assert reading.confidence >= 0.9


def test_weekday_in_next_week() -> None:
    """'Tuesday next week' is Tuesday of next week, unambiguously."""
    reading = read("Please set up a call on Tuesday next week")
    assert days(reading) == (date(2026, 11, 24),) * 2
    assert reading.confidence >= 0.9


def test_next_friday_on_a_thursday_is_ambiguous() -> None:
    """'next Friday' said on a Thursday: flagged in reasons, confidence below 0.9."""
    reading = read("Could you schedule a lunch with Bob next Friday?")
    assert reading.confidence < 0.9
    assert any("next Friday" in r for r in reading.reasons)
    assert days(reading) == (date(2026, 11, 27),) * 2


def test_vendredi_prochain_is_ambiguous_too() -> None:
    """The French 'vendredi prochain' on a Thursday carries the same doubt."""
    assert read("organise un appel vendredi prochain").confidence < 0.9


def test_next_monday_on_a_thursday_is_clear() -> None:
    """'next Monday' said on a Thursday can only be the coming Monday."""
    reading = read("Please set up a call next Monday")
    assert days(reading) == (date(2026, 11, 23),) * 2
    assert reading.confidence >= 0.9


def test_explicit_dates() -> None:
    """'March 3' / 'le 3 mars' resolve to the next such date."""
    assert days(read("Please book 45 minutes with Bob on March 3")) == (date(2027, 3, 3),) * 2
    assert days(read("merci de caler une réunion le 3 mars")) == (date(2027, 3, 3),) * 2
    assert days(read("Please book a call on 24 November")) == (date(2026, 11, 24),) * 2


def test_no_time_frame_gives_no_window() -> None:
    """Nothing said about when: no window, and confidence is unaffected."""
    reading = read("please set up a meeting with Alice")
    assert reading.window is None
    assert reading.confidence >= 0.9


def test_local_date_not_utc_date() -> None:
    """Sunday evening in New York (Monday in UTC): 'next week' is the local Sunday's next
    week (from Nov 23), not the UTC Monday's (from Nov 30); 'tomorrow' is Monday the 23rd."""
    reading = read("Please set up a call next week", NY_SUNDAY_EVENING, NEW_YORK)
    assert days(reading, NEW_YORK) == (date(2026, 11, 23), date(2026, 11, 27))
    assert reading.window is not None
    assert reading.window.start.utcoffset() == timedelta(hours=-5)
    tomorrow = read("Please set up a call tomorrow", NY_SUNDAY_EVENING, NEW_YORK)
    assert days(tomorrow, NEW_YORK) == (date(2026, 11, 23),) * 2


def test_sent_at_not_processing_time() -> None:
    """The same text sent a week later resolves a week later."""
    later = read("Please set up a call next week", THURSDAY + timedelta(days=7))
    assert days(later) == (date(2026, 11, 30), date(2026, 12, 4))


def test_part_of_day_narrows_the_day() -> None:
    """'tomorrow afternoon' is tomorrow 14:00-18:00, read with confidence."""
    reading = read("Please schedule a call tomorrow afternoon")
    assert reading.windows == (
        Interval(
            datetime(2026, 11, 20, 14, tzinfo=PARIS), datetime(2026, 11, 20, 18, tzinfo=PARIS)
        ),
    )
    assert reading.confidence >= 0.9


def test_unresolved_time_words_are_doubts() -> None:
    """A date the rules cannot resolve is a doubt, never silently dropped."""
    reading = read("Please schedule a call around the 3rd or so, maybe later in the month")
    assert reading.confidence < 0.9


def test_several_days_are_several_windows() -> None:
    """'Tuesday or Wednesday next week' is two whole-day windows."""
    reading = read("Please set up a call on Tuesday or Wednesday next week")
    assert days(reading) == (date(2026, 11, 24), date(2026, 11, 25))
    assert [w.start.day for w in reading.windows] == [24, 25]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hi Bob, thanks for the update.", "acknowledge"),
        ("Julie, what is on my agenda?", "question"),
    ],
)
def test_no_request_reads_as_what_it_is(text: str, intent: str) -> None:
    """Messages without a scheduling request report their own intent, never schedule."""
    assert read(text).intent == intent


def test_first_contract_reports_unknown() -> None:
    """With full_intents=False a message that is not a request is unknown, low confidence."""
    reading = read_request(
        "Hi Bob, thanks for the update.",
        sent_at=THURSDAY,
        tz=PARIS,
        assistant_name="Julie",
        full_intents=False,
    )
    assert reading.intent == "unknown"
    assert reading.confidence < 0.5
    assert reading.reasons


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Julie, please cancel the meeting with Bob", "cancel"),
        ("Julie, could you reschedule my call with Bob?", "reschedule"),
        ("Julie, merci d'annuler la réunion", "cancel"),
        ("Julie, no need to set up a call with Bob", "unknown"),
    ],
)
def test_other_intents_are_not_schedule(text: str, intent: str) -> None:
    """Cancellations, reschedules and negated requests are never read as schedule."""
    assert read(text).intent == intent


def test_noun_only_request_is_not_confident() -> None:
    """'Julie: a call with Bob next week please' is a request, but a weak one."""
    reading = read("Julie: a call with Bob next week please")
    assert reading.intent == "schedule"
    assert reading.confidence < 0.9


def test_rules_are_recorded() -> None:
    """Every fact comes with the rule that produced it."""
    reading = read("Julie, set up a 1h30 video call in the next two weeks")
    assert reading.duration_minutes == 90 and reading.kind == "video"
    assert {"duration.hours_minutes", "kind.video", "window.next_days"} <= set(reading.rules)
