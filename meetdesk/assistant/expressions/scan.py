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

Rule = Callable[[Context, re.Match[str]], Atom | None]

# (pattern, rule, languages it applies to; empty for all)
RULES: tuple[tuple[re.Pattern[str], Rule, tuple[str, ...]], ...] = (
    (patterns.HALF_UNIT, relative.half_unit, ()),
    (patterns.FR_HEURES, times.fr_heures, ("fr",)),
    (patterns.PART, dates.part_of_day, ()),
    (patterns.ISO, dates.iso, ()),
    (patterns.NUMERIC, dates.numeric, ()),
    (patterns.DAY_MONTH, dates.day_month, ()),
    (patterns.MONTH_DAY, dates.day_month, ()),
    (patterns.MONTH_YEAR, periods.month_year, ()),
    (patterns.RELDAY, dates.relday, ()),
    (patterns.FR_DAY_NUM, dates.fr_day_num, ()),
    (patterns.WEEKDAY, dates.weekday, ()),
    (patterns.ORDINAL_DAY, dates.ordinal_day, ()),
    (patterns.PERIOD, periods.period, ()),
    (patterns.RELATIVE, relative.relative, ()),
    (patterns.MONTH_NAME, periods.month_name, ()),
    (patterns.YEAR, periods.year, ()),
    (patterns.TIME_MERIDIEM, times.meridiem, ()),
    (patterns.TIME_COLON, times.colon, ()),
    (patterns.TIME_H, times.h_notation, ()),
    (patterns.TIME_OCLOCK, times.oclock, ()),
    (patterns.TIME_WORDS, times.words, ()),
    (patterns.NOON, times.noon, ()),
    (patterns.TIME_AT, times.at_hour, ()),
)


def match_all(ctx: Context) -> list[Atom]:
    """Every atom the rules find, in text order; no two overlap a taken character."""
    taken = bytearray(len(ctx.folded))
    atoms: list[Atom] = []
    for pattern, rule, languages in RULES:
        if languages and ctx.language not in languages:
            continue
        for m in pattern.finditer(ctx.folded):
            if m.end() > m.start() and not any(taken[m.start() : m.end()]):
                atom = rule(ctx, m)
                if atom is not None:
                    atoms.append(atom)
                    for i in range(atom.s, atom.e):
                        taken[i] = 1
    atoms.sort(key=lambda a: a.s)
    return atoms
