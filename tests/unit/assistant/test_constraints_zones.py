"""read_constraints: the reading zone (stated zone, Date header offset, customer's zone).

Windows are computed in the reading zone: "Tuesday at 3pm EST" is 15:00 in New York,
and "tomorrow afternoon" from a travelling customer is the sender's afternoon.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.constraints import Constraints, read_constraints

PARIS = ZoneInfo("Europe/Paris")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday 18 November 2026, 10:00 in Paris (09:00 UTC).
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)


def read(
    text: str, language: str = "en", sent: datetime = SENT, tz: ZoneInfo = PARIS
) -> Constraints:
    return read_constraints(text, sent_at=sent, customer_tz=tz, language=language)


def first_start(c: Constraints) -> datetime:
    return c.windows[0].start


@pytest.mark.parametrize(
    ("text", "language", "zone", "rule"),
    [
        ("Tuesday at 3pm EST", "en", "America/New_York", "zone.abbreviation"),
        ("Tuesday at 3pm ET", "en", "America/New_York", "zone.abbreviation"),
        ("Tuesday 10am PST", "en", "America/Los_Angeles", "zone.abbreviation"),
        ("Tuesday 3pm CET", "en", "Europe/Paris", "zone.abbreviation"),
        ("Tuesday 3pm CEST", "en", "Europe/Paris", "zone.abbreviation"),
        ("Tuesday 3pm BST", "en", "Europe/London", "zone.abbreviation"),
        ("mardi 15h heure de Paris", "fr", "Europe/Paris", "zone.city"),
        ("mardi 16h (heure de Montréal)", "fr", "America/Toronto", "zone.city"),
        ("Tuesday 9am New York time", "en", "America/New_York", "zone.city"),
        ("Tuesday 9am Pacific time", "en", "America/Los_Angeles", "zone.named"),
        ("mardi 9h heure française", "fr", "Europe/Paris", "zone.named"),
        ("Tuesday at 9am in London", "en", "Europe/London", "zone.city"),
    ],
)
def test_a_stated_zone_is_the_reading_zone(text: str, language: str, zone: str, rule: str) -> None:
    """A zone written next to a time sets the reading zone; the window is in it."""
    c = read(text, language)
    assert c.timezone == zone and rule in c.rules
    start = first_start(c)
    assert start.tzinfo == ZoneInfo(zone)
    assert start.astimezone(ZoneInfo(zone)).hour in (9, 10, 15, 16)
    assert c.confidence == 1.0 and not c.ambiguous


def test_est_is_new_york_time() -> None:
    """ "3pm EST" on Tuesday 24 November is 20:00 UTC."""
    c = read("Tuesday at 3pm EST")
    assert first_start(c).astimezone(UTC) == datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "name", "offset"),
    [
        ("Tuesday 3pm UTC+2", "UTC+02:00", timedelta(hours=2)),
        ("Tuesday 3pm GMT+1", "UTC+01:00", timedelta(hours=1)),
        ("Tuesday 3pm UTC-05:00", "UTC-05:00", timedelta(hours=-5)),
        ("Tuesday 3pm UTC+5:30", "UTC+05:30", timedelta(hours=5, minutes=30)),
    ],
)
def test_a_bare_offset_is_named_by_its_offset(text: str, name: str, offset: timedelta) -> None:
    """ "UTC+2" is a fixed offset, reported as "UTC+02:00"."""
    c = read(text)
    assert c.timezone == name
    assert first_start(c).utcoffset() == offset
    assert first_start(c).hour == 15


def test_my_time_with_a_stated_city() -> None:
    """ "9am my time" with "I'm based in New York" / "I'm in London" is that city's time."""
    c = read("Tuesday 9am my time. I'm based in New York.")
    assert c.timezone == "America/New_York" and first_start(c).hour == 9
    assert "zone.my_time" in c.rules and "zone.location" in c.rules
    c = read("I'm in London; Tuesday 9am my time works")
    assert c.timezone == "Europe/London"


def test_a_location_statement_alone_sets_the_zone() -> None:
    """ "je suis basé à Montréal" sets the reading zone for the times given."""
    c = read("je suis basé à Montréal, mardi 9h", "fr")
    assert c.timezone == "America/Toronto" and first_start(c).hour == 9


def test_my_time_without_a_known_zone_is_a_doubt() -> None:
    """ "my time" from a +0000 header with nothing else: the sender's zone is unknown."""
    c = read("9am my time tomorrow", sent=SENT.astimezone(UTC))
    assert "zone.my_time_unknown" in c.rules and c.confidence < 0.9
    assert c.timezone == "Europe/Paris"


def test_the_header_offset_is_the_senders_clock() -> None:
    """A Date offset unlike the customer's zone (and not +0000) sets the reading zone."""
    sent = datetime(2026, 11, 18, 20, 0, tzinfo=timezone(timedelta(hours=-5)))
    c = read("tomorrow afternoon", sent=sent)
    assert c.timezone == "UTC-05:00" and "zone.header_offset" in c.rules
    assert first_start(c) == datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert c.confidence == 1.0


def test_a_zero_header_offset_says_nothing() -> None:
    """+0000 is written by many servers: the customer's zone is used."""
    c = read("tomorrow afternoon", sent=datetime(2026, 11, 18, 20, 0, tzinfo=UTC))
    assert c.timezone == "Europe/Paris" and "zone.customer" in c.rules
    assert first_start(c) == datetime(2026, 11, 19, 14, 0, tzinfo=PARIS)


def test_the_header_offset_of_the_customers_own_zone() -> None:
    """A header offset equal to the customer's zone at that moment keeps the IANA zone."""
    c = read("tomorrow afternoon", sent=SENT.astimezone(timezone(timedelta(hours=1))))
    assert c.timezone == "Europe/Paris"


def test_day_boundaries_are_the_senders() -> None:
    """Sunday 20:00 in New York is Monday in Paris: "tomorrow" is New York's Monday."""
    sunday_evening = datetime(2026, 11, 22, 20, 0, tzinfo=NEW_YORK)
    c = read("tomorrow", sent=sunday_evening, tz=NEW_YORK)
    assert [(w.start, w.end) for w in c.windows] == [
        (datetime(2026, 11, 23, tzinfo=NEW_YORK), datetime(2026, 11, 24, tzinfo=NEW_YORK))
    ]


def test_an_abbreviation_of_the_customers_zone_keeps_it() -> None:
    """A Berlin customer writing "CET" is read in Europe/Berlin, not Europe/Paris."""
    c = read("Tuesday 3pm CET", tz=BERLIN, sent=SENT.astimezone(BERLIN))
    assert c.timezone == "Europe/Berlin"


@pytest.mark.parametrize("word", ["IST", "CST"])
def test_an_ambiguous_abbreviation_is_a_doubt(word: str) -> None:
    """IST (India, Ireland, Israel) and CST (US Central, China) are ambiguous."""
    c = read(f"Tuesday 3pm {word}")
    assert c.ambiguous and "zone.ambiguous_abbreviation" in c.rules and c.confidence < 0.9


def test_an_ambiguous_abbreviation_settled_by_the_header_offset() -> None:
    """IST from a +05:30 header is India Standard Time, without a doubt."""
    sent = datetime(2026, 11, 18, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    c = read("Tuesday 3pm IST", sent=sent)
    assert c.timezone == "Asia/Kolkata" and not c.ambiguous


def test_one_time_in_two_zones_is_read_once() -> None:
    """ "9am PT / 12pm ET" is one moment: one window, no doubt."""
    c = read("Tuesday 9am PT / 12pm ET")
    assert len(c.windows) == 1 and c.timezone == "America/Los_Angeles"
    assert "zone.same_time_twice" in c.rules and not c.ambiguous


def test_two_zones_that_disagree_are_ambiguous() -> None:
    """ "9am PT / 1pm ET" are two different moments: a doubt."""
    c = read("Tuesday 9am PT / 1pm ET")
    assert c.ambiguous and "zone.conflict" in c.rules


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Il est disponible mardi, et moi aussi", "fr"),
        ("Cet après-midi ou demain", "fr"),
        ("Thank you for your time, Tuesday works", "en"),
        ("Take your time; Tuesday is fine", "en"),
        ("Je suis en réunion jusqu'à midi", "fr"),
        ("Have a nice time in Paris!", "en"),
    ],
)
def test_zone_words_in_ordinary_prose_are_not_zones(text: str, language: str) -> None:
    """French "est"/"et"/"cet", "your time", "en réunion" name no zone."""
    c = read(text, language)
    assert c.timezone == "Europe/Paris" and "zone.customer" in c.rules


def test_est_in_summer_is_new_york_time_with_a_note() -> None:
    """ "EST" written in July means New York's clock (EDT then), noted, not doubted."""
    july = datetime(2026, 7, 6, 10, 0, tzinfo=PARIS)
    c = read("Tuesday at 3pm EST", sent=july)
    assert first_start(c) == datetime(2026, 7, 7, 15, 0, tzinfo=NEW_YORK)
    assert c.confidence == 1.0 and any("daylight" in r for r in c.reasons)


def test_gmt_in_uk_summer_is_ambiguous() -> None:
    """A London customer's "3pm GMT" in July: UTC, or UK time?"""
    london = ZoneInfo("Europe/London")
    july = datetime(2026, 7, 6, 10, 0, tzinfo=london)
    c = read("Tuesday at 3pm GMT", sent=july, tz=london)
    assert c.ambiguous and "zone.gmt_in_summer" in c.rules and c.timezone == "UTC"
