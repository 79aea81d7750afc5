"""Each page renders for the roles that may use it and is a 403 page for the others,
the navigation shows only what the role may use, no page points outside the site, and
a page holds only what the reader's scope allows."""

from __future__ import annotations

import re

import pytest
from sqlmodel import col, select

from meetdesk.store.engine import transaction
from meetdesk.store.models import AuditEntry

from .site import SECRET, Site

# page -> the accounts whose role may use it
PAGES = {
    "/escalations": {"eve", "nora", "olga", "sam", "root"},
    "/escalations/{escalation}": {"eve", "nora", "sam", "root"},
    "/quality": {"quinn", "root"},
    "/quality/{sample}": {"quinn", "root"},
    "/statistics": {"root"},
}
USERS = ("eve", "nora", "olga", "quinn", "sam", "root")
_LINK = re.compile(r'(?:src|href|action)="([^"]*)"')


def url(site: Site, page: str) -> str:
    return page.format(escalation=site.escalation, sample=site.sample)


@pytest.mark.parametrize("user", USERS)
def test_each_page_is_for_the_roles_that_may_use_it(site: Site, user: str) -> None:
    site.signed_in(user)
    for page, users in PAGES.items():
        if user == "olga" and page == "/escalations/{escalation}":
            continue  # a role that may, of a customer it does not serve: refused below
        response = site.client.get(url(site, page))
        if user in users:
            assert response.status_code == 200, (page, response.text)
        else:
            assert response.status_code == 403, page
            assert "not" in response.text.lower()  # a page saying so, not a bare error


@pytest.mark.parametrize("user", USERS)
def test_the_navigation_shows_only_what_the_role_may_use(site: Site, user: str) -> None:
    site.signed_in(user)
    home = site.client.get("/escalations")
    nav = re.search(r'<nav aria-label="main">(.*?)</nav>', home.text, re.S)
    assert nav is not None
    links = set(re.findall(r'href="([^"]+)"', nav.group(1)))
    expected = {p for p, users in PAGES.items() if "{" not in p and user in users}
    assert links == expected
    assert f'<strong class="username">{user}</strong>' in home.text


def test_no_page_points_outside_the_site(site: Site) -> None:
    pages = [site.client.get("/login").text]
    site.signed_in("root")
    pages += [site.client.get(url(site, page)).text for page in PAGES]
    pages.append(site.client.get(f"/escalations/{site.escalation}?full=1").text)
    for html in pages:
        for link in _LINK.findall(html):
            assert not link.startswith(("http:", "https:", "//")), link
        assert "<script" not in html and "style=" not in html
    assert site.client.get("/static/console.css").status_code == 200


def test_a_supervisor_sees_the_message_its_scope_allows(site: Site) -> None:
    site.signed_in("eve")
    page = site.client.get(f"/escalations/{site.escalation}").text
    assert SECRET in page
    assert "bob@partner.example" in page
    assert "choice.weekday" in page and "unsure" in page


def test_a_scope_without_message_content_never_shows_it(site: Site) -> None:
    site.signed_in("nora")
    for path in (f"/escalations/{site.escalation}", f"/escalations/{site.escalation}?full=1"):
        page = site.client.get(path).text
        assert SECRET not in page and "Thursday works" not in page
        assert "withheld" in page
    with transaction(site.engine) as session:
        actors = session.exec(select(AuditEntry.actor).order_by(col(AuditEntry.seq))).all()
    assert "narrow" in actors  # the read is audited under the processor's name


def test_a_customer_not_served_is_refused_and_left_out_of_the_queue(site: Site) -> None:
    site.signed_in("olga")
    refused = site.client.get(f"/escalations/{site.escalation}")
    assert refused.status_code == 403 and "does not serve" in refused.text
    assert "alice@customer.example" not in refused.text  # not even whose it is
    queue = site.client.get("/escalations").text
    assert site.other_escalation in queue and site.escalation not in queue
    assert "1 escalation(s) not shown" in queue


def test_the_queue_marks_overdue_rows_and_filters(site: Site) -> None:
    site.signed_in("eve")
    page = site.client.get("/escalations").text
    assert site.escalation in page and "OVERDUE" in page
    assert site.escalation in site.client.get("/escalations?overdue=1").text
    none = site.client.get("/escalations?kind=policy").text
    assert site.escalation not in none and "No escalations match" in none
    mine = site.client.get("/escalations?customer=alice@customer.example").text
    assert site.escalation in mine


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=bogus", "status &#39;bogus&#39;: unknown"),
        ("kind=bogus", "family &#39;bogus&#39;: unknown"),
        ("customer=zoe@elsewhere.example", "no such customer among those you serve"),
    ],
)
def test_a_bad_filter_is_a_422_saying_which(site: Site, query: str, message: str) -> None:
    site.signed_in("eve")
    response = site.client.get(f"/escalations?{query}")
    assert response.status_code == 422 and message in response.text


def test_an_unknown_escalation_is_a_404_page(site: Site) -> None:
    site.signed_in("root")
    response = site.client.get("/escalations/no-such-id")
    assert response.status_code == 404 and "no escalation no-such-id" in response.text


def test_the_week_grid_shows_the_proposed_slot(site: Site) -> None:
    site.signed_in("eve")
    page = site.client.get(f"/escalations/{site.escalation}").text
    assert '<table class="week">' in page and 'class="proposed"' in page
    assert "Thu 03 Dec 11:00–11:30" in page  # 10:00 UTC in Europe/Paris


def test_a_role_that_reads_the_queue_but_does_not_work_it_gets_no_forms(site: Site) -> None:
    site.signed_in("sam")
    page = site.client.get(f"/escalations/{site.escalation}").text
    assert "it does not work it" in page and "/claim" not in page
