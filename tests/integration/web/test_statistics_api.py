"""Statistics over the API: numbers only, for the roles that may read them."""

from __future__ import annotations

from .api_site import Site


def test_an_administrator_reads_the_statistics(site: Site) -> None:
    for sample, grade in (
        (site.alice.sample, {"verdict": "right"}),
        (site.zoe.sample, {"verdict": "wrong", "reason": "wording"}),
    ):
        url = f"/api/quality/samples/{sample}/grade"
        assert site.client.post(url, json=grade, headers=site.auth("quinn")).status_code == 200
    response = site.client.get("/api/statistics?min_group=2", headers=site.auth("root"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["min_group"] == 2 and body["from"] is None
    assert body["overall"]["group"] == "all"
    assert body["overall"]["requests"] == 2  # one request per customer
    quality = body["quality"]["overall"]
    assert quality["graded"] == 2 and quality["wrong"] == 1 and quality["error_rate"] == 0.5
    assert [r["group"] for r in body["quality"]["rules"]] == ["propose.first"]
    assert site.alice.email not in response.text and site.zoe.email not in response.text


def test_small_groups_are_suppressed(site: Site) -> None:
    body = site.client.get("/api/statistics", headers=site.auth("root")).json()  # k = 5
    assert body["overall"]["suppressed"] is True and body["overall"]["requests"] is None


def test_other_roles_may_not_read_statistics(site: Site) -> None:
    for who in ("eve", "quinn", "sam"):
        response = site.client.get("/api/statistics", headers=site.auth(who))
        assert response.status_code == 403


def test_bad_periods_are_422(site: Site) -> None:
    for query in (
        "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
        "from=yesterday",
        "from=2026-12-01T00:00:00",
        "min_group=1",
        "purpose=marketing",
    ):
        response = site.client.get(f"/api/statistics?{query}", headers=site.auth("root"))
        assert response.status_code == 422, query
        assert "detail" in response.json()
