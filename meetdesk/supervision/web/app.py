"""The FastAPI application: the JSON API under ``/api``, the console's pages, the static
files, one set of error handlers and the security headers on every response.

The OpenAPI document is served at ``/api/openapi.json``; the interactive documentation
pages are off because they load their scripts from a CDN and the console must work
without any outside resource. Library exceptions are mapped here, once: a refused read is
403, a transition the queue does not allow 409, bad input 422, so no bad request ever
ends as a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import meetdesk
from meetdesk.errors import AccessDenied, ConfigError, TransientError
from meetdesk.supervision.queue import QueueError

from .auth import COOKIE, CSRF_HEADER, LoginRequired
from .context import WebContext

OPENAPI_URL = "/api/openapi.json"
STATIC = Path(__file__).parent.parent / "console" / "static"
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
)
SECURITY_SCHEMES: dict[str, Any] = {
    "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`meetdesk account token create`), as "
        "`Authorization: Bearer mdt_...`.",
    },
    "sessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": COOKIE,
        "description": "The session cookie `POST /api/session` (or the console's sign-in) sets.",
    },
    "csrfHeader": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": "The session's CSRF token; required with the cookie on POST, PUT, "
        "PATCH and DELETE.",
    },
}
_UNSAFE = ("post", "put", "patch", "delete")
_MALFORMED = {
    "description": "the body is not valid JSON",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


class SecurityHeaders:
    """Adds the security headers to every response, and ``Cache-Control: no-store`` to
    everything but the static files (pages and API answers may hold personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if static or k.lower() != b"cache-control"
                ]
                headers.extend(SECURITY_HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next, safe='')}", status_code=303)


async def _queue_error(request: Request, exc: Exception) -> Response:
    message = str(exc)
    return _problem(404 if message.startswith("no escalation") else 409, message)


async def _access_denied(request: Request, exc: Exception) -> Response:
    return _problem(403, str(exc))


async def _bad_input(request: Request, exc: Exception) -> Response:
    return _problem(422, str(exc))


async def _unavailable(request: Request, exc: Exception) -> Response:
    return _problem(503, f"try again later: {exc}")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document plus the two ways in: every operation that does not say
    otherwise takes a token, or the cookie (with the CSRF header when unsafe)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if "requestBody" in operation:
                operation["responses"].setdefault("400", _MALFORMED)
            if method not in (*_UNSAFE, "get") or "security" in operation:
                continue
            cookie: dict[str, list[str]] = (
                {"sessionCookie": [], "csrfHeader": []}
                if method in _UNSAFE
                else {"sessionCookie": []}
            )
            operation["security"] = [{"apiToken": []}, cookie]
    app.openapi_schema = schema
    return schema


def create_app(ctx: WebContext) -> FastAPI:
    """The application serving ``ctx``: API, console, static files."""
    from meetdesk.supervision.api import router as api_router
    from meetdesk.supervision.console.pages import router as console_router

    app = FastAPI(
        title="MeetDesk supervision API",
        version=meetdesk.__version__,
        description="The escalation queue, quality review and statistics of a MeetDesk "
        "installation (docs/api.md). Every read passes the access function: a caller sees "
        "only what its processor's scope allows, and each read is audited.",
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.ctx = ctx
    app.include_router(api_router, prefix="/api")
    app.include_router(console_router, include_in_schema=False)
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(QueueError, _queue_error)
    app.add_exception_handler(AccessDenied, _access_denied)
    app.add_exception_handler(ConfigError, _bad_input)
    app.add_exception_handler(ValueError, _bad_input)
    app.add_exception_handler(TransientError, _unavailable)
    app.add_middleware(SecurityHeaders)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
