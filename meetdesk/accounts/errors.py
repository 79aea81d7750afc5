"""Why a sign-in was refused. A refusal is an :class:`~meetdesk.errors.AccessDenied`, so
the command line answers it with one line and exit status 2 like any refused read."""

from __future__ import annotations

from meetdesk.errors import AccessDenied


class Refused(AccessDenied):
    """A password, token or session that does not let anyone in; the message is safe to
    show (it never says whether a user name exists)."""
