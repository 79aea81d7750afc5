"""Quoted history in an HTML-only reply, read through its visible text."""

from __future__ import annotations

from meetdesk.assistant.quotation import strip_quotation
from meetdesk.mail.html import html_to_text


def html_reply_text(html: str) -> str:
    """The reply text of an HTML body: rendered to text, then quote headers cut."""
    return strip_quotation(html_to_text(html))
