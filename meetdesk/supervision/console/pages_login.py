"""Signing in and out of the console.

The sign-in form has no session yet, so its CSRF protection is a double submit: ``GET
/login`` sets a random token in a short-lived cookie and in the form, and ``POST
/login`` accepts the form only when both match. That stops another site from signing a
browser into an account of its choosing. A refusal (wrong password, lock-out, disabled
account) is shown on the form with the library's message, which never says whether
the user name exists. ``next`` is followed only when it is a path of this site.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meetdesk.accounts.errors import Refused
from meetdesk.errors import AccessDenied
from meetdesk.supervision.web.auth import (
    CSRF_FIELD,
    check_form_csrf,
    clear_session_cookie,
    console_caller,
    set_session_cookie,
    sign_in,
    sign_out,
)
from meetdesk.supervision.web.context import WebContext, context

from .capabilities import refused
from .render import page

router = APIRouter()

LOGIN_CSRF_COOKIE = "meetdesk_login_csrf"
_LOGIN_CSRF_SECONDS = 3600
HOME = "/escalations"


def local_path(target: str | None) -> str:
    """``target`` when it is a path on this site (``/quality?x=1``), else the home page."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return HOME
    if any(ord(c) < 0x20 or c == "\\" for c in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("/login"):
        return HOME
    return target


def _form(
    request: Request, *, next_: str, username: str = "", error: str | None = None, status: int
) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = page(
        None,
        "login.html",
        status=status,
        next=local_path(next_),
        username=username,
        error=error,
        login_csrf=token,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=_LOGIN_CSRF_SECONDS,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(context(request)),
        path="/login",
    )
    return response


def secure_cookies(ctx: WebContext) -> bool:
    """``[console] secure_cookies``: cookies sent over HTTPS only."""
    return ctx.settings.console.secure_cookies


@router.get("/login")
async def login_form(request: Request, next: str = HOME) -> HTMLResponse:
    return _form(request, next_=next, status=200)


@router.post("/login", response_model=None)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = HOME,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        error = "The sign-in form expired or did not come from this site; please try again."
        return _form(request, next_=next, username=username, error=error, status=403)
    if not username.strip() or not password:
        error = "Enter your user name and password."
        return _form(request, next_=next, username=username, error=error, status=422)
    ctx = context(request)
    try:
        _caller, opened = await sign_in(ctx, username.strip(), password, via="console")
    except Refused as refused:
        return _form(request, next_=next, username=username, error=str(refused), status=401)
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(response, opened, secure=secure_cookies(ctx))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", response_model=None)
async def logout(
    request: Request,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
) -> Response:
    caller = await console_caller(request)
    try:
        check_form_csrf(caller, csrf_token)
    except AccessDenied as exc:
        return refused(caller, str(exc))
    await sign_out(context(request), request)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response
