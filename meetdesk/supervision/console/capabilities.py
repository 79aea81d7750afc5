"""Which console pages a role may use, in ``web.auth``'s capabilities.

The navigation shows only the pages the caller's role may use, and a page it may not
use answers 403 with a page saying so (not a JSON error: this is the browser's side).
"""

from __future__ import annotations

from starlette.responses import HTMLResponse

from meetdesk.supervision.web.auth import QUALITY, QUEUE_ACT, QUEUE_READ, STATISTICS, Caller

from . import render

QUEUE, WORK = QUEUE_READ, QUEUE_ACT
NAV: tuple[tuple[str, str, str], ...] = (
    ("/escalations", "Escalations", QUEUE),
    ("/quality", "Quality review", QUALITY),
    ("/statistics", "Statistics", STATISTICS),
)

__all__ = ["NAV", "QUALITY", "QUEUE", "STATISTICS", "WORK", "allowed", "refused", "require_page"]


def allowed(caller: Caller, capability: str) -> bool:
    return caller.can(capability)


def require_page(caller: Caller, capability: str) -> HTMLResponse | None:
    """None when the caller's role may use the page, else the 403 page saying so."""
    if allowed(caller, capability):
        return None
    return render.message_page(
        caller,
        "Not for your role",
        f"Your role ({caller.role}) may not use this page.",
        status=403,
    )


def refused(caller: Caller, reason: str) -> HTMLResponse:
    """The 403 page of a read or step the access function or the queue refused (their
    refusals never name a customer the caller does not serve)."""
    return render.message_page(caller, "Not allowed", reason, status=403)
