"""Text that looks like a time but is not: phone numbers, links, amounts, fractions, lengths.

These are taken first so that no time rule reads them: "+33 6 12 34 56 78" holds no
hour, "2/3 of the budget" is not 2 March, "24/7" is not a date, "1h30" of meeting is a
length and "30 minutes" is the duration reader's business. Each kind fires its own
``ignored.*`` rule so a supervisor can see what was set aside.
"""

from __future__ import annotations

import re

from meetdesk.assistant.constraints.model import Context

_NUM = r"(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|un|une|deux|trois|quatre|cinq)"
_TIME_LEAD = re.compile(
    r"(?:\b(?:a|at|vers|des|avant|apres|jusqu'a|jusqu'|entre|et|and|partir de|alentours de"
    r"|autour de|around|about|by|before|after|from|until|till|to|between|-)|[@~-]) ?$"
)
_RANGE_AFTER = re.compile(r"^ ?(?:-|a|au|to|until|till|et|and|jusqu'a) ?\d")

_TRAPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ignored.link", re.compile(r"\bhttps?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.]+")),
    (
        "ignored.phone_number",
        re.compile(
            r"\+\d{1,3}[ .-]?(?:\(0\) ?)?\(?\d{1,4}\)?(?:[ .-]?\d{1,4}){2,6}\b"
            r"|\(\d{3}\) ?\d{3}[ .-]?\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
            r"|\b0\d(?:[ .-]?\d{2}){4}\b|\b\d{3}-\d{4}\b"
        ),
    ),
    ("ignored.always", re.compile(r"\b24 ?/ ?7\b|\b24x7\b|\b7j ?/ ?7\b")),
    (
        "ignored.greeting",
        re.compile(
            r"\b(?:good|bonne?|have a (?:nice|good|great|lovely|wonderful)|enjoy (?:your|the)"
            r"|nice|great|lovely|happy|had a (?:nice|good|great|lovely))"
            r" (?:morning|afternoon|evening|night|soiree|apres-midi|fin de journee|journee|soir"
            r"|matinee|week-?end|week end|week|semaine|fin de semaine|day|monday|tuesday"
            r"|wednesday|thursday|friday|lundi|vendredi)\b"
            r"|^(?:morning|evening|afternoon)(?= ?[,!.]| (?:all|everyone|team|folks)\b)"
        ),
    ),
    (
        "ignored.amount",
        re.compile(
            r"[$€£] ?\d[\d,. ]*\d?|\b\d[\d,.]* ?(?:%|€|\$|£|k€|eur\b|euros?\b|usd\b|dollars?\b"
            r"|percent\b|pour ?cent\b)"
        ),
    ),
    (
        "ignored.ordinal",
        re.compile(
            r"\b\d{1,2}(?:st|nd|rd|th|e|eme) (?:floor|place|grade|century|anniversary|attempt|try"
            r"|round|person|people|item|point|question|draft|version|edition|birthday|choice"
            r"|proposal|option|one|slot|time|etage|fois|edition|version|arrondissement)s?\b"
        ),
    ),
    (
        "ignored.fraction",
        re.compile(r"(?<![\w/.])\d{1,2}/\d{1,2}(?= ?(?:of|de|des|du|d')\b)"),
    ),
    (
        "ignored.duration",
        re.compile(
            rf"\b(?:{_NUM}|half an?|a half|une demie?|un quart d')[- ]?(?:minutes?|mins?|mn)\b"
            rf"|\b(?:{_NUM}|half an?)[- ]?(?:hours?|hrs?)\b(?: and a half)?"
            r"|\b(?:an |a )?hour and a half\b|\bhalf[- ]hour\b|\b(?:a )?quarter of an hour\b"
            r"|\b\d+[.,]\d+ ?h\b"
            r"|\b(?:une |1 )?demi[- ]heure\b|\b(?:un )?quart d'heure\b"
            rf"|\b(?:for|pendant|durant|sur|of|de|d'|a|an|un|une)[ ']?(?:{_NUM}|a|an|un|une)"
            r"[- ](?:days?|jours?|journees?|weeks?|semaines?|nights?|nuits?)\b"
            r"|\b\d+-(?:day|week|night)\b|\b(?:all|whole|full|half)[- ]day\b"
            r"|\b(?:toute la|une demi[- ]|la demi[- ])journee\b"
        ),
    ),
)
_MEETING = (
    r"(?:call|meeting|session|appointment|chat|catch-?up|sync|demo|interview|lunch|coffee"
    r"|review|slot|rendez-vous|rdv|reunion|appel|point|entretien|visio|dejeuner|rencontre"
    r"|seance|echange)"
)
_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|demain|aujourd'hui)"
)
# Asked to move a meeting, the day it is on now is no constraint: "move Thursday's call to
# next week", "décaler notre rendez-vous de jeudi à la semaine prochaine".
_MOVING = re.compile(
    r"\b(?:move|moving|moved|reschedul\w*|postpon\w*|push(?:ing)? (?:it |this )?(?:back|out)"
    r"|shift|bring forward|decaler|decale|reporter|reporte|deplacer|deplace|avancer|repousser"
    r"|changer)\b"
)
_CURRENT_MEETING = re.compile(
    rf"\b{_DAY}'s {_MEETING}\b|\b(?:the|our|my|your|this|that) {_DAY} {_MEETING}\b"
    rf"|\b{_MEETING} (?:on|for|of) (?:{_DAY}|the \d{{1,2}}(?:st|nd|rd|th))\b"
    rf"|\b{_MEETING} (?:de|du|d') ?(?:ce |cet )?(?:{_DAY}|\d{{1,2}}(?:er)?(?: [a-z]+)?)\b"
    rf"|\b{_MEETING} (?:prevue?|planifiee?|fixee?) (?:pour )?(?:{_DAY}|le \d{{1,2}})\b"
)
# "une heure", "1h30", "2 heures": a length unless a time word leads ("à 2 heures").
_HOURS = re.compile(
    r"\b(?P<h>\d{1,2}|une|deux|trois|quatre) ?(?:h(?:eures?)?)(?: ?(?P<m>[0-5]\d)\b| et demie?\b"
    r"| et quart\b)?(?!\w)"
)
_MAX_LENGTH_HOURS = 4
_LENGTH_WORDS = {"une": 1, "deux": 2, "trois": 3, "quatre": 4}


def set_aside(ctx: Context) -> None:
    """Take every trap of the message, so the time rules never see them."""
    scan = ctx.scan
    for rule, pattern in _TRAPS:
        for m in scan.finditer(pattern):
            if rule == "ignored.fraction" and re.search(
                r"\b(?:the|on|le|du|au|le|lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday"
                r"|wednesday|thursday|friday) $",
                scan.text[max(0, m.start() - 10) : m.start()],
            ):
                continue
            _ignore(ctx, rule, m.start(), m.end())
    if _MOVING.search(scan.text):
        for m in scan.finditer(_CURRENT_MEETING):
            _ignore(ctx, "ignored.current_meeting", m.start(), m.end())
    for m in scan.finditer(_HOURS):
        h = m["h"]
        before = scan.text[max(0, m.start() - 16) : m.start()]
        lead = _TIME_LEAD.search(before)
        if lead and ctx.language != "fr" and lead[0].strip() == "a":
            lead = None  # the English article: "a 1h call"
        hours = int(h) if h.isdigit() else _LENGTH_WORDS[h]
        if hours > _MAX_LENGTH_HOURS or hours == 0:
            continue
        if lead or _RANGE_AFTER.match(scan.text[m.end() : m.end() + 5]):
            continue
        if not h.isdigit() and not re.search(r"heure", m[0]):
            continue
        _ignore(ctx, "ignored.duration", m.start(), m.end())


def _ignore(ctx: Context, rule: str, s: int, e: int) -> None:
    ctx.notes.fired(rule)
    ctx.scan.take(s, e)
