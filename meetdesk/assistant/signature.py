"""The sender's signature at the end of a reply: find where it starts, split it off.

Only the last lines of a message can be a signature: the candidate zone is the tail of at
most ``_MAX_LINES`` non-empty lines, none longer than ``_MAX_LINE_LENGTH`` characters (a
long line is prose). Inside it, the signature starts at the first line that is

* a dash delimiter: ``--``, ``-- ``, ``---``, or a dash and a name ("-Roman", "- Lev.");
  not an arrow ("--> one") and not an item of a dash list;
* a closing word on a short line ("Thanks!", "Best regards,", "Cordialement", "Merci,
  Anne") followed by at least a name;
* a mobile footer ("Sent from my iPhone", "Envoyé de mon iPad", "Sent wirelessly from my
  BlackBerry device ...", "Enviado desde mi ...");
* the name line of a contact block: a last paragraph that starts with a name ("Oliver
  Grant") and holds a bare or labelled phone number or address ("+44 20 7946 0321",
  "Tél. : 01 23 45 67 89", "oliver@grant.example"). A dial-in ("Meeting ID: ...") is not
  a contact block: it starts with no name.

The first line of a message is never a signature (a one-line "Thanks!" is the message).
"""

from __future__ import annotations

import re

_MAX_LINES = 11
_MAX_LINE_LENGTH = 60
_MAX_DELIMITED_LINES = 30  # how far up a bare "--" delimiter still starts the signature

_DASHES = re.compile(r"^-{2,}[ \t]*$")
_DASH_NAME = re.compile(r"^-{1,3}[ \t]*[^\W\d_][^\n]{0,40}$")
_LIST_ITEM = re.compile(r"^[ \t]*[-*•][ \t]+\S")

_CLOSINGS = (
    r"thanks|thank you|thanks again|many thanks|thx|ta|regards|best regards|kind regards|"
    r"warm regards|warmest regards|kindest regards|best wishes|all the best|best|cheers|"
    r"sincerely|yours sincerely|yours truly|yours|respectfully|"
    r"cordialement|bien cordialement|tr[èe]s cordialement|bien [àa] vous|merci|"
    r"merci beaucoup|merci d'avance|salutations|sinc[èe]res salutations|amiti[ée]s|"
    r"bonne journ[ée]e|[àa] bient[ôo]t|"
    r"mit freundlichen gr[üu](?:ß|ss)en|viele gr[üu](?:ß|ss)e|beste gr[üu](?:ß|ss)e|"
    r"gr[üu](?:ß|ss)e|liebe gr[üu](?:ß|ss)e|danke|"
    r"met vriendelijke groet|groeten|saludos|un saludo|atentamente|gracias|"
    r"cordiali saluti|saluti|grazie|obrigad[oa]|atenciosamente|"
    r"med vänlig hälsning|hälsningar|mvh|med venlig hilsen|venlig hilsen|hilsen|"
    r"pozdrawiam|с уважением|спасибо"
)
_CLOSING = re.compile(rf"^[ \t]*(?:{_CLOSINGS})\b[ \t,.!;:\-]*(?P<rest>.*)$", re.IGNORECASE)

_MOBILE = re.compile(
    r"^[ \t]*(?:"
    r"(?:sent|sent wirelessly|envoy[ée]|envoy[ée] sans fil|enviado|gesendet|inviato|"
    r"verzonden|skickat|sendt|отправлено)\b[^,\n]{0,20}?\b"
    r"(?:from|de|desde|von|da|vanaf|van|från|fra|par|depuis|with|через|с|avec|mit)\b[^,\n]*"
    r"|von meinem\b[^,\n]*\bgesendet\b.*"
    r"|get outlook for \w+.*"
    r")$",
    re.IGNORECASE,
)


_NAME_LINE = re.compile(r"^[ \t]*[A-ZÀ-Ý][\w'’.-]+(?:[ \t]+[A-ZÀ-Ý][\w'’.-]*){0,3}[ \t]*$")
_PHONE = r"\+?\(?\d[\d ().-]{6,}\d"
_CONTACT_LINE = re.compile(
    rf"^[ \t]*(?:{_PHONE}|[\w.+-]+@[\w-]+\.[\w.]+)[ \t]*$"
    rf"|\b(?:tel|tél|mob|mobile|phone|cell|office|direct|portable|fixe|ligne directe)\.?[ \t]*"
    rf":?[ \t]*{_PHONE}",
    re.IGNORECASE,
)


def _contact_block_start(lines: list[str], first: int) -> int | None:
    """The name line opening a last paragraph that is a contact block, if there is one."""
    start = len(lines)
    while start > first and lines[start - 1].strip():
        start -= 1
    block = lines[start:]
    if start <= first or len(block) < 2 or not _NAME_LINE.match(block[0]):
        return None
    return start if any(_CONTACT_LINE.search(line) for line in block[1:]) else None


def _is_dash_delimiter(lines: list[str], i: int) -> bool:
    line = lines[i].rstrip()
    if _DASHES.match(line):
        return True
    if not _DASH_NAME.match(line) or len(line.split()) > 4:
        return False
    # "- item" lines next to each other are a list, not a signature.
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and _LIST_ITEM.match(lines[j]) and not _DASHES.match(lines[j]):
            return False
    return True


def _is_closing(lines: list[str], i: int) -> bool:
    match = _CLOSING.match(lines[i])
    if not match:
        return False
    rest = match.group("rest").strip()
    if len(rest.split()) > 2:
        return False  # "Thanks for your attention." is a sentence
    has_name_after = bool(rest) or any(line.strip() for line in lines[i + 1 :])
    return has_name_after


def _signature_start(lines: list[str]) -> int | None:
    """Index of the first line of the signature, or None."""
    start = len(lines)
    non_empty = 0
    while start > 0:
        line = lines[start - 1].strip()
        if len(line) > _MAX_LINE_LENGTH and not _MOBILE.match(line):
            break
        if line:
            non_empty += 1
            if non_empty > _MAX_LINES:
                break
        start -= 1
    for i in range(max(start, 1), len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if _is_dash_delimiter(lines, i) or _MOBILE.match(line) or _is_closing(lines, i):
            return i
    # The "-- " delimiter (RFC 3676) is explicit enough to look past long lines, such as
    # a confidentiality notice under the contact details.
    for i in range(max(1, len(lines) - _MAX_DELIMITED_LINES), len(lines)):
        if _DASHES.match(lines[i].rstrip()) and lines[i].strip() in ("--", "---"):
            return i
    return _contact_block_start(lines, max(start, 1))


def strip_signature(text: str) -> tuple[str, str | None]:
    """(text without signature, signature or None) for a reply whose quotes are gone."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Trailing blank lines are not part of the signature zone.
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = _signature_start(lines[:end])
    if start is None:
        return text, None
    body = "\n".join(lines[:start]).rstrip()
    if not body.strip():
        return text, None
    signature = "\n".join(lines[start:end]).strip()
    return body, signature
