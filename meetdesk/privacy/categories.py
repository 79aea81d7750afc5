"""The vocabulary of the data map: data categories, data subjects and purposes.

Every stored field names one or more categories from here (fideslang-style dotted keys,
so a processor's ``allow = ["user.contact"]`` covers every contact detail at once), the
people it is about and why it is kept. The record of processing (GDPR art. 30) and the
processors' scopes are checked against this one list, so a typo in a model or in the
config is an error instead of a silently unprotected field.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "user.contact.email": "e-mail addresses of customers and participants",
    "user.contact.name": "display names of customers and participants",
    "user.contact.meeting_access": "dial-in numbers, codes and video links shared for meetings",
    "user.content.private.email_body": "the text and attachments of messages",
    "user.content.private.email_subject": "the subjects of messages and meeting requests",
    "user.content.private.calendar": "times, kinds and answers of meetings being arranged",
    "user.location": "meeting places and business addresses",
    "user.location.imprecise": "time zones: the region a person is in",
    "user.credentials": "calendar server addresses, user names and passwords",
    "user.preferences": "scheduling preferences and the language a person writes in",
    "user.unique_id.message_id": "Message-IDs of messages received and sent",
    "user.unique_id.pseudonymous": "keyed hashes of addresses and Message-IDs, for lookups",
    "user.content.private.incident": "free-text notes on security incidents and their closing",
    "user.content.private.legal_hold": "why an operator placed a legal hold (free text)",
    "user.content.private.subject_request": (
        "why an operator extended or refused a data-subject request (free text)"
    ),
    "user.content.private.supervision_note": (
        "why a supervisor resolved or discarded an escalation (free text)"
    ),
    "system.operations": "ids, states, counters, times and rule names; no personal content",
}

SUBJECTS: dict[str, str] = {
    "customer": "a person the assistant works for",
    "participant": "a person a customer meets, who writes to or is written to by the assistant",
    "staff": "a person working for the processor: an operator or data protection officer",
}

PURPOSES: dict[str, str] = {
    "scheduling": "arranging the meetings customers ask for",
    "supervision": "a human deciding what the assistant would not decide alone",
    "quality_review": "checking the assistant's decisions to improve them",
    "support": "helping a customer with their account",
    "billing": "charging customers for the service",
    "security": "detecting and investigating misuse and breaches",
    "legal_claims": "keeping data a legal hold covers, for legal claims (GDPR art. 17(3)(e))",
    "subject_rights": "answering data-subject requests and honouring objections (art. 12-22)",
}


def is_category(key: str) -> bool:
    """True for a known category key."""
    return key in CATEGORIES


def covers(prefix: str, category: str) -> bool:
    """Whether a scope entry covers a category: itself or any key below it.

    ``user.contact`` covers ``user.contact.email``; ``user.con`` covers nothing, since
    prefixes match whole dotted segments only.
    """
    return category == prefix or category.startswith(prefix + ".")


def is_scope(prefix: str) -> bool:
    """True if a scope entry (a category or a dotted prefix of one) names any category."""
    return any(covers(prefix, key) for key in CATEGORIES)
