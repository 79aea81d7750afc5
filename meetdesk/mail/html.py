"""HTML bodies to plain text, for messages that have no text/plain part.

The standard library's lenient ``html.parser`` is enough: we need the visible words and
the line structure (a break per block element), not a rendering.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br center dd div dl dt figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "title", "template"})


class _HtmlText(HTMLParser):
    """Collects visible text, with a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.pre = 0
        self.line_open = False  # text since the last break: blocks in a row give one break

    def _break(self, always: bool = False) -> None:
        if always or self.line_open:
            self.chunks.append("\n")
            self.line_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._break(always=tag == "br")
            self.pre += tag == "pre"
        elif tag == "td" or tag == "th":
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._break()
            self.pre = max(0, self.pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = data.replace("\xa0", " ")
        data = data if self.pre else re.sub(r"\s+", " ", data)
        self.chunks.append(data)
        self.line_open = self.line_open or bool(data.strip())


def html_to_text(html: str) -> str:
    """Visible text of an HTML body: no tags, scripts or styles; entities unescaped."""
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
        text = "".join(parser.chunks)
    except Exception:  # html.parser is lenient, but a body must never stop the parse
        text = unescape(re.sub(r"<[^>]*>", " ", html))
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
