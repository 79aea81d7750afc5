"""Reply extraction on the peer suites: at least as many cases right as the peers score.

Reference scores (from the suites' READMEs): mailgun/talon 1.4.4 gets plain_reply 62/64,
plain_reply_check 1/1, the HTML tasks 28/28 (of which html_reply_text 9/9; the two other
HTML tasks compare HTML output, which MeetDesk does not produce) and signature_bruteforce
19/19, ``requires_patch`` cases skipped; email_reply_parser 0.5.12 gets zapier 20/20 and
github 20/23. The judging rules are in ``meetdesk.testing.reply_suites``. These are
accuracy floors, not timings (apart from the suites' own ``max_seconds`` per case).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meetdesk.testing.reply_suites import erp_outcomes, scores, talon_outcomes
from tests.conftest import unavailable

SUITES = Path(__file__).resolve().parents[3] / ".." / "shared" / "peer-suites"

FLOORS = {
    ("talon", "plain_reply"): (62, 64),
    ("talon", "plain_reply_check"): (1, 1),
    ("talon", "html_reply_text"): (9, 9),
    ("talon", "signature_bruteforce"): (19, 19),
    ("erp", "github"): (20, 23),
    ("erp", "zapier"): (20, 20),
}


@pytest.fixture(scope="module")
def table() -> dict:
    if (
        not (SUITES / "talon" / "cases.jsonl").is_file()
        or not (SUITES / "email-reply-parser" / "cases.jsonl").is_file()
    ):
        unavailable(f"peer suites not found in {SUITES}")
    outcomes = talon_outcomes(SUITES / "talon") + erp_outcomes(SUITES / "email-reply-parser")
    return scores(outcomes)


@pytest.mark.parametrize(("key", "floor"), sorted(FLOORS.items()))
def test_at_least_the_peer_score(table: dict, key: tuple[str, str], floor: tuple[int, int]) -> None:
    """Each task: every applicable case runs, and at least the peer's count is right."""
    right, total = floor
    score = table[key]
    assert score.total == total, f"{key}: {score.total} applicable cases, expected {total}"
    assert score.right >= right, (
        f"{key}: {score.right}/{score.total} right, peer {right}/{total}; "
        f"failing: {', '.join(score.failures)}"
    )
