"""Rendering the console's pages: one Jinja2 environment, autoescaped, and the frame
every page shares (navigation for the caller's role, the signed-in user, sign-out).

Templates receive only what a read through the access function showed: a field the
caller's scope withheld is passed as :data:`WITHHELD`, which templates test with
``is withheld`` and print as "withheld", so its value never reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from meetdesk.privacy.access import Shown

if TYPE_CHECKING:
    from meetdesk.supervision.web.auth import Caller

TEMPLATES = Path(__file__).parent / "templates"


class _Withheld:
    """A field the caller's scope does not show."""

    def __repr__(self) -> str:
        return "withheld"

    def __str__(self) -> str:
        return "withheld"


WITHHELD: Any = _Withheld()

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.tests["withheld"] = lambda value: value is WITHHELD

# What every template may name, so a page that does not set one still renders.
_FRAME: dict[str, Any] = {"flash": None, "error": None, "section": None}


def page(
    caller: Caller | None,
    template: str,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A whole page for ``caller`` (None: signed out)."""
    from .capabilities import NAV, allowed  # the role's pages, in web.auth's terms

    values = dict(_FRAME)
    values["caller"] = caller
    values["csrf"] = caller.session.csrf_token if caller and caller.session else ""
    values["nav"] = [(href, label) for href, label, need in NAV if caller and allowed(caller, need)]
    values.update(context)
    html = _env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status)


def message_page(caller: Caller | None, heading: str, message: str, *, status: int) -> HTMLResponse:
    """A page that only says something: refused, not found, bad input."""
    return page(caller, "message.html", status=status, heading=heading, message=message)


def field(record: Shown, key: str) -> Any:
    """A record's field as the page shows it: its value, WITHHELD, or None if absent."""
    if key in record.withheld:
        return WITHHELD
    return record.fields.get(key)


def when(value: Any, zone: ZoneInfo | None = None) -> Any:
    """A time for the page: ``2026-12-02 10:00 UTC``, or in ``zone``; others unchanged."""
    if not isinstance(value, datetime):
        return value
    if zone is None:
        return f"{value.astimezone(ZoneInfo('UTC')):%Y-%m-%d %H:%M} UTC"
    return f"{value.astimezone(zone):%a %d %b %Y %H:%M}"


def flash_of(query: Mapping[str, str], messages: Mapping[str, str]) -> str | None:
    """The flash message a redirect asked for (``?done=CODE``); unknown codes show none."""
    code = query.get("done")
    return messages.get(code) if code else None
