"""The quality review pages: the samples, one sample, and its grade form.

All three call ``meetdesk.supervision.quality`` (``list_samples``, ``show_sample``,
``grade_sample``) with the caller's actor, as ``meetdesk quality`` does: purpose
``quality_review``, only the samples of customers the reviewer serves, each key of a
sample by its own categories, every read and grade audited. A sample holds pseudonyms
only; the page adds nothing to it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meetdesk.errors import AccessDenied, ConfigError
from meetdesk.privacy.access import Shown
from meetdesk.supervision import quality
from meetdesk.supervision.web.auth import CSRF_FIELD, Caller, check_form_csrf, console_caller
from meetdesk.supervision.web.context import context

from .capabilities import QUALITY, refused, require_page
from .render import WITHHELD, field, flash_of, message_page, page, when

router = APIRouter()

DONE = {"graded": "Grade saved."}
_FACTS = (
    ("Decision", "action"),
    ("Rules", "rules"),
    ("Confidence", "confidence"),
    ("Decided", "decided_at"),
    ("Sampled", "sampled_at"),
    ("Grade", "grade"),
    ("Why", "reason"),
    ("Note", "note"),
    ("Graded by", "graded_by"),
    ("Graded", "graded_at"),
)
_CONTENT = (
    ("Sender", "sender"),
    ("Sender's role", "sender_role"),
    ("People", "people"),
    ("Language", "language"),
    ("Subject", "subject"),
    ("Reading", "reading"),
)


@router.get("/quality", response_model=None)
async def samples_page(
    request: Request,
    caller: Annotated[Caller, Depends(console_caller)],
    ungraded: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    not_for_role = require_page(caller, QUALITY)
    if not_for_role is not None:
        return not_for_role
    ctx = context(request)
    now = ctx.clock.now()
    disclosure = await run_in_threadpool(
        lambda: quality.list_samples(
            ctx.engine, ctx.cipher, caller.actor, ungraded=bool(ungraded), now=now
        )
    )
    rows = [
        {
            "id": r.fields.get("id"),
            "sampled_at": when(field(r, "sampled_at")),
            "action": field(r, "action"),
            "rules": _plain(field(r, "rules")),
            "grade": field(r, "grade") or "ungraded",
            "reason": field(r, "reason"),
        }
        for r in disclosure.records
    ]
    return page(
        caller,
        "quality.html",
        section="/quality",
        rows=rows,
        ungraded=bool(ungraded),
        left_out=disclosure.left_out,
    )


@router.get("/quality/{sample_id}", response_model=None)
async def sample_page(
    request: Request, sample_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> HTMLResponse:
    not_for_role = require_page(caller, QUALITY)
    if not_for_role is not None:
        return not_for_role
    return await _show(request, caller, sample_id, flash=flash_of(request.query_params, DONE))


async def _show(
    request: Request,
    caller: Caller,
    sample_id: str,
    *,
    flash: str | None = None,
    error: str | None = None,
    kept: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    ctx = context(request)
    now = ctx.clock.now()
    try:
        disclosure = await run_in_threadpool(
            lambda: quality.show_sample(ctx.engine, ctx.cipher, caller.actor, sample_id, now=now)
        )
    except AccessDenied as exc:
        return refused(caller, str(exc))
    except ConfigError as exc:
        return message_page(caller, "Not found", str(exc), status=404)
    record = disclosure.records[0]
    return page(
        caller,
        "quality_sample.html",
        status=status,
        section="/quality",
        sample_id=sample_id,
        facts=[(label, _plain(field(record, key))) for label, key in _FACTS if _has(record, key)],
        content=[(label, _plain(field(record, key))) for label, key in _CONTENT],
        text=field(record, "text"),
        reasons=quality.REASONS,
        kept={"verdict": "", "why": "", "note": ""} | (kept or {}),
        flash=flash,
        action_error=error,
    )


@router.post("/quality/{sample_id}/grade", response_model=None)
async def grade(
    request: Request, sample_id: str, caller: Annotated[Caller, Depends(console_caller)]
) -> Response:
    not_for_role = require_page(caller, QUALITY)
    if not_for_role is not None:
        return not_for_role
    form = await request.form()
    typed = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        check_form_csrf(caller, typed.get(CSRF_FIELD, ""))
    except AccessDenied as exc:
        return refused(caller, str(exc))
    kept = {k: typed.get(k, "") for k in ("verdict", "why", "note")}
    verdict = kept["verdict"]
    if verdict not in quality.GRADES:
        error = "choose right or wrong"
        return await _show(request, caller, sample_id, error=error, kept=kept, status=422)
    if verdict == quality.WRONG and not kept["why"]:
        error = f"say why it was wrong (one of: {', '.join(quality.REASONS)})"
        return await _show(request, caller, sample_id, error=error, kept=kept, status=422)
    chosen = quality.Grade(
        verdict,
        kept["why"] or None if verdict == quality.WRONG else None,
        kept["note"].strip() or None,
    )
    ctx = context(request)
    now = ctx.clock.now()
    try:
        await run_in_threadpool(
            lambda: quality.grade_sample(
                ctx.engine, ctx.cipher, caller.actor, sample_id, chosen, now=now
            )
        )
    except AccessDenied as exc:
        return refused(caller, str(exc))
    except ConfigError as exc:
        if str(exc).startswith("no quality sample"):
            return message_page(caller, "Not found", str(exc), status=404)
        return await _show(request, caller, sample_id, error=str(exc), kept=kept, status=422)
    return RedirectResponse(f"/quality/{sample_id}?done=graded", status_code=303)


def _has(record: Shown, key: str) -> bool:
    return key in record.fields or key in record.withheld


def _plain(value: Any) -> Any:
    if value is WITHHELD or value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, list) and all(isinstance(v, dict) and "pseudonym" in v for v in value):
        return ", ".join(f"{v['pseudonym']} ({v.get('role', '')})" for v in value)
    if isinstance(value, dict):  # the reading: one "key: value" per field it found
        return "; ".join(
            f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}"
            for k, v in value.items()
            if v not in (None, [], "")
        )
    return json.dumps(value, ensure_ascii=False, default=str)
