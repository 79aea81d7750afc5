"""read_constraints: what admits two readings is recorded, never guessed silently.

Each doubt lowers the confidence below 0.9 (the scheme of ``Evidence``); the readings
that admit two meanings also set ``ambiguous``. Unread time words are doubts too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)
WEDNESDAY = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=PARIS)
SATURDAY = datetime(2026, 11, 21, 10, 0, tzinfo=PARIS)


def read(
    text: str, language: str = "en", sent: datetime = WEDNESDAY, tz: ZoneInfo = PARIS
) -> Constraints:
    return read_constraints(text, sent_at=sent, customer_tz=tz, language=language)


def day(d: int, month: int = 11, year: int = 2026, tz: ZoneInfo = PARIS) -> datetime:
    return datetime(year, month, d, tzinfo=tz)


def assert_doubt(c: Constraints, rule: str, *, ambiguous: bool = True) -> None:
    assert rule in c.rules, c.rules
    assert c.confidence < 0.9
    assert c.ambiguous is ambiguous
    assert c.reasons


@pytest.mark.parametrize(("text", "language"), [("next Friday", "en"), ("vendredi prochain", "fr")])
@pytest.mark.parametrize("sent", [MONDAY, WEDNESDAY])
def test_next_friday_written_early_in_the_week(text: str, language: str, sent: datetime) -> None:
    """ "next Friday" on Monday-Thursday: this week's or next week's? Read as next week's."""
    c = read(text, language, sent)
    assert c.windows[0].start == day(27)
    assert_doubt(c, "window.next_weekday_ambiguous")


def test_next_friday_written_on_a_saturday_is_clear() -> None:
    """At the weekend "next Friday" is the coming one, with no doubt."""
    c = read("next Friday", sent=SATURDAY)
    assert c.windows[0].start == day(27) and c.confidence == 1.0


def test_a_weekday_written_on_that_weekday() -> None:
    """ "Friday" written on a Friday: today or next week? Read as next week."""
    c = read("Friday", sent=FRIDAY)
    assert c.windows[0].start == day(27)
    assert_doubt(c, "window.same_weekday")
    c = read("vendredi", "fr", FRIDAY)
    assert_doubt(c, "window.same_weekday")


def test_a_weekday_placed_in_a_week_is_no_doubt() -> None:
    """ "Friday next week" written on a Friday is clear: the week says which."""
    c = read("Friday next week", sent=FRIDAY)
    assert c.windows[0].start == day(27) and c.confidence == 1.0


def test_a_numeric_date_from_an_unknown_convention() -> None:
    """ "2/3" in English from a UTC reader: 2 March or 3 February? Ambiguous."""
    c = read("Can we meet on 2/3?", sent=WEDNESDAY.astimezone(UTC), tz=ZoneInfo("UTC"))
    assert_doubt(c, "date.numeric_ambiguous")


@pytest.mark.parametrize(
    ("tz", "language", "start"),
    [
        (NEW_YORK, "en", day(3, 2, 2027, NEW_YORK)),  # the Americas: month first
        (PARIS, "en", day(2, 3, 2027)),  # Europe: day first
        (PARIS, "fr", day(2, 3, 2027)),  # French: day first
    ],
)
def test_a_numeric_date_follows_the_zone_convention(
    tz: ZoneInfo, language: str, start: datetime
) -> None:
    """Month first in America/*, day first in Europe and in French: no doubt."""
    c = read("le 2/3" if language == "fr" else "on 2/3", language, WEDNESDAY.astimezone(tz), tz)
    assert c.windows[0].start == start and c.confidence == 1.0


def test_a_stated_us_zone_sets_the_convention() -> None:
    """A US abbreviation makes "2/3" month first, even for a Paris customer."""
    c = read("2/3 at 3pm EST")
    assert c.windows[0].start.month == 2 and c.windows[0].start.day == 3
    assert "date.numeric_month_first" in c.rules


def test_a_numeric_date_with_one_valid_reading_is_clear() -> None:
    """ "13/3" can only be 13 March."""
    c = read("on 13/3", sent=WEDNESDAY.astimezone(UTC), tz=ZoneInfo("UTC"))
    assert c.windows[0].start.day == 13 and c.confidence == 1.0


@pytest.mark.parametrize(("text", "language"), [("tomorrow", "en"), ("demain", "fr")])
def test_tomorrow_just_after_midnight(text: str, language: str) -> None:
    """ "tomorrow" written at 00:30 may mean the day that has just begun."""
    c = read(text, language, datetime(2026, 11, 19, 0, 30, tzinfo=PARIS))
    assert c.windows[0].start == day(20)
    assert_doubt(c, "window.tomorrow_after_midnight")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("November 3rd", "en"),
        ("le 3 novembre", "fr"),
        ("3 November 2025", "en"),
    ],
)
def test_a_day_in_the_past(text: str, language: str) -> None:
    """A day already past gives no window and a doubt."""
    c = read(text, language)
    assert c.windows == ()
    assert_doubt(c, "window.past", ambiguous=False)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Great talking to you yesterday", "en"),
        ("Comme dit hier", "fr"),
        ("since last Monday", "en"),
    ],
)
def test_a_past_reference_is_narrative(text: str, language: str) -> None:
    """ "yesterday", "hier", "last Monday" tell a story: no window and no doubt."""
    c = read(text, language)
    assert c.windows == () and c.confidence == 1.0 and "ignored.past_reference" in c.rules


def test_a_date_long_past_is_next_years() -> None:
    """ "January 10" written in November is next January, with no doubt."""
    c = read("January 10")
    assert c.windows[0].start == day(10, 1, 2027) and c.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "language"),
    [("Tuesday 3 December", "en"), ("mardi 3 décembre", "fr"), ("Tuesday the 3rd", "en")],
)
def test_a_weekday_that_does_not_match_the_date(text: str, language: str) -> None:
    """3 December 2026 is a Thursday: the weekday or the date?"""
    c = read(text, language)
    assert_doubt(c, "window.weekday_mismatch")


def test_a_matching_weekday_is_clear() -> None:
    """ "Thursday 3 December" matches: no doubt."""
    assert read("Thursday 3 December").confidence == 1.0
    assert read("jeudi 3 décembre", "fr").confidence == 1.0


def test_several_conflicting_periods() -> None:
    """ "next week ... in December", said apart, is two periods: ambiguous."""
    c = read("Let's do next week. Otherwise in January.")
    assert_doubt(c, "window.conflict")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Let's meet the 3rd or so", "the 3rd"),
        ("Tuesday at 3pm-ish", "3pm"),
    ],
)
def test_approximations_are_reported(text: str, word: str) -> None:
    """ "the 3rd or so", "3pm-ish": read, but reported as approximate."""
    c = read(text)
    assert_doubt(c, "window.approximate", ambiguous=False)
    assert any(word in r for r in c.reasons)


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("Let's do half past two on Tuesday", "en", "half past two"),
        ("Sometime around Easter?", "en", "Easter"),
        ("Monday 10 works", "en", "Monday 10"),
        ("Dec. works for me", "en", "Dec"),
        ("the 3rd of next month", "en", "3rd"),
    ],
)
def test_unread_time_words_are_reported(text: str, language: str, word: str) -> None:
    """Time words no rule read are a doubt, never silently dropped."""
    c = read(text, language)
    assert_doubt(c, "window.unresolved", ambiguous=False)
    assert any(word in r for r in c.reasons), c.reasons


@pytest.mark.parametrize(
    "text",
    ["some time soonish", "whenever suits you", "at your convenience", "bientôt", "soon"],
)
def test_harmless_vagueness_is_not_reported(text: str) -> None:
    """ "soonish", "whenever", "bientôt" are no time words: nothing to report."""
    c = read(text, "fr" if text == "bientôt" else "en")
    assert c.windows == () and c.confidence == 1.0 and c.reasons == ()
