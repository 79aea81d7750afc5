"""people: optional participants and a customer's own assistant, read from the prose."""

from __future__ import annotations

import pytest

from meetdesk.assistant.people import optional_people, writes_for_customer

CAROL = ("carol@partner.example", "Carol Dupré")
DAN = ("dan.jones@partner.example", None)
BOB = ("bob@partner.example", "Bob Smith")
PEOPLE = [BOB, CAROL, DAN]


@pytest.mark.parametrize(
    "text",
    [
        "Carol is optional.",
        "Bob and I need to meet; Carol is entirely optional.",
        "Carol can join if she wants.",
        "Carol is welcome to join if she likes.",
        "Attendees: Bob, Carol (optional)",
        "Carol - optional",
        "Optional: Carol",
        "Carol doesn't need to attend.",
        "CAROL DUPRE is optional",
        "carol@partner.example is optional",
        "Carol en facultatif.",
        "Carol est facultative.",
        "Bob, et Carol si elle est disponible.",
        "Carol, si elle le souhaite.",
        "La présence de Carol n'est pas indispensable.",
        "Carol peut nous rejoindre si elle le souhaite.",
        "Participants : Bob, Carol (facultatif)",
    ],
)
def test_carol_marked_optional(text: str) -> None:
    """Each form, EN and FR, marks Carol (and only Carol) optional."""
    assert optional_people(text, PEOPLE) == {"carol@partner.example": "optional"}


@pytest.mark.parametrize(
    "text",
    [
        "Feel free to join, Dan.",
        "Dan, feel free to join us.",
        "N'hésitez pas à vous joindre à nous, Dan.",
        "Dan, n'hésite pas à nous rejoindre.",
        "Dan is optional",  # the local part's first piece, "dan.jones" having no name
        "dan.jones is optional",
    ],
)
def test_dan_invited_without_obligation(text: str) -> None:
    """An open invitation, or a name taken from the address alone, marks Dan optional."""
    assert optional_people(text, PEOPLE) == {"dan.jones@partner.example": "optional"}


def test_a_list_of_names() -> None:
    """ "Carol and Dan are optional" marks both, and the result follows the people's order."""
    found = optional_people("Carol and Dan are optional.", PEOPLE)
    assert list(found) == ["carol@partner.example", "dan.jones@partner.example"]


@pytest.mark.parametrize(
    "text",
    [
        "Here are the optional agenda items for Carol and Dan.",
        "Optional agenda items: budget, hiring.",
        "Carol: optional agenda items are attached.",
        "Carol is not optional.",
        "Carol n'est pas facultative.",
        "Carol is required, optional items can wait.",
        "Caroline is optional.",  # someone else whose name starts like Carol's
        "Bob must attend.",
        "",
    ],
)
def test_traps_mark_nobody(text: str) -> None:
    """Optional things, negations and other people's names mark nobody."""
    assert optional_people(text, PEOPLE) == {}


def test_a_first_name_two_people_share_names_neither() -> None:
    """ "Carol" among two Carols is not guessed; the full name still works."""
    people = [("carol@a.example", "Carol Dupré"), ("carol.b@b.example", "Carol Blanc")]
    assert optional_people("Carol is optional.", people) == {}
    assert optional_people("Carol Blanc is optional.", people) == {"carol.b@b.example": "optional"}


def test_accents_and_case_do_not_matter() -> None:
    """ "Hélène" in the header and "helene" in the text are the same person."""
    people = [("h.roux@x.example", "Hélène Roux")]
    assert optional_people("helene en facultatif", people) == {"h.roux@x.example": "optional"}


ALICE = "alice.martin@acme.example"


def assistant(text: str, sender: str = "julie.b@acme.example", name: str | None = None) -> bool:
    return writes_for_customer(text, sender, ALICE, "Alice Martin" if name is None else name)


@pytest.mark.parametrize(
    "text",
    [
        "I am writing on behalf of Alice to set up a call.",
        "Alice asked me to find a time for the review.",
        "I'm Alice's assistant; could we find 30 minutes?",
        "I am the executive assistant to Alice Martin.",
        "Could we meet on Alice's behalf next week?",
        "Please find a slot.\n\nJulie Blanc\nAssistant to Alice Martin",
        "Je vous écris de la part de Mme Martin.",
        "Je suis l'assistante d'Alice et je cherche un créneau.",
        "Pour le compte de Madame Martin, pourriez-vous proposer des dates ?",
        "Bonjour,\nmerci de proposer des dates.\nJulie Blanc\nAssistante de direction",
        "Alice m'a demandé de vous contacter.",
    ],
)
def test_the_customers_assistant(text: str) -> None:
    """Same domain and the text says so: the sender writes for the customer (EN and FR)."""
    assert assistant(text)


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("I am writing on behalf of Alice.", "julie@other.example"),
        ("On behalf of the team, could we meet?", "julie@other.example"),
        ("On behalf of the team, could we meet?", "julie.b@acme.example"),
        ("Could we find 30 minutes next week?", "julie.b@acme.example"),
        ("Please find a slot.\nAssistant to Bob Durand", "julie.b@acme.example"),
        ("I am writing on behalf of Alice.", ALICE),
    ],
)
def test_not_the_customers_assistant(text: str, sender: str) -> None:
    """Another domain, no mention of the customer, someone else's assistant, or the customer."""
    assert not assistant(text, sender)


def test_public_mail_domains_prove_nothing() -> None:
    """Two gmail.com addresses are not colleagues, whatever the text says."""
    assert not writes_for_customer(
        "On behalf of Alice.", "julie@gmail.com", "alice@gmail.com", "Alice Martin"
    )


def test_without_a_customer_name_the_address_is_used() -> None:
    """With no display name, the customer's address (its local part) identifies them."""
    assert writes_for_customer(
        "Writing on behalf of Alice.", "pa@acme.example", "alice@acme.example", None
    )
