"""``meetdesk quality``: list, show, grade, stats and back-fill at the command line, as
admin and as a reviewer processor, with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from meetdesk.settings import load_settings
from meetdesk.store.migrate import upgrade
from meetdesk.store.opening import open_store
from tests.integration.cli.test_cli import config, meetdesk  # noqa: F401  (the fixture)
from tests.integration.store.quality_data import ALICE, CAROL, customer, decisions

REVIEWER = """
[[privacy.processors]]
id = "reviewer"
name = "Review Ltd"
country = "IE"
purposes = ["quality_review"]
allow = ["user.content.private.email_body", "user.unique_id.pseudonymous"]
customers = ["alice@customer.example"]
"""


def seed(path: Path) -> tuple[list[str], list[str]]:
    settings = load_settings(path)
    engine, cipher = open_store(settings)
    try:
        upgrade(engine)
        alice = customer(engine, cipher, ALICE, "Alice Martin")
        carol = customer(engine, cipher, CAROL, "Carol Smith")
        return (
            decisions(engine, cipher, alice, 3, rate=1.0),
            decisions(engine, cipher, carol, 1, rate=1.0),
        )
    finally:
        engine.dispose()


def test_a_reviewer_lists_shows_and_grades_within_its_scope(config: Path) -> None:  # noqa: F811
    """The reviewer sees Alice's three samples, not Carol's; show prints pseudonyms only;
    a grade lands and shows in the list; bad grades and others' samples exit 2."""
    config.write_text(config.read_text() + REVIEWER)
    mine, theirs = seed(config)
    listed = meetdesk("quality", "list", "--json", "--as", "reviewer", config=config)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(mine)
    assert "1 record(s) left out" in listed.stderr

    shown = meetdesk("quality", "show", mine[0], "--as", "reviewer", config=config)
    assert shown.returncode == 0, shown.stderr
    assert "could we meet on Tuesday" in shown.stdout and "subject: \"(withheld)\"" in shown.stdout
    for secret in ("alice", "bob", "durand", "carol"):
        assert secret not in shown.stdout.lower(), secret

    graded = meetdesk(
        "quality", "grade", mine[0], "wrong", "--why", "wrong_duration", "--note", "was 60",
        "--as", "reviewer", config=config,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stderr
    assert graded.stdout.strip() == f"graded {mine[0]} wrong (wrong_duration)"
    ungraded = meetdesk("quality", "list", "--ungraded", "--json", config=config)
    assert {json.loads(line)["id"] for line in ungraded.stdout.splitlines()} == {
        *mine[1:], *theirs
    }

    refused = meetdesk("quality", "grade", theirs[0], "right", "--as", "reviewer", config=config)
    assert refused.returncode == 2 and "does not serve this record's customer" in refused.stderr
    no_why = meetdesk("quality", "grade", mine[1], "wrong", config=config)
    assert no_why.returncode == 2 and "needs --why" in no_why.stderr
    missing = meetdesk("quality", "show", "nope", config=config)
    assert missing.returncode == 2 and "no quality sample nope" in missing.stderr


def test_stats_and_back_fill(config: Path) -> None:  # noqa: F811
    """Stats (quality and general) give the error rate once enough are graded; back-fill at rate 1
    takes every decision not yet sampled whose message is still stored."""
    mine, _ = seed(config)
    for sid in mine[:2]:
        assert meetdesk("quality", "grade", sid, "right", config=config).returncode == 0
    assert meetdesk(
        "quality", "grade", mine[2], "wrong", "--why", "wrong_intent", config=config
    ).returncode == 0
    stats = meetdesk("quality", "stats", "--json", "--min-group", "3", config=config)
    assert stats.returncode == 0, stats.stderr
    document = json.loads(stats.stdout)
    assert document["overall"]["graded"] == 3 and document["overall"]["wrong"] == 1
    assert document["overall"]["reasons"] == {"wrong_intent": 1}
    assert [g["suppressed"] for g in document["groups"]][-1] is True  # Carol's pool: 0 graded

    overall = json.loads(
        meetdesk("stats", "--json", "--min-group", "3", config=config).stdout
    )["quality"]["overall"]
    assert (overall["graded"], overall["wrong"]) == (3, 1)
    text = meetdesk("stats", "--min-group", "3", config=config).stdout
    assert "quality review" in text and "error rate 33%" in text
    back = meetdesk("quality", "sample", "--rate", "1", config=config)
    assert back.returncode == 0, back.stderr
    # the seeded decisions are sampled already; none is left to take
    assert back.stdout.strip() == "0 decision(s) sampled of 0 not yet sampled"
    bad = meetdesk("quality", "sample", "--rate", "2", config=config)
    assert bad.returncode == 2 and "--rate 2.0: must be between 0 and 1" in bad.stderr
