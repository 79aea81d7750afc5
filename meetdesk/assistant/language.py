"""Which language a message is written in: English or French, by stopword counts.

Two languages only, chosen by counting frequent function words; accents count towards
French. Cheap, deterministic and good enough for choosing rules and reply wording; the
default is English because it is the safer reply language for an unknown correspondent.
"""

from __future__ import annotations

import re

from meetdesk.assistant.text import fold

_EN = frozenset(
    "the an and or of to in on at for with is are be it this that you your we our i "
    "my could would can please will next week works work fine thanks thank hi hello "
    "dear one let know any meeting call find time monday tuesday wednesday thursday friday "
    "tomorrow hour hours slot".split()
)
_FR = frozenset(
    "le la les un une et ou de des du au aux en pour avec est sont il elle ce cette vous "
    "votre nous notre je mon ma mes merci bonjour peux pouvez pourriez semaine "
    "prochaine convient ca va tres bien rendez vous trouver organiser appel reunion "
    "cordialement premier premiere deuxieme dernier derniere lundi mardi mercredi jeudi "
    "vendredi samedi dimanche janvier fevrier avril juin juillet aout septembre octobre "
    "novembre decembre demain heure heures creneau".split()
)
_WORD = re.compile(r"[a-z]+")
_ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿœ]")


def detect_language(text: str) -> str:
    """ "fr" when French function words outnumber English ones, else "en"."""
    words = _WORD.findall(fold(text))
    en = sum(w in _EN for w in words)
    fr = sum(w in _FR for w in words)
    fr += len(_ACCENTED.findall(text.lower()))
    return "fr" if fr > en else "en"
