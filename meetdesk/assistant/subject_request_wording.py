"""What the assistant writes about data-subject requests, in English and French.

Two messages: the acknowledgement to the person who asked (what was understood, the
deadline, and the one-time code when their identity still has to be checked), and the
note to a customer that a person in one of their threads asked not to be contacted or
to be erased, so a human must take the thread over. Neither repeats anything about the
subject beyond what the thread already shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from meetdesk.assistant.wording import format_day, salutation, writing_language

_KIND_EN = {
    "access": "a copy of the personal data we hold about you",
    "portability": "your personal data in a machine-readable form",
    "rectification": "the correction of your personal data",
    "erasure": "the erasure of your personal data",
    "restriction": "the restriction of the processing of your personal data",
    "objection": "no longer to be contacted by this assistant",
    "consent_withdrawal": "no longer to be contacted by this assistant",
}
_KIND_FR = {
    "access": "une copie des données personnelles que nous détenons sur vous",
    "portability": "vos données personnelles dans un format lisible par machine",
    "rectification": "la rectification de vos données personnelles",
    "erasure": "l'effacement de vos données personnelles",
    "restriction": "la limitation du traitement de vos données personnelles",
    "objection": "ne plus être contacté(e) par cette assistante",
    "consent_withdrawal": "ne plus être contacté(e) par cette assistante",
}


def acknowledgement_text(
    *,
    language: str,
    assistant_name: str,
    kind: str,
    deadline: datetime,
    code: str | None,
    code_expires: datetime | None,
    done: bool,
) -> str:
    """The reply to a request: understood, by when, and how to confirm it if needed."""
    lang = "fr" if writing_language(language) == "fr" else "en"
    say = _ACKNOWLEDGEMENT[lang]
    lines = [salutation([], lang), "", say["received"].format(what=say["kinds"][kind])]
    answer = say["answer"].format(day=format_day(deadline, lang))
    if done:
        lines.append(say["done"])
    elif code is not None and code_expires is not None:
        valid = say["valid"].format(day=format_day(code_expires, lang))
        lines += [say["code"].format(code=code), valid, answer]
    else:
        lines.append(answer)
    lines += ["", say["closing"], assistant_name]
    return "\n".join(lines) + "\n"


_ACKNOWLEDGEMENT: dict[str, dict[str, Any]] = {
    "en": {
        "kinds": _KIND_EN,
        "received": "We have received your request for {what}.",
        "done": "It has been carried out: you will receive no further messages from me.",
        "code": "To make sure the request comes from you, please reply to this message with "
        "this code: {code}",
        "valid": "The code is valid until {day}.",
        "answer": "We will answer by {day} at the latest.",
        "closing": "Best regards,",
    },
    "fr": {
        "kinds": _KIND_FR,
        "received": "Nous avons bien reçu votre demande : {what}.",
        "done": "C'est fait : vous ne recevrez plus de message de ma part.",
        "code": "Pour nous assurer que la demande vient bien de vous, merci de répondre à ce "
        "message en indiquant ce code : {code}",
        "valid": "Ce code est valable jusqu'au {day}.",
        "answer": "Nous vous répondrons au plus tard le {day}.",
        "closing": "Cordialement,",
    },
}


def takeover_text(*, language: str, assistant_name: str, customer_name: str, subject: str) -> str:
    """To the customer: a participant asked not to be contacted (or to be erased), so
    the assistant stops and a human must take the thread over."""
    if writing_language(language) == "fr":
        return (
            f"{salutation([customer_name], 'fr')}\n\n"
            f"Une personne de l'échange « {subject} » a demandé à ne plus être contactée "
            "par moi (ou l'effacement de ses données). Je n'écrirai plus à cette personne "
            "et je m'arrête là : merci de reprendre cet échange vous-même.\n\n"
            f"Cordialement,\n{assistant_name}\n"
        )
    return (
        f"{salutation([customer_name], 'en')}\n\n"
        f'Someone in the thread "{subject}" asked not to be contacted by me again (or to '
        "have their data erased). I will not write to them any more and I have stopped "
        "here: a human needs to take this thread over.\n\n"
        f"Best regards,\n{assistant_name}\n"
    )
