"""The folded copy of a message that the constraint rules read, and what they have taken.

Rules match on ``Folded.low``: lowercase, accents removed, typographic apostrophes and
dashes made plain, runs of spaces collapsed to one (line breaks kept, they end
sentences). ``Folded.cased`` is the same text with its case kept, at the same positions,
for the rules that need case ("EST" is a zone, "est" is French for "is"; "May" may be a
month, "may" is a verb). Positions map back to the original for the reasons shown to a
supervisor.

``Scan`` records which characters a rule has taken, so that a looser rule later in the
order cannot read them again, and so that whatever time words remain at the end can be
reported as not understood rather than silently ignored.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field


def _strip_table() -> dict[int, str]:
    table: dict[int, str] = {
        0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x0060: "'", 0x00B4: "'",
        0x2013: "-", 0x2014: "-", 0x2010: "-", 0x2011: "-", 0x2212: "-",
        0x00A0: " ", 0x202F: " ", 0x2009: " ", 0x2007: " ", 0x200A: " ", 0x0009: " ",
        0x00AB: '"', 0x00BB: '"', 0x201C: '"', 0x201D: '"',
    }  # fmt: skip
    for cp in range(0xC0, 0x250):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != chr(cp):
            table[cp] = base
    table[0x0130] = "I"  # "İ".lower() is two characters
    return table


_STRIP = _strip_table()
_SPACES = re.compile(r"[^\S\n]*\n\s*|[^\S\n]{2,}|\r")


def _fold_char(c: str) -> str:
    base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
    return base if len(base) == 1 else c


@dataclass(frozen=True)
class Folded:
    """A message folded for matching, with a map from folded to original positions."""

    original: str
    cased: str
    low: str
    # Breakpoints of the map: folded position -> original position, from that point on.
    _folded_at: tuple[int, ...] = ()
    _orig_at: tuple[int, ...] = ()

    def orig(self, i: int) -> int:
        """The original position of folded position ``i``."""
        k = bisect_right(self._folded_at, i) - 1
        if k < 0:
            return i
        return self._orig_at[k] + (i - self._folded_at[k])

    def folded_pos(self, j: int) -> int:
        """The folded position of original position ``j`` (the start of a collapsed run)."""
        k = bisect_right(self._orig_at, j) - 1
        if k < 0:
            return j
        return min(self._folded_at[k] + (j - self._orig_at[k]), len(self.low))

    def original_text(self, s: int, e: int) -> str:
        """The original text behind folded span [s, e), trimmed."""
        if e <= s:
            return ""
        return self.original[self.orig(s) : self.orig(e - 1) + 1].strip(" ,.;:\n")


def fold(text: str) -> Folded:
    cased = text.translate(_STRIP)
    if len(cased.lower()) != len(cased):
        cased = "".join(_fold_char(c) for c in cased)
        cased = "".join(c if len(c.lower()) == 1 else " " for c in cased)
    folded_at: list[int] = []
    orig_at: list[int] = []
    if _SPACES.search(cased):
        pieces: list[str] = []
        last = 0
        out_len = 0
        for m in _SPACES.finditer(cased):
            pieces.append(cased[last : m.start()])
            out_len += m.start() - last
            rep = "\n" if "\n" in m[0] or m[0] == "\r" else " "
            pieces.append(rep)
            out_len += len(rep)
            last = m.end()
            folded_at.append(out_len)
            orig_at.append(m.end())
        pieces.append(cased[last:])
        cased = "".join(pieces)
    return Folded(text, cased, cased.lower(), tuple(folded_at), tuple(orig_at))


@dataclass
class Scan:
    """The folded text as the rules consume it: taken characters are blanked."""

    folded: Folded
    text: str = ""
    taken: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.text = self.folded.low
        self.taken = bytearray(len(self.text))

    def free(self, s: int, e: int) -> bool:
        return not any(self.taken[s:e])

    def take(self, s: int, e: int) -> None:
        """Mark [s, e) as read: later rules see spaces there."""
        if e <= s:
            return
        self.text = self.text[:s] + " " * (e - s) + self.text[e:]
        self.taken[s:e] = b"\x01" * (e - s)

    def finditer(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Matches of ``pattern`` in what is left, none touching a taken character."""
        return [m for m in pattern.finditer(self.text) if m.end() > m.start()]

    def remaining(self) -> str:
        return self.text


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (same length)."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            chars[i] = " "
    return "".join(chars)
