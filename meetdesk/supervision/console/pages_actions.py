"""The escalation page's forms: claim, release, correct, propose, reply, ask the
customer, not a scheduling request, hand back, resolve, discard.

Every form is a POST carrying the session's CSRF token (refused with a 403 page
otherwise). Each runs one library call (``meetdesk.supervision.queue`` or
``meetdesk.supervision.actions``) in one transaction as the caller's actor, with the
account's user name as the supervisor's handle, so the scope checks and the audit are
the library's. On success the browser is sent back to the escalation (303) with a flash
message saying what was done; a refusal is shown on the page next to its form, with
what was typed kept: 409 when the escalation's state does not allow it (held by
someone else, already closed), 422 when the form itself is wrong, 403 when the scope
refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meetdesk.errors import AccessDenied
from meetdesk.store.customers import get_customer
from meetdesk.store.engine import transaction
from meetdesk.store.models import Conversation, Escalation
from meetdesk.supervision import actions, queue
from meetdesk.supervision.web.auth import CSRF_FIELD, Caller, check_form_csrf, console_caller
from meetdesk.supervision.web.context import WebContext, context

from . import forms
from .capabilities import WORK, refused, require_page
from .pages_escalation import LANGUAGES, Attempt, show
from .render import message_page

router = APIRouter()

Step = Callable[[Session, WebContext, Caller, datetime], str]


def _form_dict(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _zone(ctx: WebContext, escalation_id: str) -> ZoneInfo:
    """The customer's zone, which the form's times are written in (UTC without one)."""
    with transaction(ctx.engine) as session:
        row = session.get(Escalation, escalation_id)
        conv = (
            session.get(Conversation, row.conversation_id) if row and row.conversation_id else None
        )
        if conv is None or conv.customer_id is None:
            return ZoneInfo("UTC")
        return ZoneInfo(get_customer(session, ctx.cipher, conv.customer_id).timezone)


async def _act(
    request: Request,
    caller: Caller,
    escalation_id: str,
    action: str,
    build: Build,
) -> Response:
    not_for_role = require_page(caller, WORK)
    if not_for_role is not None:
        return not_for_role
    form = await request.form()
    try:
        check_form_csrf(caller, _text(form.get(CSRF_FIELD)))
    except AccessDenied as exc:
        return refused(caller, str(exc))
    ctx = context(request)
    kept = forms.kept(_form_dict(form))
    try:
        zone = await run_in_threadpool(_zone, ctx, escalation_id)
        step = build(form, zone, escalation_id)
        done = await run_in_threadpool(_run, ctx, caller, escalation_id, action, step)
    except forms.FormError as exc:
        return await _refused(ctx, caller, escalation_id, action, str(exc), kept, 422)
    except queue.QueueError as exc:
        if str(exc).startswith("no escalation"):
            return message_page(caller, "Not found", str(exc), status=404)
        return await _refused(ctx, caller, escalation_id, action, str(exc), kept, 409)
    except AccessDenied as exc:
        return refused(caller, str(exc))
    except ValueError as exc:
        return await _refused(ctx, caller, escalation_id, action, str(exc), kept, 422)
    return RedirectResponse(f"/escalations/{escalation_id}?done={done}", status_code=303)


def _run(ctx: WebContext, caller: Caller, escalation_id: str, action: str, step: Step) -> str:
    now = ctx.clock.now()
    try:
        with transaction(ctx.engine) as session:
            return step(session, ctx, caller, now)
    except AccessDenied:  # the refusal is audited too
        queue.audit_refusal(ctx.engine, ctx.cipher, caller.actor, action, now)
        raise


async def _refused(
    ctx: WebContext,
    caller: Caller,
    escalation_id: str,
    action: str,
    error: str,
    kept: dict[str, str],
    status: int,
) -> HTMLResponse:
    attempt = Attempt(action, error, _kept_for(action, kept))
    return await show(ctx, caller, escalation_id, attempt=attempt, status=status)


def _kept_for(action: str, typed: dict[str, str]) -> dict[str, str]:
    """The form's fields under the names the page fills them from."""
    if action == "reply":
        return {"reply": typed.get("text", "")}
    if action == "ask":
        return {"ask": typed.get("question", "")}
    if action == "resolve":
        return {"resolution": typed.get("resolution", ""), "resolve_note": typed.get("note", "")}
    if action == "discard":
        return {"why": typed.get("why", "")}
    if action == "correct":
        return {k: v for k, v in typed.items() if k != "resume"}
    return {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def _note(form: FormData) -> str | None:
    note = _text(form.get("note")).strip()
    if len(note) > 2000:
        raise forms.FormError("note: at most 2000 characters")
    return note or None


# The forms ------------------------------------------------------------------------
# Each reads its form into the library call it makes; the call runs as ``step`` in one
# transaction and returns the key of the flash message shown afterwards.

Build = Callable[[FormData, Any, str], Step]  # the form, the customer's zone, the id


def _who(caller: Caller, now: datetime) -> dict[str, Any]:
    """Who acts, as every library call takes it."""
    return {"user": caller.username, "actor": caller.actor, "now": now}


def _claim(form: FormData, zone: Any, eid: str) -> Step:
    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        lease = timedelta(minutes=ctx.settings.supervision.lease_minutes)
        queue.claim(session, ctx.cipher, eid, lease=lease, **_who(caller, now))
        return "claim"

    return step


def _release(form: FormData, zone: Any, eid: str) -> Step:
    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        queue.release(session, ctx.cipher, eid, **_who(caller, now))
        return "release"

    return step


def _correct(form: FormData, zone: Any, eid: str) -> Step:
    typed = forms.correction(_form_dict(form), zone, [code for code, _ in LANGUAGES])
    resume = _text(form.get("resume")) == "1"
    note = _note(form)
    correction = actions.Correction(
        duration_minutes=typed.duration_minutes,
        meeting_kind=typed.meeting_kind,
        windows=typed.windows,
        location=typed.location,
        participants=typed.participants,
        language=typed.language,
        chosen_option=typed.chosen_option,
    )

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.correct(
            session, ctx.services, eid, correction=correction, note=note, resume=resume,
            **_who(caller, now),
        )  # fmt: skip
        return "correct-resume" if resume else "correct"

    return step


def _propose(form: FormData, zone: Any, eid: str) -> Step:
    chosen, starts, lengths = (_texts(form, name) for name in ("slot", "start", "minutes"))
    slots = forms.slots(chosen, starts, lengths, zone)
    note = _note(form)

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.propose_slots(
            session, ctx.services, eid, slots=slots, note=note, **_who(caller, now)
        )
        return "propose"

    return step


def _reply(form: FormData, zone: Any, eid: str) -> Step:
    text = forms.text(_form_dict(form), "text", "reply")
    to = _text(form.get("to")) or "sender"
    if to not in ("sender", "all"):
        raise forms.FormError("send the reply to the sender or to everyone")

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.reply(session, ctx.services, eid, text=text, to=to, **_who(caller, now))
        return "reply"

    return step


def _ask(form: FormData, zone: Any, eid: str) -> Step:
    question = forms.text(_form_dict(form), "question", "question")

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.ask_customer(session, ctx.services, eid, question=question, **_who(caller, now))
        return "ask"

    return step


def _not_scheduling(form: FormData, zone: Any, eid: str) -> Step:
    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.not_scheduling(session, ctx.services, eid, **_who(caller, now))
        return "not-scheduling"

    return step


def _hand_back(form: FormData, zone: Any, eid: str) -> Step:
    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        actions.hand_back(session, ctx.services, eid, **_who(caller, now))
        return "hand-back"

    return step


def _resolve(form: FormData, zone: Any, eid: str) -> Step:
    resolution = _text(form.get("resolution")) or "handled"
    if resolution not in queue.RESOLUTIONS:
        raise forms.FormError(f"resolution: one of {', '.join(queue.RESOLUTIONS)}")
    note = _note(form)

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        queue.resolve(
            session, ctx.cipher, eid, resolution=resolution, note=note, **_who(caller, now)
        )
        return "resolve"

    return step


def _discard(form: FormData, zone: Any, eid: str) -> Step:
    why = forms.text(_form_dict(form), "why", "why", limit=2000)

    def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
        queue.discard(session, ctx.cipher, eid, why=why, **_who(caller, now))
        return "discard"

    return step


# The form each action's URL (``/escalations/<id>/<action>``) takes.
FORMS: dict[str, Build] = {
    "claim": _claim,
    "release": _release,
    "correct": _correct,
    "propose": _propose,
    "reply": _reply,
    "ask": _ask,
    "not-scheduling": _not_scheduling,
    "hand-back": _hand_back,
    "resolve": _resolve,
    "discard": _discard,
}


@router.post("/escalations/{escalation_id}/{action}", response_model=None)
async def act(
    request: Request,
    escalation_id: str,
    action: str,
    caller: Annotated[Caller, Depends(console_caller)],
) -> Response:
    """One of the escalation page's forms (``FORMS``)."""
    build = FORMS.get(action)
    if build is None:
        known = ", ".join(FORMS)
        return message_page(
            caller, "Not found", f"no action {action!r} (known: {known})", status=404
        )
    return await _act(request, caller, escalation_id, action, build)
