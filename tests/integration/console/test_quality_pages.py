"""The quality pages: the samples list, one pseudonymised sample, and grading it (the
form refusing a wrong grade without why, and a grade saved and shown)."""

from __future__ import annotations

from meetdesk.store.engine import transaction
from meetdesk.store.models import QualitySample

from .site import Site


def test_a_reviewer_lists_and_reads_a_pseudonymised_sample(site: Site) -> None:
    token = site.signed_in("quinn")
    listing = site.client.get("/quality").text
    assert f"/quality/{site.sample}" in listing and "propose" in listing
    page = site.client.get(f"/quality/{site.sample}").text
    assert "P-1 asks for 30 minutes with P-2 next week." in page
    assert "alice@customer.example" not in page and "bob@partner.example" not in page
    assert f'value="{token}"' in page


def test_wrong_needs_why_and_keeps_the_form(site: Site) -> None:
    token = site.signed_in("quinn")
    data = {"csrf_token": token, "verdict": "wrong", "why": "", "note": "the time was off"}
    response = site.client.post(f"/quality/{site.sample}/grade", data=data)
    assert response.status_code == 422 and "say why it was wrong" in response.text
    assert "the time was off" in response.text
    with transaction(site.engine) as session:
        row = session.get(QualitySample, site.sample)
        assert row is not None and row.grade is None


def test_a_grade_is_saved_and_shown(site: Site) -> None:
    token = site.signed_in("quinn")
    data = {"csrf_token": token, "verdict": "wrong", "why": "wrong_time", "note": ""}
    response = site.client.post(f"/quality/{site.sample}/grade", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/quality/{site.sample}?done=graded"
    page = site.client.get(response.headers["location"]).text
    assert "Grade saved." in page and "wrong_time" in page
    with transaction(site.engine) as session:
        row = session.get(QualitySample, site.sample)
        assert row is not None and (row.grade, row.reason) == ("wrong", "wrong_time")


def test_grading_refuses_a_missing_or_wrong_token(site: Site) -> None:
    site.signed_in("quinn")
    for token in (None, "forged"):
        data = {"verdict": "right"} | ({"csrf_token": token} if token else {})
        response = site.client.post(f"/quality/{site.sample}/grade", data=data)
        assert response.status_code == 403
    with transaction(site.engine) as session:
        row = session.get(QualitySample, site.sample)
        assert row is not None and row.grade is None


def test_statistics_show_the_rates(site: Site) -> None:
    site.signed_in("root")
    page = site.client.get("/statistics").text
    assert "Automation rate" in page and "Error rate" in page
    assert "suppressed" in page  # one customer's handful of requests: under k
