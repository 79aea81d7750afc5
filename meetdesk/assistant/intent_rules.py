"""The named word rules behind every intent other than ``schedule``, in English and French.

Each rule is a name and a pattern on *folded* text (see ``text.fold``: lowercase, no
accents, plain apostrophes), so French rules need no accent variants. A rule's name is
what a supervisor sees in ``Reading.rules``; keeping the table flat and declarative makes
it easy to audit which words trigger which intent, and to add one without touching the
decision logic in ``intent_classify``.

Patterns are deliberately phrase-level: single words such as "stop", "move" or "thanks"
appear in ordinary requests too, so they only count in the shapes listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetdesk.assistant.lexicon import MONTH_RE, WEEKDAY_RE


@dataclass(frozen=True)
class Rule:
    """One named pattern for one intent; ``strong`` rules start at the clear confidence."""

    name: str
    intent: str
    pattern: re.Pattern[str]
    strong: bool = True
    negatable: bool = True  # a preceding negation ("don't cancel") voids the match


def _r(
    name: str, intent: str, pattern: str, *, strong: bool = True, negatable: bool = True
) -> Rule:
    return Rule(name, intent, re.compile(pattern), strong, negatable)


_MEETING = (
    r"(?:meeting|call|appointment|session|chat|catch[- ]?up|lunch|coffee|dinner|demo|sync"
    r"|interview|visit|it|this|that|rendez-vous|rdv|reunion|appel|entretien|dejeuner|cafe"
    r"|diner|point|visio\w*|rencontre)"
)
_DET = (
    r"(?:the|our|my|this|that|your|tomorrow's|today's|\w+day's"
    r"|le|la|l'|notre|nos|mon|ma|ce|cet|cette)"
)
TIME_REF = re.compile(
    rf"\b(?:{WEEKDAY_RE}|{MONTH_RE}|tomorrow|today|tonight|morning|afternoon|evening|noon"
    r"|next week|later|earlier|demain|aujourd'hui|matin|matinee|apres-midi|soir|midi"
    r"|semaine prochaine|plus tard|plus tot|\d{1,2} ?(?:h|:|am|pm)\d{0,2})\b"
)
NEGATION = re.compile(
    r"\b(?:not|no need to|don't|do not|doesn't|never|no longer|please don't|no reason to"
    r"|pas besoin d|inutile d|ne|n'|jamais|plus besoin d)\b|\bn'"
)

# Instructions and hypotheticals ("if you want to cancel, click...", "to opt out, go to")
# describe an action without asking for it; found in the clause before the phrase.
HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|in case|unless|you can|you may|you could|si|vous pouvez|tu peux)\b"
)
PURPOSE = re.compile(r"^\W*(?:to|in order to|pour|afin de?)\b")
# What turns a described action back into a request: "if possible, please cancel".
ASKING = re.compile(
    r"\b(?:please|could you|can you|would you|kindly|merci de|merci d'|je (?:souhaite|voudrais"
    r"|veux)|pourriez-vous|pouvez-vous)"
)

RULES: tuple[Rule, ...] = (
    # privacy_request: data subject requests and opt-outs, never answered automatically.
    _r(
        "intent.privacy.delete",
        "privacy_request",
        r"\b(?:delete|remove|erase|wipe|purge)\b[^.?!]{0,30}\b(?:my|all) (?:\w+ )?"
        r"(?:data|information|info|details|records?|e-?mail address|contact details)\b"
        r"|\bforget (?:about )?me\b|\bright to (?:be forgotten|erasure)\b",
    ),
    _r(
        "intent.privacy.access",
        "privacy_request",
        r"\b(?:what|which|all the|the|any) (?:personal )?(?:data|information|info)\b[^.?!]{0,25}"
        r"\b(?:you|your (?:system|assistant)) (?:hold|have|keep|store|process)\w*"
        r"|\b(?:hold|have|keep|store)\w* (?:about|on) me\b|\bsubject access request\b",
    ),
    _r("intent.privacy.gdpr", "privacy_request", r"\b(?:gdpr|rgpd|cnil)\b", negatable=False),
    _r(
        "intent.privacy.unsubscribe",
        "privacy_request",
        r"^(?:please )?unsubscribe(?: me)?\b|\b(?:please|i want to|i'd like to|kindly)"
        r" unsubscribe\b|\bunsubscribe me\b|\bopt(?:-| )?out\b|\bremove me from\b",
    ),
    _r(
        "intent.privacy.stop",
        "privacy_request",
        r"^(?:please )?stop\W*$|\bstop (?:e-?mailing|contacting|writing to|messaging|spamming)"
        r"(?: me| us)?\b|\bstop sending (?:me|us|e-?mails|messages)\b"
        r"|\b(?:do not|don't) (?:contact|e-?mail|write to) me\b",
        negatable=False,
    ),
    _r(
        "intent.privacy.delete_fr",
        "privacy_request",
        r"\b(?:supprim|eff?ac|retir|detrui)\w*\b[^.?!]{0,30}\b(?:mes|toutes mes|les) "
        r"(?:\w+ )?(?:donnees|informations|coordonnees)\b|\bdroit (?:a l'oubli|d'effacement)\b"
        r"|\boubliez-moi\b",
    ),
    _r(
        "intent.privacy.access_fr",
        "privacy_request",
        r"\b(?:quelles|les|toutes les) (?:donnees|informations)\b[^.?!]{0,30}"
        r"\b(?:detenez|conservez|avez|possedez|gardez|stockez)\b|\bdonnees (?:que vous avez )?"
        r"(?:sur|a propos de|me concernant)\b",
    ),
    _r(
        "intent.privacy.unsubscribe_fr",
        "privacy_request",
        r"\b(?:desinscri\w*|desabonn\w*)|\barretez de m'(?:ecrire|envoyer|contacter)\b"
        r"|\bne (?:plus )?me (?:plus )?contacter\b",
        negatable=False,
    ),
    # cancel
    _r(
        "intent.cancel.verb",
        "cancel",
        rf"\b(?:cancel|call off) (?:\w+ ){{0,2}}{_MEETING}\b"
        r"|\b(?:please |kindly )?cancel\b(?! ?(?:ation )?policy)|\bcancellation\b",
    ),
    _r(
        "intent.cancel.verb_fr",
        "cancel",
        r"\bannul(?:er|e|ez|ons|ation)\b|\bn'aura pas lieu\b",
    ),
    # reschedule
    _r(
        "intent.reschedule.verb",
        "reschedule",
        rf"\b(?:reschedul\w*|postpon\w*|push (?:back|it|{_DET} {_MEETING})"
        rf"|(?:move|shift|change|bring forward) {_DET} (?:\w+ )?(?:{_MEETING}|time|date|slot)"
        r"|move it|change the (?:time|date))\b",
    ),
    _r(
        "intent.reschedule.verb_fr",
        "reschedule",
        r"\b(?:decal\w*|deplac\w*|report(?:er|e|ons|ez)|avanc(?:er|ons|ez) "
        r"(?:le|la|notre|l')|changer (?:la date|l'heure|l'horaire|le creneau))\b",
    ),
    # decline: the negation is part of the phrase, so these are not negatable.
    _r(
        "intent.decline.cannot_attend",
        "decline",
        r"\b(?:i|we) (?:won't|will not|can't|cannot|can not|am unable to|are unable to|'m unable to"
        r"|will be unable to|am not able to|won't be able to|will not be able to)"
        r" (?:be able to )?(?:attend|make it|join|come|participate|be there|take part)\b"
        r"|\b(?:have|need|must) to decline\b|\b(?:i|we) (?:must|will|'ll|would like to) decline\b"
        r"|\bcount me out\b|\bnot interested\b",
        negatable=False,
    ),
    _r(
        "intent.decline.none_fit",
        "decline",
        r"\b(?:none of (?:these|those|them|the \w+)|neither) (?:\w+ )?(?:works?|suits?|fits?"
        r"|is possible|are possible)|\bcan't make (?:any|either)\b",
        negatable=False,
    ),
    _r(
        "intent.decline.cannot_attend_fr",
        "decline",
        r"\b(?:je|nous) ne (?:pourrai|pourrons|pourrais|peux|pouvons|serai|serons) pas"
        r"|\bje dois (?:malheureusement )?decliner\b|\bsans moi\b|\bpas interesse\w*\b",
        negatable=False,
    ),
    _r(
        "intent.decline.none_fit_fr",
        "decline",
        r"\baucun\w* (?:\w+ ){0,3}ne (?:me |nous )?(?:convien|va|vont)\w*"
        r"|\bni l'un ni l'autre\b",
        negatable=False,
    ),
    # counter_proposal: an alternative offered; needs a time reference (checked in code).
    _r(
        "intent.counter.alternative",
        "counter_proposal",
        r"\b(?:how about|what about|would \w+ (?:\w+ )?(?:work|suit|be possible) instead"
        r"|could we (?:do|try|make it)|can we (?:do|try|make it)|instead\b|i (?:could|can) do"
        r"|i'm free|i am free|i'm available|i am available|better for me|works better)",
        negatable=False,
    ),
    _r(
        "intent.counter.alternative_fr",
        "counter_proposal",
        r"\b(?:que (?:diriez|dites)-vous d|et si (?:on|nous)|je (?:vous )?propose plutot"
        r"|plutot|je suis (?:libre|disponible)|je peux|serait-il possible|est-ce que \w+ "
        r"(?:vous|te) (?:irait|conviendrait)|(?:m'|nous )?irait mieux|a la place)",
        negatable=False,
    ),
    # preference_update: a standing instruction, not a one-off constraint.
    _r(
        "intent.preference.standing",
        "preference_update",
        r"\b(?:from now on|going forward|in (?:the )?future|henceforth|from here on|as a rule"
        r"|by default|please (?:always|never)|(?:always|never) (?:book|schedule|put|set up"
        r"|propose|offer))\b",
    ),
    _r(
        "intent.preference.standing_fr",
        "preference_update",
        r"\b(?:desormais|dorenavant|a l'avenir|a partir de maintenant|par defaut"
        r"|merci de (?:toujours|ne jamais)|(?:toujours|jamais) (?:me )?(?:proposer|planifier))\b",
    ),
    _r(
        "intent.preference.prefer",
        "preference_update",
        r"\b(?:i (?:prefer|'d rather|would rather|no longer take)|my preference is"
        r"|je prefere|je prefererais|ma preference)\b",
        strong=False,
        negatable=False,
    ),
    # not_scheduling: bulk mail markers.
    _r(
        "intent.not_scheduling.bulk",
        "not_scheduling",
        r"\b(?:view (?:this e-?mail )?in (?:your|a) browser|you (?:are )?receiv\w+ this"
        r"|(?:click|tap) here|newsletter|to unsubscribe|unsubscribe (?:from|here|link)"
        r"|manage (?:your )?(?:preferences|subscription)|% off|free shipping|limited time"
        r"|se desinscrire|pour vous desabonner|lettre d'information|voir la version en ligne)\b",
        negatable=False,
    ),
    # acknowledge: thanks and confirmations of receipt.
    _r(
        "intent.acknowledge.thanks",
        "acknowledge",
        r"^(?:(?:ok|okay|great|perfect|super|parfait|top|tres bien|thanks?|thank you|many thanks"
        r"|merci(?: beaucoup| bien)?|cheers|noted|got it|bien recu|c'est note|sounds good"
        r"|see you(?: then| there)?|a bientot|bonne journee|entendu|d'accord)\b[ ,!]*)+"
        r"(?:(?:for|pour) [^.?!]{0,40}|[a-z]+)?\W*$",
        negatable=False,
    ),
    _r(
        "intent.acknowledge.noted",
        "acknowledge",
        r"\b(?:noted|got it|well received|bien recu|c'est note|je note|message recu"
        r"|thanks for (?:the|your) (?:update|confirmation|invite|invitation|reminder))\b",
        strong=False,
        negatable=False,
    ),
    # question: an open question without a request; weakest of all.
    _r(
        "intent.question.wh",
        "question",
        r"^(?:[a-z]+, )?(?:which|what|where|who|when|how|why|is|are|do|does|will|should"
        r"|quel\w*|ou|qui|quand|comment|pourquoi|est-ce|combien)\b[^?]*\?",
        negatable=False,
    ),
    _r("intent.question.mark", "question", r"\?\s*$", strong=False, negatable=False),
)
