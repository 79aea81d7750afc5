"""The full intent set in French, on the same rules as English (folded, accent-free)."""

from __future__ import annotations

import pytest

from tests.unit.assistant.intent_helpers import (
    answer,
    intent_confidence,
    read,
)


@pytest.mark.parametrize(
    ("text", "intent", "rule"),
    [
        ("Julie, merci d'organiser un appel avec Bob", "schedule", "intent.schedule.verb"),
        ("Pouvons-nous décaler le rendez-vous ?", "reschedule", "intent.reschedule.verb_fr"),
        ("Merci de reporter la réunion à jeudi", "reschedule", "intent.reschedule.verb_fr"),
        ("Merci d'annuler", "cancel", "intent.cancel.verb_fr"),
        ("Julie, pouvez-vous annuler le déjeuner ?", "cancel", "intent.cancel.verb_fr"),
        ("Je ne pourrai pas", "decline", "intent.decline.cannot_attend_fr"),
        ("Désolé, nous ne serons pas présents.", "decline", "intent.decline.cannot_attend_fr"),
        ("Quelle est l'adresse du bureau ?", "question", "intent.question.wh"),
        ("Où aura lieu la réunion ?", "question", "intent.question.wh"),
        ("Merci, c'est noté", "acknowledge", "intent.acknowledge.thanks"),
        ("Bien reçu, merci !", "acknowledge", "intent.acknowledge.thanks"),
        ("Merci de supprimer mes données", "privacy_request", "intent.privacy.delete_fr"),
        (
            "Quelles données détenez-vous sur moi ?",
            "privacy_request",
            "intent.privacy.access_fr",
        ),
        ("Désinscrivez-moi", "privacy_request", "intent.privacy.unsubscribe_fr"),
        (
            "Désormais je préfère les réunions l'après-midi",
            "preference_update",
            "intent.preference.standing_fr",
        ),
        (
            "À l'avenir, merci de ne jamais rien planifier le vendredi.",
            "preference_update",
            "intent.preference.standing_fr",
        ),
        (
            "Voir la version en ligne. Notre lettre d'information de novembre.",
            "not_scheduling",
            "intent.not_scheduling.bulk",
        ),
    ],
)
def test_french_intents(text: str, intent: str, rule: str) -> None:
    reading = read(text)
    assert reading.intent == intent
    assert rule in reading.rules
    assert intent_confidence(text) >= 0.9
    assert reading.language == "fr"


def test_out_of_office_is_auto_reply() -> None:
    reading = read("Je suis actuellement absente du bureau, de retour lundi.")
    assert reading.intent == "auto_reply"


def test_counter_proposal() -> None:
    reading = answer("Aucun de ces créneaux ne me convient, que diriez-vous de jeudi matin ?")
    assert reading.intent == "counter_proposal"
    assert "intent.counter.alternative_fr" in reading.rules


def test_refusing_all_proposals_is_decline() -> None:
    assert answer("Aucun ne me convient, désolé.").intent == "decline"


def test_clear_choice_is_still_choose_slot() -> None:
    reading = answer("Le deuxième créneau me convient.")
    assert (reading.intent, reading.chosen_option) == ("choose_slot", 2)
    assert reading.confidence >= 0.9
