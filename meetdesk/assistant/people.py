"""Who the people of a request are, from what its prose says about them.

Headers say who is in the conversation; only the prose says that Carol need not come, or
that the sender is the customer's own assistant writing for them. Both matter to the
decision: an optional participant does not block a slot, and an assistant's request is
the customer's request. Both are read strictly, since a wrong reading drops someone from
a meeting or lets a stranger speak for the customer: a name must be one of the listed
people's, and an assistant must share the customer's (non-public) mail domain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from meetdesk.assistant.text import fold

__all__ = ["OPTIONAL", "optional_people", "writes_for_customer"]

OPTIONAL = "optional"

# The slots where a list of names ("Carol and Dan") or exactly one name is written: a
# note after a name ("Bob, Carol (optional)", "Carol si elle ...") is about that name only.
_WHO = "{who}"
_ONE = "{one}"
_LIST_JOIN = r"(?:\s*,\s*(?:and\s+|et\s+)?|\s+(?:and|et|&)\s+)"
_ADVERB = (
    r"(?:(?:entirely|completely|totally|purely|strictly|just|only|also|tout a fait|simplement)\s+)?"
)

_OPTIONAL_FORMS = (
    # EN: "Carol is optional", "Carol and Dan are optional", "Carol's attendance is optional"
    rf"{_WHO}(?:'s (?:attendance|presence|participation))?\s+(?:is|are|'s|would be|will be)\s+"
    rf"{_ADVERB}optional",
    rf"{_ONE}\s*[(\[]\s*(?:optional|opt|facultatif|facultative|optionnel|optionnelle)\s*[)\]]",
    rf"{_ONE}\s*[-:]\s*(?:optional|facultatif|facultative|optionnel|optionnelle)"
    r"(?=\s*(?:[.,;)\n]|$))",
    rf"\boptional(?: attendees?| participants?| guests?)?\s*:\s*{_WHO}",
    rf"\boptional for {_WHO}",
    rf"{_WHO}\s+(?:can|could|may|might|is welcome to|are welcome to)\s+(?:also\s+)?"
    rf"(?:join|attend|come|tag along)(?:\s+us)?(?:\s+too)?\s*,?\s*(?:if (?:she|he|they) "
    rf"(?:wants?|likes?|wish(?:es)?|is free|are free|is available|are available|can)"
    rf"|if available|if (?:she|he|they) (?:wants?|likes?) to|optionally)",
    rf"{_WHO}\s+(?:is|are)\s+welcome (?:to join |to attend )?but not required",
    rf"{_WHO}\s+(?:is|are)\s+not required",
    rf"{_WHO}(?:'s (?:attendance|presence))?\s+(?:is|are)\s+not (?:mandatory|required|necessary)",
    rf"{_WHO}\s+(?:does not|doesn't|do not|don't|need not|needn't)\s+(?:need to |have to )?"
    rf"(?:attend|join|come|be there)",
    rf"\bno need for {_WHO} to (?:attend|join|come|be there)",
    rf"\bfeel free to (?:join|attend|come|tag along)(?: us)?(?: if you (?:want|like|wish|can))?"
    rf"\s*,\s*{_WHO}",
    rf"{_WHO}\s*,\s*(?:feel free to|you(?:'re| are) welcome to) (?:join|attend|come)",
    # FR: "Carol en facultatif", "Carol est facultative", "la présence de Carol n'est pas
    # indispensable", "Carol si elle est disponible", "n'hésite pas à nous rejoindre, Dan"
    rf"{_WHO}\s+en\s+(?:facultatif|optionnel|option)\b",
    rf"{_WHO}\s+(?:est|sont|sera|seront)\s+{_ADVERB}(?:facultati(?:f|ve|fs|ves)"
    rf"|optionnel(?:le|s|les)?)\b",
    rf"\b(?:facultatifs?|facultatives?|optionnels?|en option)\s*:\s*{_WHO}",
    rf"\b(?:la )?(?:presence|participation) (?:de |d'){_WHO}\s+(?:est|sera)\s+{_ADVERB}"
    rf"(?:facultative|optionnelle|souhaitable mais pas obligatoire)",
    rf"\b(?:la )?(?:presence|participation) (?:de |d'){_WHO}\s+n'est pas\s+(?:\w+\s+)?"
    rf"(?:indispensable|obligatoire|necessaire|requise|imperative)",
    rf"{_ONE}\s*,?\s+si (?:elle|il|elles|ils) (?:est|sont|le|la|les)\s*"
    rf"(?:disponibles?|libres?|dispos?|souhaitent|souhaite|veut|veulent|peut|peuvent)",
    rf"{_ONE}\s*,?\s+si (?:elle|il|elles|ils) (?:le souhaite|le souhaitent|le veut|veut|veulent)",
    rf"{_ONE}\s*,?\s+si (?:disponibles?|dispo|possible)\b",
    rf"{_WHO}\s+(?:peut|peuvent|pourra|pourront|pourrait|pourraient)\s+"
    rf"(?:se joindre a nous|nous rejoindre|participer|venir)[^.;\n]{{0,30}}"
    rf"\bsi (?:elle|il|elles|ils)",
    rf"{_WHO}\s+n'(?:est|sont) pas (?:obligee?s?|tenue?s?) d(?:e |')"
    rf"(?:venir|participer|etre la|assister)",
    rf"\bn'hesite(?:z)? pas a (?:vous joindre a nous|te joindre a nous|nous rejoindre|participer"
    rf"|venir)[^.;\n]{{0,20}}?\s*,\s*{_WHO}",
    rf"{_WHO}\s*,\s*n'hesite(?:z)? pas a (?:nous rejoindre|te joindre|vous joindre|participer"
    rf"|venir)",
)


def _keys(email: str, name: str | None) -> set[str]:
    """How a person may be called in prose: full name, first name, e-mail local part."""
    keys: set[str] = set()
    if name:
        full = fold(name).strip().strip("\"'")
        if "," in full:  # "Martin, Carol": family name first
            family, _, given = full.partition(",")
            full = f"{given.strip()} {family.strip()}"
        if full:
            keys.add(full)
            keys.add(full.split()[0])
    keys.add(fold(email.strip()))
    local = fold(email.split("@", 1)[0])
    keys.add(local)
    pieces = [p for p in re.split(r"[._-]+", local) if p]
    if len(pieces) > 1:
        keys.add(" ".join(pieces))
        if pieces[0].isalpha() and len(pieces[0]) > 1:
            keys.add(pieces[0])
    return {k for k in keys if len(k) > 1}


# Words every optional form above contains: a message without any is not searched.
_CUES = re.compile(
    r"\b(?:optional\w*|opt|facultati\w*|optionnel\w*|option|if|welcome|not|need\w*"
    r"|doesn't|don't|feel free|presence|participation|si|pas|obligee?s?|tenue?s?"
    r"|n'hesitez?|needn't)\b"
)


def optional_people(text: str, people: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Emails of the listed ``people`` (email, display name) the prose marks optional.

    A name two listed people share ("Carol" for two Carols) names neither: the full
    name or the address must then be written.
    """
    folded = fold(text)
    if not people or not _CUES.search(folded):
        return {}
    owners: dict[str, set[str]] = {}
    for email, name in people:
        for key in _keys(email, name):
            owners.setdefault(key, set()).add(email)
    unique = {key: next(iter(emails)) for key, emails in owners.items() if len(emails) == 1}
    if not unique:
        return {}
    one = "|".join(re.escape(k) for k in sorted(unique, key=len, reverse=True))
    name = rf"(?<![\w@.])(?:{one})(?![\w@])"
    who = rf"(?P<who>{name}(?:{_LIST_JOIN}{name})*)"
    one = rf"(?P<who>{name})"
    marked: dict[str, str] = {}
    for form in _OPTIONAL_FORMS:
        for m in re.finditer(form.replace(_WHO, who).replace(_ONE, one), folded):
            for key in re.findall(name, m.group("who")):
                marked[unique[key]] = OPTIONAL
    return {email: marked[email] for email, _ in people if email in marked}


# Free mail: two senders at gmail.com are not colleagues.
_PUBLIC_DOMAINS = frozenset(
    "gmail.com googlemail.com outlook.com outlook.fr hotmail.com hotmail.fr live.com live.fr "
    "msn.com yahoo.com yahoo.fr icloud.com me.com mac.com aol.com gmx.com gmx.fr gmx.de "
    "proton.me protonmail.com orange.fr wanadoo.fr free.fr laposte.net sfr.fr neuf.fr "
    "bbox.fr yandex.com mail.com".split()
)

_ON_BEHALF = (
    r"\bon behalf of {who}",
    r"\bon {who}'s? behalf",
    r"{who} (?:has )?asked me to\b",
    r"\bi(?:'m| am) {who}'s (?:\w+ )?(?:assistant|secretary|pa|ea)\b",
    r"\bi(?:'m| am) (?:the )?(?:\w+ )?(?:assistant|secretary) (?:of|to) {who}",
    r"\bwriting for {who}\b",
    r"\bde la part (?:de |d'){who}",
    r"\bpour le compte (?:de |d'){who}",
    r"\bau nom (?:de |d'){who}",
    r"\ba la demande (?:de |d'){who}",
    r"{who} m'a (?:demande|charge)e? de\b",
    r"{who} me charge de\b",
    r"\bje suis (?:l'|la |le )?(?:assistante?|secretaire)(?: de direction| personnelle?)? "
    r"(?:de |d'){who}",
)
# A sign-off line saying the sender is an assistant, with or without whose.
_TITLE_LINE = re.compile(
    r"(?m)^[ \t]*(?:executive |personal |administrative |office )?(?:assistant|secretary|pa|ea)"
    r"(?: to (?P<en>[^\n]+))?[ \t]*$"
    r"|^[ \t]*(?:assistante?|secretaire)"
    r"(?: de direction| personnelle?| executive| de (?P<fr>[^\n]+)| d'(?P<fr2>[^\n]+))?[ \t]*$"
)
_TITLES = r"(?:(?:mr|mrs|ms|miss|dr|m|mme|mlle|monsieur|madame|mademoiselle)\.?\s+)?"


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def writes_for_customer(
    text: str, sender_email: str, customer_email: str, customer_name: str | None
) -> bool:
    """True when the sender is the customer's own assistant writing on their behalf.

    Both must hold: the sender shares the customer's domain (a public mail domain does not
    count), and the text says so ("on behalf of Alice", "de la part de Mme Martin", "I'm
    Alice's assistant", or a title line such as "Assistant to Alice Martin").
    """
    domain = _domain(customer_email)
    sender = sender_email.strip().lower()
    if not domain or domain in _PUBLIC_DOMAINS or _domain(sender) != domain:
        return False
    if sender == customer_email.strip().lower():
        return False
    keys = _keys(customer_email, customer_name)
    if customer_name:
        family = fold(customer_name).split()
        if len(family) > 1:
            keys.add(family[-1])
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    who = rf"{_TITLES}(?:{names})(?![\w@])"
    folded = fold(text)
    if any(re.search(form.format(who=who), folded) for form in _ON_BEHALF):
        return True
    for m in _TITLE_LINE.finditer(folded):
        whose = (m.group("en") or m.group("fr") or m.group("fr2") or "").strip()
        if not whose or re.match(rf"{who}\b", whose) or _generic(whose):
            return True
    return False


def _generic(whose: str) -> bool:
    """ "to the CEO", "de la direction": a function, which may well be the customer's."""
    return bool(re.match(r"(?:the|la|le|les|l'|du|des|direction|management)\b", whose))
