"""location: where the meeting takes place, read from the new text only, never invented."""

from __future__ import annotations

import pytest

from meetdesk.assistant.location import KINDS, Location, find_location


def where(text: str, language: str = "en") -> Location:
    found = find_location(text, language)
    assert found is not None, text
    assert found.kind in KINDS
    return found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Here is the link: https://us02web.zoom.us/j/81234567890?pwd=AbCdEf. Talk soon.",
            "https://us02web.zoom.us/j/81234567890?pwd=AbCdEf",
        ),
        (
            "Join on Teams <https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0?c=1>",
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0?c=1",
        ),
        ("We can use meet.google.com/abc-defg-hij tomorrow", "meet.google.com/abc-defg-hij"),
        ("Mon lien : https://acme.webex.com/meet/alice.", "https://acme.webex.com/meet/alice"),
        ("Salle : https://whereby.com/alice-room", "https://whereby.com/alice-room"),
    ],
)
def test_video_links(text: str, value: str) -> None:
    """Zoom, Teams, Meet, Webex and Whereby links, case kept, sentence punctuation dropped."""
    found = where(text)
    assert (found.value, found.kind, found.rule) == (value, "video_link", "location.video_link")
    assert found.confidence >= 0.9


def test_host_without_meeting_path_is_not_a_link() -> None:
    """A bare host name ("we use zoom.us") says which tool, not which meeting."""
    assert find_location("We usually use zoom.us for this.", "en") is None


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        (
            "Dial-in: +1 646 558 8656, meeting ID 123 456 789",
            "en",
            "+1 646 558 8656, meeting ID 123 456 789",
        ),
        ("Bridge: 0800 123 4567 PIN 9876#", "en", "0800 123 4567 PIN 9876#"),
        ("Numéro d'appel : 01 23 45 67 89, code 1234", "fr", "01 23 45 67 89, code 1234"),
    ],
)
def test_dial_ins_keep_their_code(text: str, language: str, value: str) -> None:
    """A dial-in is the number and the meeting code that goes with it."""
    found = where(text, language)
    assert (found.value, found.kind, found.rule) == (value, "dial_in", "location.dial_in")


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Please call me on +33 6 12 34 56 78 on Tuesday.", "en", "+33 6 12 34 56 78"),
        ("You can reach me at +1 (646) 558-8656.", "en", "+1 (646) 558-8656"),
        ("Vous pouvez m'appeler au 06 12 34 56 78 demain.", "fr", "06 12 34 56 78"),
        ("Je suis joignable au 01 23 45 67 89.", "fr", "01 23 45 67 89"),
    ],
)
def test_a_number_to_call(text: str, language: str, value: str) -> None:
    """ "call me on ...", "m'appeler au ...": the number only."""
    found = where(text, language)
    assert (found.value, found.kind, found.rule) == (value, "phone", "location.phone")


def test_a_bare_number_is_not_a_place() -> None:
    """A number with no word asking to call it is not read as the meeting's phone."""
    assert find_location("Our reference is 01 23 45 67 89.", "en") is None


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        (
            "Let's meet at our office, 12 rue de la Paix, 75002 Paris.",
            "en",
            "12 rue de la Paix, 75002 Paris",
        ),
        (
            "Rendez-vous chez Paul, 3 place Bellecour à Lyon, mardi.",
            "fr",
            "chez Paul, 3 place Bellecour à Lyon",
        ),
        (
            "Lunch at Café de Flore, 172 boulevard Saint-Germain, 75006 Paris?",
            "en",
            "Café de Flore, 172 boulevard Saint-Germain, 75006 Paris",
        ),
        (
            "Meet me at 10 Downing Street, London SW1A 2AA.",
            "en",
            "10 Downing Street, London SW1A 2AA",
        ),
        (
            "The office is at 350 Fifth Avenue, New York, NY 10118.",
            "en",
            "350 Fifth Avenue, New York, NY 10118",
        ),
    ],
)
def test_addresses(text: str, language: str, value: str) -> None:
    """A street address, with its postcode and city, and a venue name written just before it."""
    found = where(text, language)
    assert (found.value, found.kind, found.rule) == (value, "address", "location.address")
    assert found.confidence >= 0.9


def test_venue_and_its_address_in_two_sentences_are_one_place() -> None:
    """ "At Café de Flore. The address is ..." names one place, not two."""
    found = where(
        "Let's meet at Café de Flore. The address is 172 boulevard Saint-Germain, 75006 Paris."
    )
    assert found.rule == "location.address"
    assert found.value == "172 boulevard Saint-Germain, 75006 Paris"


@pytest.mark.parametrize(
    ("text", "language", "value", "rule"),
    [
        ("How about lunch at Café de Flore on Friday?", "en", "Café de Flore", "location.venue"),
        ("Meet at the Ritz on Tuesday", "en", "the Ritz", "location.venue"),
        ("Déjeuner au Procope vendredi ?", "fr", "Procope", "location.venue"),
        ("On se retrouve à la Brasserie Lipp ?", "fr", "Brasserie Lipp", "location.venue"),
        ("Rendez-vous chez Paul jeudi.", "fr", "chez Paul", "location.venue"),
        (
            "Could we meet in our London office next week?",
            "en",
            "our London office",
            "location.office",
        ),
        (
            "At our offices in Berlin, if that suits you.",
            "en",
            "our offices in Berlin",
            "location.office",
        ),
        ("On peut se voir au bureau jeudi ?", "fr", "le bureau", "location.office"),
        ("Réunion dans nos locaux de Lyon.", "fr", "nos locaux de Lyon", "location.office"),
    ],
)
def test_places_without_address(text: str, language: str, value: str, rule: str) -> None:
    """Named venues and offices: a place, below the confidence an address has."""
    found = where(text, language)
    assert (found.value, found.kind, found.rule) == (value, "place", rule)
    assert found.confidence < 0.9


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Happy to come to your place on Monday.", "en", "your place"),
        ("Lunch at Bob's place?", "en", "Bob's place"),
        ("Je peux passer chez vous mardi matin.", "fr", "chez vous"),
    ],
)
def test_homes_are_places_with_low_confidence(text: str, language: str, value: str) -> None:
    """ "At your place", "chez vous": a place, but nobody yet knows where it is."""
    found = where(text, language)
    assert (found.value, found.kind, found.rule) == (value, "place", "location.home")
    assert found.confidence <= 0.6


def test_labelled_line() -> None:
    """A "Location:" line is read whole; an undecided one ("Lieu : à définir") is nothing."""
    found = where("Location: Salle Wagram, 2e étage\nSee you there.")
    assert (found.value, found.kind, found.rule) == (
        "Salle Wagram, 2e étage",
        "place",
        "location.label",
    )
    assert find_location("Lieu : à définir", "fr") is None


def test_several_places_give_the_first_with_a_doubt() -> None:
    """Two different places: the first, with rule location.several and a low confidence."""
    found = where("Lunch at Café de Flore or at Le Procope?")
    assert (found.value, found.rule) == ("Café de Flore", "location.several")
    assert found.confidence <= 0.5
    mixed = where("We'll be at our office; or call me on +33 6 12 34 56 78.")
    assert (mixed.value, mixed.rule) == ("our office", "location.several")


def test_a_link_with_its_dial_in_is_one_place() -> None:
    """A meeting link and that meeting's dial-in are the same meeting: the link, confident."""
    found = where(
        "Zoom: https://zoom.us/j/123456789\nDial-in: +1 646 558 8656, meeting ID 123 456 789"
    )
    assert (found.kind, found.rule) == ("video_link", "location.video_link")
    assert found.confidence >= 0.9


def test_the_same_place_twice_is_one_place() -> None:
    """A link pasted twice is still one place."""
    link = "https://meet.google.com/abc-defg-hij"
    assert where(f"Link: {link}\nAgain, in case: {link}").rule == "location.video_link"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tuesday at 3pm works for me.", "en"),
        ("Could we do it in the morning?", "en"),
        ("Let's meet in two weeks.", "en"),
        ("By Friday at the latest, please.", "en"),
        ("At the latest on Friday.", "en"),
        ("It is not at all urgent.", "en"),
        ("Call me at 3pm on Friday.", "en"),
        ("Let us meet at your earliest convenience.", "en"),
        ("See you at Christmas!", "en"),
        ("Meet at Noon?", "en"),
        ("I'm the CTO at Acme and would like to meet.", "en"),
        ("Carol at Acme suggested we meet.", "en"),
        ("Look at Carol's proposal first.", "en"),
        ("Réponse au plus tard vendredi.", "fr"),
        ("Le 3 mars à 14h, 3 participants.", "fr"),
        ("Je serai au Canada la semaine prochaine.", "fr"),
        ("Chez Acme, nous adorons les réunions.", "fr"),
        ("Je travaille chez Google depuis un an.", "fr"),
        ("Can we find 30 minutes next week?", "en"),
        ("", "en"),
    ],
)
def test_traps_are_not_places(text: str, language: str) -> None:
    """Times, delays, employers, holidays and countries are not where the meeting is."""
    assert find_location(text, language) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Somewhere near Liverpool Street would be ideal.", "near Liverpool Street"),
        ("Un café près de Bastille ?", "près de Bastille"),
    ],
)
def test_near_a_named_place_is_a_place(text: str, value: str) -> None:
    """'near Liverpool Street' / 'près de Bastille' names a place, vaguely."""
    found = find_location(text, "en")
    assert found is not None and (found.value, found.kind) == (value, "place")
