"""Addresses taken out of error texts before they are stored or logged.

Our own errors name hosts and ids only, but a mail server's refusal often repeats the
recipient ("550 5.1.1 <bob@example.com>: user unknown"), and that text ends up in a
job's ``last_error`` and the logs, which hold no personal data.
"""

from __future__ import annotations

import re

_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def without_addresses(text: str) -> str:
    """``text`` with every e-mail address replaced by ``<address>``."""
    return _ADDRESS.sub("<address>", text)
