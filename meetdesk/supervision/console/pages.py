"""The console's router: the server-rendered pages supervisors and reviewers work in.

``web.app.create_app`` includes :data:`router` (outside the OpenAPI document) and
serves ``static/`` at ``/static``. Each concept has its own module: signing in, the
queue, one escalation, its action forms, quality review, statistics.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    pages_actions,
    pages_escalation,
    pages_login,
    pages_quality,
    pages_queue,
    pages_stats,
)

router = APIRouter()
for _module in (
    pages_login,
    pages_queue,
    pages_escalation,
    pages_actions,
    pages_quality,
    pages_stats,
):
    router.include_router(_module.router)
