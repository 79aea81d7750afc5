"""What the assistant writes about data-subject requests, in English and French.

Two messages: the acknowledgement to the person who asked (what was understood, the
deadline, and the one-time code when their identity still has to be checked), and the
note to a customer that a person in one of their threads asked not to be contacted or
to be erased, so a human must take the thread over. Neither repeats anything about the
subject beyond what the thread already shows.
"""

from __future__ import annotations

from datetime import datetime

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
    if writing_language(language) == "fr":
        return _fr(assistant_name, kind, deadline, code, code_expires, done)
    return _en(assistant_name, kind, deadline, code, code_expires, done)


def _en(
    name: str,
    kind: str,
    deadline: datetime,
    code: str | None,
    expires: datetime | None,
    done: bool,
) -> str:
    lines = [salutation([], "en"), "", f"We have received your request for {_KIND_EN[kind]}."]
    if done:
        lines.append("It has been carried out: you will receive no further messages from me.")
    elif code is not None and expires is not None:
        lines += [
            "To make sure the request comes from you, please reply to this message with "
            f"this code: {code}",
            f"The code is valid until {format_day(expires, 'en')}.",
            f"We will answer by {format_day(deadline, 'en')} at the latest.",
        ]
    else:
        lines.append(f"We will answer by {format_day(deadline, 'en')} at the latest.")
    lines += ["", "Best regards,", name]
    return "\n".join(lines) + "\n"


def _fr(
    name: str,
    kind: str,
    deadline: datetime,
    code: str | None,
    expires: datetime | None,
    done: bool,
) -> str:
    lines = [salutation([], "fr"), "", f"Nous avons bien reçu votre demande : {_KIND_FR[kind]}."]
    if done:
        lines.append("C'est fait : vous ne recevrez plus de message de ma part.")
    elif code is not None and expires is not None:
        lines += [
            "Pour nous assurer que la demande vient bien de vous, merci de répondre à ce "
            f"message en indiquant ce code : {code}",
            f"Ce code est valable jusqu'au {format_day(expires, 'fr')}.",
            f"Nous vous répondrons au plus tard le {format_day(deadline, 'fr')}.",
        ]
    else:
        lines.append(f"Nous vous répondrons au plus tard le {format_day(deadline, 'fr')}.")
    lines += ["", "Cordialement,", name]
    return "\n".join(lines) + "\n"


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
