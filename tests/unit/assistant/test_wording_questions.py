"""questions: what the assistant asks when unclear, in EN and FR, formal and informal."""

from __future__ import annotations

import re

import pytest

from meetdesk.assistant.questions import REGISTERS, TOPICS, question_text

OPTIONS = {
    "en": {
        "which_option": [
            "Tuesday 24 November, 10:00–10:30 (Paris time)",
            "Thursday 26 November, 14:00–14:30 (Paris time)",
        ],
        "which_day": ["Friday 27 November", "Friday 4 December"],
        "which_timezone": ["Paris time", "New York time"],
        "duration": ["30 minutes", "one hour"],
        "date_format": ["2 March", "3 February"],
        "window": ["next week", "the week of 7 December"],
        "confirm_time": ["Wednesday 25 November, 15:00–15:30 (Paris time)"],
    },
    "fr": {
        "which_option": [
            "mardi 24 novembre, de 10 h à 10 h 30 (heure de Paris)",
            "jeudi 26 novembre, de 14 h à 14 h 30 (heure de Paris)",
        ],
        "which_day": ["vendredi 27 novembre", "vendredi 4 décembre"],
        "which_timezone": ["heure de Paris", "heure de New York"],
        "duration": ["30 minutes", "une heure"],
        "date_format": ["2 mars", "3 février"],
        "window": ["la semaine prochaine", "la semaine du 7 décembre"],
        "confirm_time": ["mercredi 25 novembre, de 15 h à 15 h 30 (heure de Paris)"],
    },
}
GREETINGS = {("en", "formal"): "Hello Bob,", ("en", "informal"): "Hi Bob,"}
GREETINGS |= {("fr", "formal"): "Bonjour Bob,", ("fr", "informal"): "Bonjour Bob,"}


def ask(topic: str, language: str, register: str = "formal", **overrides: object) -> str:
    args: dict[str, object] = dict(
        language=language,
        names=["Bob"],
        assistant_name="Julie",
        options=OPTIONS["fr" if language == "fr" else "en"][topic],
        register=register,
    )
    args.update(overrides)
    return question_text(topic, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_question_is_a_whole_message(topic: str, language: str, register: str) -> None:
    """Greeting, every option, a question mark, the signature and no placeholder left."""
    text = ask(topic, language, register)
    assert text.startswith(GREETINGS[(language, register)] + "\n\n")
    for option in OPTIONS[language][topic]:
        assert option in text
    assert "?" in text
    assert text.rstrip().endswith("\nJulie")
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("topic", TOPICS)
def test_french_formal_says_vous_and_informal_says_tu(topic: str) -> None:
    """French: "vous" and never "tu" in formal; "tu" and never "vous" in informal."""
    # "rendez-vous" is a noun, not a way of addressing anyone.
    formal = ask(topic, "fr", "formal").replace("rendez-vous", "rdv")
    informal = ask(topic, "fr", "informal").replace("rendez-vous", "rdv")
    assert re.search(r"\bvous\b", formal) and not re.search(r"\btu\b", formal, re.I)
    assert re.search(r"\btu\b", informal, re.I) and not re.search(r"\bvous\b", informal)


def test_french_informal_to_several_people_says_vous() -> None:
    """To several people French says "vous" (the plural), informal or not."""
    text = ask("which_day", "fr", "informal", names=["Bob", "Carol"])
    assert text.startswith("Bonjour Bob et Carol,")
    assert re.search(r"\bvous\b", text) and not re.search(r"\btu\b", text, re.I)
    assert "À bientôt," in text


def test_which_option_numbers_the_proposals() -> None:
    """The proposals are numbered so that a number is enough as an answer."""
    text = ask("which_option", "en")
    assert "\n1. Tuesday 24 November, 10:00–10:30 (Paris time)\n" in text
    assert "\n2. Thursday 26 November, 14:00–14:30 (Paris time)\n" in text
    assert "its number" in text


def test_two_readings_are_offered_as_a_choice() -> None:
    """Ambiguous days and dates ask "A or B?" / "A ou B ?"."""
    assert "did you mean 2 March or 3 February?" in ask("date_format", "en")
    assert "vendredi 27 novembre ou vendredi 4 décembre ?" in ask("which_day", "fr")


def test_confirm_time_asks_before_booking() -> None:
    """A time nobody proposed: "Shall I book ...?", "Souhaitez-vous que je réserve ..."."""
    assert "Shall I book Wednesday 25 November, 15:00–15:30 (Paris time)?" in ask(
        "confirm_time", "en"
    )
    assert "Souhaitez-vous que je réserve" in ask("confirm_time", "fr")


@pytest.mark.parametrize("topic", ["which_timezone", "duration", "window"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_open_questions_without_options(topic: str, language: str) -> None:
    """Zone, length and period can be asked without suggesting answers."""
    text = ask(topic, language, options=())
    assert text.startswith(GREETINGS[(language, "formal")])
    assert "?" in text and "{" not in text


def test_closings_follow_the_register() -> None:
    """Formal and informal sign-offs in both languages."""
    assert "\nKind regards,\nJulie\n" in ask("duration", "en")
    assert "\nBest,\nJulie\n" in ask("duration", "en", "informal")
    assert "\nBien cordialement,\nJulie\n" in ask("duration", "fr")
    assert "\nÀ bientôt,\nJulie\n" in ask("duration", "fr", "informal")


def test_greeting_without_names() -> None:
    """No name known: a plain greeting."""
    assert ask("window", "en", names=[]).startswith("Hello,\n")
    assert ask("window", "fr", names=["", "Bob", "Carol"]).startswith("Bonjour Bob et Carol,\n")


def test_unknown_language_falls_back_to_english() -> None:
    """A language we do not write is asked in English."""
    assert ask("duration", "de").startswith("Hello Bob,")
    assert ask("duration", "de", options=OPTIONS["en"]["duration"]) == ask("duration", "en")


@pytest.mark.parametrize(
    ("topic", "register", "options", "message"),
    [
        ("what_now", "formal", (), "unknown question topic 'what_now'"),
        ("duration", "casual", (), "unknown register 'casual'"),
        ("which_day", "formal", ("Friday 27 November",), "needs at least 2 option"),
        ("which_option", "formal", (), "needs at least 2 option"),
        ("confirm_time", "formal", (), "needs exactly 1 option"),
        ("confirm_time", "formal", ("a", "b"), "needs exactly 1 option"),
    ],
)
def test_misuse_is_a_clear_error(
    topic: str, register: str, options: tuple[str, ...], message: str
) -> None:
    """Unknown topics and registers, and missing options, raise ValueError saying why."""
    with pytest.raises(ValueError, match=re.escape(message)):
        question_text(
            topic,
            language="en",
            names=["Bob"],
            assistant_name="Julie",
            options=options,
            register=register,
        )
