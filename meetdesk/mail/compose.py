"""Build outbound messages (replies and iMIP invitations) as bytes, deterministically.

Pure: the act stage composes inside its transaction and stores the exact bytes, with their
final Message-ID, in the outbox before anything is sent, so a retried send re-sends the
very same message. Header values are checked here because names and subjects come from
untrusted mail: CR/LF and control characters are stripped from free text and refused in
addresses and ids, so nobody can inject a header (``UnsafeHeader``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.headerregistry import Address as _HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime

from meetdesk.errors import PermanentError
from meetdesk.mail.parse import Address, normalise_message_id

__all__ = ["UnsafeHeader", "compose", "make_message_id", "reply_subject"]

# CRLF on the wire; 7bit so non-ASCII text is quoted-printable or base64, never raw 8-bit
# (a relay without 8BITMIME would otherwise have to refuse or mangle it).
POLICY = policy.SMTP.clone(cte_type="7bit")

MAX_REFERENCES = 21  # the thread's root plus the 20 nearest ancestors (RFC 5322 3.6.4)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
_BAD_IN_ADDRESS = re.compile(r"[\x00-\x20\x7f<>()\[\],;:\"\\]")
_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# Reply prefixes in the languages our users write (Re, AW, SV, Antw, Réf, RIF), with the
# "Re[2]:" counters some clients add. Forward prefixes (Fwd, TR, WG) are kept, as clients do.
_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|aw|sv|antw|r[ée]f|rif)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE
)


class UnsafeHeader(PermanentError, ValueError):
    """A header value could not be written safely (CR/LF, malformed address or id)."""


def make_message_id(key: str, domain: str) -> str:
    """A Message-ID derived from ``key`` alone, so a retried step reuses the same id."""
    domain = domain.strip().lower()
    if not domain or _BAD_IN_ADDRESS.search(domain) or "@" in domain:
        raise UnsafeHeader("make_message_id: invalid domain")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}.meetdesk@{domain}>"


def reply_subject(subject: str) -> str:
    """``Re: subject`` with any existing reply prefixes (Re:, RE:, AW:, Réf. …) folded in."""
    rest = _clean(subject)
    while True:
        stripped = _REPLY_PREFIX.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    return f"Re: {rest}" if rest else "Re:"


def compose(
    *,
    sender: Address,
    to: Sequence[Address],
    cc: Sequence[Address] = (),
    subject: str,
    text: str,
    message_id: str,
    in_reply_to: str | None,
    references: Sequence[str],
    date: datetime,
    auto_submitted: str = "auto-replied",
    language: str = "en",
    calendar: bytes | None = None,
    calendar_method: str = "REQUEST",
) -> bytes:
    """The message as CRLF bytes, ready for SMTP.

    With ``calendar`` (an iCalendar object whose METHOD equals ``calendar_method``) the
    structure is multipart/mixed[multipart/alternative[text/plain, text/calendar],
    application/ics "invite.ics"]: RFC 6047 iMIP, plus the attachment that Outlook,
    Gmail and Apple Mail also look for. ``subject`` is used as given (see
    ``reply_subject``). Raises ``UnsafeHeader`` for an address or id that cannot be
    written safely, ``ValueError`` for a naive ``date`` or a mismatched calendar.
    """
    if not to and not cc:
        raise UnsafeHeader("compose: no recipient")
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError("compose: date must be timezone-aware")
    own_id = normalise_message_id(message_id)
    if own_id is None or own_id != message_id.strip() or not _ID.fullmatch(own_id):
        raise UnsafeHeader("compose: invalid Message-ID")
    if not _TOKEN.fullmatch(auto_submitted):
        raise UnsafeHeader("compose: invalid Auto-Submitted value")
    if not _LANGUAGE.fullmatch(language):
        raise UnsafeHeader("compose: invalid language tag")

    msg = EmailMessage(policy=POLICY)
    msg["From"] = _header_address(sender)
    if to:
        msg["To"] = [_header_address(a) for a in to]
    if cc:
        msg["Cc"] = [_header_address(a) for a in cc]
    msg["Subject"] = _clean(subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = own_id
    parent = _safe_id(in_reply_to)
    if parent:
        msg["In-Reply-To"] = parent
    refs = thread_references(references, parent)
    if refs:
        msg["References"] = " ".join(refs)
    msg["Auto-Submitted"] = auto_submitted

    body = _clean_body(text)
    msg.set_content(body, subtype="plain", charset="utf-8")
    if calendar is not None:
        ics = _calendar_text(calendar, calendar_method)
        msg.add_alternative(
            ics, subtype="calendar", charset="utf-8", params={"method": calendar_method.upper()}
        )
        msg.add_attachment(
            ics.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics"
        )
        for n, part in enumerate(msg.walk()):
            if part is not msg:  # the stdlib repeats it in every part; once is enough
                del part["MIME-Version"]
            if part.is_multipart():  # derived from the id, so the bytes are reproducible
                seed = hashlib.sha256(f"{own_id}/{n}".encode()).hexdigest()[:24]
                part.set_boundary(f"=_meetdesk_{seed}")
    # After the body: set_content clears, and make_mixed moves, every Content-* header.
    msg["Content-Language"] = language
    return msg.as_bytes()


def thread_references(references: Sequence[str], parent: str | None) -> list[str]:
    """The parent's References plus the parent, without duplicates, root and last 20 kept."""
    refs: list[str] = []
    for ref in [*references, *([parent] if parent else [])]:
        safe = _safe_id(ref)
        if safe and safe not in refs:
            refs.append(safe)
    if parent and refs and refs[-1] != parent:  # the parent must come last
        refs.remove(parent)
        refs.append(parent)
    if len(refs) > MAX_REFERENCES:
        refs = [refs[0], *refs[-(MAX_REFERENCES - 1) :]]
    return refs


def _safe_id(value: str | None) -> str | None:
    """A well-formed ``<id>`` or None: ids from inbound mail are dropped, not trusted."""
    msgid = normalise_message_id(value)
    return msgid if msgid and _ID.fullmatch(msgid) else None


def _clean(value: str) -> str:
    """Free text for a header: control characters (CR, LF, …) become spaces."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def _clean_body(text: str) -> str:
    body = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return body if body.endswith("\n") else body + "\n"


def _header_address(address: Address) -> _HeaderAddress:
    email = address.email.strip()
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain or _BAD_IN_ADDRESS.search(email) or "@" in local:
        raise UnsafeHeader("compose: invalid e-mail address")
    if not local.isascii():
        raise UnsafeHeader("compose: non-ASCII local part needs SMTPUTF8, not supported")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise UnsafeHeader("compose: invalid domain") from None
    try:
        return _HeaderAddress(display_name=_clean(address.name), username=local, domain=domain)
    except (ValueError, TypeError, IndexError):
        raise UnsafeHeader("compose: invalid e-mail address") from None


def _calendar_text(calendar: bytes, method: str) -> str:
    """The iCalendar object as text; its METHOD must match the MIME ``method`` (RFC 6047)."""
    try:
        ics = calendar.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("compose: calendar is not UTF-8") from None
    unfolded = re.sub(r"\n[ \t]", "", ics.replace("\r\n", "\n"))
    found = re.search(r"^METHOD:([^\r\n]*)$", unfolded, re.MULTILINE | re.IGNORECASE)
    if not _TOKEN.fullmatch(method):
        raise UnsafeHeader("compose: invalid calendar method")
    if found is None or found.group(1).strip().upper() != method.upper():
        raise ValueError("compose: the calendar's METHOD must equal calendar_method")
    return ics
