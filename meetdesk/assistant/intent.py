"""Does a customer's message ask the assistant to schedule something?

The strong signal is a scheduling verb and a meeting object in the same sentence ("find
30 minutes", "set up a meeting", "organiser un appel"). A meeting object with a polite
request but no verb is read as a weaker request; cancellations and reschedules are
recognised only to keep them *out* of ``schedule`` (a later intent set handles them), and a
negated verb ("no need to book anything") is never a request.
"""

from __future__ import annotations

import re

from meetdesk.assistant.reading import SCHEDULE, UNKNOWN, Evidence
from meetdesk.assistant.text import fold, sentences

CLEAR = 0.95
NONE = 0.2
OTHER = 0.3

_VERB = re.compile(
    r"\b(?:find|schedule|set ?up|setup|organi[sz]e|arrange|book|plan|fix|line up|put together"
    r"|sort out|coordinate|get (?:\w+ )?(?:in|on) (?:the|our|my) (?:calendar|diary|agenda)s?"
    r"|trouver|trouve|organiser|organise|planifier|planifie|caler|cale|fixer|fixe|programmer"
    r"|arranger|reserver|reserve|prevoir|prevois|mettre en place|monter|bloquer|bloque"
    r"|prendre (?:un )?(?:rendez-vous|rdv))\b"
)
_OBJECT = re.compile(
    r"\b(?:meeting|meet|call|time|slot|minutes?|mins?|hours?|half an hour|lunch|coffee|dinner"
    r"|breakfast|chat|catch[- ]?up|appointment|session|demo|sync|video ?call|visio\w*"
    r"|rendez-vous|rdv|reunion|appel|creneau|moment|dejeuner|cafe|diner|point|heures?"
    r"|demi-heure|entretien|temps|date)\b"
)
_POLITE = re.compile(
    r"\b(?:please|could you|can you|would you|kindly|merci d|peux-tu|pouvez-vous"
    r"|pourriez-vous|pourrais-tu|peux tu|pouvez vous|s'il te plait|s'il vous plait|svp|stp)"
)
_NEGATED = re.compile(
    r"\b(?:no need to|don't|do not|not necessary to|pas besoin de?|inutile de|ne (?:\w+ )?pas)\b"
)
_OTHER = (
    (
        "intent.other.cancel",
        re.compile(r"\b(?:cancel\w*|call off|annul\w*)\b"),
        "looks like a cancellation, which this version does not handle",
    ),
    (
        "intent.other.reschedule",
        re.compile(
            r"\b(?:reschedul\w*|postpone\w*|move (?:the|our|my) (?:meeting|call)|push back"
            r"|report(?:er|e|ons|ez)|decal\w*|deplac\w*)\b"
        ),
        "looks like a reschedule, which this version does not handle",
    ),
)


def read_intent(text: str, assistant_name: str, ev: Evidence) -> tuple[str, float]:
    """The intent of a customer's request and the confidence it starts from."""
    folded = fold(text)
    if assistant_name and re.search(rf"\b{re.escape(fold(assistant_name))}\b", folded):
        ev.fired("intent.addressed")
    for rule, pattern, reason in _OTHER:
        if pattern.search(folded):
            ev.doubt(reason, rule=rule)
            return UNKNOWN, OTHER
    weak = False
    for sentence in sentences(folded):
        verb, obj = _VERB.search(sentence), _OBJECT.search(sentence)
        if verb and obj:
            if _NEGATED.search(sentence[: verb.start()]):
                ev.doubt("the scheduling verb is negated", rule="intent.negated")
                return UNKNOWN, NONE
            ev.fired("intent.schedule.verb")
            return SCHEDULE, CLEAR
        if obj and (_POLITE.search(sentence) or "intent.addressed" in ev.rules):
            weak = True
    if weak:
        ev.doubt(
            "asks for a meeting without saying to schedule it", rule="intent.schedule.polite_noun"
        )
        return SCHEDULE, CLEAR
    ev.doubt("no scheduling request found", rule="intent.none")
    return UNKNOWN, NONE
