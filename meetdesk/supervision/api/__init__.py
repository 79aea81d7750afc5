"""The HTTP JSON API (``/api``): one router per concept, each calling the supervision
and account libraries and reading through the access function (docs/api.md)."""

from __future__ import annotations

from fastapi import APIRouter

from . import actions, escalations, quality, session, statistics

router = APIRouter()
router.include_router(session.router)
router.include_router(escalations.router)
router.include_router(actions.router)
router.include_router(quality.router)
router.include_router(statistics.router)
