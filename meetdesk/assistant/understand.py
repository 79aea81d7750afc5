"""Reading a message: a customer's request, or a participant's answer to our proposals.

The two entry points assemble the smaller readers (language, intent, kind, duration, time
expressions, choice) into one ``Reading``: every fact with the rule that produced it,
every doubt as a reason that lowers the confidence. Both are pure functions of the text,
the moment it was sent and the customer's time zone, so a re-run gives the same reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from meetdesk.assistant.choice import point
from meetdesk.assistant.constraints import Constraints, read_constraints
from meetdesk.assistant.durations import find_durations
from meetdesk.assistant.intent import classify, read_intent, strong_intents
from meetdesk.assistant.kinds import kind_of
from meetdesk.assistant.language import detect_language
from meetdesk.assistant.location import find_location
from meetdesk.assistant.reading import (
    CANCEL,
    CHOOSE_SLOT,
    COUNTER_PROPOSAL,
    DECLINE,
    DOUBT_FACTOR,
    NOT_SCHEDULING,
    PREFERENCE_UPDATE,
    PRIVACY_REQUEST,
    RESCHEDULE,
    SCHEDULE,
    UNKNOWN,
    Evidence,
    FieldReading,
    Reading,
    overall,
)
from meetdesk.assistant.text import fold
from meetdesk.calendar.base import Interval

__all__ = ["detect_language", "read_choice", "read_request"]

# Starting confidences of a choice: a precise reference (ordinal, or day and time), a
# partial one that still singles out one proposal ("Tuesday works"), a bare "yes" to a
# single proposal, and no usable choice at all.
PRECISE, PARTIAL, SINGLE_YES, NO_CHOICE = 0.95, 0.92, 0.9, 0.3
# A field's starting confidence when the message states it, and when it says nothing (the
# customer's defaults then apply, and there is nothing to misread).
FOUND, NOT_SAID = 0.95, 1.0
# Zone rules that say the zone itself is uncertain (an ambiguous abbreviation, two zones).
_DOUBTFUL_ZONE_RULES = frozenset(
    {"zone.ambiguous_abbreviation", "zone.conflict", "zone.my_time_unknown", "zone.gmt_in_summer"}
)
# Zone rules that mean the text states its zone (not a default, not the Date offset).
_STATED_ZONE_RULES = frozenset(
    {"zone.abbreviation", "zone.city", "zone.location", "zone.my_time", "zone.named", "zone.offset"}
)
# Intents that contradict a pick made in the same answer.
_NOT_A_PICK = frozenset({CANCEL, RESCHEDULE, PRIVACY_REQUEST, COUNTER_PROPOSAL, PREFERENCE_UPDATE})


def read_request(
    text: str,
    *,
    sent_at: datetime,
    tz: ZoneInfo,
    assistant_name: str,
    full_intents: bool = True,
    horizon_days: int = 14,
) -> Reading:
    """What a customer asks for: intent, kind, duration, place and when.

    Each field is read with its own evidence, so its confidence and rules say how sure
    that field is. ``full_intents=False`` keeps the first version's contract (``schedule``
    or ``unknown``), for callers that cannot act on the finer intents.
    """
    language = detect_language(text)
    intent_ev, kind_ev, duration_ev, when_ev = Evidence(), Evidence(), Evidence(), Evidence()
    intent_ev.fired(f"language.{language}")
    intent, base = read_intent(text, assistant_name, intent_ev, full=full_intents)
    place = find_location(text, language)
    # The place's own name says nothing about the kind: "the Sunrise Diner" is breakfast.
    named = place.value if place and place.kind in ("place", "address") else ""
    folded = fold(text.replace(named, " ") if named else text)

    kind, competing = kind_of(folded)
    if kind is not None:
        kind_ev.fired(f"kind.{kind}")
    if competing:
        kind_ev.doubt(
            f"several meeting kinds are mentioned ({kind}, {', '.join(competing)})",
            rule="kind.conflict",
        )

    durations, _ = find_durations(folded)
    minutes = durations[0].minutes if durations else None
    for d in durations:
        duration_ev.fired(d.rule)
    if len({d.minutes for d in durations}) > 1:
        duration_ev.doubt("several durations are mentioned", rule="duration.conflict")

    when = read_constraints(
        text,
        sent_at=sent_at,
        customer_tz=tz,
        language=language,
        duration_minutes=minutes,
        horizon_days=horizon_days,
    )
    if not when.windows and intent == SCHEDULE:
        when_ev.note("no time frame given; the default horizon applies")

    location_ev = Evidence()
    if place is not None:
        location_ev.fired(place.rule)

    fields = {
        "intent": intent_ev.as_field(base),
        "location": location_ev.as_field(place.confidence if place else NOT_SAID),
        "kind": kind_ev.as_field(FOUND if kind else NOT_SAID),
        "duration": duration_ev.as_field(FOUND if minutes else NOT_SAID),
        "windows": FieldReading(min(when.confidence, when_ev.confidence(NOT_SAID)), when.rules),
        "timezone": _zone_field(when),
    }
    evidences = (intent_ev, kind_ev, duration_ev, location_ev)
    return Reading(
        intent=intent,
        language=language,
        kind=kind,
        duration_minutes=minutes,
        window=_hull(when.windows),
        windows=when.windows,
        exclusions=when.exclusions,
        timezone=when.timezone,
        asap=when.asap,
        location=place.value if place else None,
        location_kind=place.kind if place else None,
        confidence=overall(fields, intent),
        rules=tuple(dict.fromkeys([*(r for ev in evidences for r in ev.rules), *when.rules])),
        reasons=tuple(
            dict.fromkeys(
                [*(r for ev in evidences for r in ev.reasons), *when.reasons, *when_ev.reasons]
            )
        ),
        fields=fields,
    )


def _hull(windows: Sequence[Interval]) -> Interval | None:
    return Interval(windows[0].start, windows[-1].end) if windows else None


def _zone_field(when: Constraints) -> FieldReading:
    """The reading zone's field: the customer's own zone is a default, nothing to misread."""
    rules = tuple(r for r in when.rules if r.startswith("zone."))
    if not rules or rules == ("zone.customer",):
        return FieldReading(NOT_SAID, rules)
    doubtful = any(r in _DOUBTFUL_ZONE_RULES for r in rules)
    return FieldReading(FOUND * (DOUBT_FACTOR if doubtful else 1.0), rules)


def read_choice(
    text: str,
    *,
    proposals: Sequence[Interval],
    sent_at: datetime,
    tz: ZoneInfo,
    full_intents: bool = True,
) -> Reading:
    """Which proposal a participant's answer picks, if exactly one.

    An answer that picks nothing reports what it is instead (``counter_proposal`` when it
    names a time we did not propose, ``decline``, ``question``...), unless it agrees to
    something without saying what, which stays ``unknown``; ``full_intents=False`` reports
    every answer that picks nothing as ``unknown``.
    """
    language = detect_language(text)
    ev = Evidence()
    ev.fired(f"language.{language}")
    agreeing = False
    # When the answer names times of its own ("how about Monday morning, 9am my time?"),
    # they are read as constraints, and a zone it states is the one its times are in.
    when = read_constraints(text, sent_at=sent_at, customer_tz=tz, language=language)
    zone: tzinfo = when.tz if any(r in _STATED_ZONE_RULES for r in when.rules) else tz

    def unknown(
        reason: str, rule: str, *, other_time: bool = False, declined: bool = False
    ) -> Reading:
        ev.doubt(reason, rule=rule)
        if full_intents and not agreeing:
            other = Evidence()
            intent, base = classify(text, "", other, answering=True)
            if declined and intent in (NOT_SCHEDULING, UNKNOWN):
                # "Je ne pourrai pas participer": the choice reader saw the refusal.
                other.fired("intent.decline.answer")
                intent, base = DECLINE, FOUND
            if other_time and intent in (NOT_SCHEDULING, UNKNOWN):
                # "Could we do Monday at 10 instead?" without a counter phrase: still a
                # time we did not offer, so a counter-proposal, with a doubt.
                other.doubt("names a time that was not proposed", rule="intent.counter.time")
                intent, base = COUNTER_PROPOSAL, FOUND
            if intent == NOT_SCHEDULING:
                # An answer in a scheduling thread that says nothing we recognise is
                # for a human to read, not to be dropped as off-topic.
                intent = UNKNOWN
            if intent != UNKNOWN:
                fields = {"intent": other.as_field(base)}
                if intent in (COUNTER_PROPOSAL, RESCHEDULE):
                    fields["windows"] = FieldReading(when.confidence, when.rules)
                    fields["timezone"] = _zone_field(when)
                return Reading(
                    intent=intent,
                    language=language,
                    confidence=overall(fields, intent),
                    rules=(*ev.rules, *other.rules, *when.rules),
                    reasons=(*ev.reasons, *other.reasons, *when.reasons),
                    windows=when.windows,
                    exclusions=when.exclusions,
                    timezone=when.timezone,
                    window=_hull(when.windows),
                    fields=fields,
                )
        field = ev.as_field(NO_CHOICE)
        return Reading(
            intent=UNKNOWN,
            language=language,
            confidence=field.confidence,
            rules=tuple(ev.rules),
            reasons=tuple(ev.reasons),
            fields={"intent": field, "chosen": field},
        )

    if not proposals:
        return unknown("there are no proposals to choose from", "choice.no_proposals")
    starts = [p.start.astimezone(zone) for p in proposals]
    ends = [p.end.astimezone(zone) for p in proposals]
    folded = fold(text)
    p = point(folded, starts, ends, sent_at.astimezone(zone).date(), language)
    for rule in p.rules:
        ev.fired(rule)
    for conflict in p.conflicts:
        ev.doubt(conflict)

    chosen = p.accepted - p.excluded
    agreeing = bool(p.accepted or p.plain_accept or (p.several and not p.declined))
    base = PRECISE if p.specific else PARTIAL
    if not chosen and p.plain_accept and not p.excluded and not p.declined:
        if len(proposals) != 1:
            return unknown("agrees without saying which option", "choice.unspecified")
        chosen, base = {0}, SINGLE_YES
        ev.fired("choice.accept_single")
    if len(chosen) > 1:
        options = ", ".join(str(i + 1) for i in sorted(chosen))
        return unknown(f"fits several proposals (options {options})", "choice.several_match")
    if not chosen:
        if p.declined or p.excluded:
            return unknown("declines the proposed times", "choice.declined", declined=True)
        if p.unmatched:
            return unknown("; ".join(p.unmatched), "choice.not_proposed", other_time=p.other_time)
        return unknown("no choice among the proposals found", "choice.none")

    index = next(iter(chosen))
    for message in p.unmatched:
        ev.doubt(message)
    if p.declined:
        ev.doubt("also declines something", rule="choice.mixed")
    if p.leftovers:
        ev.doubt(
            f"time words not understood: {', '.join(dict.fromkeys(p.leftovers))}",
            rule="choice.unresolved",
        )
    if "?" in text:
        ev.doubt("the answer also asks a question", rule="choice.question")
    for other in sorted(strong_intents(text) & _NOT_A_PICK):
        ev.doubt(f"the answer also reads as {other}", rule=f"choice.also_{other}")
    field = ev.as_field(base)
    return Reading(
        intent=CHOOSE_SLOT,
        language=language,
        chosen_option=index + 1,
        chosen_start=proposals[index].start,
        confidence=field.confidence,
        rules=tuple(ev.rules),
        reasons=tuple(ev.reasons),
        fields={"intent": field, "chosen": field},
    )
