"""When a group meeting may be booked: every required participant chose the same time."""

from __future__ import annotations

from meetdesk.flow.agreement import BOOK, DISAGREE, WAIT, agreement
from meetdesk.store.conversations import Person

BOB, CAROL, DAN = "bob@x.example", "carol@x.example", "dan@x.example"
GROUP = [
    Person(BOB, "Bob"),
    Person(CAROL, "Carol"),
    Person(DAN, "Dan", role="optional"),
    Person("eve@x.example", role="informed"),
]


def test_one_participant_books_with_the_first_answer() -> None:
    assert agreement([Person(BOB)], {BOB: 1}).outcome == BOOK
    assert agreement([Person(BOB)], {BOB: 1}).option == 1


def test_the_group_waits_for_every_required_participant() -> None:
    waiting = agreement(GROUP, {BOB: 0})
    assert (waiting.outcome, waiting.waiting_for) == (WAIT, (CAROL,))
    assert agreement(GROUP, {BOB: 0, DAN: 0}).outcome == WAIT  # optional: not a stand-in


def test_the_group_books_when_all_required_agree_whatever_optional_ones_say() -> None:
    done = agreement(GROUP, {BOB: 2, CAROL: 2, DAN: 0})
    assert (done.outcome, done.option) == (BOOK, 2)


def test_different_choices_disagree_even_before_everyone_answered() -> None:
    three = [*GROUP, Person("fay@x.example")]
    assert agreement(three, {BOB: 0, CAROL: 1}).outcome == DISAGREE


def test_addresses_are_compared_without_case() -> None:
    assert agreement([Person("Bob@X.example")], {"bob@x.example": 0}).outcome == BOOK


def test_only_optional_people_decide_with_one_choice() -> None:
    optional = [Person(DAN, role="optional")]
    assert agreement(optional, {DAN: 1}).option == 1
    assert agreement(optional + [Person(BOB, role="optional")], {DAN: 1, BOB: 0}).outcome == (
        DISAGREE
    )


def test_nothing_answered_yet_waits() -> None:
    assert agreement([Person(DAN, role="optional")], {}).outcome == WAIT
    assert agreement(GROUP, {}).outcome == WAIT
