"""Which data-subject right a message exercises, if any (pure, no I/O).

The intent reader already spots privacy requests (``intent.privacy.*`` rules in
``intent_rules``); this maps those rules to the right being exercised and adds the few
phrasings it does not cover ("send me a copy of my data", "copie de mes données",
"withdraw my consent"). A bare mention of the GDPR names no right and is left to a
human. Wrong positives are costly (a participant's "stop by my office" must not silence
them), so only these phrases count, and only in the message's new text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from meetdesk.assistant.text import fold

_BY_RULE = {
    "intent.privacy.delete": "erasure",
    "intent.privacy.delete_fr": "erasure",
    "intent.privacy.access": "access",
    "intent.privacy.access_fr": "access",
    "intent.privacy.unsubscribe": "objection",
    "intent.privacy.unsubscribe_fr": "objection",
    "intent.privacy.stop": "objection",
}
# (rule name, kind, pattern on folded text): what the intent table does not say.
_EXTRA: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "dsr.consent_withdrawal",
        "consent_withdrawal",
        re.compile(
            r"\b(?:withdraw|revoke|retract)\w* (?:my|all my) consent\b"
            r"|\b(?:retire|retirer|retirons|revoque|revoquer)\w* (?:mon|de mon) consentement\b"
        ),
    ),
    (
        "dsr.portability",
        "portability",
        re.compile(r"\bdata portability\b|\bportabilite (?:de|des) (?:mes )?donnees\b"),
    ),
    (
        "dsr.access_copy",
        "access",
        re.compile(
            r"\b(?:send|give|provide|email|e-mail) me (?:a copy of )?(?:all )?(?:the )?"
            r"(?:personal )?(?:data|information) (?:you (?:hold|have|keep|store)\w*"
            r"|about me|on me)\b|\ba copy of (?:all )?my (?:personal )?data\b"
            r"|\bcopie (?:de|des) (?:toutes )?(?:mes|les) donnees\b"
        ),
    ),
    (
        "dsr.stop_fr",
        "objection",
        re.compile(r"^\s*(?:stop|arretez|arrete)\W*$|\barretez de (?:m'|me )\w+"),
    ),
    (
        "dsr.no_contact",
        "objection",
        re.compile(
            r"\b(?:do not|don't|never) (?:contact|e-?mail|write to) me (?:again|any ?more)\b"
            r"|\bstop (?:e-?mailing|contacting|writing to|messaging) me\b"
            r"|\bne (?:plus jamais|plus) me (?:contacter|recontacter|ecrire)\b"
        ),
    ),
)
_CODE = re.compile(r"(?<!\d)(\d{4}[ -]?\d{4})(?!\d)")


def request_kind(rules: Sequence[str], text: str) -> tuple[str, str] | None:
    """(kind, rule name) of the right exercised, or None when the message asks none."""
    for rule in rules:
        if rule in _BY_RULE:
            return _BY_RULE[rule], rule
    folded = fold(text)
    for line in folded.splitlines() or [folded]:
        for name, kind, pattern in _EXTRA:
            if pattern.search(line):
                return kind, name
    return None


def find_codes(text: str) -> list[str]:
    """The eight-digit groups in ``text`` that could be a confirmation code."""
    return [m.group(1).replace(" ", "").replace("-", "") for m in _CODE.finditer(text)]
