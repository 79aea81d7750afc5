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

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meetdesk.errors import AccessDenied
from meetdesk.privacy import audit
from meetdesk.store.engine import transaction
from meetdesk.supervision import actions, queue
from meetdesk.supervision.escalation_view import target
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


def _zone(ctx: WebContext, escalation_id: str) -> Any:
    from zoneinfo import ZoneInfo

    with transaction(ctx.engine) as session:
        found = target(session, ctx.cipher, escalation_id)
    return ZoneInfo(found.customer.timezone if found.customer else "UTC")


async def _act(
    request: Request,
    caller: Caller,
    escalation_id: str,
    action: str,
    build: Callable[[FormData, Any], Step],
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
        step = build(form, zone)
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
    except AccessDenied:
        with transaction(ctx.engine) as session:  # the refusal is audited too
            audit.record(
                session,
                ctx.cipher,
                actor=caller.actor.name,
                action=f"denied.escalation.{action}",
                categories=[],
                purpose=queue.PURPOSE,
                now=now,
            )
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


def _note(form: FormData) -> str | None:
    note = _text(form.get("note")).strip()
    if len(note) > 2000:
        raise forms.FormError("note: at most 2000 characters")
    return note or None


# The forms ------------------------------------------------------------------------


@router.post("/escalations/{escalation_id}/claim", response_model=None)
async def claim(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            lease = timedelta(minutes=ctx.settings.supervision.lease_minutes)
            queue.claim(
                session, ctx.cipher, escalation_id, user=caller.username, actor=caller.actor,
                now=now, lease=lease,
            )  # fmt: skip
            return "claim"

        return step

    return await _act(request, caller, escalation_id, "claim", build)


@router.post("/escalations/{escalation_id}/release", response_model=None)
async def release(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            queue.release(
                session, ctx.cipher, escalation_id, user=caller.username, actor=caller.actor,
                now=now,
            )  # fmt: skip
            return "release"

        return step

    return await _act(request, caller, escalation_id, "release", build)


@router.post("/escalations/{escalation_id}/correct", response_model=None)
async def correct(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
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
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now, correction=correction, note=note, resume=resume,
            )  # fmt: skip
            return "correct-resume" if resume else "correct"

        return step

    return await _act(request, caller, escalation_id, "correct", build)


@router.post("/escalations/{escalation_id}/propose", response_model=None)
async def propose(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        chosen = [v for v in form.getlist("slot") if isinstance(v, str)]
        starts = [v for v in form.getlist("start") if isinstance(v, str)]
        lengths = [v for v in form.getlist("minutes") if isinstance(v, str)]
        slots = forms.slots(chosen, starts, lengths, zone)
        note = _note(form)

        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            actions.propose_slots(
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now, slots=slots, note=note,
            )  # fmt: skip
            return "propose"

        return step

    return await _act(request, caller, escalation_id, "propose", build)


@router.post("/escalations/{escalation_id}/reply", response_model=None)
async def reply(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        text = forms.text(_form_dict(form), "text", "reply")
        to = _text(form.get("to")) or "sender"
        if to not in ("sender", "all"):
            raise forms.FormError("send the reply to the sender or to everyone")

        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            actions.reply(
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now, text=text, to=to,
            )  # fmt: skip
            return "reply"

        return step

    return await _act(request, caller, escalation_id, "reply", build)


@router.post("/escalations/{escalation_id}/ask", response_model=None)
async def ask(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        question = forms.text(_form_dict(form), "question", "question")

        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            actions.ask_customer(
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now, question=question,
            )  # fmt: skip
            return "ask"

        return step

    return await _act(request, caller, escalation_id, "ask", build)


@router.post("/escalations/{escalation_id}/not-scheduling", response_model=None)
async def not_scheduling(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            actions.not_scheduling(
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now,
            )  # fmt: skip
            return "not-scheduling"

        return step

    return await _act(request, caller, escalation_id, "not-scheduling", build)


@router.post("/escalations/{escalation_id}/hand-back", response_model=None)
async def hand_back(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            actions.hand_back(
                session, ctx.services, escalation_id, user=caller.username,
                actor=caller.actor, now=now,
            )  # fmt: skip
            return "hand-back"

        return step

    return await _act(request, caller, escalation_id, "hand-back", build)


@router.post("/escalations/{escalation_id}/resolve", response_model=None)
async def resolve(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        resolution = _text(form.get("resolution")) or "handled"
        if resolution not in queue.RESOLUTIONS:
            raise forms.FormError(f"resolution: one of {', '.join(queue.RESOLUTIONS)}")
        note = _note(form)

        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            queue.resolve(
                session, ctx.cipher, escalation_id, user=caller.username, actor=caller.actor,
                now=now, resolution=resolution, note=note,
            )  # fmt: skip
            return "resolve"

        return step

    return await _act(request, caller, escalation_id, "resolve", build)


@router.post("/escalations/{escalation_id}/discard", response_model=None)
async def discard(
    request: Request, escalation_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    def build(form: FormData, zone: Any) -> Step:
        why = forms.text(_form_dict(form), "why", "why", limit=2000)

        def step(session: Session, ctx: WebContext, caller: Caller, now: datetime) -> str:
            queue.discard(
                session, ctx.cipher, escalation_id, user=caller.username, actor=caller.actor,
                now=now, why=why,
            )  # fmt: skip
            return "discard"

        return step

    return await _act(request, caller, escalation_id, "discard", build)
