"""Reading a parsed message's headers without ever raising.

Broken mail is common: an address header the structured parser rejects, an undecodable
encoded word, a header repeated. ``HeaderReader`` gives each header's value in the most
useful form (structured addresses, decoded text, the raw first value for ids and dates),
falls back to the raw value when structured parsing fails, and records every problem in
the message's defects instead of raising. Each structured header is parsed once.
"""

from __future__ import annotations

from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses

from meetdesk.mail.address import CONTROL, Address


class HeaderReader:
    """Header access that falls back to the raw value when structured parsing fails."""

    def __init__(self, msg: Message, defects: list[str]) -> None:
        self.msg = msg
        self.defects = defects
        self.raw: dict[str, list[str]] = {}
        for name, value in msg.raw_items():
            self.raw.setdefault(name.lower(), []).append(str(value))
        # The email library re-parses a header on every access: parse each one once.
        self._parsed: dict[str, object | None] = {}

    def has(self, name: str) -> bool:
        return name.lower() in self.raw

    def all_raw(self, name: str) -> list[str]:
        return self.raw.get(name.lower(), [])

    def _structured(self, name: str) -> object | None:
        key = name.lower()
        if key not in self._parsed:
            self._parsed[key] = self._parse_header(name)
        return self._parsed[key]

    def _parse_header(self, name: str) -> object | None:
        if not self.has(name):
            return None
        try:
            header = self.msg[name]
        except Exception as exc:
            self.defects.append(f"{name}: unreadable header ({type(exc).__name__})")
            return None
        for defect in getattr(header, "defects", ()):
            self.defects.append(f"{name}: {type(defect).__name__}")
        return header

    def plain(self, name: str) -> str | None:
        """The first value of an unstructured header (ids, dates, tokens), RFC 2047-decoded.

        Cheaper than the structured parse, which these headers do not need.
        """
        raw = self.all_raw(name)
        return _decode_raw(raw[0]) if raw else None

    def text(self, name: str) -> str | None:
        """The decoded header value with folding removed, or None if absent."""
        header = self._structured(name)
        if header is not None:
            try:
                return CONTROL.sub(" ", str(header)).strip()
            except Exception as exc:
                self.defects.append(f"{name}: undecodable ({type(exc).__name__})")
        raw = self.all_raw(name)
        return _decode_raw(raw[0]) if raw else None

    def addresses(self, name: str) -> list[Address]:
        header = self._structured(name)
        found: list[Address] = []
        try:
            for item in getattr(header, "addresses", ()):
                found.append(Address(name=item.display_name, email=item.addr_spec))
        except Exception as exc:
            self.defects.append(f"{name}: unreadable addresses ({type(exc).__name__})")
            found = []
        if not found and self.has(name):
            raw = _decode_raw(self.all_raw(name)[0])
            found = [Address(name=n, email=e) for n, e in getaddresses([raw]) if e]
        valid = [a for a in found if "@" in a.email.strip("@")]
        if len(valid) < len(found):
            self.defects.append(f"{name}: address without a domain")
        return valid


def _decode_raw(value: str) -> str:
    try:
        value = str(make_header(decode_header(value)))
    except Exception:
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join(CONTROL.sub(" ", value).split())
