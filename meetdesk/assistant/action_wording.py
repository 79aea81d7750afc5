"""What the assistant sends when a supervisor acts on an escalation, in English and French.

Three messages, each signed with the assistant's name like everything else it writes:
a reply the supervisor wrote (their words as typed, then the signature), a question to
the customer alone, framed so it reads as the assistant pausing to check ("Before I go
on: ..."), and the note handing a thread back to the customer. None of them says a
human was involved or adds anything from the customer's calendar: the supervisor's own
words are the only content, and they were written for this thread.
"""

from __future__ import annotations

from meetdesk.assistant.wording import salutation, writing_language

_CLOSING = {"en": "Best regards,", "fr": "Cordialement,"}


def _lang(language: str) -> str:
    return "fr" if writing_language(language) == "fr" else "en"


def _signed(body: str, language: str, assistant_name: str) -> str:
    return f"{body.strip()}\n\n{_CLOSING[_lang(language)]}\n{assistant_name}\n"


def supervisor_reply_text(*, language: str, assistant_name: str, text: str) -> str:
    """The supervisor's reply as typed, signed with the assistant's name."""
    return _signed(text, language, assistant_name)


def customer_question_text(
    *, language: str, assistant_name: str, customer_name: str, question: str
) -> str:
    """To the customer only: one question the assistant needs answered to go on."""
    lang = _lang(language)
    opening = "Avant d'aller plus loin :" if lang == "fr" else "Before I go on:"
    body = f"{salutation([customer_name], lang)}\n\n{opening} {question.strip()}"
    return _signed(body, lang, assistant_name)


def hand_back_text(*, language: str, assistant_name: str, customer_name: str, subject: str) -> str:
    """To the customer: the assistant steps out of this thread and leaves it with them."""
    lang = _lang(language)
    if lang == "fr":
        said = (
            f"Je vous laisse la main pour l'échange « {subject} » : je n'y ferai plus rien "
            "moi-même et je ne répondrai plus aux messages qui y arrivent."
        )
    else:
        said = (
            f'I am leaving the thread "{subject}" with you: I will not do anything more in '
            "it myself, nor answer the messages that arrive in it."
        )
    return _signed(f"{salutation([customer_name], lang)}\n\n{said}", lang, assistant_name)
