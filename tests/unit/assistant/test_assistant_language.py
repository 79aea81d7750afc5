"""detect_language: English or French by stopwords, English by default."""

from __future__ import annotations

import pytest

from meetdesk.assistant.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Julie, could you please find 30 minutes for a call with Bob next week?", "en"),
        ("The second one works for me.", "en"),
        ("peux-tu trouver 30 minutes avec Bob la semaine prochaine", "fr"),
        ("merci d'organiser un appel", "fr"),
        ("mardi à 14h", "fr"),
        ("Le deuxième me convient", "fr"),
        ("", "en"),
        ("12345", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    """Short and long messages in both languages are classified correctly."""
    assert detect_language(text) == expected
