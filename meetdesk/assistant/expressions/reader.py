"""The entry point: fold, scan, combine, resolve, then let dateparser fill the gaps.

The steps live in their own modules; this one only sequences them and restores the
reference's time zone on the way out, so callers get values in the sender's offset.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from meetdesk.assistant.expressions.combine import combine
from meetdesk.assistant.expressions.dateparser_fallback import CUE, dateparser_values
from meetdesk.assistant.expressions.scan import match_all
from meetdesk.assistant.expressions.values import Context, TimeValue, to_value
from meetdesk.assistant.expressions.words import fold


def read_expressions(
    text: str,
    *,
    reference: datetime,
    language: str,
    day_first: bool | None = None,
    use_dateparser: bool = True,
) -> list[TimeValue]:
    """Every time expression in ``text``, resolved against ``reference`` (naive or aware).

    ``language`` is "en" or "fr"; ``day_first`` reads "2/3" as 2 March (the default for
    French; pass True for a European English sender). Values are naive datetimes in the
    reference's wall-clock time, in text order.
    """
    if day_first is None:
        day_first = language != "en"
    tz = reference.tzinfo
    ref = reference.replace(tzinfo=None)
    folded = fold(text)
    ctx = Context(folded, ref.date(), ref, language, day_first)
    atoms = combine(match_all(ctx), folded, ref)
    values: list[tuple[int, TimeValue]] = []
    covered = bytearray(len(text))
    for a in atoms:
        v = to_value(a, text, ref)
        if v is not None:
            values.append((a.s, v))
            for i in range(a.s, a.e):
                covered[i] = 1
    if use_dateparser:
        rest = "".join(" " if covered[i] else ch for i, ch in enumerate(folded))
        if CUE.search(rest):
            for v in dateparser_values(text, folded, covered, ref, language, day_first):
                values.append((text.find(v.text), v))
    values.sort(key=lambda p: p[0])
    out = [v for _, v in values]
    if tz is not None:
        out = [
            replace(
                v,
                start=v.start.replace(tzinfo=tz) if v.start else None,
                end=v.end.replace(tzinfo=tz) if v.end else None,
            )
            for v in out
        ]
    return out
