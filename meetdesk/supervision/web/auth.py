"""Who is calling: a session cookie (the console, or a script that signed in) or an API
token, turned into a :class:`Caller` whose actor the access function knows.

- The API (:func:`api_caller`) takes ``Authorization: Bearer <token>`` or the session
  cookie. With the cookie, every unsafe method must carry the session's CSRF token in
  ``X-CSRF-Token``: a cookie is sent by the browser whatever page asks, a header can
  only be set by this site's own script. A bearer token needs no CSRF token, since no
  browser sends it on its own.
- The console (:func:`console_caller`) takes only the cookie; without a live session it
  raises :class:`LoginRequired`, which the application answers with a redirect to the
  sign-in page. Its forms carry the CSRF token as a field (:func:`check_form_csrf`).

What a role may do is the small table :data:`ROLE_CAPABILITIES`; what it may *read* is
its processor's scope, applied by ``meetdesk.privacy.access.read`` on every read. The
account library (argon2id, lock-out, sessions, tokens) does the blocking work, so it runs
in a worker thread (``asyncio.to_thread``) and never on the event loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import datetime

from fastapi import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from meetdesk.accounts import login, sessions, tokens
from meetdesk.accounts.errors import Refused
from meetdesk.accounts.registry import username_of
from meetdesk.accounts.roles import actor_of
from meetdesk.accounts.sessions import Live, Opened
from meetdesk.errors import ConfigError
from meetdesk.privacy.access import ADMIN, Actor
from meetdesk.store.models import Account

from .context import WebContext, context

COOKIE = "meetdesk_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_SIGNED_IN = "not signed in: send an API token (Authorization: Bearer ...) or sign in"

# Capabilities: what a role may do with the pages and endpoints (its processor's scope
# still decides which fields and customers it is shown).
QUEUE_READ = "escalations.read"  # list and show escalations
QUEUE_ACT = "escalations.act"  # claim, release, resolve, discard, the supervisor actions
QUALITY = "quality"  # list, show and grade quality samples
STATISTICS = "statistics"  # automation, error and resolution statistics
CAPABILITIES: tuple[str, ...] = (QUEUE_READ, QUEUE_ACT, QUALITY, STATISTICS)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    "supervisor": frozenset({QUEUE_READ, QUEUE_ACT}),
    "quality_reviewer": frozenset({QUALITY}),
    "support": frozenset({QUEUE_READ}),
    ADMIN: frozenset(CAPABILITIES),
}


@dataclass(frozen=True)
class Caller:
    """A signed-in account: its user name (the supervisor handle on the queue), role,
    the access function's actor, how it came in (``api`` or ``console``) and, for a
    cookie, the live session (``None`` for an API token)."""

    username: str
    role: str
    actor: Actor
    account_id: str
    via: str
    session: Live | None

    @property
    def capabilities(self) -> frozenset[str]:
        return ROLE_CAPABILITIES.get(self.role, frozenset())

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def csrf_token(self) -> str | None:
        """The token unsafe requests of this session must carry; none for a token."""
        return None if self.session is None else self.session.csrf_token


class LoginRequired(Exception):
    """The console was asked for a page without a live session; ``next`` is the path
    (with its query) to come back to after signing in."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in first")
        self.next = next_path


def require(caller: Caller, capability: str) -> None:
    """Refuse (403) a caller whose role lacks ``capability``."""
    if not caller.can(capability):
        raise HTTPException(
            status_code=403,
            detail=f"role {caller.role} may not do this (it needs {capability!r})",
        )


def _caller(ctx: WebContext, account: Account, via: str, live: Live | None) -> Caller:
    actor = actor_of(ctx.settings.privacy.processors, account.role, account.processor_id, via=via)
    return Caller(
        username=username_of(ctx.cipher, account),
        role=account.role,
        actor=actor,
        account_id=account.id,
        via=via,
        session=live,
    )


def _now(ctx: WebContext) -> datetime:
    return ctx.clock.now()


def _from_session(ctx: WebContext, secret: str, via: str) -> Caller:
    live = sessions.verify_session(
        ctx.engine, ctx.cipher, ctx.settings.accounts, secret, now=_now(ctx)
    )
    return _caller(ctx, live.account, via, live)


def _from_token(ctx: WebContext, secret: str) -> Caller:
    account = tokens.authenticate_token(ctx.engine, ctx.cipher, secret, now=_now(ctx))
    return _caller(ctx, account, "api", None)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def _unbound(exc: ConfigError) -> HTTPException:
    """An account whose processor the configuration no longer lists reads nothing."""
    return HTTPException(status_code=403, detail=f"account not usable: {exc}")


async def api_caller(request: Request) -> Caller:
    """The API's caller (a FastAPI dependency): bearer token or session cookie + CSRF
    header on unsafe methods; 401 (403 for a missing or wrong CSRF token) otherwise."""
    ctx = context(request)
    header = request.headers.get("authorization")
    try:
        if header is not None:
            scheme, _, secret = header.partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                raise _unauthorized('Authorization: expected "Bearer <API token>"')
            return await asyncio.to_thread(_from_token, ctx, secret.strip())
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            raise _unauthorized(NOT_SIGNED_IN)
        caller = await asyncio.to_thread(_from_session, ctx, cookie, "api")
    except Refused as refused:
        raise _unauthorized(str(refused)) from None
    except ConfigError as exc:
        raise _unbound(exc) from None
    if request.method in UNSAFE:
        assert caller.session is not None
        try:
            sessions.check_csrf(caller.session, request.headers.get(CSRF_HEADER))
        except Refused as refused:
            raise HTTPException(status_code=403, detail=f"{refused} ({CSRF_HEADER})") from None
    return caller


async def console_caller(request: HTTPConnection) -> Caller:
    """The console's caller: the session cookie only; :class:`LoginRequired` without a
    live one."""
    ctx = context(request)
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise LoginRequired(path)
    try:
        return await asyncio.to_thread(_from_session, ctx, cookie, "console")
    except Refused:
        raise LoginRequired(path) from None
    except ConfigError as exc:
        raise _unbound(exc) from None


def check_form_csrf(caller: Caller, token: str | None) -> None:
    """Refuse a console form whose CSRF field is not the session's (an
    :class:`~meetdesk.errors.AccessDenied`, answered 403)."""
    if caller.session is None:
        raise Refused("a console form needs a signed-in session")
    sessions.check_csrf(caller.session, token)


def _sign_in(ctx: WebContext, username: str, password: str, via: str) -> tuple[Caller, Opened]:
    now = _now(ctx)
    account = login.authenticate_password(
        ctx.engine,
        ctx.cipher,
        ctx.settings.accounts,
        username=username,
        password=password,
        now=now,
        via=via,
    )
    caller = _caller(ctx, account, via, None)  # before the session: an unbound account opens none
    opened = sessions.create_session(ctx.engine, ctx.cipher, account, now=now)
    live = Live(id=opened.id, account=account, csrf_token=opened.csrf_token)
    return dataclasses.replace(caller, session=live), opened


async def sign_in(
    ctx: WebContext, username: str, password: str, *, via: str
) -> tuple[Caller, Opened]:
    """Check a password (lock-out included) and open a session; :class:`Refused` with
    the library's message otherwise (it never says whether the name exists)."""
    return await asyncio.to_thread(_sign_in, ctx, username, password, via)


def set_session_cookie(response: Response, opened: Opened, *, secure: bool) -> None:
    """Hand the browser its session: HttpOnly, SameSite=Strict, whole site."""
    response.set_cookie(
        COOKIE, opened.secret, httponly=True, samesite="strict", path="/", secure=secure
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


async def sign_out(ctx: WebContext, request: HTTPConnection) -> None:
    """End the session whose cookie the request carries (nothing when there is none)."""
    cookie = request.cookies.get(COOKIE)
    if cookie:
        await asyncio.to_thread(
            sessions.revoke_session, ctx.engine, ctx.cipher, cookie, now=_now(ctx)
        )
