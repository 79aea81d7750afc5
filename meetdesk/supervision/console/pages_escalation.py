"""One escalation's page: the queue's facts, the reading, the message and its thread,
the week of busy time, and the action forms.

The record is the command line's (``views.escalation_view``), read through the access
function as the caller's actor (``read.escalation``, audited): a processor not serving
the customer gets a 403 page, a field its scope withholds is printed "withheld". What
fetching the week needs is read first, and the calendar is asked only for a reader
who may read this customer for supervision, so no refused read costs a calendar call.

:func:`show` renders the page for GET and for an action the library refused (with the
form's values kept and the error next to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse

from meetdesk.assistant.kinds import KINDS as MEETING_KINDS
from meetdesk.errors import AccessDenied
from meetdesk.privacy.access import Actor, Shown
from meetdesk.supervision import queue
from meetdesk.supervision.api.common import queue_purpose
from meetdesk.supervision.escalation_read import read_escalation
from meetdesk.supervision.escalation_view import Target
from meetdesk.supervision.web.auth import Caller, console_caller
from meetdesk.supervision.web.context import WebContext, context

from . import escalation_display as display
from .capabilities import QUEUE, WORK, allowed, refused, require_page
from .render import WITHHELD, flash_of, message_page, page, when
from .render import field as shown_field

router = APIRouter()

LANGUAGES = (("en", "English"), ("fr", "French"))
EXTRA_SLOTS = 3  # empty rows to add slots by hand
# What a redirect after an action says was done (``?done=CODE``).
DONE = {
    "claim": "Claimed: the escalation is yours until the lease shown below.",
    "release": "Released: the escalation is open again.",
    "correct": "Saved the corrected reading.",
    "correct-resume": "Saved the corrected reading; the assistant carries on from it.",
    "propose": "Proposed the slots to the participants; the escalation is resolved.",
    "reply": "The reply is on its way; the escalation is resolved.",
    "ask": "The question is on its way to the customer; the escalation is resolved.",
    "not-scheduling": "Marked as not a scheduling request; the escalation is resolved.",
    "hand-back": "Handed the thread back to the customer; the escalation is resolved.",
    "resolve": "Resolved.",
    "discard": "Discarded.",
}


@dataclass(frozen=True)
class Attempt:
    """An action the library refused: which form, why, and what was typed in it."""

    action: str
    error: str
    kept: Mapping[str, Any] = field(default_factory=dict)


@router.get("/escalations/{escalation_id}", response_model=None)
async def escalation_page(
    request: Request,
    escalation_id: str,
    caller: Annotated[Caller, Depends(console_caller)],
    full: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    not_for_role = require_page(caller, QUEUE)
    if not_for_role is not None:
        return not_for_role
    flash = flash_of(request.query_params, DONE)
    return await show(context(request), caller, escalation_id, full=bool(full), flash=flash)


async def show(
    ctx: WebContext,
    caller: Caller,
    escalation_id: str,
    *,
    full: bool = False,
    flash: str | None = None,
    attempt: Attempt | None = None,
    status: int = 200,
) -> HTMLResponse:
    now = ctx.clock.now()
    try:
        record, found = await load(ctx, caller.actor, escalation_id, now=now, full=full)
    except queue.QueueError as exc:
        return message_page(caller, "Not found", str(exc), status=404)
    except AccessDenied as exc:
        return refused(caller, str(exc))
    values = page_values(record, found, caller, now)
    values.update(full=full, flash=flash, section="/escalations")
    if attempt is not None:
        values.update(action=attempt.action, action_error=attempt.error)
        shown_forms = values["live"] and (values["mine"] or attempt.action in ("claim", "release"))
        if not shown_forms:  # its form is not on the page: say it at the top
            values["error"] = attempt.error
        values["kept"] = {**values["kept"], **attempt.kept}
        if attempt.action == "correct":
            values["correction"] = {**values["correction"], **attempt.kept}
            was = {k[4:]: v for k, v in attempt.kept.items() if k.startswith("was_")}
            values["was"] = {**values["was"], **was}
    return page(caller, "escalation.html", status=status, **values)


async def load(
    ctx: WebContext, actor: Actor, escalation_id: str, *, now: datetime, full: bool
) -> tuple[Shown, Target]:
    """The record as ``actor`` may see it, and what its week was fetched from."""
    found = await read_escalation(
        ctx.settings, ctx.engine, ctx.cipher, escalation_id,
        actor=actor, purpose=queue_purpose(actor), now=now, full=full,
    )  # fmt: skip
    return found.record, found.target


def page_values(record: Shown, found: Target, caller: Caller, now: datetime) -> dict[str, Any]:
    """Everything escalation.html prints, from the record shown."""
    zone = display.zone_of(record, found.customer.timezone if found.customer else None)
    details = display.details_of(record)
    status = shown_field(record, "status")
    holder = shown_field(record, "claimed_by") if status == queue.CLAIMED else None
    candidates_value = shown_field(record, "candidates")
    candidate_spans = [] if candidates_value is WITHHELD else display.spans(candidates_value)
    grid, busy_note = display.week(record, zone, candidate_spans)
    proposed = display.spans(shown_field(record, "slots"))
    due = shown_field(record, "due_at")
    live = status in (queue.OPEN, queue.CLAIMED)
    return {
        "e": {"id": record.fields.get("id")},
        "facts": display.facts(record, now),
        "overdue": isinstance(due, datetime) and due <= now and live,
        "intent": details.get("intent"),
        "rule": details.get("rule"),
        "reading": display.reading(record, zone),
        "subject": shown_field(record, "subject"),
        "message": shown_field(record, "message"),
        "thread": display.thread(record, zone),
        "week": grid,
        "busy_note": busy_note,
        "proposed": [display.span_label(s, zone) for s in proposed],
        "candidates": WITHHELD
        if candidates_value is WITHHELD
        else [
            {"value": display.span_value(s), "label": display.span_label(s, zone), "checked": False}
            for s in candidate_spans
        ],
        "zone": zone.key,
        "state": status,
        "live": live,
        "holder": holder,
        "can_act": allowed(caller, WORK),
        "mine": holder is not None and holder == caller.username and allowed(caller, WORK),
        "lease": when(shown_field(record, "lease_until")) if holder else None,
        "correction": correction_defaults(record, zone),
        "was": correction_defaults(record, zone),
        "meeting_kinds": MEETING_KINDS,
        "languages": LANGUAGES,
        "resolutions": queue.RESOLUTIONS,
        "extra_slots": [{"start": "", "minutes": ""} for _ in range(EXTRA_SLOTS)],
        "kept": {"reply": "", "ask": "", "resolution": "handled", "resolve_note": "", "why": ""},
        "action": None,
        "action_error": None,
    }


def correction_defaults(record: Shown, zone: Any) -> dict[str, Any]:
    """The correction form filled with what the reading found (blank where withheld)."""

    def value(key: str) -> Any:
        v = shown_field(record, key)
        return None if v is WITHHELD else v

    windows = display.spans(value("windows"))
    participants = value("participants") or []
    chosen = value("chosen")  # an index into the proposals; the form counts from 1
    return {
        "duration_minutes": value("duration_minutes") or "",
        "meeting_kind": value("meeting_kind") or "",
        "windows": "\n".join(
            f"{a.astimezone(zone):%Y-%m-%d %H:%M} - {b.astimezone(zone):%Y-%m-%d %H:%M}"
            for a, b in windows
        ),
        "location": value("location") or "",
        "participants": "\n".join(display.person(p) for p in participants)
        if isinstance(participants, list)
        else "",
        "language": value("language") or "",
        "chosen_option": chosen + 1 if isinstance(chosen, int) else "",
        "note": "",
    }
