"""Quoted history in a reply: find it and cut it, keeping the sender's own words.

``strip_quotation`` keeps the signature (it is a separate step, ``signature.strip_signature``),
so its output is the new text *with* the sender's sign-off, as mailgun/talon defines it.

The method is one linear pass over the lines:

* each line is classified as empty, quoted (starts with ``>``), a quote header ("splitter")
  or text. Headers are recognised in many languages: "On ... wrote:" (also wrapped over
  several lines or sharing a line with the reply), "Le ... a écrit :", "Am ... schrieb",
  "Op ... schreef", "W dniu ... napisał", Android "---- X wrote ----", Gmail's old
  "2011/4/7 Name <address>", Outlook's "-----Original Message-----" rule and
  "From:/Sent:/To:" blocks (in a dozen languages, bold or not), a rule of underscores;
* a header followed by ``>`` lines removes that quoted block only (the sender may answer
  below or between quotes); a header followed by plain text (Outlook, forwarded text) cuts
  everything below it;
* a forwarded message ("---------- Forwarded message ----------") is kept by default: the
  sender shares it on purpose.

Every regular expression is anchored at the start of a line or applied to a short tail, so
the pass stays linear even on a megabyte of quoted text.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------
# Line classes

_QUOTED = re.compile(r"^[ \t]*>")

# "On <date>, <name> wrote:" and its translations: the opening word(s) ...
_ON_WORDS = r"on|le|am|el|il|op|em|den|på|vào|dne|w\s+dniu|tanggal"
_ON_START = re.compile(rf"^[ \t]*[-]*[ \t]*(?:{_ON_WORDS})\s+\S", re.IGNORECASE)
# ... and the verb that ends the header.
_WROTE_WORDS = (
    r"wrote|sent|writes|a\s+[ée]crit|schrieb|escribi[óo]|ha\s+scritto|schreef|"
    r"het\s+volgende\s+geschreven|geschreven|napisa[łl]a?|skrev|đã\s+viết|escreveu|"
    r"napsal[a]?|kirjoitti|написал[а]?|пишет|írta|yazdı|scrise|skrifaði"
)
# The last word of every _WROTE_WORDS form: a cheap test before the regular expression,
# which costs most of the time of reading a long thread line by line.
_WROTE_SUFFIXES = (
    "wrote", "sent", "writes", "crit", "schrieb", "escribió", "escribio", "scritto", "schreef",
    "geschreven", "napisał", "napisal", "napisała", "napisala", "skrev", "viết", "escreveu",
    "napsal", "napsala", "kirjoitti", "написал", "написала", "пишет", "írta", "yazdı", "scrise",
    "skrifaði",
)  # fmt: skip
_WROTE_END = re.compile(rf"(?:{_WROTE_WORDS})\b[^\n]{{0,120}}?:?[ \t]*-*[ \t]*$", re.IGNORECASE)
_WROTE_TAIL = re.compile(rf"(?:^|\W)(?:{_WROTE_WORDS})[ \t]*:?[ \t]*-*[ \t]*$", re.IGNORECASE)
# Android: "---- John Smith wrote ----"
_ANDROID = re.compile(rf"^[ \t]*-{{2,}}[ \t]*\S.*\b(?:{_WROTE_WORDS})[ \t]*-{{2,}}[ \t]*$", re.I)
# Gmail's old form "2011/4/7 Name <address>" or "2014-10-17 11:28 GMT+03:00 Name <".
_DATE_EMAIL = re.compile(r"^[ \t]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b[^<\n]{0,120}<")
# A reply and a header on one line: "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@x wrote:".
_SHARED = re.compile(r"(?:(?<=\s)|(?<=-))(?:on|le|am)\s+\S[^\n]{0,200}$", re.IGNORECASE)

_ORIGINAL = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?:original message|reply message|forwarded message|"
    r"ursprüngliche nachricht|antwort nachricht|weitergeleitete nachricht|"
    r"oprindelig meddelelse|videresendt meddelelse|message d'origine|message original|"
    r"message transf[ée]r[ée]|mensaje original|mensaje reenviado|messaggio originale|"
    r"messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|"
    r"ursprungligt meddelande|vidarebefordrat meddelande|opprinnelig melding|"
    r"videresendt melding|alkuperäinen viesti|původní zpráva|wiadomość oryginalna|"
    r"исходное сообщение|пересылаемое сообщение|mensagem original|mensagem encaminhada)"
    r"[ \t]*-*[ \t]*$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|weitergeleitete nachricht|"
    r"message transf[ée]r[ée]|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|"
    r"vidarebefordrat meddelande|videresendt (?:meddelelse|melding)|"
    r"пересылаемое сообщение|mensagem encaminhada)|begin forwarded message:|"
    r"d[ée]but du message r[ée]exp[ée]di[ée]\s*:)",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^[ \t]*_{5,}[ \t]*$")

_FROM_FIELDS = r"from|von|de|fra|från|van|da|od|от|mittente|lähettäjä|feladó|kimden"
_OTHER_FIELDS = (
    r"sent|date|datum|envoy[ée]|gesendet|sendt|skickat|verzonden|inviato|enviado|fecha|"
    r"data|wysłano|отправлено|дата|lähetetty|to|an|[àa]|til|till|aan|para|per|do|кому|"
    r"subject|betreff|objet|emne|ämne|onderwerp|asunto|oggetto|assunto|temat|тема|"
    r"aihe|cc|kopie|copie"
)
_FROM = re.compile(rf"^[ \t]*\*?[ \t]*(?:{_FROM_FIELDS})[ \t]*\*?[ \t]*:", re.IGNORECASE)
_FIELD = re.compile(
    rf"^[ \t]*\*?[ \t]*(?:{_FROM_FIELDS}|{_OTHER_FIELDS})[ \t]*\*?[ \t]*:", re.IGNORECASE
)
_DATE_FIELD = re.compile(r"^[ \t]*\*?[ \t]*(?:date|datum|fecha|data|дата)[ \t]*\*?[ \t]*:", re.I)
_ADDRESS_FIELD = re.compile(
    rf"^[ \t]*\*?[ \t]*(?:{_FROM_FIELDS}|to|an|[àa]|til|till|aan|para|subject|betreff|objet)"
    r"[ \t]*\*?[ \t]*:",
    re.IGNORECASE,
)
_RULE_ONLY = re.compile(r"^[ \t]*[-_=*]{3,}[ \t]*$")
_LINK_PIECE = re.compile(r"^[ \t]*\(?https?://|^[ \t]*\S+[ \t]*$")

# A header wrapped over lines spans at most this many lines (Polymail uses five).
_HEADER_SPAN = 6


def _wrote_header_span(lines: list[str], i: int) -> int:
    """Number of lines of an "On ... wrote:" header starting at line i, or 0."""
    line = lines[i]
    if len(line) > 1000:
        return 0
    if _ANDROID.match(line):
        return 1
    if not _ON_START.match(line):
        return _address_header_span(lines, i)
    for j in range(i, min(i + _HEADER_SPAN, len(lines))):
        candidate = lines[j]
        if len(candidate) > 1000:
            return 0
        if j == i and _WROTE_END.search(candidate) and _has_wrote_header_shape(candidate):
            return 1
        if j > i and _WROTE_TAIL.search(candidate):
            # A wrapped header starts with its date: "On Fri, May 6, 2011 at 6:03 PM, ...".
            return j - i + 1 if any(c.isdigit() for c in line) else 0
        stripped = candidate.rstrip()
        # A sentence ending in ":" that is not the header ("On your host you can run:").
        if stripped.endswith(":") and not _WROTE_TAIL.search(stripped):
            return 0
    return 0


_TIME = re.compile(r"\d{1,2}:\d{2}")
_HEADER_START = re.compile(r"^[ \t]*(?:\d|\w{2,4}\.?,)")
_ADDRESS_END = re.compile(r"@[^\s<>@]+>?\)?[ \t]*:[ \t]*$")


def _address_header_span(lines: list[str], i: int) -> int:
    """A header without "On": "Sent from Samsung Mobile<x@y> wrote:", "26.06.2014, 14:41,
    "Alexander L" <abc@example.com>:", "02.04.2012 14:20 пользователь "bob" <\nbob@x> написал:".
    """
    line = lines[i]
    if _WROTE_TAIL.search(line) and "@" in line:
        return 1
    if not (_HEADER_START.match(line) and _TIME.search(line)):
        return 0
    for j in range(i, min(i + 3, len(lines))):
        candidate = lines[j]
        if len(candidate) > 300:
            return 0
        if _ADDRESS_END.search(candidate) or (j > i and _WROTE_TAIL.search(candidate)):
            return j - i + 1
    return 0


def _has_wrote_header_shape(line: str) -> bool:
    """The verb is near the end ("... Julius Caesar <x@rome.com>:" after "schreef" too)."""
    stripped = line.rstrip().rstrip("-").rstrip()
    return bool(_WROTE_TAIL.search(stripped)) or (
        stripped.endswith(":") and ("@" in stripped or any(c.isdigit() for c in stripped))
    )


def _from_block_span(lines: list[str], i: int) -> int:
    """Lines of an Outlook "From:/Sent:/To:" (or "Date:/To:") header block at line i, or 0."""
    line = lines[i]
    if len(line) > 1000:
        return 0
    starts_from = bool(_FROM.match(line))
    starts_date = not starts_from and bool(_DATE_FIELD.match(line))
    if not (starts_from or starts_date):
        return 0
    fields = 1
    last = i
    for j in range(i + 1, min(i + 8, len(lines))):
        other = lines[j]
        if not other.strip():
            break
        if len(other) > 1000:
            break
        if starts_from and _FIELD.match(other) or starts_date and _ADDRESS_FIELD.match(other):
            fields += 1
            last = j
        elif fields == 1 and j > i + 2:
            break
    return last - i + 1 if fields >= 2 else 0


def _splitter(lines: list[str], i: int) -> tuple[int, bool]:
    """(span, is_forward) of a quote header at line i; span 0 if none."""
    line = lines[i]
    if len(line) > 1000:
        return 0, False
    if _FORWARD.match(line):
        return 1, True
    if _ORIGINAL.match(line) or _UNDERSCORES.match(line):
        return 1, False
    span = _wrote_header_span(lines, i)
    if span:
        return span, False
    if _DATE_EMAIL.match(line):
        return 1, False
    span = _from_block_span(lines, i)
    return span, False


def _split_shared_lines(lines: list[str]) -> list[str]:
    """Put a quote header that shares its line with the reply on a line of its own."""
    out: list[str] = []
    for line in lines:
        if not line[-60:].rstrip(" \t:-").lower().endswith(_WROTE_SUFFIXES):
            out.append(line)
            continue
        if line.lstrip().startswith(">") or not _WROTE_TAIL.search(line[-200:]):
            out.append(line)
            continue
        match = _SHARED.search(line)
        if match and match.start() > 0 and line[: match.start()].strip():
            header = line[match.start() :]
            if any(c.isdigit() for c in header) and _WROTE_TAIL.search(header):
                out.append(line[: match.start()].rstrip().rstrip("-").rstrip())
                out.append(header)
                continue
        out.append(line)
    return out


def _lines(body: str) -> list[str]:
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _finish(kept: list[str]) -> str:
    while kept and (not kept[-1].strip() or _RULE_ONLY.match(kept[-1])):
        kept.pop()
    return "\n".join(kept).strip()


def strip_quotation(body: str, *, keep_forwarded: bool = True) -> str:
    """The reply text of a plain-text body: quoted history removed, signature kept."""
    if not body.strip():
        return ""
    lines = _split_shared_lines(_lines(body))
    n = len(lines)
    quoted = [bool(_QUOTED.match(line)) for line in lines]
    # A lone ">" line among text is usually not a quote (">>> link <<<"): with no header,
    # quoting needs at least two quoted lines.
    quoted_count = sum(quoted)
    # Broken links inside a quote ("(http://...)" or a wrapped tail) count as quoted.
    for i in range(1, n - 1):
        if not quoted[i] and quoted[i - 1] and quoted[i + 1] and _LINK_PIECE.match(lines[i]):
            quoted[i] = True

    kept: list[str] = []
    saw_header = False
    i = 0
    while i < n:
        line = lines[i]
        if not quoted[i]:
            span, forward = _splitter(lines, i)
            if span:
                if forward:
                    if keep_forwarded:
                        kept.extend(lines[i:])
                        break
                    break
                j = i + span
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and quoted[j]:
                    # Header of a ">" block: drop both, keep what follows the block.
                    saw_header = True
                    i = j
                    while i < n and (quoted[i] or not lines[i].strip()):
                        i += 1
                    continue
                break  # Header followed by plain text: the rest is history.
            kept.append(line)
            i += 1
            continue
        if saw_header or quoted_count >= 2:
            # Drop the quoted block and the blank lines that close it.
            while i < n and (quoted[i] or not lines[i].strip()):
                i += 1
            continue
        kept.append(line)
        i += 1
    return _finish(kept)


def strip_html_quotation(html: str) -> str:
    """The reply text of an HTML-only body (as plain text, signature kept)."""
    from meetdesk.assistant.quotation_html import html_reply_text

    return html_reply_text(html)


__all__ = ["strip_html_quotation", "strip_quotation"]
