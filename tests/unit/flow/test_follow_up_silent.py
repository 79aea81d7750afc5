"""Who a follow-up reminds: the participants still to answer, never informed people."""

from __future__ import annotations

from meetdesk.flow.follow_up import silent
from meetdesk.store.conversations import ConversationData, Person

BOB = Person("Bob@partner.example", "Bob", "required")
CAROL = Person("carol@other.example", "Carol", "required")
DAN = Person("dan@other.example", "Dan", "optional")
ERIN = Person("erin@other.example", "Erin", "informed")
ALICE = Person("alice@customer.example", "Alice", "customer")


def _data(people: list[Person], answers: dict[str, int] | None = None) -> ConversationData:
    return ConversationData(participants=people, answers=answers or {})


def test_nobody_answered_reminds_required_and_optional_but_not_informed() -> None:
    """Informed people and the customer are never asked."""
    assert silent(_data([BOB, DAN, ERIN, ALICE])) == [BOB, DAN]


def test_a_required_answer_leaves_the_others_to_remind() -> None:
    """Answers are keyed by the lower-cased address."""
    assert silent(_data([BOB, CAROL, DAN], {"bob@partner.example": 0})) == [CAROL, DAN]


def test_every_required_answer_in_stops_the_reminders() -> None:
    """Optional people are not waited for once every required one answered."""
    answers = {"bob@partner.example": 0, "carol@other.example": 1}
    assert silent(_data([BOB, CAROL, DAN], answers)) == []


def test_without_required_participants_the_first_answer_decides() -> None:
    """Optional people only: one answer is enough, none reminds them all."""
    assert silent(_data([DAN, Person("fay@x.example", "Fay", "optional")])) != []
    assert silent(_data([DAN], {"dan@other.example": 0})) == []
