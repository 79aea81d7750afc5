"""The text a sender just wrote: no quoted history, no signature.

Replies carry the whole thread below (or interleaved with) the new words; reading the
history again would make the assistant act on old requests or on its own proposals.
Two steps, each usable alone:

* ``quotation.strip_quotation``: cut quote headers of the common clients in many languages
  (Gmail/Apple "On ... wrote:", French "Le ... a écrit :", Outlook's "Original Message"
  rule and "From:/Sent:" block, a rule of underscores) and ">"-quoted blocks;
* ``signature.strip_signature``: split off the sign-off, "--" block or mobile footer.

``new_text`` chains them. Unlike ``strip_quotation`` it also cuts at a forward marker: a
forwarded message is someone else's words, and its dates are not the sender's constraints.
"""

from __future__ import annotations

from meetdesk.assistant.quotation import strip_html_quotation, strip_quotation
from meetdesk.assistant.signature import strip_signature


def new_text(body: str) -> str:
    """The sender's own new words in a plain-text body, trimmed."""
    reply = strip_signature(strip_quotation(body, keep_forwarded=False))[0]
    return "\n".join(line.rstrip() for line in reply.split("\n")).strip()


def new_html_text(html: str) -> str:
    """The sender's own new words in an HTML-only body, as plain text."""
    reply = strip_signature(strip_html_quotation(html))[0]
    return "\n".join(line.rstrip() for line in reply.split("\n")).strip()


__all__ = [
    "new_html_text",
    "new_text",
    "strip_html_quotation",
    "strip_quotation",
    "strip_signature",
]
