"""The patterns that say where a meeting is: links, dial-ins, phones, addresses, venues.

Kept apart from ``location`` (which decides among what they find) so that the reader
stays short; every pattern runs over the accent-folded copy ``location._plain`` makes.
"""

from __future__ import annotations

import re

URL_TAIL = r"/[^\s<>\"'()\[\]]+"
VIDEO = re.compile(
    r"(?i:(?:https?://)?(?:[\w-]+\.)*(?:zoom\.us|zoom\.com|zoomgov\.com)"
    + URL_TAIL
    + r"|(?:https?://)?teams\.(?:microsoft|live)\.com"
    + URL_TAIL
    + r"|(?:https?://)?meet\.google\.com"
    + URL_TAIL
    + r"|(?:https?://)?(?:[\w-]+\.)*webex\.com"
    + URL_TAIL
    + r"|(?:https?://)?(?:[\w-]+\.)?whereby\.com"
    + URL_TAIL
    + r")"
)

# Loose on separators, checked on digits afterwards (8 to 15, as in E.164).
NUMBER = r"(?P<number>\+?\(?\d[\d ().-]{6,22}\d)"
CODE = (
    r"(?:\s*[,;]?\s*(?:(?i:and|et)\s+)?(?:(?i:the\s+)?(?i:meeting id|meeting number|conference id"
    r"|access code|passcode|pin|participant code|participant id|password|code d'acces"
    r"|code participant|code de conference|code confidentiel|code|id de (?:la )?reunion"
    r"|identifiant(?: de (?:la )?reunion)?|mot de passe))\s*(?:[:#]|(?i:is|est))?\s*#?"
    r"\d[\d ]{1,20}\d#?)*"
)
DIAL_IN_RE = re.compile(
    r"(?i:dial[- ]?in(?: numbers?| details)?|call[- ]in number|conference (?:line|number|bridge)"
    r"|audio bridge|bridge(?: line| number)?|join by phone|numero d'appel"
    r"|numero de (?:la )?(?:conference|pont)|pont (?:telephonique|audio)"
    r"|acces (?:telephonique|par telephone)|rejoindre par telephone)"
    r"[^\d+\n]{0,30}?" + NUMBER + CODE
)
PHONE_RE = re.compile(
    r"(?:(?i:(?:call|ring|phone|reach|text)\s+(?:me|us|you|him|her|them)"
    r"(?:\s+(?:directly|back))?\s+(?:on|at))"
    r"|(?i:(?:my|his|her|our)\s+(?:(?:phone|mobile|cell|direct|office)\s+)?"
    r"(?:number|mobile|cell|line|phone)(?:\s+is)?)"
    r"|(?i:on\s+(?:my|his|her)\s+(?:mobile|cell|phone))"
    r"|(?i:(?:appele[rz]?|appelle|rappele[rz]?|rappelle|joindre|contacter|telephone[rz]?)"
    r"(?:-(?:moi|nous|le|la))?\s+(?:au|sur le)(?:\s+(?:numero|portable|mobile))?)"
    r"|(?i:joignable\s+(?:au|sur le)(?:\s+(?:numero|portable|mobile))?)"
    r"|(?i:(?:mon|son|notre)\s+(?:numero|portable|telephone|tel|mobile)(?:\s+est)?))"
    r"\s*:?\s*" + NUMBER
)

# --- labelled lines -----------------------------------------------------------------

LABEL = re.compile(
    r"(?m)^[ \t]*(?i:location|venue|where|address|meeting place|lieu(?: du rendez-vous)?"
    r"|adresse|endroit)[ \t]*:[ \t]*(?P<value>[^\n]+)$"
)
UNDECIDED = re.compile(
    r"(?i)^(?:tbd|tbc|to be (?:confirmed|decided|defined)|a (?:definir|confirmer))"
)

# --- addresses ----------------------------------------------------------------------

CAP = r"[A-Z][\w-]*"
FR_PARTICLE = r"(?i:de|du|des|la|le|les|aux|au|sur|en|et)"
FR_STREET = (
    r"(?i:rue|avenue|av|boulevard|bd|bvd|place|quai|allee|impasse|chemin|cours|route|square"
    r"|passage|faubourg|rond-point|esplanade|parvis|promenade|villa|cite)"
)
FR_ADDRESS = re.compile(
    r"\b\d{1,4}(?:\s?(?i:bis|ter)\b)?(?:-\d{1,4})?,?\s+" + FR_STREET + r"\.?"
    r"(?:\s+(?:" + FR_PARTICLE + r"\s+)*(?:[DdLl]')?" + CAP + r"){1,6}"
    r"(?P<tail>\s*,?\s*\d{5}\s+" + CAP + r"(?:[ -]" + CAP + r")*(?:\s+\d{1,2}e)?"
    r"|\s+(?i:a)\s+" + CAP + r"(?:[ -]" + CAP + r")*"
    r"|\s*,\s*" + CAP + r"(?:[ -]" + CAP + r")*(?=\s*(?:[.;!?\n]|$)))?"
)
EN_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Square|Sq|Place|Pl|Way"
    r"|Court|Ct|Terrace|Row|Hill|Gardens|Crescent|Close|Parkway|Pkwy|street|road|avenue|lane"
    r"|square)"
)
POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]{2}\s+\d{5}(?:-\d{4})?|\d{4,5})"
EN_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?(?:\s+(?:"
    + CAP
    + r"|\d{1,3}(?:st|nd|rd|th))){1,4}\s+"
    + EN_STREET
    + r"\b\.?(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    r"(?:\s*,\s*(?:Suite|Floor|Unit|Apt)\.?\s*[\w-]+)?"
    r"(?:\s*,\s*" + CAP + r"(?:\s" + CAP + r"){0,2}"
    r"(?=\s*(?:,?\s*" + POSTCODE + r"|[.;!?\n)]|$)))?"
    r"(?:\s*,?\s*" + POSTCODE + r"\b)?"
)

# --- offices, homes, venues ---------------------------------------------------------

EN_OFFICE = re.compile(
    r"\b(?i:at|in|to)\s+(?P<value>(?i:our|my|your|the|his|her|their)\s+"
    r"(?:[A-Z][\w-]*(?:\s[A-Z][\w-]*)?\s+)?(?i:office|offices|headquarters|hq|premises|studio)"
    r"(?:\s+(?i:in)\s+" + CAP + r"(?:\s" + CAP + r")?)?)\b"
)
FR_OFFICE = re.compile(
    r"\b(?P<prep>(?i:au|aux|a notre|a nos|dans nos|dans notre|dans les|dans le|a votre|a vos"
    r"|dans vos|dans votre|a mon|dans mon|a l'))\s*"
    r"(?P<value>(?i:bureau|bureaux|locaux|siege|agence|cabinet)"
    r"(?:\s+(?:(?i:de|d'|a)\s*" + CAP + r"|(?i:parisiens?|lyonnais|londoniens?)))?)\b"
)
HOME = re.compile(
    r"\b(?i:at|to)\s+(?P<value>(?i:(?:my|your|our|his|her|their)\s+"
    r"(?:place|home|house|flat|apartment))|(?i:home)|" + CAP + r"'s\s+"
    r"(?i:place|home|house|flat|apartment))\b"
    r"|\b(?P<chez>(?i:chez)\s+(?i:vous|moi|toi|nous|lui|elle|eux|elles))\b"
    r"|\b(?i:a)\s+(?P<domicile>(?i:votre|mon|son|ton|leur)\s+domicile)\b"
)
NAME = CAP + r"(?:\s+(?:(?i:de la|de|du|des|d'|of the|of|la|le|les|and|&)\s*)?" + CAP + r"){0,4}"
AT_VENUE = re.compile(r"\b(?i:at)\s+(?P<value>(?:(?i:the)\s+)?" + NAME + r")")
CHEZ_VENUE = re.compile(r"\b(?P<value>(?i:chez)\s+" + NAME + r")")
# "somewhere near Liverpool Street", "près de Bastille": a vague place, but a place.
NEAR_VENUE = re.compile(
    r"\b(?P<value>(?P<near>(?i:near|close to|next to|pr[eè]s de|[aà] c[oô]t[eé] de))\s+"
    + NAME
    + r")"
)
FR_VENUE = re.compile(
    r"\b(?i:au|a la|a l'|dans le)\s*(?P<value>(?:(?i:restaurant|cafe|bar|brasserie|bistrot"
    r"|hotel)\s+)?" + NAME + r")"
)
FR_VENUE_HEAD = re.compile(r"(?i)^(?:restaurant|cafe|bar|brasserie|bistrot|hotel)\s")

# Capitalised words that follow "at" or "au" without being places.
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december christmas easter "
    "thanksgiving noon midnight eod cob asap est edt pst pdt cst cdt cet cest gmt utc bst et "
    "pt ct i lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril "
    "mai juin juillet aout septembre octobre novembre decembre noel paques canada japon "
    "portugal bresil maroc luxembourg royaume-uni mexique danemark quebec senegal cameroun "
    "chili perou vietnam liban pakistan nigeria kenya gabon congo".split()
)
# Words just before "at Name" that make it an employer or a glance, not a venue.
NOT_VENUE_BEFORE = re.compile(
    r"(?i)\b(?:work|works|working|worked|job|role|position|intern|internship|student|studied"
    r"|study|professor|engineer|manager|director|head|lead|ceo|cto|cfo|coo|vp|founder|partner"
    r"|colleagues?|team|friends?|people|folks|contacts?|someone|employed|based|look|looking"
    r"|looked|glance|hired|joined|consultant|analyst|developer|designer|officer|president"
    r"|here|stationed|travaille|travaillons|travailler|bosse|stage|poste|employee?|salariee?"
    r"|directeur|directrice|responsable|ingenieure?|collegues?|equipe)\b[^.\n]{0,12}$"
)
TIME_WORDS = frozenset("today tomorrow tonight demain aujourd'hui ce soir".split())
MEETING_BEFORE = re.compile(
    r"(?i)\b(?:meet|meeting|lunch|coffee|dinner|breakfast|drinks?|see you|join (?:me|us)"
    r"|catch up|get together|dejeuner|diner|cafe|verre|rendez-vous|rdv|retrouver|retrouve"
    r"|retrouvons|rejoindre|voir|voit|rencontrer|reunion)\b[^.\n]*$"
)
