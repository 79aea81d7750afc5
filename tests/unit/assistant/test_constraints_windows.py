"""read_constraints: the window table of docs/understanding.md, in English and French.

The reference moment is Wednesday 18 November 2026, 10:00 in Paris, so "next week" is
23-27 November and "Friday" is the 20th.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)  # a Wednesday


def read(text: str, language: str = "en", sent: datetime = SENT, **kw: int) -> Constraints:
    return read_constraints(text, sent_at=sent, customer_tz=PARIS, language=language, **kw)


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026 if month >= 11 else 2027, month, day, hour, minute, tzinfo=PARIS)


def spans(c: Constraints) -> list[tuple[datetime, datetime]]:
    return [(w.start, w.end) for w in c.windows]


@pytest.mark.parametrize(
    ("text", "language", "start", "end", "rule"),
    [
        ("Friday", "en", at(20), at(21), "window.weekday"),
        ("vendredi", "fr", at(20), at(21), "window.weekday"),
        ("on the 24th", "en", at(24), at(25), "window.day_of_month"),
        ("le 24", "fr", at(24), at(25), "window.day_of_month"),
        ("December 3rd", "en", at(3, month=12), at(4, month=12), "window.date"),
        ("le 3 décembre", "fr", at(3, month=12), at(4, month=12), "window.date"),
        ("3/12", "fr", at(3, month=12), at(4, month=12), "window.date"),
        ("tomorrow", "en", at(19), at(20), "window.tomorrow"),
        ("demain", "fr", at(19), at(20), "window.tomorrow"),
        ("the day after tomorrow", "en", at(20), at(21), "window.day_after_tomorrow"),
        ("après-demain", "fr", at(20), at(21), "window.day_after_tomorrow"),
        ("this week", "en", SENT, at(21), "window.this_week"),
        ("cette semaine", "fr", SENT, at(21), "window.this_week"),
        ("next week", "en", at(23), at(28), "window.next_week"),
        ("la semaine prochaine", "fr", at(23), at(28), "window.next_week"),
        ("the week after next", "en", at(30), at(5, month=12), "window.week_after_next"),
        ("the week of the 30th", "en", at(30), at(5, month=12), "window.week_of"),
        ("la semaine du 30", "fr", at(30), at(5, month=12), "window.week_of"),
        ("the week of December 7", "en", at(7, month=12), at(12, month=12), "window.week_of"),
        ("in the next two weeks", "en", at(19), at(3, month=12), "window.next_days"),
        ("d'ici 10 jours", "fr", at(19), at(29), "window.next_days"),
        ("dans les 5 prochains jours", "fr", at(19), at(24), "window.next_days"),
        ("ASAP", "en", SENT, SENT + timedelta(days=7), "window.asap"),
        ("dès que possible", "fr", SENT, SENT + timedelta(days=7), "window.asap"),
        ("urgent", "en", SENT, SENT + timedelta(days=7), "window.asap"),
        ("Monday to Wednesday", "en", at(23), at(26), "window.day_range"),
        ("du lundi au mercredi", "fr", at(23), at(26), "window.day_range"),
        ("du 3 au 5 décembre", "fr", at(3, month=12), at(6, month=12), "window.day_range"),
        ("December 3-5", "en", at(3, month=12), at(6, month=12), "window.day_range"),
        ("from the 3rd to the 5th", "en", at(3, month=12), at(6, month=12), "window.day_range"),
        ("early next week", "en", at(23), at(26), "window.next_week"),
        ("fin de semaine prochaine", "fr", at(26), at(28), "window.next_week"),
        ("by Friday", "en", SENT, at(21), "window.by_day"),
        ("avant vendredi", "fr", SENT, at(20), "window.before_day"),
        ("in December", "en", at(1, month=12), at(1, month=1), "window.month"),
        ("début décembre", "fr", at(1, month=12), at(11, month=12), "window.month"),
        ("le mois prochain", "fr", at(1, month=12), at(1, month=1), "window.next_month"),
    ],
)
def test_window_table(text: str, language: str, start: datetime, end: datetime, rule: str) -> None:
    """Each row of the window table gives its one window, with no doubt."""
    c = read(text, language)
    assert spans(c) == [(start, end)]
    assert rule in c.rules
    assert c.confidence == 1.0 and not c.ambiguous


def test_asap_is_flagged_for_the_search() -> None:
    """ASAP asks for the earliest slot; with a week named, that week is the window."""
    assert read("as soon as possible").asap
    c = read("ASAP next week")
    assert c.asap and spans(c) == [(at(23), at(28))]
    assert not read("next week").asap


def test_not_urgent_is_no_asap() -> None:
    """A negated "urgent" is no request for the earliest slot and excludes nothing."""
    for text, language in (("not urgent, whenever suits", "en"), ("ce n'est pas urgent", "fr")):
        c = read(text, language)
        assert not c.asap and c.windows == () and c.exclusions == ()


def test_several_days_give_one_window_each() -> None:
    """ "Tuesday or Thursday afternoon": both afternoons (the list shares its hours)."""
    c = read("Could we meet Tuesday or Thursday afternoon?")
    assert spans(c) == [(at(19, 14), at(19, 18)), (at(24, 14), at(24, 18))]
    assert "window.several_days" in c.rules and c.confidence == 1.0
    c = read("mardi ou jeudi après-midi", "fr")
    assert spans(c) == [(at(19, 14), at(19, 18)), (at(24, 14), at(24, 18))]


def test_a_day_list_shares_its_month() -> None:
    """ "le 3 ou le 4 décembre" and "December 3 or 4" name two December days."""
    for text, language in (("le 3 ou le 4 décembre", "fr"), ("December 3 or 4", "en")):
        assert spans(read(text, language)) == [
            (at(3, month=12), at(4, month=12)),
            (at(4, month=12), at(5, month=12)),
        ]


def test_adjacent_days_stay_separate_windows() -> None:
    """ "Tuesday or Wednesday" is two windows, one per day named, though they touch."""
    assert spans(read("Tuesday or Wednesday next week")) == [(at(24), at(25)), (at(25), at(26))]


def test_weekdays_are_placed_in_the_week_named() -> None:
    """A weekday with "next week" is next week's, whatever the order of the words."""
    for text, language in (
        ("Tuesday next week", "en"),
        ("next week, on Tuesday", "en"),
        ("mardi de la semaine prochaine", "fr"),
    ):
        c = read(text, language)
        assert spans(c) == [(at(24), at(25))]
        assert "window.weekday_in_period" in c.rules and c.confidence == 1.0


def test_weekday_range_is_placed_in_the_week_named() -> None:
    """ "Monday to Wednesday next week" is that week's Monday-Wednesday."""
    assert spans(read("Monday to Wednesday next week")) == [(at(23), at(26))]


def test_a_weekday_in_a_span_of_weeks_is_each_such_day() -> None:
    """Inside "the next two weeks", "Tuesday" is each Tuesday of the span."""
    c = read("in the next two weeks, ideally a Tuesday")
    assert spans(c) == [(at(24), at(25)), (at(1, month=12), at(2, month=12))]


def test_this_week_written_at_the_weekend_is_the_coming_week_with_a_doubt() -> None:
    """At the weekend "this week" is read as the coming week, and is ambiguous."""
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=PARIS)
    c = read("this week", sent=saturday)
    assert spans(c) == [(at(23), at(28))]
    assert c.ambiguous and c.confidence < 0.9


def test_in_two_weeks_is_vague() -> None:
    """ "in two weeks" is the week after next, with a doubt."""
    for text, language in (("in two weeks", "en"), ("dans deux semaines", "fr")):
        c = read(text, language)
        assert spans(c) == [(at(30), at(5, month=12))]
        assert c.ambiguous and c.confidence < 0.9


def test_no_time_frame_gives_no_window() -> None:
    """No time words at all: no window, full confidence (the default horizon applies)."""
    c = read("Julie, please set up a call with Bob and Alice.")
    assert c.windows == () and c.exclusions == ()
    assert c.confidence == 1.0 and not c.ambiguous and c.timezone == "Europe/Paris"


def test_windows_start_no_earlier_than_the_sent_moment() -> None:
    """ "today" and "this week" start at the sent moment, not at midnight."""
    assert spans(read("today")) == [(SENT, at(19))]
    assert spans(read("aujourd'hui", "fr")) == [(SENT, at(19))]


def test_from_a_day_spans_the_horizon() -> None:
    """ "from Monday" / "à partir du 3" run for the default horizon."""
    assert spans(read("from Monday onwards")) == [(at(23), at(7, month=12))]
    assert spans(read("à partir du 3", "fr", horizon_days=7)) == [
        (at(3, month=12), at(10, month=12))
    ]


def test_several_unrelated_periods_are_a_doubt() -> None:
    """Two periods in separate sentences conflict; joined by "or" they are a choice."""
    c = read("next week. December works too")
    assert c.ambiguous and "window.conflict" in c.rules
    c = read("next week or the week after")
    assert not c.ambiguous and spans(c) == [(at(23), at(28)), (at(30), at(5, month=12))]


def test_a_day_outside_the_period_is_a_doubt() -> None:
    """ "next week, on the 3rd" names a day outside next week: ambiguous."""
    c = read("next week, on the 3rd")
    assert c.ambiguous and "window.conflict" in c.rules


@pytest.mark.parametrize(
    ("text", "language", "start", "end", "rule"),
    [
        ("Friday at the latest", "en", SENT, at(21), "window.by_day"),
        ("d'ici vendredi", "fr", SENT, at(21), "window.by_day"),
        ("this weekend", "en", at(21), at(23), "window.weekend"),
        ("ce week-end", "fr", at(21), at(23), "window.weekend"),
        ("in 3 days", "en", at(21), at(22), "window.in_n_days"),
        ("dans 3 jours", "fr", at(21), at(22), "window.in_n_days"),
        ("in a week", "en", at(23), at(28), "window.in_a_week"),
        ("dans huit jours", "fr", at(23), at(28), "window.in_a_week"),
        ("later this week", "en", SENT, at(21), "window.this_week"),
        ("by the end of the week", "en", SENT, at(21), "window.this_week"),
        ("by the end of January", "en", SENT, at(1, month=2), "window.by_month"),
    ],
)
def test_more_periods(text: str, language: str, start: datetime, end: datetime, rule: str) -> None:
    """Bounds, weekends and day offsets beyond the table give one clear window."""
    c = read(text, language)
    assert spans(c) == [(start, end)]
    assert rule in c.rules and c.confidence == 1.0


def test_next_weekend_on_a_weekday_is_ambiguous() -> None:
    """ "next weekend" on a Wednesday: this coming one or the one after?"""
    c = read("next weekend")
    assert spans(c) == [(at(21), at(23))] and c.ambiguous
