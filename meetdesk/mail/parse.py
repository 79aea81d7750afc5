"""Read an inbound message into the few facts the assistant needs, without ever raising.

Mail from the wild is often broken: lying or unknown charsets, boundaries that do not
match, missing headers, binary junk. A message we cannot read must still be stored,
threaded and escalated to a human, so ``parse_message`` never raises: each problem is
recorded as a short string in ``ParsedMessage.defects`` and the best reading is returned.
The module is pure (no I/O) so it may run inside a transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import MessageDefect
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from meetdesk.mail.address import CONTROL, Address
from meetdesk.mail.headers import HeaderReader
from meetdesk.mail.html import html_to_text
from meetdesk.mail.read_once import READ_POLICY

__all__ = [
    "Address",
    "ParsedMessage",
    "html_to_text",
    "normalise_message_id",
    "parse_id_list",
    "parse_message",
]

_ID_TOKEN = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True)
class ParsedMessage:
    """What the assistant reads from one message; ``defects`` lists what was wrong."""

    message_id: str
    message_id_synthetic: bool
    in_reply_to: str | None
    references: tuple[str, ...]
    from_addr: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    subject: str
    date: datetime | None
    text: str
    auto_submitted: str | None
    is_auto: bool
    language_hint: str | None
    calendar_parts: tuple[bytes, ...]
    defects: list[str] = field(default_factory=list)
    bcc: tuple[Address, ...] = ()  # only in a sender's own copy (a sent-folder export)


def normalise_message_id(value: str | None) -> str | None:
    """The first ``<id>`` in ``value`` without whitespace, or None if there is none."""
    if not value:
        return None
    ids = parse_id_list(value)
    return ids[0] if ids else None


def parse_id_list(value: str | None) -> list[str]:
    """Message-IDs in a References / In-Reply-To value, in order, without duplicates.

    Comments and phrases between ids are ignored; a header without angle brackets (some
    broken mailers) still yields its ``local@domain`` tokens.
    """
    if not value:
        return []
    value = CONTROL.sub(" ", value)
    tokens = _ID_TOKEN.findall(value)
    if not tokens:
        tokens = [t for t in value.split() if "@" in t and "(" not in t]
    out: list[str] = []
    for token in tokens:
        compact = "".join(token.split()).strip("<>")
        if not compact:
            continue
        msgid = f"<{compact}>"
        if msgid not in out:
            out.append(msgid)
    return out


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse ``raw`` (RFC 5322 / MIME bytes); never raises, problems go to ``defects``."""
    if isinstance(raw, str):  # tolerated, though the contract says bytes
        raw = raw.encode("utf-8", "surrogateescape")
    raw = bytes(raw or b"")
    defects: list[str] = []
    try:
        return _parse(raw, defects)
    except Exception as exc:  # the last guard: the stdlib parser has had crash bugs
        defects.append(f"unparseable message: {type(exc).__name__}")
        return _empty(raw, defects)


def _synthetic_id(raw: bytes) -> str:
    return f"<{hashlib.sha256(raw).hexdigest()}@missing-message-id.invalid>"


def _empty(raw: bytes, defects: list[str]) -> ParsedMessage:
    return ParsedMessage(
        message_id=_synthetic_id(raw),
        message_id_synthetic=True,
        in_reply_to=None,
        references=(),
        from_addr=None,
        to=(),
        cc=(),
        reply_to=(),
        subject="",
        date=None,
        text="",
        auto_submitted=None,
        is_auto=False,
        language_hint=None,
        calendar_parts=(),
        defects=_dedupe(defects),
    )


def _parse(raw: bytes, defects: list[str]) -> ParsedMessage:
    msg = _recover_boundary(BytesParser(policy=READ_POLICY).parsebytes(raw), raw, defects)
    headers = HeaderReader(msg, defects)
    content_type = msg.get_content_type()  # each call re-parses the header: read it once

    message_id = normalise_message_id(headers.plain("Message-ID"))
    synthetic = message_id is None
    if synthetic:
        defects.append("missing or invalid Message-ID")
        message_id = _synthetic_id(raw)
    in_reply_to = normalise_message_id(headers.plain("In-Reply-To"))
    from_list = headers.addresses("From")
    if len(from_list) > 1:
        defects.append("more than one From address")

    text, language = _body_text(msg, content_type, defects)
    auto_submitted = _auto_submitted(headers.plain("Auto-Submitted"))
    return ParsedMessage(
        message_id=message_id or _synthetic_id(raw),
        message_id_synthetic=synthetic,
        in_reply_to=in_reply_to,
        references=tuple(parse_id_list(headers.plain("References"))),
        from_addr=from_list[0] if from_list else None,
        to=tuple(headers.addresses("To")),
        cc=tuple(headers.addresses("Cc")),
        reply_to=tuple(headers.addresses("Reply-To")),
        subject=" ".join((headers.plain("Subject") or "").split()),
        date=_date(headers.plain("Date"), defects),
        text=text,
        auto_submitted=auto_submitted,
        is_auto=_is_auto(content_type, headers, auto_submitted, from_list),
        language_hint=_first_token(headers.plain("Content-Language")) or language,
        calendar_parts=_calendar_parts(msg),
        defects=_dedupe(defects + _mime_defects(msg)),
        bcc=tuple(headers.addresses("Bcc")),
    )


def _recover_boundary(msg: EmailMessage, raw: bytes, defects: list[str]) -> EmailMessage:
    """Re-read a multipart whose declared boundary is absent, with the one actually used."""
    if msg.get_content_maintype() != "multipart" or msg.is_multipart():
        return msg
    head, sep, body = _split_head(raw)
    match = re.search(rb"^--([\x21-\x7e]{1,70}?)[ \t]*\r?$", body, re.MULTILINE)
    if not match or not sep:
        return msg
    boundary = match.group(1).decode("ascii")
    subtype = msg.get_content_subtype()
    defects.append("MIME boundary did not match; recovered from the body")
    rebuilt = (
        head + f'\r\nContent-Type: multipart/{subtype}; boundary="{boundary}"'.encode() + sep + body
    )
    fixed = BytesParser(policy=READ_POLICY).parsebytes(_drop_content_type(rebuilt))
    return fixed if fixed.is_multipart() else msg


def _split_head(raw: bytes) -> tuple[bytes, bytes, bytes]:
    parts = re.split(rb"(\r?\n\r?\n)", raw, maxsplit=1)
    if len(parts) < 3:
        return raw, b"", b""
    return parts[0], parts[1], parts[2]


def _drop_content_type(raw: bytes) -> bytes:
    """Remove the first (broken) Content-Type header, keeping the appended one."""
    return re.sub(rb"(?im)^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n", b"", raw, count=1)


def _leaves(part: Message) -> list[Message]:
    """Leaf parts in order, not descending into attached messages (forwards, bounces)."""
    if part.get_content_maintype() == "message" and part.is_multipart():
        return []
    if not part.is_multipart():
        return [part]
    out: list[Message] = []
    payload = part.get_payload()
    for sub in payload if isinstance(payload, list) else []:
        if isinstance(sub, Message):
            out.extend(_leaves(sub))
    return out


def _is_attachment(part: Message) -> bool:
    disposition = part.get_content_disposition()
    return disposition == "attachment" or (disposition is None and bool(part.get_filename()))


def _body_text(msg: Message, content_type: str, defects: list[str]) -> tuple[str, str | None]:
    """The best plain text: inline text/plain parts, else HTML turned into text."""
    plain: list[Message] = []
    html: list[Message] = []
    for part in _leaves(msg):
        try:
            if _is_attachment(part):
                continue
        except Exception:
            defects.append("unreadable Content-Disposition")
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain":
            plain.append(part)
        elif ctype == "text/html":
            html.append(part)
    if not plain and not html and content_type.startswith("multipart/"):
        if not msg.is_multipart():  # a multipart we could not split: better than nothing
            defects.append("unsplittable multipart body read as text")
            plain = [msg]
    chosen = plain or html
    if not chosen:
        defects.append("no text body")
        return "", None
    texts = [_decode_part(part, defects) for part in chosen]
    if not plain:
        texts = [html_to_text(t) for t in texts]
    text = "\n".join(t.strip("\n") for t in texts if t.strip())
    language = _first_token(str(chosen[0].get("Content-Language", "") or ""))
    return text.strip() + ("\n" if text.strip() else ""), language


def _decode_part(part: Message, defects: list[str]) -> str:
    """Decode with the declared charset, then utf-8, then latin-1 (which cannot fail)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        declared = part.get_content_charset()
    except Exception:
        declared = None
    text: str | None = None
    for charset in (declared, "utf-8"):
        if not charset:
            continue
        try:
            text = payload.decode(charset)
            break
        except (LookupError, ValueError):
            if charset == declared:
                defects.append(f"charset {declared[:40]!r} unknown or wrong")
    if text is None:
        text = payload.decode("latin-1")
        defects.append("body decoded as latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _date(value: str | None, defects: list[str]) -> datetime | None:
    if not value:
        defects.append("missing Date")
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append("unparsable Date")
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _first_token(value: str | None) -> str | None:
    token = (value or "").split(",")[0].split(";")[0].strip()
    return token or None


def _auto_submitted(value: str | None) -> str | None:
    token = re.sub(r"\([^)]*\)", " ", value or "").split(";")[0].strip().lower()
    return token or None


_AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
_AUTO_HEADERS = ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond")


def _is_auto(
    content_type: str, headers: HeaderReader, auto_submitted: str | None, from_list: list[Address]
) -> bool:
    """RFC 3834: never answer auto-replies, bounces or list traffic."""
    if auto_submitted and auto_submitted != "no":
        return True
    if (_first_token(headers.plain("Precedence")) or "").lower() in _AUTO_PRECEDENCE:
        return True
    if any(headers.has(name) for name in _AUTO_HEADERS):
        return True
    if any("".join(str(v).split()) == "<>" for v in headers.all_raw("Return-Path")):
        return True
    if any(a.email.split("@")[0].lower() == "mailer-daemon" for a in from_list):
        return True
    if "mailer-daemon" in (headers.text("From") or "").lower():
        return True
    return content_type == "multipart/report"


def _calendar_parts(msg: Message) -> tuple[bytes, ...]:
    """text/calendar and .ics payloads, each distinct object once."""
    found: list[bytes] = []
    for part in msg.walk():
        if part.get_content_type() not in ("text/calendar", "application/ics"):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload.strip() and payload not in found:
            found.append(payload)
    return tuple(found)


def _mime_defects(msg: Message) -> list[str]:
    out: list[str] = []
    for part in msg.walk():
        out.extend(type(d).__name__ for d in part.defects if isinstance(d, MessageDefect))
    return out


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
