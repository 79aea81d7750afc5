"""Recognising automatic replies by their words, in English and French.

RFC 3834 headers catch well-behaved auto-responders (see ``mail.parse``), but many
out-of-office replies arrive without them. Answering one would start a loop between two
robots, so a message whose subject or opening announces an absence or an automatic
reply is treated as automatic too. The patterns are deliberately specific: a human
writing "I was out of the office yesterday" in a real answer must not be ignored.
"""

from __future__ import annotations

import re

_SUBJECT = re.compile(
    r"^\s*(?:(?:re|tr|fw|aw)\s*:\s*)*"
    r"(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|"
    r"absence du bureau|absent(?:e)? du bureau|r[ée]ponse automatique|message d'absence|"
    r"out of office autoreply|on vacation|en cong[ée]s?)\b",
    re.IGNORECASE,
)

_BODY = re.compile(
    r"\b(?:"
    r"i(?: am|'m) (?:currently |now )?(?:out of (?:the )?office|away from (?:the|my) office|"
    r"on (?:annual |parental |sick )?leave|on vacation|on holiday)"
    r"|this is an automatic (?:reply|response|message)"
    r"|i will (?:be )?(?:back|return(?:ing)?) (?:to the office )?on\b.*\bwith limited access"
    r"|je suis (?:actuellement )?(?:absent|absente|en cong[ée]s?|en vacances|hors du bureau)"
    r"|ceci est (?:une r[ée]ponse|un message) automatique"
    r"|je serai de retour le\b.*\bacc[eè]s limit[ée]"
    r")",
    re.IGNORECASE,
)


def looks_automatic(subject: str, text: str) -> bool:
    """True when the subject, or the first lines of the text, announce an automatic reply."""
    if _SUBJECT.search(subject or ""):
        return True
    opening = "\n".join((text or "").strip().splitlines()[:6])
    return bool(_BODY.search(opening))
