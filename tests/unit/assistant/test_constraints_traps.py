"""read_constraints: words and numbers that look like times but are not.

"we" is not Wednesday, "Je" is not jeudi, "may" the verb is not May, "sat" is not
Saturday, a phone number holds no hour, "2/3 of the budget" is no date, and a length
("1h30 de réunion", "30 minutes") is no time of day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)  # a Wednesday
FRIDAY = [(datetime(2026, 11, 20, tzinfo=PARIS), datetime(2026, 11, 21, tzinfo=PARIS))]


def read(text: str, language: str = "en") -> Constraints:
    return read_constraints(text, sent_at=SENT, customer_tz=PARIS, language=language)


def windows(c: Constraints) -> list[tuple[datetime, datetime]]:
    return [(w.start, w.end) for w in c.windows]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will get back to you soon.", "en"),
        ("we can talk about it", "en"),
        ("Je vous remercie pour votre message.", "fr"),
        ("Je reviens vers vous rapidement.", "fr"),
        ("We may need a bigger room.", "en"),
        ("I sat down with the team to discuss it.", "en"),
        ("Sat down with Bob to go over the plan.", "en"),
        ("Mon avis est que nous devrions nous voir.", "fr"),
        ("Let's march on with the plan.", "en"),
        ("I'm available 24/7 for questions.", "en"),
        ("Thanks for your time, have a good weekend!", "en"),
        ("Bonjour Julie, bonne journée !", "fr"),
        ("Good morning Julie, hope you are well.", "en"),
    ],
)
def test_words_that_are_not_times(text: str, language: str) -> None:
    """Ordinary prose gives no window, no exclusion and no doubt."""
    c = read(text, language)
    assert c.windows == () and c.exclusions == ()
    assert c.confidence == 1.0 and c.reasons == ()


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +33 6 12 34 56 78 on Friday",
        "My number is (212) 555-1234, Friday works",
        "Tel: 555-123-4567. Friday?",
        "Appelez-moi au 06 12 34 56 78 vendredi",
    ],
)
def test_a_phone_number_is_not_a_time(text: str) -> None:
    """Digits of a phone number are never read as an hour or a date."""
    c = read(text, "fr" if "Appelez" in text else "en")
    assert windows(c) == FRIDAY and c.confidence == 1.0
    assert "ignored.phone_number" in c.rules


def test_a_fraction_is_not_a_date() -> None:
    """ "2/3 of the budget" is a fraction; the meeting is on Friday."""
    c = read("2/3 of the budget is spent, let's meet Friday")
    assert windows(c) == FRIDAY and "ignored.fraction" in c.rules
    c = read("les 2/3 du budget sont dépensés, on se voit vendredi", "fr")
    assert windows(c) == FRIDAY


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Could you find 30 minutes on Friday?", "en"),
        ("Friday, for an hour and a half", "en"),
        ("un créneau d'1h30 vendredi", "fr"),
        ("une réunion de 2 heures vendredi", "fr"),
        ("vendredi, pendant une demi-heure", "fr"),
    ],
)
def test_a_length_is_not_a_time_of_day(text: str, language: str) -> None:
    """A meeting's length is the duration reader's business, not an hour."""
    c = read(text, language)
    assert windows(c) == FRIDAY and c.confidence == 1.0


def test_may_the_month_and_may_the_verb() -> None:
    """ "May 3" is a date; "we may" is a verb; "in May" is a month."""
    c = read("May 3 works. We may also do March 5.")
    assert [w.start.date().isoformat() for w in c.windows] == ["2027-03-05", "2027-05-03"]
    assert read("in May").windows[0].start.month == 5
    assert windows(read("May we meet on Friday?")) == FRIDAY


def test_an_ordinal_that_is_not_a_day() -> None:
    """ "the 2nd floor" is a place, not the 2nd of the month."""
    c = read("Meeting room on the 2nd floor, Friday")
    assert windows(c) == FRIDAY and c.confidence == 1.0


def test_a_count_after_at_is_not_an_hour() -> None:
    """ "about 3 people" / "3-4 people" are counts, not 3 o'clock."""
    assert windows(read("about 3 people will join on Friday")) == FRIDAY
    assert windows(read("3-4 people will attend on Friday")) == FRIDAY


def test_shouted_french_est_and_et_are_not_zones() -> None:
    """Upper-case "EST"/"ET" in shouted French are words, not zones."""
    c = read("IL EST DISPONIBLE VENDREDI ET LUNDI", "fr")
    assert c.timezone == "Europe/Paris"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Could we move Thursday's call to next week?", "en"),
        ("Can we reschedule the Thursday meeting to next week?", "en"),
        ("Pourrions-nous décaler notre rendez-vous de jeudi à la semaine prochaine ?", "fr"),
    ],
)
def test_the_day_of_the_meeting_being_moved_is_no_constraint(text: str, language: str) -> None:
    """Moving a meeting, its current day ("Thursday's call") is not where to move it."""
    c = read(text, language)
    assert windows(c) == [
        (datetime(2026, 11, 23, tzinfo=PARIS), datetime(2026, 11, 28, tzinfo=PARIS))
    ]
    assert "ignored.current_meeting" in c.rules and c.confidence == 1.0


def test_the_english_article_a_is_not_french_a() -> None:
    """ "a 1h call" is a length; English "2h" alone is no clock time."""
    c = read("Please schedule a 1h video call with Raj on Friday between 2 and 4pm.")
    assert windows(c) == [
        (datetime(2026, 11, 20, 14, tzinfo=PARIS), datetime(2026, 11, 20, 16, tzinfo=PARIS))
    ]


def test_asap_is_not_negated_by_another_verb() -> None:
    """ "ASAP: we can't sign before we've talked" is urgent; "not urgent" is not."""
    assert read("We need a call with legal ASAP: we can't sign before we've talked.").asap
    assert not read("It's not urgent.").asap
