"""read_constraints: what a message rules out becomes exclusions (EN and FR).

Exclusions lie inside the windows, or inside the default horizon when there is none.
The reference moment is Wednesday 18 November 2026, 10:00 in Paris.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)


def read(text: str, language: str = "en", **kw: int) -> Constraints:
    return read_constraints(text, sent_at=SENT, customer_tz=PARIS, language=language, **kw)


def at(day: int, hour: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=PARIS)


def excluded(c: Constraints) -> list[tuple[datetime, datetime]]:
    return [(x.start, x.end) for x in c.exclusions]


def windows(c: Constraints) -> list[tuple[datetime, datetime]]:
    return [(w.start, w.end) for w in c.windows]


NEXT_WEEK = [(at(23), at(28))]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("next week, except Monday", "en"),
        ("next week but not Monday", "en"),
        ("any day next week other than Monday", "en"),
        ("la semaine prochaine sauf le lundi", "fr"),
        ("la semaine prochaine, mais pas lundi", "fr"),
    ],
)
def test_a_day_ruled_out_of_a_week(text: str, language: str) -> None:
    """ "next week except Monday": the week is the window, its Monday excluded."""
    c = read(text, language)
    assert windows(c) == NEXT_WEEK
    assert excluded(c) == [(at(23), at(24))]
    assert c.confidence == 1.0


def test_except_mornings_excludes_each_morning_of_the_window() -> None:
    """ "except mornings" excludes 08:00-12:00 of each day of the window."""
    c = read("next week, except mornings")
    assert windows(c) == NEXT_WEEK
    assert excluded(c) == [(at(d, 8), at(d, 12)) for d in range(23, 28)]


def test_not_before_ten_excludes_the_start_of_each_day() -> None:
    """ "pas avant 10h" excludes 00:00-10:00 of each day, here of the horizon.

    Sent at 10:00, today's early hours are already past and are not listed.
    """
    c = read("pas avant 10h", "fr", horizon_days=3)
    assert windows(c) == []
    assert excluded(c) == [(at(d), at(d, 10)) for d in (19, 20, 21)]
    c = read("not before 10am next week")
    assert excluded(c) == [(at(d), at(d, 10)) for d in range(23, 28)]


def test_a_specific_day_ruled_out_without_a_window() -> None:
    """ "I'm not available on the 3rd", "je ne suis pas disponible jeudi": that day."""
    c = read("I'm not available on the 3rd")
    assert windows(c) == [] and excluded(c) == [(at(3, month=12), at(4, month=12))]
    c = read("je ne suis pas disponible jeudi", "fr")
    assert windows(c) == [] and excluded(c) == [(at(19), at(20))]


def test_a_generic_weekday_is_each_such_day() -> None:
    """ "sauf le lundi" / "not on Mondays": every Monday of the window or horizon."""
    c = read("in the next two weeks, not on Mondays")
    assert excluded(c) == [(at(23), at(24)), (at(30), at(1, month=12))]
    c = read("n'importe quel jour sauf le lundi", "fr")
    assert excluded(c) == [(at(23), at(24)), (at(30), at(1, month=12))]


def test_a_part_of_a_day_ruled_out() -> None:
    """ "not Monday morning" excludes only that morning."""
    c = read("next week works but not Monday morning")
    assert windows(c) == NEXT_WEEK and excluded(c) == [(at(23, 8), at(23, 12))]


def test_negation_then_offer_in_one_sentence() -> None:
    """ "I can't do Monday, Tuesday works": Tuesday offered, Monday ruled out.

    Monday lies outside the window, so no exclusion interval is kept for it.
    """
    for text, language in (
        ("I can't do Monday, Tuesday works", "en"),
        ("lundi je ne peux pas, mardi me va", "fr"),
    ):
        c = read(text, language)
        assert windows(c) == [(at(24), at(25))]
        assert "exclusion.weekday" in c.rules and c.exclusions == ()
    c = read("I can't do Monday")
    assert windows(c) == [] and excluded(c) == [(at(23), at(24))]


def test_a_negated_list_is_ruled_out_whole() -> None:
    """ "I'm busy Monday, Tuesday or Wednesday" rules all three out."""
    c = read("I'm busy Monday, Tuesday or Wednesday")
    assert windows(c) == []
    assert excluded(c) == [(at(23), at(24)), (at(24), at(25)), (at(25), at(26))]


def test_not_this_week_but_next_week() -> None:
    """ "not this week but next week": next week offered, this week excluded."""
    for text, language in (
        ("Not this week but next week", "en"),
        ("Pas cette semaine mais la semaine prochaine", "fr"),
    ):
        c = read(text, language)
        assert windows(c) == NEXT_WEEK
        assert "exclusion.this_week" in c.rules


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("No problem, Tuesday works", "en", [(at(24), at(25))]),
        ("Tuesday, no later than 5pm", "en", [(at(24), at(24, 17))]),
        ("Pas de souci, mardi me convient", "fr", [(at(24), at(25))]),
        ("N'hésitez pas, mardi me va", "fr", [(at(24), at(25))]),
        ("mardi, pas plus tard que 17h", "fr", [(at(24), at(24, 17))]),
        ("je ne suis disponible que le mardi", "fr", [(at(24), at(25))]),
        # A conditional offers an alternative: both days are offered.
        ("If Monday doesn't work, Tuesday is fine", "en", [(at(23), at(24)), (at(24), at(25))]),
    ],
)
def test_harmless_negations_rule_nothing_out(
    text: str, language: str, expected: list[tuple[datetime, datetime]]
) -> None:
    """Negation words that refuse nothing ("no problem", "ne ... que") exclude nothing."""
    c = read(text, language)
    assert c.exclusions == () and windows(c) == expected


def test_no_earlier_than_is_an_offer() -> None:
    """ "no earlier than 10am" bounds the day; it is no exclusion."""
    c = read("Tuesday, no earlier than 10am")
    assert windows(c) == [(at(24, 10), at(25))] and c.exclusions == ()


def test_exclusions_lie_inside_the_windows() -> None:
    """An exclusion outside the windows is dropped: only what matters is kept."""
    c = read("Tuesday afternoon, but not before 3pm")
    assert windows(c) == [(at(24, 14), at(24, 18))]
    assert excluded(c) == [(at(24, 14), at(24, 15))]


def test_weekends_ruled_out() -> None:
    """ "not on weekends" excludes each weekend of the horizon."""
    c = read("not on weekends")
    assert excluded(c) == [(at(21), at(23)), (at(28), at(30))]
