"""Schemathesis against the OpenAPI document: generated requests to every operation,
authenticated as an administrator, never get a server error or an answer the document
does not describe (SQLite only; a bounded number of examples per operation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .api_site import Site, build

EXAMPLES = 30
# What the document promises: no server error, and every answer's status, media type and
# body as documented. (The checks that re-send a request themselves, such as sending it
# without authentication, need schemathesis's own transport and are left out.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def send(site: Site, case: schemathesis.Case, auth: dict[str, str]) -> httpx.Response:
    """The case sent through the test client (httpx) rather than schemathesis's own
    requests-based transport."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=auth)
    body: dict[str, Any] = {}
    if "json" in kwargs:
        body["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        body["content" if isinstance(data, (bytes, str)) else "data"] = data
    headers = dict(kwargs.get("headers") or {})
    cookies = kwargs.get("cookies") or {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    site.client.cookies.clear()
    return site.client.request(
        kwargs["method"], kwargs["url"], headers=headers, params=kwargs.get("params"), **body
    )


@pytest.fixture
def fuzzed(tmp_path: Path) -> Iterator[Site]:
    yield from build(tmp_path, f"sqlite:///{tmp_path / 'meetdesk.db'}")


def test_no_generated_request_gets_a_server_error(fuzzed: Site) -> None:
    site = fuzzed
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", site.client.app)
    headers = site.auth("root")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    known = {"escalation_id": site.alice.escalation, "sample_id": site.alice.sample}
    for operation in operations:
        path = operation.path
        fixed = {k: v for k, v in known.items() if "{" + k + "}" in path}
        cases = st.one_of(
            operation.as_strategy(),
            operation.as_strategy(GenerationMode.NEGATIVE),
            operation.as_strategy(path_parameters=fixed) if fixed else st.nothing(),
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def check(case: schemathesis.Case) -> None:
            response = send(site, case, headers)
            case.validate_response(response, checks=CHECKS)

        check()
