"""read_constraints: parts of the day and clock times narrow each day (EN and FR).

The reference moment is Wednesday 18 November 2026, 10:00 in Paris; "Thursday" is the
19th and "Tuesday" the 24th.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)


def read(text: str, language: str = "en", **kw: int) -> Constraints:
    return read_constraints(text, sent_at=SENT, customer_tz=PARIS, language=language, **kw)


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def spans(c: Constraints) -> list[tuple[datetime, datetime]]:
    return [(w.start, w.end) for w in c.windows]


@pytest.mark.parametrize(
    ("text", "language", "start", "end", "rule"),
    [
        ("Thursday morning", "en", (8, 0), (12, 0), "part.morning"),
        ("jeudi matin", "fr", (8, 0), (12, 0), "part.morning"),
        ("jeudi dans la matinée", "fr", (8, 0), (12, 0), "part.morning"),
        ("Thursday, early morning", "en", (8, 0), (10, 0), "part.early_morning"),
        ("jeudi tôt le matin", "fr", (8, 0), (10, 0), "part.early_morning"),
        ("Thursday late morning", "en", (10, 0), (12, 0), "part.late_morning"),
        ("jeudi en fin de matinée", "fr", (10, 0), (12, 0), "part.late_morning"),
        ("lunchtime on Thursday", "en", (12, 0), (14, 0), "part.lunchtime"),
        ("jeudi midi", "fr", (12, 0), (14, 0), "part.lunchtime"),
        ("jeudi à l'heure du déjeuner", "fr", (12, 0), (14, 0), "part.lunchtime"),
        ("Thursday afternoon", "en", (14, 0), (18, 0), "part.afternoon"),
        ("jeudi après-midi", "fr", (14, 0), (18, 0), "part.afternoon"),
        ("Thursday early afternoon", "en", (14, 0), (16, 0), "part.early_afternoon"),
        ("jeudi en début d'après-midi", "fr", (14, 0), (16, 0), "part.early_afternoon"),
        ("Thursday late afternoon", "en", (16, 0), (18, 0), "part.late_afternoon"),
        ("jeudi en fin d'après-midi", "fr", (16, 0), (18, 0), "part.late_afternoon"),
        ("Thursday, end of day", "en", (17, 0), (19, 0), "part.end_of_day"),
        ("jeudi en fin de journée", "fr", (17, 0), (19, 0), "part.end_of_day"),
        ("Thursday evening", "en", (18, 0), (22, 0), "part.evening"),
        ("jeudi soir", "fr", (18, 0), (22, 0), "part.evening"),
        ("Thursday after 2pm", "en", (14, 0), (24, 0), "part.after"),
        ("jeudi à partir de 14h", "fr", (14, 0), (24, 0), "part.after"),
        ("Thursday before 11am", "en", (0, 0), (11, 0), "part.before"),
        ("jeudi avant 11h", "fr", (0, 0), (11, 0), "part.before"),
        ("Thursday between 2 and 4pm", "en", (14, 0), (16, 0), "part.between"),
        ("jeudi entre 14h et 16h", "fr", (14, 0), (16, 0), "part.between"),
        ("jeudi de 14h à 16h", "fr", (14, 0), (16, 0), "part.between"),
        ("Thursday 2-4pm", "en", (14, 0), (16, 0), "part.between"),
        ("Thursday at 3pm", "en", (15, 0), (15, 30), "part.at"),
        ("jeudi à 15h", "fr", (15, 0), (15, 30), "part.at"),
        ("jeudi à 15 heures", "fr", (15, 0), (15, 30), "part.at"),
        ("Thursday at 3", "en", (15, 0), (15, 30), "part.at"),
        ("jeudi à 14h30", "fr", (14, 30), (15, 0), "part.at"),
        ("Thursday at noon", "en", (12, 0), (12, 30), "part.at"),
        ("jeudi à midi", "fr", (12, 0), (12, 30), "part.at"),
        ("Thursday at 8 in the evening", "en", (20, 0), (20, 30), "part.at"),
        ("jeudi à 8h du soir", "fr", (20, 0), (20, 30), "part.at"),
    ],
)
def test_part_of_day_narrows_the_day(
    text: str, language: str, start: tuple[int, int], end: tuple[int, int], rule: str
) -> None:
    """Each part of day (and clock bound) of the table narrows Thursday to its hours."""
    c = read(text, language)
    day = at(19)
    assert spans(c) == [
        (
            day + timedelta(hours=start[0], minutes=start[1]),
            day + timedelta(hours=end[0], minutes=end[1]),
        )
    ]
    assert rule in c.rules
    assert c.confidence == 1.0


def test_at_a_time_lasts_the_meeting_duration() -> None:
    """ "at 3pm" with a day is 15:00 to 15:00 plus the duration (default 30 minutes)."""
    assert spans(read("Tuesday at 3pm", duration_minutes=45)) == [(at(24, 15), at(24, 15, 45))]


def test_a_part_of_day_alone_covers_the_horizon_from_the_next_day() -> None:
    """A part of day alone is that part of each of the next horizon days."""
    c = read("mornings are best", horizon_days=3)
    assert spans(c) == [(at(d, 8), at(d, 12)) for d in (19, 20, 21)]
    assert "part.alone" in c.rules and c.confidence == 1.0
    c = read("plutôt l'après-midi", "fr")
    assert len(c.windows) == 14 and c.windows[0].start == at(19, 14)


def test_a_clock_time_without_a_day_is_ambiguous() -> None:
    """ "at 3pm" with no day: which day? The horizon is used, with a doubt."""
    c = read("Can we talk at 3pm?", horizon_days=2)
    assert spans(c) == [(at(19, 15), at(19, 15, 30)), (at(20, 15), at(20, 15, 30))]
    assert c.ambiguous and "part.time_without_day" in c.rules


def test_each_day_keeps_its_own_hours() -> None:
    """ "Tuesday morning or Thursday afternoon": each day its part."""
    c = read("Tuesday morning or Thursday afternoon")
    assert spans(c) == [(at(19, 14), at(19, 18)), (at(24, 8), at(24, 12))]
    c = read("Tuesday after 2pm or Thursday before noon")
    assert spans(c) == [(at(19, 0), at(19, 12)), (at(24, 14), at(25, 0))]


def test_several_times_on_one_day() -> None:
    """ "3pm or 4pm", "à 14h ou 15h", "at 3 or 4": one window per time."""
    assert spans(read("Tuesday 3pm or 4pm")) == [
        (at(24, 15), at(24, 15, 30)),
        (at(24, 16), at(24, 16, 30)),
    ]
    assert spans(read("mardi à 14h ou 15h", "fr")) == [
        (at(24, 14), at(24, 14, 30)),
        (at(24, 15), at(24, 15, 30)),
    ]
    assert spans(read("Tuesday at 3 or 4")) == [
        (at(24, 15), at(24, 15, 30)),
        (at(24, 16), at(24, 16, 30)),
    ]


def test_hours_written_apart_apply_to_every_day_named() -> None:
    """ "Tuesday or Thursday. Mornings are best." gives both mornings."""
    c = read("Tuesday or Thursday. Mornings are best.")
    assert spans(c) == [(at(19, 8), at(19, 12)), (at(24, 8), at(24, 12))]


def test_a_part_of_day_narrows_each_day_of_a_week() -> None:
    """ "next week in the afternoon": each afternoon of Monday to Friday."""
    c = read("next week in the afternoon")
    assert spans(c) == [(at(d, 14), at(d, 18)) for d in range(23, 28)]


def test_a_bound_cuts_a_part_of_day() -> None:
    """ "Thursday morning, before 11" is 08:00-11:00; bounds cut ranges."""
    assert spans(read("Thursday morning, before 11am")) == [(at(19, 8), at(19, 11))]


def test_hours_that_do_not_overlap_are_a_doubt() -> None:
    """ "morning after 2pm" leaves no time: a doubt, no window."""
    c = read("Thursday morning after 2pm")
    assert c.windows == () and "part.conflict" in c.rules and c.confidence < 0.9


def test_a_french_small_hour_is_a_doubt() -> None:
    """ "à 3h" is 03:00 as written, but the afternoon may be meant: ambiguous."""
    c = read("mardi à 3h", "fr")
    assert spans(c) == [(at(24, 3), at(24, 3, 30))]
    assert c.ambiguous and "part.early_hour" in c.rules


def test_tonight_and_this_afternoon_are_today() -> None:
    """ "tonight", "ce soir", "this afternoon", "cet après-midi" are today's."""
    assert spans(read("tonight")) == [(at(18, 18), at(18, 22))]
    assert spans(read("ce soir", "fr")) == [(at(18, 18), at(18, 22))]
    assert spans(read("this afternoon")) == [(at(18, 14), at(18, 18))]
    assert spans(read("cet après-midi", "fr")) == [(at(18, 14), at(18, 18))]


def test_a_part_of_today_already_over_is_a_doubt() -> None:
    """ "this morning" written at 15:00 is over: no window, and a doubt."""
    late = datetime(2026, 11, 18, 15, 0, tzinfo=PARIS)
    c = read_constraints("this morning?", sent_at=late, customer_tz=PARIS, language="en")
    assert c.windows == () and "window.past" in c.rules and c.confidence < 0.9
