"""Recognising a city in a free all-day note's title, conservatively."""

from __future__ import annotations

import pytest

from meetdesk.calendar.places import fold, place_of


@pytest.mark.parametrize(
    ("summary", "city"),
    [
        ("London", "London"),
        ("Lyon", "Lyon"),
        ("In Berlin", "Berlin"),
        ("à Londres", "London"),
        ("NYC", "New York"),
        ("new york", "New York"),
        ("  PARIS. ", "Paris"),
        ("São Paulo", "Sao Paulo"),
        ("Genève", "Geneva"),
        ("Los Angeles", "Los Angeles"),
        ("en Lisbonne", "Lisbon"),
    ],
)
def test_city_titles_name_the_city(summary: str, city: str) -> None:
    """Zone-database cities and the EN/FR alias table, case and accents folded."""
    assert place_of(summary) == city


@pytest.mark.parametrize(
    "summary",
    [
        "",
        "Christmas",
        "Easter",
        "Holiday",
        "Lunch with Bob",
        "London 2",
        "Dinner in London tonight",
        "London office offsite day",
        "Victoria",
        "Busy",
        "in",
    ],
)
def test_anything_else_is_not_a_place(summary: str) -> None:
    """Common words, long titles, digits and zone names that are mostly words: no place."""
    assert place_of(summary) is None


def test_fold_ignores_case_accents_and_punctuation() -> None:
    """The comparison form the recogniser uses."""
    assert fold("  À  Montréal-Nord! ") == "a montreal nord"
