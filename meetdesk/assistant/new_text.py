"""The text a sender just wrote: no quoted history, no signature.

Replies carry the whole thread below (or interleaved with) the new words; reading the
history again would make the assistant act on old requests or on its own proposals. The
rules are deliberately few and line-based: cut at the first quote header a common client
writes (Gmail/Apple "On ... wrote:", French "Le ... a écrit :", Outlook's "Original
Message" rule and "From:/Sent:" block, a rule of underscores, a forward marker), drop
">"-quoted lines, and cut at the signature separator or a mobile "Sent from" line.
"""

from __future__ import annotations

import re

_WROTE = re.compile(r"(?:\bwrote|\ba\s+[ée]crit)\s*:\s*$", re.IGNORECASE)
_ON = re.compile(r"^\s*(?:on|le)\s+\S", re.IGNORECASE)
_RULE = re.compile(
    r"^\s*-{2,}\s*(?:original message|message d'origine|message original|"
    r"forwarded message|message transf[ée]r[ée])\s*-{2,}\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{5,}\s*$")
_FROM = re.compile(r"^\s*\**\s*(?:from|de)\s*\**\s*:", re.IGNORECASE)
_SENT = re.compile(
    r"^\s*\**\s*(?:sent|date|envoy[ée]|to|[àa]|subject|objet)\s*\**\s*:", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^--\s?$")
_MOBILE = re.compile(r"^\s*(?:sent from my|envoy[ée] de mon)\b", re.IGNORECASE)

# A wrapped "On <date>, <name> <address>\nwrote:" header spans at most this many lines.
_HEADER_LINES = 3


def _is_quote_header(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _RULE.match(line) or _UNDERSCORES.match(line):
        return True
    if _ON.match(line):
        for j in range(i, min(i + _HEADER_LINES, len(lines))):
            if _WROTE.search(lines[j]):
                return True
            if j > i and not lines[j].strip():
                break
    if _FROM.match(line):
        following = lines[i + 1 : i + 5]
        return any(_SENT.match(other) for other in following)
    return False


def new_text(body: str) -> str:
    """The sender's own new words in a plain-text body, trimmed."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line) or _MOBILE.match(line) or _is_quote_header(lines, i):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()
