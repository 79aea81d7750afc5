"""Days in another city: in-person meetings only when held in that city; calls anywhere."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from meetdesk.calendar.base import Interval
from meetdesk.calendar.places_rule import day_allows, fold, in_city
from meetdesk.calendar.preferences import Preferences
from meetdesk.calendar.slots import find_slots
from tests.unit.calendar.helpers import PARIS, paris

WEEK = Interval(paris(2026, 3, 23), paris(2026, 3, 28))  # Monday to Friday
TUESDAY = date(2026, 3, 24)
LYON = {TUESDAY: "Lyon"}


def days(**kw: Any) -> set[int]:
    slots = find_slots(
        [], WEEK, timedelta(minutes=60), PARIS, count=1000, preferences=Preferences(), **kw
    )
    return {s.start.astimezone(PARIS).day for s in slots}


def test_an_in_person_meeting_elsewhere_skips_the_city_day() -> None:
    assert days(kind="lunch", location="Café de Flore, Paris", places=LYON) == {23, 25, 26, 27}


def test_an_in_person_meeting_in_that_city_may_take_it() -> None:
    """Containment, case- and accent-insensitive."""
    where = "Brasserie Georges, 30 cours de Verdun, 69002 LYON"
    assert 24 in days(kind="lunch", location=where, places=LYON)
    étienne = {TUESDAY: "Saint-Étienne"}
    assert 24 in days(kind="coffee", location="3 place X, saint-etienne", places=étienne)


def test_virtual_meetings_are_unaffected() -> None:
    assert days(kind="call", places=LYON) == {23, 24, 25, 26, 27}
    assert 24 in days(kind="meeting", location_kind="video_link", places=LYON)


def test_without_a_location_the_business_address_decides() -> None:
    """No location text: the meeting's business address (here the default) is read."""
    p = Preferences.from_json(
        {"addresses": {"lyon": {"street": "Quai 3, Lyon"}}, "default_address": "lyon"}
    )
    slots = find_slots(
        [], WEEK, timedelta(hours=1), PARIS, count=1000, preferences=p, kind="lunch", places=LYON
    )
    assert 24 in {s.start.astimezone(PARIS).day for s in slots}
    assert 24 not in days(kind="lunch", places=LYON)  # no place at all: not on a city day


def test_the_rule_itself() -> None:
    assert fold("  Saint-ÉTIENNE   Nord ") == "saint-etienne nord"
    assert in_city("Gare de Lyon Part-Dieu", "lyon") and not in_city(None, "Lyon")
    assert not in_city("anywhere", "  ")
    assert day_allows(TUESDAY, LYON, False, None)
    assert day_allows(TUESDAY, None, True, None) and day_allows(TUESDAY, {}, True, None)
    assert day_allows(date(2026, 3, 25), LYON, True, "Paris")
    assert not day_allows(TUESDAY, LYON, True, "Paris")
