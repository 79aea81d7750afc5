"""The one exception tree of MeetDesk.

Library exceptions are mapped to these at each boundary (calendar, mail transport, store)
so the worker loop can decide by class alone: a ``TransientError`` is retried with
backoff, a ``PermanentError`` becomes an escalation for a human.
"""


class MeetDeskError(Exception):
    """Root of every error MeetDesk raises on purpose."""


class ConfigError(MeetDeskError):
    """The configuration is invalid; the message names the key and what is wrong."""


class AccessDenied(MeetDeskError):
    """A read the actor's processor scope, purpose or a restriction does not allow; the
    refusal itself is audited (meetdesk.privacy.access)."""


class TransientError(MeetDeskError):
    """A failure that may succeed later (network down, server busy): retry with backoff."""


class PermanentError(MeetDeskError):
    """A failure that retrying cannot fix (bad credentials, malformed data): escalate."""


class CalendarError(MeetDeskError):
    """Base for calendar backend failures."""


class CalendarUnavailable(CalendarError, TransientError):
    """The calendar server could not be reached or answered with a server error."""


class CalendarRejected(CalendarError, PermanentError):
    """The calendar server refused the request (authentication, permissions, bad data)."""


class MailError(MeetDeskError):
    """Base for mail transport failures."""


class MailUnavailable(MailError, TransientError):
    """The outbound mail server could not be reached or deferred the message (4xx)."""


class MailRejected(MailError, PermanentError):
    """The outbound mail server refused the message for good (5xx)."""


class CryptoError(MeetDeskError):
    """A value could not be decrypted: wrong key, or data bound to another row."""
