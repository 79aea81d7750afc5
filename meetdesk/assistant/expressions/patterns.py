"""The regular expressions of the rules, over the folded text.

One place for every pattern so the boundaries (``_B``/``_E``: no digits glued to ``/ : .
-``) and the shared pieces (hour words, meridiem, year) stay consistent. Each pattern is
read by one rule in ``dates``, ``periods``, ``relative`` or ``times``; ``scan`` says in
which order.
"""

from __future__ import annotations

import re

from meetdesk.assistant.expressions.holidays import HOLIDAY as HOLIDAY
from meetdesk.assistant.expressions.words import (
    DAY_WORDS_FR,
    MINUTE_WORDS,
    MONTH,
    NTH,
    NUM,
    NUM_EN,
    NUM_FR,
    ORD_SUFFIX,
    ORDS,
    UNIT,
    WD,
    alt,
)

_B = r"(?<![\w/:.-])"  # left boundary that also refuses digits glued to / : . -
_E = r"(?![\w/:]|\.\d|-\d)"
_NOT_MONEY = (
    r"(?<![\d$\u20ac\xa3/.])(?<!\d:)(?<!\$ )(?<!\u20ac )"  # "$12 December 27": not the 12th
)
# "sat" and "sun" are words too: the weekday rule only takes them in a date's company.
WDX = rf"(?:{WD}|sat|sun)"
_UNITS_AFTER = r"(?![- ](?:hours?|days?|weeks?|months?|years?|minutes?|mins?|people|persons?))"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ----------------------------------------------------------------------------- dates

_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DAYW_FR = alt(DAY_WORDS_FR)
ISO = _p(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
# ISO 8601 basic, "20161016", as in file names and references.
COMPACT = _p(
    r"(?<![\d.,])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
NUMERIC = _p(
    rf"{_B}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?{_E}"
)
# Two numeric dates as a range: "10/1-11/2/2017", "du 28/2 au 1/3".
NUMERIC_RANGE = _p(
    rf"\b(?:(?:from|between|du|de|entre) )?{_B}(?P<a1>\d{{1,2}})/(?P<b1>\d{{1,2}})"
    rf"(?:/(?P<y1>\d{{4}}|\d{{2}}))? ?(?:-|to|till|until|through|au|jusqu'au) ?"
    rf"(?P<a2>\d{{1,2}})/(?P<b2>\d{{1,2}})(?:/(?P<y2>\d{{4}}|\d{{2}}))?{_E}"
)
_DAY_YEAR = rf"(?: ?,? ?(?:of |in |de )?{_YEAR}\b)?"
DAY_MONTH = _p(
    rf"\b(?:(?P<wd>{WD}),? )?(?:the |le )?{_NOT_MONEY}(?P<d>\d{{1,2}}|{ORDS}|{_DAYW_FR})"
    rf"{ORD_SUFFIX}(?: of| de|,)? (?P<mo>{MONTH})\b\.?{_DAY_YEAR}"
)
# "2019/aug/01", "2020-Sep-23".
YEAR_MONTH_DAY = _p(rf"(?<!\d){_YEAR}(?P<sep>[/-])(?P<mo>{MONTH})(?P=sep)(?P<d>\d{{1,2}})(?!\d)")
MONTH_DAY = _p(
    rf"\b(?:(?P<wd>{WD}),? )?(?P<mo>{MONTH})\.?(?: |/|-)(?:the )?(?P<d>\d{{1,2}}|{ORDS})"
    rf"{ORD_SUFFIX}\b(?![:h]\d|/\d|-\d)(?! ?(?:am|pm|a\.m|p\.m|o'?clock)\b){_DAY_YEAR}"
)
# Days sharing one month: "18 and 19 June", "du 3 au 12 septembre", "June 18-19".
_DJOIN = r"-|to|till|until|through|au|and|et|or|ou|&"
DAY_SPAN = _p(
    rf"\b(?:(?P<lead>from|between|du|entre|de) )?(?:the |le )?{_NOT_MONEY}(?P<d1>\d{{1,2}})"
    rf"(?:st|nd|rd|th|er)? ?(?P<j>{_DJOIN}) ?(?:the |le )?(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er)?"
    rf"(?: of| de|,)? (?P<mo>{MONTH})\b\.?{_DAY_YEAR}"
    rf"|\b(?:(?P<lead2>from|between) )?(?P<mo2>{MONTH})\.? (?:the )?(?P<e1>\d{{1,2}})"
    rf"(?:st|nd|rd|th)? ?(?P<j2>{_DJOIN}) ?(?:the )?(?P<e2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?![:h.]\d)(?! ?(?:am|pm|a\.m|p\.m)\b){_UNITS_AFTER}"
    rf"(?: ?,? ?(?P<y2>(?:19|20)\d{{2}})\b)?"
)
RELDAY = _p(
    r"\b(?:the day after tomorrow|day after tomorrow|apres-demain|apres demain"
    r"|the day before yesterday|day before yesterday|avant-hier|avant hier"
    r"|tomorrow|tmrw|tmr|demain|today|todays|aujourd'hui|aujourdhui|yesterday|hier"
    r"|tonight|ce soir|cette nuit|ce matin|cet apres-midi|cet apres midi|this morning"
    r"|this afternoon|this evening|last night|right now|now|maintenant|tout de suite"
    r"|at the moment|at present|at the present time|at this time|currently"
    r"|as soon as possible|asap|des que possible|le plus tot possible|au plus tot"
    r"|en ce moment|the next day|the following day|the day after|the day before"
    r"|the previous day|le lendemain|lendemain|la veille|le jour suivant|le jour d'apres"
    r"|le jour precedent|le jour d'avant)\b"
)
_WD_MOD = (
    r"(?P<mod>this past|this coming|this upcoming|next|this|coming|upcoming|following|last"
    r"|previous|past|ce|cette)"
)
WEEKDAY = _p(
    rf"\b(?:{_WD_MOD} )?(?:(?:on|le) )?"
    rf"(?P<wd>{WDX})\b\.?(?: (?P<mod2>prochain|suivant|qui vient|dernier|passe"
    rf"|de la semaine prochaine|de la semaine derniere|next week|last week|of next week"
    rf"|of last week|d'apres|after next|en huit|en 8|en quinze|en 15)\b)?"
)
# A weekday and a day number: "Monday 21", "tues the 4th", "jeudi 15", "vendredi quinze".
WEEKDAY_DAY = _p(
    rf"\b(?:{_WD_MOD} )?(?:(?:on|le) )?(?P<wd>{WDX})\.?,? (?:the |le )?"
    rf"(?P<d>\d{{1,2}}|1er|{_DAYW_FR})(?P<suf>st|nd|rd|th|er)?\b"
    r"(?![.,:/-]?\d)(?! ?(?:h\b|h\d|heures?|mois|jours|ans|am\b|pm\b|a\.m|p\.m|o'?clock"
    r"|hours?|days?|weeks?|months?|years?|minutes?|mins?|people|persons?|personnes))"
)
# A weekday and a day.month with dots or dashes, "Friday 7.6": a date only when the weekday
# agrees (else "Friday 9.30" is a time).
WEEKDAY_DOTTED = _p(
    rf"\b(?:{_WD_MOD} )?(?:(?:on|le) )?(?P<wd>{WDX}),? (?P<a>\d{{1,2}})(?P<sep>[.-])"
    rf"(?P<b>\d{{1,2}}){_E}"
)
_MONTH_REF = (
    rf"(?P<mon>(?:this|next|last|previous|coming|following|the next|the previous) month|month"
    rf"|mois(?: prochain| dernier| suivant| precedent)?|ce mois(?:-ci)?|{MONTH})"
)
# "the first Monday of next month", "last day of October 2015", "le 3eme jour d'octobre".
NTH_OF_MONTH = _p(
    rf"\b(?:the |le |la )?(?P<ord>{alt(NTH)}|{ORDS}|\d{{1,2}}(?:st|nd|rd|th|eme|e|er)?)"
    rf"(?: (?:(?P<wd>{WD})|(?P<day>day|jour)))? (?:of|in|de|du|d')(?: |(?<=d'))"
    rf"(?:the |la |le |l')?{_MONTH_REF}\b\.?(?: (?P<y>(?:19|20)\d{{2}})\b)?"
)
ORDINAL_DAY = _p(
    rf"\b(?:on )?the (?P<d>\d{{1,2}}(?:st|nd|rd|th)|{ORDS})\b(?! (?:one|option|slot|week|"
    rf"time|day|of (?:the|this|next|last|that)))|\ble (?P<d2>\d{{1,2}}|1er|premier)\b"
    rf"(?! ?(?:h\b|h\d|:|\.\d|heures?|minutes?|mn|%|euros?|ans|jours|mois))"
)
PART = _p(
    r"\b(?:(?:in|during|dans|durant|this|ce|cet|cette|tomorrow|demain|yesterday|hier|last|early"
    r"|late|the) )?(?:the |l'|le |la )?(?P<p>morning|afternoon|evening|night|tonight|matinee"
    r"|matin|apres-midi|apres midi|soiree|soir|nuit)\b"
)


# ----------------------------------------------------------------------------- periods

MONTH_YEAR = _p(
    rf"\b(?:(?:in|of|en) )?(?P<mo>{MONTH}),? {_YEAR}\b"
    rf"|\b(?P<y2>(?:19|20)\d{{2}}),? (?P<mo2>{MONTH})\b"
)
MONTH_NAME = _p(
    r"\b(?:(?P<mod>next|last|this|previous|coming|le mois d'|le mois de |en |in |of |"
    r"since |depuis |ce mois d'|ce mois de |cette |ce )?)(?P<mo>january|february|march|april"
    r"|june|july|august|september|october|november|december|janvier|fevrier|avril|juin"
    r"|juillet|aout|septembre|octobre|novembre|decembre|jan|feb|apr|aug|sept|oct|nov|dec"
    r"|mars|mai)\b(?: (?P<mod2>prochain|dernier))?"
)
YEAR = _p(rf"\b(?:in|of|en|year|since|l'annee|annee|the year) {_YEAR}\b|^(?P<y2>(?:19|20)\d{{2}})$")
YEAR_RANGE = _p(
    r"\b(?:from|between|de|entre|du) (?P<y1>(?:19|20)\d{2}) ?(?:-|to|and|a|et|au|until|till"
    r"|through|jusqu'a|jusqu'en) ?(?P<y2>(?:19|20)\d{2})\b"
)
PERIOD = _p(
    r"\b(?P<mod>next|this|last|previous|past|coming|following|current|the|cette|ce|la|le|l')"
    r" (?P<u>week-end|weekend|week|month|year|semaine|mois|annee|an|quarter|trimestre)"
    r"\b(?: (?P<mod2>prochaine?|derniere?|passee?|suivante?|en cours|qui vient|d'apres))?"
)

# ----------------------------------------------------------------------------- relative

_U = UNIT.replace("(?P<unit>", "(?:")
_UH = _U[:-1] + r"|h)"  # digits glued to "h": "in 2h", "for 3h"
_NUM_NO_A = alt(
    {k: v for k, v in {**NUM_EN, **NUM_FR}.items() if k not in ("a", "an", "un", "une")}
)
_AMOUNT = rf"(?:\d+(?:[.,]\d+)? ?{_UH}|{NUM} {_U})"
_AMOUNT_NO_A = rf"(?:\d+(?:[.,]\d+)? ?{_UH}|(?:{_NUM_NO_A}) {_U})"
_DIR = r"prochaines?|prochains?|dernieres?|derniers?|upcoming|coming|next|last|past|suivants?"
RELATIVE = _p(
    rf"\b(?:(?P<pre>in|within|dans|after|d'ici|en|for|pendant|durant|over|during|au cours des"
    rf"|au cours de|under|sous) )?(?:(?P<art>the|les|des|ces) )?(?:(?P<dir>{_DIR}) )?"
    rf"(?P<n>\d+(?:[.,]\d+)?|{NUM})(?: (?P<dir2>{_DIR}))? ?(?P<unit>{_UH[3:-1]})(?:'s)?\b"
    rf"(?P<more>(?:(?:,? and | et )(?:{_AMOUNT})\b|,? (?:{_AMOUNT_NO_A})\b)*)"
    rf"(?: (?P<post>ago|from now|from right now|later|hence|before|after|from today"
    rf"|from tomorrow|from tmrw|plus tard|back|earlier|time|auparavant|avant|apres))?\b"
    rf"|\bil y ?a (?:(?:environ|a peu pres|presque|plus de|moins de) )?(?P<n2>{NUM}) "
    rf"{UNIT.replace('unit', 'unit2')}\b"
)
_AMOUNT_PART = re.compile(rf"(?P<n>\d+(?:[.,]\d+)?|{NUM}) ?(?P<unit>{_UH[3:-1]})\b")
# All of a unit as an amount: "all day", "toute la semaine".
ALL_UNIT = _p(
    r"\b(?:all (?:the )?(?P<u>day|week|month|year|night)(?: long)?"
    r"|(?:toute la |tout le )(?P<u2>journee|semaine|nuit|mois))\b"
)
_FRAC = r"(?P<frac>1/2|1/4|3/4|\u00bd|\u00bc|\u00be|three[- ]quarters of an?|trois quarts d')"
_HALF_U = r"(?:hours?|days?|weeks?|months?|years?|minutes?|heures?|jours?|semaines?|ans|annees?)"
HALF_UNIT = _p(
    r"\b(?:(?P<pre>in|within|dans|for|pendant|about|around)\s+)?(?:(?:about|around|environ)\s+)?"
    r"(?:(?P<n>\d+|an?|one|une?)\s+(?P<u>hours?|heures?)\s+(?:and\s+a\s+half|and\s+half|et\s+demie?)|(?:a\s+|an\s+)?half\s+an?\s+hour"
    r"|half[- ]hour|(?:une\s+)?demi[- ]heure|(?:a\s+)?quarter\s+of\s+an\s+hour|(?:un\s+)?quart"
    r"\s+d'heure|(?P<hm_h>\d{1,2})\s?h\s?(?P<hm_m>[0-5]\d)(?:\s?(?:min|mn))?(?=\s+(?:de|of)\b)"
    r"|half\s+a\s+(?P<hu>day|year|month|week)|une\s+demi[- ](?P<hu2>journee|heure)"
    r"|(?P<hr>\d+)\s*(?:hours?|hrs?|h)\s*(?:and\s+)?(?P<mi>\d+)\s*(?:minutes?|mins?|m)\b"
    rf"|(?P<n3>\d+|{NUM})\s+and\s+(?:a\s+|an\s+)?(?P<fr3>half|quarter)\s+(?P<u3>{_HALF_U})"
    rf"|(?P<n4>\d+|{NUM})\s+(?P<u4>{_HALF_U})\s+and\s+(?:a\s+)?(?P<fr4>half|quarter)"
    rf"|{_FRAC}\s?(?P<u5>hours?|heure|h)\b)"
    r"(?:\s+(?P<post>from now|later|ago))?"
)

# ----------------------------------------------------------------------------- times

_MERIDIEM = r"(?P<ap>a\.?m\.?|p\.?m\.?|am|pm|a|p)(?![a-z])"
# Hours spelled out: single words up to twelve, not the articles and vague counts.
_HOUR_WORDS = {
    k: v
    for k, v in NUM_EN.items()
    if 0 < v <= 12 and " " not in k and k not in ("a", "an", "few", "several", "couple")
}
_H = rf"(?P<h>\d{{1,2}}|{alt(_HOUR_WORDS)})"
_HW3 = rf"(?P<h3>{alt(_HOUR_WORDS)})"
_HW2 = rf"(?P<h2>{alt(_HOUR_WORDS)})"
TIME_MERIDIEM = _p(
    rf"(?<![\w/:.]){_H}(?:[:.](?P<m>\d{{2}})(?::(?P<sec>\d{{2}}))?)?(?:ish)? ?{_MERIDIEM}"
    rf"|{_B}(?P<hm>\d{{3,4}}) ?(?P<ap2>a\.?m\.?|p\.?m\.?)(?![a-z])"
)
TIME_COLON = _p(
    rf"{_B}(?P<h>\d{{1,2}})(?::|(?<=\bat \d)\.|(?<=\bat \d\d)\.)"
    rf"(?P<m>\d{{2}})(?::(?P<sec>\d{{2}}))?(?![\d:])"
)
TIME_H = _p(
    r"(?<![\w/:.-])(?P<h>\d{1,2}) ?h(?:eures?)?(?: ?(?P<m>[0-5]\d)| (?P<mw>et demie|et quart"
    r"|moins le quart|moins quart|trente|quinze))?(?![\w])"
)
TIME_OCLOCK = _p(rf"{_B}{_H} ?o'?clock\b")
_MINS = {k: v for k, v in NUM_EN.items() if 1 <= v <= 59 and k not in
         ("a", "an", "few", "a few", "several", "couple", "a couple", "couple of",
          "a couple of")}  # fmt: skip
TIME_WORDS = _p(
    rf"\b(?:a )?(?P<q>half|quarter|three quarters|(?P<mins>\d{{1,2}}|{alt(_MINS)}))"
    rf"(?P<mu> (?:minutes?|mins?))? (?P<rel>past|after|to|before|till) "
    rf"(?P<h>\d{{1,2}}|{alt(_HOUR_WORDS)}|noon|midnight)"
    rf"(?:(?P<oc> ?o'?clock)| ?(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z]))?(?:\b|(?<=\.)){_UNITS_AFTER}"
    rf"|\bhalf {_HW3}\b(?! (?:an?|of)\b){_UNITS_AFTER}"
    rf"|(?:(?<=\bat )|(?<=\bby )|(?<=around )|(?<=about )|(?<=until )|(?<=from )|(?<=th )"
    rf"|(?<=\dst )|(?<=\dnd )|(?<=\drd ))"
    rf"{_HW2}[ -](?P<tail>{alt(MINUTE_WORDS)})(?: minutes)?\b"
    rf"(?: ?(?P<ap2>a\.?m\.?|p\.?m\.?|a m|p m)(?![a-z]))?{_UNITS_AFTER}"
)
_LEADS = (
    r"at|a|vers|around|about|approximately|circa|@|by|between|from|till|until|before|after"
    r"|avant|apres|des|jusqu'a"
)
TIME_AT = _p(
    rf"\b(?:{_LEADS}) {_H}(?:ish)?\b(?![/:.,]?\d)(?! (?:minutes?|hours?|days?|weeks?|months?"
    rf"|years?|of|people|persons?|jours?|semaines?|mois|ans|personnes|%|percent))"
)
# "at 1030", "around 1530": a clock without its colon after a time preposition.
TIME_AT_HHMM = _p(
    r"\b(?P<lead>at|around|about|approximately|circa|@|by|from|till|until|before|after) "
    r"(?P<hm>\d{3,4})(?:ish)?\b(?![/:.,-]?\d|[/-])(?! (?:[a-z]*s\b|feet|ft|m\b|km|people))"
)
# An hour before a part of day or a day: "one in the morning", "9 tomorrow", "11ish", or
# before a range's end with am/pm: "3 to 4pm", "9-11am".
_H3 = _H.replace("(?P<h>", "(?P<h3>")
TIME_BEFORE_DAY = _p(
    rf"{_B}{_H3}(?= ?(?:-|to|till|until) ?\d{{1,2}}(?:[:.]\d\d)? ?(?:am|pm|a\.m|p\.m)\b)"
    rf"|{_B}{_H}(?=(?: o'?clock)? (?:in the (?:morning|afternoon|evening)|at night|tonight"
    rf"|this (?:morning|afternoon|evening)|tomorrow|today)\b)|{_B}(?P<h2>\d{{1,2}})ish\b"
)
_FR_MIN = alt(
    {k: v for k, v in NUM_FR.items() if 1 <= v <= 59 and k not in ("quelques", "un", "une")}
)
FR_HEURES = _p(
    rf"(?<!il y )(?<!il ya )\b(?:(?P<lead>a|vers|des|avant|apres|jusqu'a|aux alentours de"
    rf"|autour de|environ|a environ|a partir de) )?"
    rf"(?P<h>\d{{1,2}}|{alt(NUM_FR)})"
    r" heures?(?: (?P<mw>et demie?|et quart|moins le quart|moins quart|trois quarts"
    rf"|(?:et |moins )?(?:{_FR_MIN}|\d{{1,2}})(?: minutes?)?))?\b"
)
NOON = _p(
    rf"\b(?:(?:midi|minuit) (?:et demie?|et quart|moins le quart|moins (?:{_FR_MIN}|\d{{1,2}})"
    rf"|(?:{_FR_MIN}|[0-5]?\d)\b(?! ?(?:h|heures?|minutes?|personnes|jours|mois|ans|%)\b))"
    r"|noon(?:ish)?|midday|mid[- ]day|midnight|mid[- ]night|midi|minuit"
    r"|lunchtime|lunch time|end of (?:the )?day|fin de (?:la )?journee|eod)\b"
)
