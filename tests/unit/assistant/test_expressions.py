"""Time expressions with resolved values, including the traps of a general date parser."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from meetdesk.assistant.expressions import TimeValue, read_expressions

# Monday 7 November 2016, 09:00.
REF = datetime(2016, 11, 7, 9, 0)


def _read(text: str, language: str = "en", **kw: object) -> list[TimeValue]:
    return read_expressions(text, reference=REF, language=language, **kw)  # type: ignore[arg-type]


def _starts(text: str, language: str = "en", **kw: object) -> list[datetime | None]:
    return [v.start for v in _read(text, language, **kw)]


def test_we_is_not_wednesday() -> None:
    assert _read("We will get back to you soon.") == []
    assert _read("we can talk about it") == []


def test_je_is_not_jeudi() -> None:
    assert _read("Je vous remercie pour votre message.", "fr") == []
    assert _read("Je reviens vers vous.", "fr") == []


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +33 6 12 34 56 78 if needed.",
        "Tel: 555-123-4567",
        "Office: (212) 555-0199",
    ],
)
def test_a_phone_number_is_not_a_time(text: str) -> None:
    assert [v for v in _read(text) if v.kind != "duration"] == []


def test_bare_numbers_are_not_dates() -> None:
    assert _read("We have 12 people and 3 rooms.") == []


def test_slash_date_month_first_for_us_sender() -> None:
    (value,) = _read("How about 2/3?")
    assert value.start == datetime(2017, 2, 3)
    assert value.rules == ("date.numeric_month_first",)


def test_slash_date_day_first_for_european_sender() -> None:
    (value,) = _read("How about 2/3?", day_first=True)
    assert value.start == datetime(2017, 3, 2)
    (fr,) = _read("Que diriez-vous du 2/3 ?", "fr")
    assert fr.start == datetime(2017, 3, 2)


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        ("Can we meet tomorrow at 3pm?", "datetime", datetime(2016, 11, 8, 15, 0)),
        ("next Friday works", "date", datetime(2016, 11, 18)),
        ("How about Thursday?", "date", datetime(2016, 11, 10)),
        ("Let's do December 2nd at 10:30am", "datetime", datetime(2016, 12, 2, 10, 30)),
        ("I'm free on 15 January 2017", "date", datetime(2017, 1, 15)),
        ("sometime next week", "daterange", datetime(2016, 11, 14)),
        ("in 3 days", "date", datetime(2016, 11, 10)),
    ],
)
def test_english_expressions(text: str, kind: str, start: datetime) -> None:
    values = _read(text)
    assert [(v.kind, v.start) for v in values] == [(kind, start)]
    assert values[0].rules


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        ("Demain à 15h ?", "datetime", datetime(2016, 11, 8, 15, 0)),
        ("mardi prochain", "date", datetime(2016, 11, 15)),
        ("le 24 novembre à 14h30", "datetime", datetime(2016, 11, 24, 14, 30)),
        ("la semaine prochaine", "daterange", datetime(2016, 11, 14)),
        ("jeudi à 10 heures", "datetime", datetime(2016, 11, 10, 10, 0)),
        ("cet après-midi", "datetimerange", datetime(2016, 11, 7, 12, 0)),
    ],
)
def test_french_expressions(text: str, kind: str, start: datetime) -> None:
    assert [(v.kind, v.start) for v in _read(text, "fr")] == [(kind, start)]


@pytest.mark.parametrize(
    ("text", "language", "minutes"),
    [
        ("a 30 minutes call", "en", 30),
        ("an hour and a half", "en", 90),
        ("une demi-heure", "fr", 30),
        ("45 minutes", "fr", 45),
    ],
)
def test_durations(text: str, language: str, minutes: int) -> None:
    (value,) = _read(text, language)
    assert value.kind == "duration"
    assert value.duration == timedelta(minutes=minutes)


def test_time_range() -> None:
    (value,) = _read("between 2 and 4pm")
    assert value.kind == "time"
    assert value.start is not None and value.end is not None
    assert (value.start.hour, value.end.hour) == (14, 16)


def test_a_time_alone_is_its_next_occurrence() -> None:
    (value,) = _read("at 8am")
    assert value.start == datetime(2016, 11, 8, 8, 0)


def test_aware_reference_keeps_its_offset() -> None:
    paris = timezone(timedelta(hours=1))
    (value,) = read_expressions(
        "tomorrow at 9am", reference=REF.replace(tzinfo=paris), language="en"
    )
    assert value.start == datetime(2016, 11, 8, 9, 0, tzinfo=paris)


def test_rules_only_mode_does_not_call_dateparser() -> None:
    values = _read("tomorrow at noon", use_dateparser=False)
    assert [v.start for v in values] == [datetime(2016, 11, 8, 12, 0)]
    assert all("dateparser" not in v.rules for v in values)


# --------------------------------------------------------------------------- more traps


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Call me at 555-1234 or +33 6 12 34 56 78", "en"),
        ("Appelez-moi au +33 6 12 34 56 78 ou au 01 23 45 67 89", "fr"),
        ("I sat down in the sun", "en"),  # "sat" and "sun" alone are words
        ("two to four people will attend", "en"),  # "two to four" is not 3:58
        ("three twenty", "en"),  # a bare pair of numbers is not a clock
        ("Room 1030 is booked", "en"),
        ("Je vous remercie, je reviens vers vous", "fr"),
    ],
)
def test_numbers_and_words_that_are_not_times(text: str, language: str) -> None:
    assert [v for v in _read(text, language) if v.kind != "duration"] == []


def test_a_price_is_not_a_day_of_the_month() -> None:
    (value,) = _read("I bought it for $12 December 27", use_dateparser=False)
    assert (value.text, value.start) == ("December 27", datetime(2016, 12, 27))


def test_last_as_a_verb_is_not_a_span() -> None:
    (value,) = _read("this appointment shouldn't last two hours")
    assert (value.kind, value.duration) == ("duration", timedelta(hours=2))


def test_a_french_amount_of_hours_is_not_a_clock() -> None:
    (ago,) = _read("Je l'ai reçu il y a deux heures", "fr")
    assert (ago.kind, ago.start) == ("datetime", datetime(2016, 11, 7, 7, 0))
    values = _read("pendant deux heures demain", "fr")
    assert [(v.kind, v.duration or v.start) for v in values] == [
        ("duration", timedelta(hours=2)),
        ("date", datetime(2016, 11, 8)),
    ]


# --------------------------------------------------------------------------- rule families

# (language, text, kind, start, end or None); the reference is Monday 7 November 2016, 09:00.
D = datetime
CASES = [
    # holidays: the next occurrence, a year, "last"
    ("en", "See you at Christmas", "date", datetime(2016, 12, 25), None),
    ("en", "easter 2018", "date", datetime(2018, 4, 1), None),
    ("en", "last easter", "date", datetime(2016, 3, 27), None),
    ("en", "Thanksgiving", "date", datetime(2016, 11, 24), None),
    ("en", "the day after Christmas", "date", datetime(2016, 12, 26), None),
    ("fr", "à Noël", "date", datetime(2016, 12, 25), None),
    ("fr", "le lundi de Pâques", "date", datetime(2017, 4, 17), None),
    ("fr", "la Toussaint", "date", datetime(2017, 11, 1), None),
    # a weekday and a day number agree ("Mon 13th" is the next 13th that is a Monday)
    ("en", "Monday 21", "date", datetime(2016, 11, 21), None),
    ("en", "Mon 13th", "date", datetime(2017, 2, 13), None),
    ("en", "Friday 11.11", "date", datetime(2016, 11, 11), None),
    ("fr", "jeudi 15", "date", datetime(2016, 12, 15), None),
    ("fr", "vendredi quinze à 16h", "datetime", datetime(2017, 9, 15, 16, 0), None),
    # a weekday within a named week, and weekday modifiers
    ("en", "Tuesday next week", "date", datetime(2016, 11, 15), None),
    ("en", "next week on Tuesday", "date", datetime(2016, 11, 15), None),
    ("en", "this past Wednesday", "date", datetime(2016, 11, 2), None),
    ("en", "friday after next", "date", datetime(2016, 11, 18), None),
    ("fr", "mercredi de la semaine prochaine", "date", datetime(2016, 11, 16), None),
    ("fr", "mardi cette semaine", "date", datetime(2016, 11, 8), None),
    ("fr", "mardi en huit", "date", datetime(2016, 11, 15), None),
    # nth weekday or day of a month
    ("en", "the first Monday of next month", "date", datetime(2016, 12, 5), None),
    ("en", "last Friday of October", "date", datetime(2017, 10, 27), None),
    ("fr", "le premier mercredi du mois prochain", "date", datetime(2016, 12, 7), None),
    ("fr", "le dernier jour d'octobre 2015", "date", datetime(2015, 10, 31), None),
    # amounts anchored to a day
    ("en", "3 days after January 12th", "date", datetime(2017, 1, 15), None),
    ("en", "2 weeks from Monday", "date", datetime(2016, 11, 28), None),
    ("en", "two days before yesterday", "date", datetime(2016, 11, 4), None),
    ("en", "3 minutes from now", "datetime", datetime(2016, 11, 7, 9, 3), None),
    ("fr", "le lendemain du 13 février", "date", datetime(2017, 2, 14), None),
    # compound amounts as offsets
    ("en", "2 weeks and 2 days ago", "date", datetime(2016, 10, 22), None),
    ("fr", "il y a 2 jours", "date", datetime(2016, 11, 5), None),
    # spans from now
    ("en", "within 2 days", "daterange", datetime(2016, 11, 7), datetime(2016, 11, 9)),
    ("en", "in the next 3 days", "daterange", datetime(2016, 11, 8), datetime(2016, 11, 11)),
    ("en", "over the past 2 weeks", "daterange", datetime(2016, 10, 24), datetime(2016, 11, 7)),
    ("fr", "les 3 prochaines semaines", "daterange", datetime(2016, 11, 8), datetime(2016, 11, 29)),
    ("fr", "dans les 2h", "datetimerange", datetime(2016, 11, 7, 9), datetime(2016, 11, 7, 11)),
    # clock times in words and odd spellings
    ("en", "half past seven", "time", datetime(2016, 11, 7, 19, 30), None),
    ("en", "a quarter to noon", "time", datetime(2016, 11, 7, 11, 45), None),
    ("en", "20 minutes to 2pm tomorrow", "datetime", datetime(2016, 11, 8, 13, 40), None),
    ("en", "tomorrow at seven twenty-seven", "datetime", datetime(2016, 11, 8, 19, 27), None),
    ("en", "half three", "time", datetime(2016, 11, 7, 15, 30), None),
    ("en", "11ish", "time", datetime(2016, 11, 7, 11, 0), None),
    ("en", "at 1030", "time", datetime(2016, 11, 7, 10, 30), None),
    ("en", "1140 a.m.", "time", datetime(2016, 11, 7, 11, 40), None),
    ("en", "7:56:30 am", "time", datetime(2016, 11, 8, 7, 56, 30), None),
    ("en", "one in the morning", "time", datetime(2016, 11, 8, 1, 0), None),
    ("fr", "midi moins cinq", "time", datetime(2016, 11, 7, 11, 55), None),
    ("fr", "à onze heures trois quarts", "time", datetime(2016, 11, 7, 11, 45), None),
    ("fr", "Dix heures mercredi matin", "datetime", datetime(2016, 11, 9, 10, 0), None),
    ("fr", "8 heures ce soir", "datetime", datetime(2016, 11, 7, 20, 0), None),
    ("fr", "le 2 mars à environ 5h", "datetime", datetime(2017, 3, 2, 5, 0), None),
    # an explicit am/pm is not moved by a part of day
    ("en", "tonight at 1am", "datetime", datetime(2016, 11, 8, 1, 0), None),
    ("en", "last night at 8", "datetime", datetime(2016, 11, 6, 20, 0), None),
    # ranges of days (ends exclusive) and of times on a day
    ("en", "from Monday to Friday", "daterange", datetime(2016, 11, 14), datetime(2016, 11, 19)),
    ("fr", "du 3 au 12 septembre", "daterange", datetime(2017, 9, 3), datetime(2017, 9, 13)),
    ("fr", "entre le 3 et le 12 septembre", "daterange", D(2017, 9, 3), D(2017, 9, 13)),
    ("fr", "28/2-1/3", "daterange", datetime(2017, 2, 28), datetime(2017, 3, 2)),
    ("fr", "de 2010 à 2018", "daterange", datetime(2010, 1, 1), datetime(2019, 1, 1)),
    ("en", "tomorrow from 2 to 4pm", "datetimerange", D(2016, 11, 8, 14), D(2016, 11, 8, 16)),
    ("en", "3 to 4pm Thursday", "datetimerange", D(2016, 11, 10, 15), D(2016, 11, 10, 16)),
    ("fr", "demain de 14h à 16h", "datetimerange", D(2016, 11, 8, 14), D(2016, 11, 8, 16)),
    # end of a day, compact and written dates
    ("en", "by end of tomorrow", "datetime", datetime(2016, 11, 8, 23, 59, 59), None),
    ("en", "report-20161016.pdf", "date", datetime(2016, 10, 16), None),
    ("en", "12:30 december 27th", "datetime", datetime(2016, 12, 27, 12, 30), None),
    ("fr", "cette août", "daterange", datetime(2016, 8, 1), datetime(2016, 9, 1)),
    ("fr", "le 23 novembre de 1987", "date", datetime(1987, 11, 23), None),
    ("fr", "le plus tôt possible", "datetime", datetime(2016, 11, 7, 9, 0), None),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "kind", "start", "end"), CASES)
def test_rule_families(
    language: str, text: str, kind: str, start: datetime, end: datetime | None
) -> None:
    values = _read(text, language, use_dateparser=False)
    assert [(v.kind, v.start, v.end) for v in values] == [(kind, start, end)]
    assert values[0].rules and "dateparser" not in values[0].rules


@pytest.mark.parametrize(
    ("text", "language", "minutes"),
    [
        ("one and a half hours", "en", 90),
        ("a 1/2 hour call", "en", 30),
        ("a 1 hour 30 minutes call", "en", 90),
        ("I'll be out all day", "en", 24 * 60),
        ("trois quarts d'heure", "fr", 45),
        ("pendant 1 heure et demie", "fr", 90),
    ],
)
def test_compound_and_fractional_durations(text: str, language: str, minutes: int) -> None:
    (value,) = _read(text, language)
    assert (value.kind, value.duration) == ("duration", timedelta(minutes=minutes))


def test_days_listed_before_one_month_are_two_dates() -> None:
    values = _read("I am looking at 18 and 19 June")
    assert [(v.text, v.start) for v in values] == [
        ("18", datetime(2017, 6, 18)),
        ("19 June", datetime(2017, 6, 19)),
    ]


def test_a_weekday_picks_the_year_of_its_date() -> None:
    # 10 February 2013 is a Sunday: the date two days back, not next year's.
    (value,) = read_expressions(
        "Sunday, Feb 10", reference=datetime(2013, 2, 12, 4, 30), language="en"
    )
    assert value.start == datetime(2013, 2, 10)


def test_a_weekday_and_a_dotted_pair_that_disagree_is_not_a_date() -> None:
    # Neither 30 September nor 9 March is a Monday near the reference: "9.30" is no date.
    values = _read("Monday 9.30", use_dateparser=False)
    assert [(v.kind, v.start) for v in values] == [("date", datetime(2016, 11, 14))]
