"""Signing in and out of the console: the refusal on the form, lock-out, ``next`` only
ever a local path, the sign-in form's own CSRF check, and sign-out ending the session."""

from __future__ import annotations

import pytest

from .site import PASSWORD, Site


def test_a_wrong_password_is_refused_on_the_form(site: Site) -> None:
    response = site.sign_in("eve", "not-the-password")
    assert response.status_code == 401
    assert "user name or password not accepted" in response.text
    assert 'value="eve"' in response.text  # what was typed is kept, never the password
    assert "not-the-password" not in response.text
    assert site.client.get("/escalations", follow_redirects=False).status_code == 303


def test_an_unknown_user_gets_the_same_answer(site: Site) -> None:
    response = site.sign_in("nobody", PASSWORD)
    assert response.status_code == 401
    assert "user name or password not accepted" in response.text


def test_repeated_failures_lock_the_account_even_for_the_right_password(site: Site) -> None:
    for _ in range(2):
        assert site.sign_in("eve", "wrong-password-1").status_code == 401
    locked = site.sign_in("eve", "wrong-password-1")
    assert locked.status_code == 401 and "account locked" in locked.text
    again = site.sign_in("eve", PASSWORD)
    assert again.status_code == 401 and "account locked" in again.text


def test_signing_in_goes_to_the_page_asked_for(site: Site) -> None:
    response = site.sign_in("root", next_="/quality?ungraded=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/quality?ungraded=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/phish",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/login",
    ],
)
def test_next_is_only_ever_a_local_path(site: Site, target: str) -> None:
    response = site.sign_in("eve", next_=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/escalations"


def test_a_page_asks_to_sign_in_and_comes_back_afterwards(site: Site) -> None:
    response = site.client.get("/quality", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    form = site.client.get(response.headers["location"])
    assert 'name="next" value="/quality"' in form.text


def test_the_sign_in_form_needs_its_own_token(site: Site) -> None:
    site.client.get("/login")
    data = {"username": "eve", "password": PASSWORD, "csrf_token": "forged"}
    response = site.client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert site.client.get("/escalations", follow_redirects=False).status_code == 303


def test_sign_out_needs_the_token_and_ends_the_session(site: Site) -> None:
    token = site.signed_in("eve")
    refused = site.client.post("/logout", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert refused.status_code == 403
    assert site.client.get("/escalations").status_code == 200
    out = site.client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert site.client.get("/escalations", follow_redirects=False).status_code == 303
