"""Which found items a message offers and which it rules out: clauses and negation.

A message is cut into clauses at sentence ends and at contrast words ("but", "mais",
"however", "sinon"); within a clause, an exception word ("except", "sauf", "other than")
rules out what follows it, and a negation ("not", "can't", "pas", "indisponible",
"busy") rules out the whole clause. A clause with a negation is cut further at commas:
a piece that is only a list continuation ("..., Tuesday or Wednesday") stays ruled out,
anything else ("..., Tuesday works") is offered again. Conditionals ("if Monday doesn't
work, ...") offer an alternative and rule nothing out; "not available next week except
Tuesday" offers Tuesday. Phrases that carry a negation word but no refusal ("no problem",
"no later than", "n'hésitez pas", "ne ... que") are set aside first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetdesk.assistant.constraints.model import Context

OFFERED, RULED_OUT, IGNORED = 1, -1, 0

_SENTENCE = re.compile(r"[.!?;:]+(?=\s|$)|\n")
_CONTRAST = re.compile(
    r"\b(?:but|however|whereas|though|although|otherwise|mais|par contre|en revanche|cependant"
    r"|toutefois|sinon|alors que|tandis que)\b"
)
_HARMLESS = re.compile(
    r"\b(?:no problem|not a problem|no worries|not sure|i'm not sure|no rush|no hurry"
    r"|no pressure|no later than|not later than|no earlier than|not earlier than|if not"
    r"|or not|whether or not|not only|not too|no matter|i don't know|don't hesitate"
    r"|do not hesitate|i don't mind|don't mind|not long|pas de (?:soucis?|problemes?|rush"
    r"|stress)|pas d'urgence|pas plus tard que|pas plus tot que|sans (?:soucis?|problemes?)"
    r"|n'hesitez pas|n'hesite pas|ne vous inquietez pas|ne t'inquiete pas|n'importe (?:quel|quelle"
    r"|quand|lequel|laquelle)|pas seulement|je ne sais pas|peu importe|n'est-ce pas|pas mal"
    r"|ne pas hesiter|right away|straight away|far away)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|cannot|can't|cant|won't|wont|don't|doesn't|didn't|isn't"
    r"|aren't|wouldn't|shouldn't|couldn't|unavailable|unable|impossible|busy|booked|conflict"
    r"|away|out of (?:the )?office|ooo|on leave|on holiday|on vacation|off work|day off"
    r"|i'm off|i am off|i'll be off|will be off|travell?ing|avoid|bad for me|no good"
    r"|pas|ne|jamais|aucune?|rien|indisponibles?|absente?s?|en conges?"
    r"|(?:suis|sommes|serai|serons|est|deja|tres) (?:deja |tres )?(?:occupee?s?|prise?s?)"
    r"|en vacances|en deplacement|exclu|eviter|evitons)\b|\bn'"
)
_EXCEPT = re.compile(
    r"\b(?:except(?: for| on)?|excluding|apart from|other than|aside from|but not"
    r"|not including|sauf|excepte|hormis|a part|hors|en dehors d[eu]|mis a part"
    r"|a l'exception d[eu])\b"
)
_CONDITIONAL = re.compile(r"^[\s,]*(?:and |et |or |ou )?(?:if|si|s'il|in case|au cas ou)\b")
_RESTRICTIVE = re.compile(r"\bn(?:e\b|')[^.]*?\b(?:que|qu')")
_STRONG_FR = re.compile(r"\b(?:pas|jamais|plus|aucune?|rien)\b")
_BARE = re.compile(
    r"^[\s,;/&()-]*(?:(?:or|ou|and|et|the|le|la|les|l'|on|in|at|a|au|aux|du|de|nor|ni|also|aussi"
    r"|either|then|puis|any|all|even|meme|neither)\b[\s,;/&()-]*)*$"
)


@dataclass(frozen=True)
class Scoped:
    """An item's polarity and the clause it belongs to."""

    polarity: int
    clause: int


def _cuts(low: str, pattern: re.Pattern[str], inside: list[tuple[int, int]]) -> list[int]:
    return [
        m.start() for m in pattern.finditer(low) if not any(s < m.start() < e for s, e in inside)
    ]


def _blank(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(max(s - offset, 0), min(e - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)


def scope(ctx: Context, spans: list[tuple[int, int]]) -> list[Scoped]:
    """The polarity and clause of each item span, in the order given."""
    low = ctx.folded.low
    cuts = sorted(set([0, len(low)] + _cuts(low, _SENTENCE, spans) + _cuts(low, _CONTRAST, spans)))
    clauses = list(zip(cuts, cuts[1:], strict=False))
    result: list[Scoped | None] = [None] * len(spans)
    for ci, (cs, ce) in enumerate(clauses):
        members = [i for i, (s, _) in enumerate(spans) if cs <= s < ce]
        if not members:
            continue
        text = _HARMLESS.sub(lambda m: " " * len(m[0]), low[cs:ce])
        if _RESTRICTIVE.search(text) and not _STRONG_FR.search(text):
            text = re.sub(r"\bn(?:e\b|')", lambda m: " " * len(m[0]), text)
        bare_text = _blank(text, [spans[i] for i in members], cs)
        if _CONDITIONAL.match(text):
            for i in members:
                result[i] = Scoped(OFFERED, ci)
            continue
        exc = _EXCEPT.search(bare_text)
        if exc is not None:
            negated_before = _NEGATION.search(bare_text[: exc.start()]) is not None
            _except(
                cs, exc.start(), exc.end(), bare_text, members, spans, negated_before, result, ci
            )
            continue
        _pieces(cs, bare_text, members, spans, result, ci)
    return [r if r is not None else Scoped(OFFERED, -1) for r in result]


def _pieces(
    cs: int,
    text: str,
    members: list[int],
    spans: list[tuple[int, int]],
    result: list[Scoped | None],
    ci: int,
    state: int = OFFERED,
) -> None:
    """Comma pieces of a clause: ruled out by a negation, or as its bare continuation."""
    if not _NEGATION.search(text):
        for i in members:
            result[i] = Scoped(OFFERED if state == OFFERED else state, ci)
        return
    bounds = [0] + [m.end() for m in re.finditer(r",", text)] + [len(text) + 1]
    for ps, pe in zip(bounds, bounds[1:], strict=False):
        piece = text[ps:pe]
        inside = [i for i in members if ps <= spans[i][0] - cs < pe]
        if _NEGATION.search(piece):
            state = RULED_OUT
        elif not (_BARE.match(piece) and state == RULED_OUT):
            state = OFFERED
        for i in inside:
            result[i] = Scoped(state, ci)


def _except(
    cs: int,
    xs: int,
    xe: int,
    text: str,
    members: list[int],
    spans: list[tuple[int, int]],
    negated_before: bool,
    result: list[Scoped | None],
    ci: int,
) -> None:
    """An exception word: what follows it is ruled out (or offered, after a negation)."""
    after_state = OFFERED if negated_before else RULED_OUT
    before = [i for i in members if spans[i][0] - cs < xs]
    after = [i for i in members if spans[i][0] - cs >= xe]
    for i in before:
        result[i] = Scoped(IGNORED if negated_before else OFFERED, ci)
    # The exception runs to the first comma piece that is more than a list continuation.
    state = after_state
    tail = text[xe:]
    bounds = [0] + [m.end() for m in re.finditer(r",", tail)] + [len(tail) + 1]
    for k, (ps, pe) in enumerate(zip(bounds, bounds[1:], strict=False)):
        piece = tail[ps:pe]
        if k > 0 and not _BARE.match(piece):
            state = RULED_OUT if _NEGATION.search(piece) else OFFERED
        for i in after:
            if ps <= spans[i][0] - cs - xe < pe:
                result[i] = Scoped(state, ci)
