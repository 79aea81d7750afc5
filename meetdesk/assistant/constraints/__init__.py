"""The time constraints of a message: absolute windows and exclusions, in the right zone.

``read_constraints(text, sent_at=..., customer_tz=..., language=...)`` turns what a
sender wrote ("Tuesday or Thursday afternoon", "la semaine prochaine sauf le lundi",
"3pm EST", "pas avant 10h") into ``Constraints``: sorted, non-overlapping aware
intervals where the meeting may and may not take place, the zone they were read in,
whether the sender asked for the earliest slot, and the confidence, rules and reasons of
the reading. Anything that admits two readings is recorded as ambiguous, never guessed
silently. The conventions are those of docs/understanding.md.

Layout, in reading order: ``text`` (folding, what the rules took), ``vocab`` (words),
``model`` (the shapes), ``dates`` (calendar arithmetic), ``traps`` (what is not a time),
``cities`` and ``zones`` (the reading zone), ``periods``, ``days`` and ``parts`` (the
rules), ``scopes`` (offered or ruled out), ``intervals`` and ``windows`` (building the
result), ``leftovers`` (what was not understood) and ``reader`` (the entry point).
"""

from __future__ import annotations

from meetdesk.assistant.constraints.model import Constraints
from meetdesk.assistant.constraints.reader import read_constraints

__all__ = ["Constraints", "read_constraints"]
