"""The ordered table of rules and the scan that runs it over the folded text.

Order is the tie-breaker: each rule reads only text no earlier rule has taken, so
composite forms come before their parts ("an hour and a half" before "an hour", "15
heures" before "15h", written dates before bare weekdays) and the loosest time rule
("at 3") comes last. Changing the order changes the reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from meetdesk.assistant.expressions import dates, patterns, periods, relative, times
from meetdesk.assistant.expressions.values import Atom, Context

Rule = Callable[[Context, re.Match[str]], Atom | list[Atom] | None]

# (pattern, rule, languages it applies to; empty for all)
RULES: tuple[tuple[re.Pattern[str], Rule, tuple[str, ...]], ...] = (
    (patterns.HALF_UNIT, relative.half_unit, ()),
    (patterns.TIME_WORDS, times.words, ("en",)),
    (patterns.FR_HEURES, times.fr_heures, ("fr",)),
    (patterns.HOLIDAY, dates.holiday, ()),
    (patterns.PART, dates.part_of_day, ()),
    (patterns.NUMERIC_RANGE, dates.numeric_range, ()),
    (patterns.COMPACT, dates.compact, ()),
    (patterns.ISO, dates.iso, ()),
    (patterns.WEEKDAY_DOTTED, dates.weekday_dotted, ()),
    (patterns.NUMERIC, dates.numeric, ()),
    (patterns.DAY_SPAN, dates.day_span, ()),
    (patterns.DAY_MONTH, dates.day_month, ()),
    (patterns.MONTH_DAY, dates.day_month, ()),
    (patterns.YEAR_MONTH_DAY, dates.day_month, ()),
    (patterns.NTH_OF_MONTH, dates.nth_of_month, ()),
    (patterns.MONTH_YEAR, periods.month_year, ()),
    (patterns.RELATIVE, relative.relative, ()),
    (patterns.RELDAY, dates.relday, ()),
    (patterns.WEEKDAY_DAY, dates.weekday_day, ()),
    (patterns.WEEKDAY, dates.weekday, ()),
    (patterns.ORDINAL_DAY, dates.ordinal_day, ()),
    (patterns.PERIOD, periods.period, ()),
    (patterns.MONTH_NAME, periods.month_name, ()),
    (patterns.YEAR_RANGE, periods.year_range, ()),
    (patterns.YEAR, periods.year, ()),
    (patterns.ALL_UNIT, relative.all_unit, ()),
    (patterns.TIME_MERIDIEM, times.meridiem, ()),
    (patterns.TIME_COLON, times.colon, ()),
    (patterns.TIME_H, times.h_notation, ()),
    (patterns.TIME_OCLOCK, times.oclock, ()),
    (patterns.NOON, times.noon, ()),
    (patterns.TIME_AT_HHMM, times.at_hhmm, ()),
    (patterns.TIME_BEFORE_DAY, times.before_day, ()),
    (patterns.TIME_AT, times.at_hour, ()),
)


def match_all(ctx: Context) -> list[Atom]:
    """Every atom the rules find, in text order; no two overlap a taken character."""
    taken = bytearray(len(ctx.folded))
    atoms: list[Atom] = []
    for pattern, rule, languages in RULES:
        if languages and ctx.language not in languages:
            continue
        pos = 0
        while (m := pattern.search(ctx.folded, pos)) is not None:
            pos = m.end() if m.end() > m.start() else m.end() + 1
            if m.end() == m.start() or any(taken[m.start() : m.end()]):
                continue
            found = rule(ctx, m)
            if found is None:
                continue
            for atom in found if isinstance(found, list) else (found,):
                atoms.append(atom)
                taken[atom.s : atom.e] = b"\x01" * (atom.e - atom.s)
            if isinstance(found, list):  # a list covers its joining words too
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            elif found.e < m.end():  # the rule read less than the match: read on from there
                pos = max(found.e, m.start() + 1)
    atoms.sort(key=lambda a: a.s)
    return atoms
