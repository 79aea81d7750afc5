"""Signing in and out over the API: cookie sessions with CSRF, tokens, lock-out."""

from __future__ import annotations

from datetime import timedelta

from meetdesk.accounts.login import LOCKED, REFUSED

from .api_site import Site


def test_sign_in_sets_a_strict_http_only_cookie_and_answers_the_csrf_token(site: Site) -> None:
    response = site.sign_in("eve")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["username"] == "eve" and body["role"] == "supervisor"
    assert body["processor"] == "provider" and body["via"] == "api"
    assert body["capabilities"] == ["escalations.act", "escalations.read"]
    assert body["csrf_token"]
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("meetdesk_session=")
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


def test_who_am_i_with_the_cookie_and_with_a_token(site: Site) -> None:
    csrf = site.signed_in("eve")
    me = site.client.get("/api/session").json()
    assert me["username"] == "eve" and me["csrf_token"] == csrf
    site.client.cookies.clear()
    me = site.client.get("/api/session", headers=site.auth("quinn")).json()
    assert me == {
        "username": "quinn",
        "role": "quality_reviewer",
        "processor": "reviewers",
        "via": "api",
        "capabilities": ["quality"],
        "csrf_token": None,
    }


def test_no_credentials_bad_token_or_bad_scheme_is_401_json(site: Site) -> None:
    for headers in ({}, {"Authorization": "Bearer mdt_nope"}, {"Authorization": "Basic eDp5"}):
        response = site.client.get("/api/session", headers=headers)
        assert response.status_code == 401
        assert isinstance(response.json()["detail"], str)
        assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_password_and_unknown_name_get_the_same_refusal(site: Site) -> None:
    site.account("eve")
    for name in ("eve", "nobody"):
        response = site.client.post("/api/session", json={"username": name, "password": "x" * 12})
        assert response.status_code == 401
        assert response.json() == {"detail": REFUSED}
        assert "set-cookie" not in response.headers


def test_repeated_failures_lock_the_account_even_for_the_right_password(site: Site) -> None:
    site.account("eve")
    statuses = [
        site.client.post(
            "/api/session", json={"username": "eve", "password": "wrong-" * 3}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 429]
    locked = site.sign_in("eve")
    assert locked.status_code == 429 and locked.json() == {"detail": LOCKED}
    site.clock.advance(timedelta(minutes=16))  # [accounts] lockout_minutes is 15
    assert site.sign_in("eve").status_code == 200


def test_unsafe_requests_with_the_cookie_need_the_session_csrf_header(site: Site) -> None:
    csrf = site.signed_in("eve")
    url = f"/api/escalations/{site.alice.escalation}/claim"
    missing = site.client.post(url)
    assert missing.status_code == 403 and "CSRF" in missing.json()["detail"]
    wrong = site.client.post(url, headers={"X-CSRF-Token": "not-it"})
    assert wrong.status_code == 403
    assert site.escalation(site.alice.escalation).status == "open"  # nothing changed
    assert site.client.post(url, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_a_token_needs_no_csrf_header(site: Site) -> None:
    url = f"/api/escalations/{site.alice.escalation}/claim"
    assert site.client.post(url, headers=site.auth("eve")).status_code == 200


def test_sign_out_ends_the_session_here_and_for_the_console(site: Site) -> None:
    csrf = site.signed_in("eve")
    cookie = site.client.cookies.get("meetdesk_session")
    assert site.client.delete("/api/session").status_code == 403  # CSRF header needed
    response = site.client.delete("/api/session", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200 and response.json() == {"detail": "signed out"}
    assert cookie is not None
    site.client.cookies.set("meetdesk_session", cookie)  # a copy kept lets nobody in
    assert site.client.get("/api/session").status_code == 401


def test_a_session_idle_too_long_has_ended(site: Site) -> None:
    site.signed_in("eve")
    site.clock.advance(timedelta(minutes=31))  # [accounts] session_idle_minutes is 30
    response = site.client.get("/api/session")
    assert response.status_code == 401 and "sign in again" in response.json()["detail"]


def test_malformed_sign_in_bodies_are_422_json(site: Site) -> None:
    for body in ({}, {"username": "eve"}, {"username": "", "password": "x"}, ["eve"]):
        response = site.client.post("/api/session", json=body)
        assert response.status_code == 422
        assert "detail" in response.json()
    form = site.client.post(
        "/api/session",
        content='{"username": "eve", "password": "x"}',
        headers={"Content-Type": "text/plain"},
    )
    assert form.status_code == 422  # no cross-site form can sign a browser in


def test_deleting_a_token_session_is_refused_clearly(site: Site) -> None:
    response = site.client.delete("/api/session", headers=site.auth("eve"))
    assert response.status_code == 422
    assert "API token" in response.json()["detail"]


def test_every_response_carries_the_security_headers(site: Site) -> None:
    for response in (
        site.client.get("/api/session"),
        site.client.get("/api/openapi.json"),
        site.client.get("/api/session", headers=site.auth("eve")),
    ):
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_no_documentation_page_loads_from_a_cdn(site: Site) -> None:
    assert site.client.get("/docs").status_code == 404
    assert site.client.get("/redoc").status_code == 404
    schema = site.client.get("/api/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {
        "apiToken",
        "sessionCookie",
        "csrfHeader",
    }
    assert schema["paths"]["/api/session"]["post"]["security"] == []
