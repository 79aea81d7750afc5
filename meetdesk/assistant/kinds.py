"""What kind of meeting is asked for: call, video, in person, lunch, coffee, ...

The kind drives the wording ("a 30-minute call") and, later, the place or dial-in. Specific
kinds win over the generic "meeting"; two different specific kinds ("lunch or a call")
are reported so the reader can flag the doubt instead of choosing one.
"""

from __future__ import annotations

import re

CALL, VIDEO, IN_PERSON, MEETING = "call", "video", "in_person", "meeting"
LUNCH, COFFEE, DINNER, BREAKFAST = "lunch", "coffee", "dinner", "breakfast"
DRINKS = "drinks"
KINDS = (CALL, VIDEO, IN_PERSON, MEETING, LUNCH, COFFEE, DINNER, BREAKFAST, DRINKS)
MEALS = (LUNCH, COFFEE, DINNER, BREAKFAST, DRINKS)

# Order matters: earlier patterns are blanked before later ones run ("video call" is
# video, not call; "petit-dejeuner" is breakfast, not lunch).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        VIDEO,
        re.compile(
            r"\b(?:video[- ]?(?:call|conference|meeting|chat)?|visio(?:conference)?"
            r"|zoom|microsoft teams|on teams|google meet|webex|appel video)\b"
        ),
    ),
    (BREAKFAST, re.compile(r"\b(?:breakfast|petit[- ]dejeuner)\b")),
    (LUNCH, re.compile(r"\b(?:lunch|dejeuner|dej)\b")),
    (DINNER, re.compile(r"\b(?:dinner|diner)\b")),
    (COFFEE, re.compile(r"\b(?:coffee|cafe)\b")),
    (
        DRINKS,
        re.compile(
            r"\b(?:drinks?|a beer|afterwork|after-work|happy hour|aperitif|apero"
            r"|(?:prendre|boire) un verre|un verre)\b"
        ),
    ),
    (
        IN_PERSON,
        re.compile(
            r"\b(?:in[- ]person|face[- ]to[- ]face|en personne|en presentiel"
            r"|in our office|at (?:our|the|my) office|a nos bureaux"
            r"|dans nos locaux)\b"
        ),
    ),
    (
        CALL,
        re.compile(
            r"\b(?:(?:phone |conference |quick )?call|phone|telephone|appel"
            r"|coup de fil|call)\b"
        ),
    ),
    (MEETING, re.compile(r"\b(?:meeting|meet|reunion|rendez[- ]vous|rdv|entretien|point)\b")),
)


def find_kinds(folded: str) -> list[str]:
    """Kinds mentioned, most specific first, without duplicates."""
    found: list[str] = []
    for kind, pattern in _PATTERNS:
        if pattern.search(folded):
            if kind not in found:
                found.append(kind)
            folded = pattern.sub(" ", folded)
    return found


def kind_of(folded: str) -> tuple[str | None, list[str]]:
    """The one kind to use and any competing specific kinds (non-empty means doubt)."""
    found = find_kinds(folded)
    specific = [k for k in found if k != MEETING]
    if not specific:
        return (MEETING if found else None), []
    # "lunch meeting in person" is still lunch: the meal or video wins over the setting.
    primary = specific[0]
    others = [k for k in specific[1:] if not (k == IN_PERSON and primary in MEALS)]
    return primary, others
