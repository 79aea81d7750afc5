"""``/api/quality``: the quality review queue, one sample, and grading it.

The routes call ``supervision.quality`` (``list_samples``, ``show_sample``,
``grade_sample``) with the caller's actor, as ``meetdesk quality`` does: purpose
``quality_review``, samples of the customers the reviewer's processor serves only, each
field by its own categories, every read and grade audited.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from meetdesk.errors import ConfigError
from meetdesk.privacy.access import Disclosure
from meetdesk.supervision import quality
from meetdesk.supervision.web.auth import QUALITY, Caller, api_caller, require
from meetdesk.supervision.web.context import context

from .common import shown_as
from .schemas import GradeIn, QualitySampleList, QualitySampleOut, errors

router = APIRouter(prefix="/quality", tags=["quality"])
SampleId = Annotated[str, Path(min_length=1, max_length=64, description="a sample id")]


@router.get(
    "/samples",
    summary="List quality samples",
    response_model=QualitySampleList,
    response_model_exclude_unset=True,
    responses=errors(401, 403, 422),
)
async def list_samples(
    request: Request,
    caller: Annotated[Caller, Depends(api_caller)],
    ungraded: Annotated[bool, Query(description="only those not graded yet")] = False,
) -> QualitySampleList:
    """The samples the reviewer may see, oldest first; those of customers its processor
    does not serve are left out and counted."""
    require(caller, QUALITY)
    ctx = context(request)
    now = ctx.clock.now()
    disclosure = await asyncio.to_thread(
        quality.list_samples, ctx.engine, ctx.cipher, caller.actor, ungraded=ungraded, now=now
    )
    return QualitySampleList(
        samples=[shown_as(QualitySampleOut, r) for r in disclosure.records],
        left_out=disclosure.left_out,
    )


def _one(disclosure: Disclosure) -> QualitySampleOut:
    [record] = disclosure.records
    return shown_as(QualitySampleOut, record)


def _missing(exc: ConfigError) -> HTTPException | ConfigError:
    if str(exc).startswith("no quality sample"):
        return HTTPException(status_code=404, detail=str(exc))
    return exc


@router.get(
    "/samples/{sample_id}",
    summary="Show one quality sample",
    response_model=QualitySampleOut,
    response_model_exclude_unset=True,
    responses=errors(401, 403, 404, 422),
)
async def show_sample(
    request: Request, sample_id: SampleId, caller: Annotated[Caller, Depends(api_caller)]
) -> QualitySampleOut:
    """One sample with its grade, if the reviewer's processor serves its customer."""
    require(caller, QUALITY)
    ctx = context(request)
    now = ctx.clock.now()
    try:
        disclosure = await asyncio.to_thread(
            quality.show_sample, ctx.engine, ctx.cipher, caller.actor, sample_id, now=now
        )
    except ConfigError as exc:
        raise _missing(exc) from None
    return _one(disclosure)


@router.post(
    "/samples/{sample_id}/grade",
    summary="Grade a quality sample",
    response_model=QualitySampleOut,
    response_model_exclude_unset=True,
    responses=errors(401, 403, 404, 422),
)
async def grade_sample(
    request: Request,
    sample_id: SampleId,
    body: GradeIn,
    caller: Annotated[Caller, Depends(api_caller)],
) -> QualitySampleOut:
    """Grade the decision right, or wrong with a reason; a new grade replaces an earlier
    one (both stay in the audit trail). Answers the sample as graded."""
    require(caller, QUALITY)
    ctx = context(request)
    now = ctx.clock.now()
    grade = quality.Grade(verdict=body.verdict, reason=body.reason, note=body.note or None)
    try:
        disclosure = await asyncio.to_thread(
            quality.grade_sample, ctx.engine, ctx.cipher, caller.actor, sample_id, grade, now=now
        )
    except ConfigError as exc:
        raise _missing(exc) from None
    return _one(disclosure)
