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
