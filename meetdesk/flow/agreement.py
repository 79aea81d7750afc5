"""When a meeting with several participants may be booked: every required one agreed.

Each required participant's answer (the option they chose) is recorded as it arrives;
the meeting is booked once all of them chose the same option. Optional and informed
people are told, never waited for, and the customer's own choice does not stand in for
a participant's. Different choices go to a human, who knows which one matters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from meetdesk.store.conversations import Person

WAIT, BOOK, DISAGREE = "wait", "book", "disagree"


@dataclass(frozen=True)
class Agreement:
    outcome: str  # wait | book | disagree
    option: int | None = None  # with BOOK: the index everyone chose
    waiting_for: tuple[str, ...] = ()  # with WAIT: who has not answered


def required(participants: Sequence[Person]) -> list[str]:
    """The addresses whose agreement the booking needs (lower-cased)."""
    return [p.email.lower() for p in participants if p.role == "required"]


def agreement(participants: Sequence[Person], answers: Mapping[str, int]) -> Agreement:
    """Where the answers stand; ``answers`` maps a lower-cased address to an option."""
    needed = required(participants)
    if not needed:  # nobody must agree: the first answer decides
        chosen = sorted(set(answers.values()))
        if not chosen:
            return Agreement(WAIT)
        return Agreement(BOOK, chosen[0]) if len(chosen) == 1 else Agreement(DISAGREE)
    given = {answers[e] for e in needed if e in answers}
    if len(given) > 1:
        return Agreement(DISAGREE)
    missing = tuple(e for e in needed if e not in answers)
    if missing:
        return Agreement(WAIT, waiting_for=missing)
    return Agreement(BOOK, given.pop())
