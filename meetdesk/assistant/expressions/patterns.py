"""The regular expressions of the rules, over the folded text.

One place for every pattern so the boundaries (``_B``/``_E``: no digits glued to ``/ : .
-``) and the shared pieces (hour words, meridiem, year) stay consistent. Each pattern is
read by one rule in ``dates``, ``periods``, ``relative`` or ``times``; ``scan`` says in
which order.
"""

from __future__ import annotations

import re

from meetdesk.assistant.expressions.words import (
    MONTH,
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


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ----------------------------------------------------------------------------- dates

_YEAR = r"(?P<y>(?:19|20)\d{2})"
ISO = _p(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
NUMERIC = _p(
    rf"{_B}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?{_E}"
)
DAY_MONTH = _p(
    rf"\b(?:(?P<wd>{WD}),? )?(?:the |le )?(?P<d>\d{{1,2}}|{ORDS}){ORD_SUFFIX}(?: of|,)?"
    rf" (?P<mo>{MONTH})\b\.?(?: ?,? ?(?:of |in )?{_YEAR}\b)?"
)
MONTH_DAY = _p(
    rf"\b(?:(?P<wd>{WD}),? )?(?P<mo>{MONTH})\.? (?:the )?(?P<d>\d{{1,2}}|{ORDS})"
    rf"{ORD_SUFFIX}\b(?![:h]\d)(?: ?,? ?(?:of |in )?{_YEAR}\b)?"
)
RELDAY = _p(
    r"\b(?:the day after tomorrow|day after tomorrow|apres-demain|apres demain"
    r"|the day before yesterday|day before yesterday|avant-hier|avant hier"
    r"|tomorrow|tmrw|tmr|demain|today|todays|aujourd'hui|aujourdhui|yesterday|hier"
    r"|tonight|ce soir|cette nuit|ce matin|cet apres-midi|cet apres midi|this morning"
    r"|this afternoon|this evening|right now|now|maintenant|tout de suite|at the moment"
    r"|at present|currently|as soon as possible|asap|des que possible)\b"
)
WEEKDAY = _p(
    rf"\b(?:(?P<mod>next|this|coming|following|last|previous|past|ce|cette) )?(?:(?:on|le) )?"
    rf"(?P<wd>{WD})\b(?: (?P<mod2>prochain|suivant|qui vient|dernier|passe|de la semaine prochaine"
    rf"|de la semaine derniere|next week|last week|of next week|of last week|d'apres))?"
)
ORDINAL_DAY = _p(
    rf"\b(?:on )?the (?P<d>\d{{1,2}}(?:st|nd|rd|th)|{ORDS})\b(?! (?:one|option|slot|week|"
    rf"time|day|of (?:the|this|next|last|that)))|\ble (?P<d2>\d{{1,2}}|1er|premier)\b"
    rf"(?! ?(?:h\b|h\d|:|\.\d|heures?|minutes?|mn|%|euros?|ans|jours|mois))"
)
FR_DAY_NUM = _p(
    r"\b(?:(?P<wd>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) )(?P<d>\d{1,2}|1er)\b"
    r"(?! ?(?:h\b|h\d|:|heures?|mois|jours|ans|/))"
)
PART = _p(
    r"\b(?:(?:in|during|dans|durant|this|ce|cet|cette|tomorrow|demain|early|late|the) )?"
    r"(?:the |l'|le |la )?(?P<p>morning|afternoon|evening|night|tonight|matinee|matin"
    r"|apres-midi|apres midi|soiree|soir|nuit)\b"
)


# ----------------------------------------------------------------------------- periods

MONTH_YEAR = _p(
    rf"\b(?:(?:in|of|en) )?(?P<mo>{MONTH}),? {_YEAR}\b"
    rf"|\b(?P<y2>(?:19|20)\d{{2}}),? (?P<mo2>{MONTH})\b"
)
MONTH_NAME = _p(
    r"\b(?:(?P<mod>next|last|this|previous|coming|le mois d'|le mois de |en |in |of |"
    r"since |depuis )?)(?P<mo>january|february|march|april|june|july|august|september|october"
    r"|november|december|janvier|fevrier|avril|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre|jan|feb|apr|aug|sept|oct|nov|dec|mars|mai)\b(?: (?P<mod2>prochain|dernier))?"
)
YEAR = _p(rf"\b(?:in|of|en|year|since|l'annee|annee) {_YEAR}\b|^(?P<y2>(?:19|20)\d{{2}})$")
PERIOD = _p(
    r"\b(?P<mod>next|this|last|previous|past|coming|following|current|the|cette|ce|la|le|l')"
    r" (?P<u>week-end|weekend|week|month|year|semaine|mois|annee|an|quarter|trimestre)"
    r"\b(?: (?P<mod2>prochaine?|derniere?|passee?|suivante?|en cours|qui vient))?"
)

# ----------------------------------------------------------------------------- relative

RELATIVE = _p(
    rf"\b(?:(?P<pre>in|within|dans|after|d'ici|en) (?:(?:the |les )?(?:next |prochaines? )?)?)?"
    rf"(?P<n>{NUM}) {UNIT}(?:'s)?(?: (?P<post>ago|from now|later|hence|before|after|"
    rf"from today|from tomorrow|plus tard|time))?\b"
    rf"|\bil y a (?P<n2>{NUM}) {UNIT.replace('unit', 'unit2')}\b"
)
HALF_UNIT = _p(
    r"\b(?:(?P<pre>in|within|dans|for|pendant|about|around)\s+)?(?:(?:about|around|environ)\s+)?"
    r"(?:(?P<n>\d+|an?|one|une?)\s+(?P<u>hours?|heures?)\s+(?:and\s+a\s+half|and\s+half|et\s+demie?)|(?:a\s+|an\s+)?half\s+an?\s+hour"
    r"|half[- ]hour|(?:une\s+)?demi[- ]heure|(?:a\s+)?quarter\s+of\s+an\s+hour|(?:un\s+)?quart"
    r"\s+d'heure|(?P<hm_h>\d{1,2})\s?h\s?(?P<hm_m>[0-5]\d)(?:\s?(?:min|mn))?(?=\s+(?:de|of)\b)"
    r"|half\s+a\s+(?P<hu>day|year|month|week)|une\s+demi[- ](?P<hu2>journee|heure)"
    r"|(?P<hr>\d+)\s*(?:hours?|hrs?|h)\s*(?:and\s+)?(?P<mi>\d+)\s*(?:minutes?|mins?|m)\b)"
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
_H2 = _H.replace("(?P<h>", "(?P<h2>")
TIME_MERIDIEM = _p(rf"{_B}{_H}(?:[:.](?P<m>\d{{2}}))? ?{_MERIDIEM}")
TIME_COLON = _p(
    rf"{_B}(?P<h>\d{{1,2}})(?::|(?<=\bat \d)\.|(?<=\bat \d\d)\.)"
    rf"(?P<m>\d{{2}})(?::(?P<sec>\d{{2}}))?(?![\d:])"
)
TIME_H = _p(
    r"(?<![\w/:.-])(?P<h>\d{1,2}) ?h(?:eures?)?(?: ?(?P<m>[0-5]\d)| (?P<mw>et demie|et quart"
    r"|moins le quart|moins quart|trente|quinze))?(?![\w])"
)
TIME_OCLOCK = _p(rf"{_B}{_H} ?o'?clock\b")
TIME_WORDS = _p(
    rf"\b(?P<q>half|quarter|(?P<mins>\d{{1,2}}|twenty|ten|five|twenty-five|twenty five)"
    rf"(?: minutes)?) (?P<rel>past|after|to|before|till) {_H}\b"
    rf"(?! (?:hours?|days?|weeks?|months?|years?|minutes?))|\b{_H2} (?P<tail>thirty|fifteen|"
    rf"forty-five|forty five|o five|oh five|twenty|ten|fifty)\b(?! (?:minutes?|hours?|days?))"
)
TIME_AT = _p(
    rf"\b(?:at|a|vers|around|about|@|by|between|from|till|until|before|after|avant|apres|des|jusqu'a)"
    rf" {_H}\b(?![/:.,]?\d)(?! (?:minutes?|hours?|days?|weeks?|months?|years?|of|people|"
    rf"persons?|jours?|semaines?|mois|ans|personnes|%|percent))"
)
FR_HEURES = _p(
    rf"\b(?:(?:a|vers|des|avant|apres|jusqu'a|aux alentours de|autour de) )"
    rf"(?P<h>\d{{1,2}}|{alt(NUM_FR)})"
    r" heures?(?: (?P<mw>et demie?|et quart|moins le quart|moins quart|trente|quinze|quarante-cinq"
    r"|\d{1,2}))?\b"
)
NOON = _p(
    r"\b(?:(?:midi|minuit) (?:et demie?|et quart|moins le quart)|noon|midday|midnight|midi|minuit"
    r"|lunchtime|lunch time|end of (?:the )?day"
    r"|fin de (?:la )?journee|eod)\b"
)
