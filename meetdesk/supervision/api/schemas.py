"""The API's request and response models (pydantic), shared by its routers.

A record the access function trimmed is answered with only the fields it kept: the
models of personal records leave every such field optional and the routers serialise
them with ``exclude_unset``, so a withheld field is absent from the JSON (named in
``withheld``), never present as ``null``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """Every error: one message saying what is wrong (a list for malformed input)."""

    detail: str | list[dict[str, Any]]


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    """Who is calling, what the role may do and, for a cookie session, the CSRF token
    unsafe requests must carry in ``X-CSRF-Token``."""

    username: str
    role: str
    processor: str | None
    via: str
    capabilities: list[str]
    csrf_token: str | None = None


class Done(BaseModel):
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses."""
    said = {
        401: "not signed in, or the token or session is not accepted",
        403: "the role, the processor's scope or the CSRF token does not allow it",
        404: "no such record",
        409: "the record's state does not allow it (claimed by another, closed)",
        422: "the input is not valid",
        429: "the account is locked after repeated failed sign-ins",
    }
    return {code: {"model": Problem, "description": said[code]} for code in codes}
