"""Quality review over the API: listing, showing and grading samples, by role and scope."""

from __future__ import annotations

from .api_site import Site


def test_a_reviewer_of_every_customer_lists_every_sample(site: Site) -> None:
    response = site.client.get("/api/quality/samples", headers=site.auth("quinn"))
    assert response.status_code == 200
    body = response.json()
    assert {s["id"] for s in body["samples"]} == {site.alice.sample, site.zoe.sample}
    assert body["left_out"] == 0
    sample = next(s for s in body["samples"] if s["id"] == site.alice.sample)
    assert sample["text"] == "Find us 30 minutes" and sample["rules"] == ["propose.first"]
    assert sample["sender"].startswith("P-") and "alice" not in str(sample).lower()


def test_a_reviewer_of_one_customer_is_not_shown_the_other(site: Site) -> None:
    body = site.client.get("/api/quality/samples", headers=site.auth("rita")).json()
    assert [s["id"] for s in body["samples"]] == [site.alice.sample]
    assert body["left_out"] == 1
    [sample] = body["samples"]
    assert "text" not in sample and "text" in sample["withheld"]  # e-mail body denied
    refused = site.client.get(f"/api/quality/samples/{site.zoe.sample}", headers=site.auth("rita"))
    assert refused.status_code == 403 and site.zoe.email not in refused.text


def test_show_and_grade_a_sample(site: Site) -> None:
    url = f"/api/quality/samples/{site.alice.sample}"
    shown = site.client.get(url, headers=site.auth("quinn"))
    assert shown.status_code == 200 and shown.json()["grade"] is None
    graded = site.client.post(
        url + "/grade", json={"verdict": "wrong", "reason": "wrong_time", "note": "too early"},
        headers=site.auth("quinn"),
    )  # fmt: skip
    assert graded.status_code == 200, graded.text
    body = graded.json()
    assert body["grade"] == "wrong" and body["reason"] == "wrong_time"
    assert body["note"] == "too early" and body["graded_by"] == "reviewers"
    regraded = site.client.post(
        url + "/grade", json={"verdict": "right"}, headers=site.auth("quinn")
    )
    assert regraded.json()["grade"] == "right" and regraded.json()["reason"] is None
    ungraded = site.client.get("/api/quality/samples?ungraded=true", headers=site.auth("quinn"))
    assert [s["id"] for s in ungraded.json()["samples"]] == [site.zoe.sample]


def test_bad_grades_are_422_and_change_nothing(site: Site) -> None:
    url = f"/api/quality/samples/{site.alice.sample}/grade"
    for body in (
        {"verdict": "wrong"},
        {"verdict": "right", "reason": "wrong_time"},
        {"verdict": "maybe"},
        {"verdict": "wrong", "reason": "bogus"},
        {"verdict": "right", "note": "x" * 2001},
        {},
    ):
        response = site.client.post(url, json=body, headers=site.auth("quinn"))
        assert response.status_code == 422, body
        assert "detail" in response.json()
    shown = site.client.get(f"/api/quality/samples/{site.alice.sample}", headers=site.auth("quinn"))
    assert shown.json()["grade"] is None


def test_grading_a_sample_of_a_customer_not_served_is_refused(site: Site) -> None:
    url = f"/api/quality/samples/{site.zoe.sample}/grade"
    response = site.client.post(url, json={"verdict": "right"}, headers=site.auth("rita"))
    assert response.status_code == 403
    shown = site.client.get(f"/api/quality/samples/{site.zoe.sample}", headers=site.auth("quinn"))
    assert shown.json()["grade"] is None


def test_an_unknown_sample_is_404(site: Site) -> None:
    for response in (
        site.client.get("/api/quality/samples/nope", headers=site.auth("quinn")),
        site.client.post(
            "/api/quality/samples/nope/grade", json={"verdict": "right"}, headers=site.auth("quinn")
        ),
    ):
        assert response.status_code == 404 and response.json() == {
            "detail": "no quality sample nope"
        }


def test_supervisors_and_support_may_not_review(site: Site) -> None:
    for who in ("eve", "sam"):
        response = site.client.get("/api/quality/samples", headers=site.auth(who))
        assert response.status_code == 403 and "quality" in response.json()["detail"]
