"""``/api/session``: signing in with a password (a cookie session), who am I, signing out.

Scripts would rather use an API token; signing in here is for a browser-side client,
which then sends the cookie and the returned ``csrf_token`` in ``X-CSRF-Token`` on every
unsafe request. A refusal answers 401 with the library's message, which never says
whether the user name exists; a locked account answers 429. The body must be JSON
(``application/json``), which no cross-site HTML form can send, so another site cannot
sign a browser in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from meetdesk.accounts.errors import Refused
from meetdesk.accounts.login import LOCKED
from meetdesk.supervision.web.auth import (
    COOKIE,
    Caller,
    api_caller,
    clear_session_cookie,
    set_session_cookie,
    sign_in,
    sign_out,
)
from meetdesk.supervision.web.context import context

from .schemas import Credentials, Done, Me, errors

router = APIRouter(prefix="/session", tags=["session"])


def me(caller: Caller) -> Me:
    processor = caller.actor.processor
    return Me(
        username=caller.username,
        role=caller.role,
        processor=None if processor is None else processor.id,
        via=caller.via,
        capabilities=sorted(caller.capabilities),
        csrf_token=caller.csrf_token,
    )


@router.post(
    "",
    summary="Sign in with a password",
    response_model=Me,
    responses=errors(401, 403, 422, 429),
    openapi_extra={"security": []},
)
async def open_session(credentials: Credentials, request: Request, response: Response) -> Me:
    """Check the password (lock-out after repeated failures), open a session and set its
    cookie (HttpOnly, SameSite=Strict); the answer carries the CSRF token."""
    ctx = context(request)
    try:
        caller, opened = await sign_in(
            ctx, credentials.username.strip(), credentials.password, via="api"
        )
    except Refused as refused:
        status = 429 if str(refused) == LOCKED else 401
        raise HTTPException(status_code=status, detail=str(refused)) from None
    set_session_cookie(response, opened, secure=ctx.settings.console.secure_cookies)
    return me(caller)


@router.get("", summary="Who am I", response_model=Me, responses=errors(401, 403))
async def who(caller: Annotated[Caller, Depends(api_caller)]) -> Me:
    """The caller's user name, role, processor and capabilities; with a cookie session,
    its CSRF token."""
    return me(caller)


@router.delete("", summary="Sign out", response_model=Done, responses=errors(401, 403, 422))
async def close_session(
    request: Request, response: Response, caller: Annotated[Caller, Depends(api_caller)]
) -> Done:
    """End the cookie session (it can no longer be used, here or in the console). An API
    token is not ended this way: revoke it with ``meetdesk account token revoke``."""
    if caller.session is None or COOKIE not in request.cookies:
        raise HTTPException(status_code=422, detail="no cookie session to end (API token used)")
    await sign_out(context(request), request)
    clear_session_cookie(response)
    return Done(detail="signed out")
