"""What a message wants: one of the twelve intents of the design, with named rules.

The strong ``schedule`` signal is a scheduling verb and a meeting object in the same
sentence ("find 30 minutes", "set up a meeting", "organiser un appel"); a meeting object
with a polite request but no verb is a weaker request, and a negated verb ("no need to
book anything") is never one. Every other intent comes from the phrase table in
``intent_rules``; ``classify`` collects the hits of all rules and picks the highest-ranked
intent. Hits of intents that cannot be read together (a cancellation and a new request, a
privacy request and a choice) and negated phrases ("don't cancel") are *doubts*: they lower
the confidence so a human looks, rather than letting the reader guess.

``read_intent`` keeps the contract the decision rules were written against: it returns
``schedule`` or ``unknown`` and records the finer intent only as rule names, unless the
caller asks for the full set (``full=True``).
"""

from __future__ import annotations

import re

from meetdesk.assistant.auto_reply import looks_automatic
from meetdesk.assistant.intent_rules import (
    ASKING,
    HYPOTHETICAL,
    NEGATION,
    PURPOSE,
    RULES,
    TIME_REF,
    Rule,
)
from meetdesk.assistant.reading import (
    ACKNOWLEDGE,
    AUTO_REPLY,
    CANCEL,
    COUNTER_PROPOSAL,
    DECLINE,
    NOT_SCHEDULING,
    PREFERENCE_UPDATE,
    PRIVACY_REQUEST,
    QUESTION,
    RESCHEDULE,
    SCHEDULE,
    UNKNOWN,
    Evidence,
)
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
    r"|demi-heure|entretien|temps|date|drinks?|a beer|afterwork|happy hour|verre|apero|aperitif)\b"
)
# "Julie, we need a call with Ines": a want said to the assistant is a request.
_WANT = re.compile(
    r"\b(?:need|needs|would like|'d like|want|wants|besoin d|voudrais|voudrions|souhaite"
    r"|souhaiterais|souhaitons|aimerais|aimerions)\b"
)
_POLITE = re.compile(
    r"\b(?:please|could you|can you|would you|kindly|merci d|peux-tu|pouvez-vous"
    r"|pourriez-vous|pourrais-tu|peux tu|pouvez vous|s'il te plait|s'il vous plait|svp|stp)"
)
_NEGATED = re.compile(
    r"\b(?:no need to|don't|do not|not necessary to|pas besoin de?|inutile de|ne (?:\w+ )?pas)\b"
)
# A negation counts only inside the clause of the phrase it would void.
_CLAUSE_START = re.compile(r".*(?:[,:;]|\bbut\b|\bmais\b|\band\b|\bet\b)", re.DOTALL)
_PIECE = re.compile(r"(?<=[.;!?])\s+|\n+")

# Highest first. Bulk-mail markers ("click here") rank below an explicit request, which
# then only gets a doubt: a person may paste a link into a real request. A counter-proposal
# only makes sense as an answer to our proposals; in a fresh request "how about Tuesday"
# is a constraint of the request, so it ranks lower there.
_RANK_ANSWER = (
    PRIVACY_REQUEST,
    CANCEL,
    RESCHEDULE,
    COUNTER_PROPOSAL,
    SCHEDULE,
    NOT_SCHEDULING,
    DECLINE,
    PREFERENCE_UPDATE,
    QUESTION,
    ACKNOWLEDGE,
)
_RANK_REQUEST = tuple(i for i in _RANK_ANSWER if i != COUNTER_PROPOSAL) + (COUNTER_PROPOSAL,)
# Intents that may appear beside the winner without making the message ambiguous.
_MINOR = frozenset({QUESTION, ACKNOWLEDGE})
_COMPATIBLE: dict[str, frozenset[str]] = {
    NOT_SCHEDULING: frozenset({DECLINE, PREFERENCE_UPDATE}),
    PRIVACY_REQUEST: frozenset(),
    CANCEL: frozenset({DECLINE}),
    RESCHEDULE: frozenset({DECLINE, COUNTER_PROPOSAL, SCHEDULE}),
    COUNTER_PROPOSAL: frozenset({DECLINE, SCHEDULE}),
    SCHEDULE: frozenset({COUNTER_PROPOSAL}),
    DECLINE: frozenset(),
    PREFERENCE_UPDATE: frozenset(),
    QUESTION: frozenset(),
    ACKNOWLEDGE: frozenset(),
}
_LABEL = {
    PRIVACY_REQUEST: "a privacy request",
    CANCEL: "a cancellation",
    RESCHEDULE: "a reschedule",
    COUNTER_PROPOSAL: "a counter-proposal",
    SCHEDULE: "a scheduling request",
    DECLINE: "a refusal",
    PREFERENCE_UPDATE: "a standing preference",
    QUESTION: "a question",
    ACKNOWLEDGE: "an acknowledgement",
    NOT_SCHEDULING: "bulk mail",
}


def _clause_before(piece: str, start: int) -> str:
    before = piece[:start]
    clause = _CLAUSE_START.match(before)
    return before[clause.end() :] if clause else before


def _negated(piece: str, start: int) -> bool:
    return bool(NEGATION.search(_clause_before(piece, start)[-30:]))


def _conditional(piece: str, start: int) -> bool:
    """'if you want to cancel', 'to opt out': the phrase is described, not requested."""
    window = _clause_before(piece, start)
    if ASKING.search(window):
        return False
    return bool(HYPOTHETICAL.search(window) or PURPOSE.search(window))


def _schedule(folded: str, ev: Evidence) -> str | None:
    """'verb', 'polite' or 'negated' for the schedule signal, as the first version read it."""
    weak = False
    for sentence in sentences(folded):
        verb, obj = _VERB.search(sentence), _OBJECT.search(sentence)
        if not verb and obj and "intent.addressed" in ev.rules:
            verb = _WANT.search(sentence)
        if verb and obj:
            return "negated" if _NEGATED.search(sentence[: verb.start()]) else "verb"
        if obj and (_POLITE.search(sentence) or "intent.addressed" in ev.rules):
            weak = True
    return "polite" if weak else None


def _hits(folded: str, ev: Evidence) -> tuple[dict[str, list[Rule]], list[Rule]]:
    """The rules that match, by intent, and those voided by a negation."""
    hits: dict[str, list[Rule]] = {}
    negated: list[Rule] = []
    for piece in _PIECE.split(folded):
        piece = piece.strip()
        if not piece:
            continue
        for rule in RULES:
            m = rule.pattern.search(piece)
            if m is None:
                continue
            if rule.intent == COUNTER_PROPOSAL and not TIME_REF.search(piece):
                continue
            if rule.negatable and _negated(piece, m.start()):
                negated.append(rule)
            elif rule.negatable and _conditional(piece, m.start()):
                ev.fired(f"{rule.name}.conditional")
            else:
                hits.setdefault(rule.intent, []).append(rule)
    return hits, negated


def classify(
    text: str, assistant_name: str, ev: Evidence, *, answering: bool = False
) -> tuple[str, float]:
    """The intent among the full set and the confidence it starts from.

    ``answering`` says the message answers our proposals, where "how about Monday?" is a
    counter-proposal rather than part of a request. ``choose_slot`` is not decided here:
    only ``choice.point`` can match an answer against the proposals.
    """
    folded = fold(text)
    if assistant_name and re.search(rf"\b{re.escape(fold(assistant_name))}\b", folded):
        ev.fired("intent.addressed")
    if looks_automatic("", text):
        ev.fired("intent.auto_reply.words")
        return AUTO_REPLY, CLEAR
    hits, negated = _hits(folded, ev)
    schedule = _schedule(folded, ev)
    if schedule == "verb":
        hits.setdefault(SCHEDULE, []).append(Rule("intent.schedule.verb", SCHEDULE, _VERB))
    elif schedule == "polite":
        hits.setdefault(SCHEDULE, []).append(
            Rule("intent.schedule.polite_noun", SCHEDULE, _OBJECT, strong=False)
        )
    elif schedule == "negated":
        negated.append(Rule("intent.schedule", SCHEDULE, _VERB))
    if NOT_SCHEDULING in hits:
        hits.pop(PRIVACY_REQUEST, None)  # "to unsubscribe, click here" is a footer
    rank = _RANK_ANSWER if answering else _RANK_REQUEST
    # A strong sign of a lower-ranked intent beats a weak sign of a higher one: "plus
    # aucune réunion le vendredi, s'il te plaît" is a standing preference, not a request.
    strong_first = [i for i in rank if any(rule.strong for rule in hits.get(i, ()))]
    winner = next(iter(strong_first), None) or next((i for i in rank if i in hits), None)

    for rule in negated:
        if winner is None or rule.intent == winner or rule.intent not in hits:
            ev.doubt(f"{_LABEL[rule.intent]} is negated", rule=f"{rule.name}.negated")
    if winner is None:
        if negated:
            return UNKNOWN, NONE
        if _OBJECT.search(folded) and TIME_REF.search(folded):
            ev.doubt("no scheduling request found", rule="intent.none")
            return UNKNOWN, NONE
        if _OBJECT.search(folded):
            ev.doubt("mentions a meeting but asks for none", rule="intent.not_scheduling.mention")
            return NOT_SCHEDULING, CLEAR
        ev.doubt("nothing about scheduling found", rule="intent.not_scheduling.no_signal")
        return NOT_SCHEDULING, CLEAR

    for intent in sorted(hits, key=lambda i: i != winner):
        for rule in hits[intent]:
            ev.fired(rule.name)
    if winner == SCHEDULE and schedule == "polite":
        ev.doubt("asks for a meeting without saying to schedule it")
    elif not any(rule.strong for rule in hits[winner]):
        ev.doubt(f"only a weak sign of {_LABEL[winner]}")
    allowed = _COMPATIBLE[winner] | _MINOR | {winner}
    strong = [i for i in rank if any(rule.strong for rule in hits.get(i, ()))]
    for other in (i for i in strong if i not in allowed):
        ev.doubt(f"also reads as {_LABEL[other]}", rule=f"intent.mixed.{other}")
    return winner, CLEAR


def strong_intents(text: str, *, answering: bool = True) -> frozenset[str]:
    """Intents that a strong (non-negated) phrase rule finds anywhere in the text.

    ``read_choice`` uses it to notice a pick that also cancels, reschedules or asks
    something else ("the second works, actually please cancel"), which is not a clear choice.
    """
    hits, _ = _hits(fold(text), Evidence())
    return frozenset(i for i, rules in hits.items() if any(rule.strong for rule in rules))


def read_intent(
    text: str, assistant_name: str, ev: Evidence, *, full: bool = False
) -> tuple[str, float]:
    """The intent of a customer's request and the confidence it starts from.

    Without ``full`` only ``schedule`` is returned as such; any other intent becomes
    ``unknown`` with a low confidence and a reason naming what it looked like, which is
    what the decision rules of the first version expect.
    """
    intent, base = classify(text, assistant_name, ev)
    if full or intent in (SCHEDULE, UNKNOWN):
        return intent, base
    if intent == NOT_SCHEDULING:
        ev.doubt("no scheduling request found", rule="intent.none")
        return UNKNOWN, NONE
    label = _LABEL.get(intent, "an automatic reply")
    ev.doubt(f"looks like {label}, which this version does not handle")
    return UNKNOWN, OTHER if intent in (CANCEL, RESCHEDULE) else NONE
