"""Time expressions with resolved values: dates, times, ranges and durations.

``read_expressions`` is the measurable core of the time reading: it finds every time
expression in a text and resolves it against a reference moment (the message's Date
header in the sender's offset). It is rule-based: hand-written patterns over an
accent-folded copy of the text (same length as the original, so spans map back), then
a combining pass that joins adjacent pieces ("tomorrow" + "at 3pm", "from X to Y").
dateparser's ``search_dates`` is consulted only for cues the rules left unread, and its
known false positives ("we" as Wednesday, "Je" as jeudi, bare numbers, phone numbers)
are filtered out. Every value carries the names of the rules that produced it.

Conventions: a weekday alone means its next occurrence (today excluded); "next Friday"
is next week's Friday, "this Friday" today or the next one, "this past Friday" the latest
before today; a weekday next to a date picks the date's year or month that agrees ("Mon
13th"); a day and month without a year is the next such day; a holiday is its next
occurrence; "at 2" without am/pm is read as 14:00 for hours 1-7, and a clock with am/pm
is never moved by a part of day. A time range with no day is reported as kind ``time``
with ``start`` and ``end`` on the reference day. Range ends are exclusive and include
the last named day ("from Monday to Friday" ends on Saturday 00:00); "within 2 days",
"the next 3 weeks" and "les 10 derniers mois" are ranges that start or end now.

Layout, in reading order: ``words`` (folding and vocabularies), ``patterns`` (the
regular expressions), ``calendar_math`` (date and clock arithmetic), the rule modules
``dates`` (with ``holidays``), ``periods``, ``relative`` and ``times``, ``scan`` (the
ordered rule table), ``combine`` (joining adjacent pieces), ``values`` (the two shapes
of a finding), ``dateparser_fallback`` and ``reader`` (the entry point).
"""

from __future__ import annotations

from meetdesk.assistant.expressions.reader import read_expressions
from meetdesk.assistant.expressions.values import TimeValue

__all__ = ["TimeValue", "read_expressions"]
